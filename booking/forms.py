"""The one way an HTML view turns a service's refusal into a page: ``saving``.

A view runs its service calls inside ``with saving(form) as saved:``. Done, the work is committed
(and ``success`` flashed); refused, it is rolled back and the refusal is shown where the person
looks: on the form's fields (or at its top) when the view has a form, else as a flash. ``saved.status``
is then the HTTP status of the refusal (422 for input a rule cannot take, 409 for a booking rule).
A view that needs its own wording for one kind of refusal passes ``say={SessionFull: Say(...)}``.

Refusals that are answered with a whole page are let through to their handlers: ``NotFound`` (the
app-wide 404), ``TryAgainLater`` (503) and ``InvalidLink`` (each blueprint's "link expired" page).
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from booking.extensions import db
from booking.services.errors import BookingRuleError, DomainError, InvalidLink, NotFound, TryAgainLater

PAGE_ERRORS = (NotFound, TryAgainLater, InvalidLink)


def plausible_date(form, field) -> None:
    """A date field's check: dates far from now would only overflow date arithmetic (year 1 minus a day)."""
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Please give a date between the years 2000 and 2100."))


@dataclass(frozen=True)
class Say:
    """A view's own wording for one kind of refusal.

    ``message`` replaces the error's message; a callable is called after the rollback, so numbers it
    reads (seats left) are fresh. ``field`` is the form field it goes on (None: the top of the form).
    """

    message: str | Callable[[], str] | None = None
    field: str | None = None


Wording = Mapping[type[DomainError], Say]


def refusal_status(error: DomainError) -> int:
    """The status of a page that shows this refusal: 409 for a booking rule, 422 for anything else."""
    return 409 if isinstance(error, BookingRuleError) else 422


def _messages(error: DomainError, say: Say | None) -> dict[str | None, str]:
    """{field name or None: message} for this refusal, with the view's own wording applied."""
    if say is not None:
        message = say.message() if callable(say.message) else say.message
        return {say.field: str(message or error.message)}
    return {name: str(message) for name, message in error.fields.items()} or {None: str(error.message)}


def _wording_for(error: DomainError, say: Wording | None) -> Say | None:
    for kind, wording in (say or {}).items():
        if isinstance(error, kind):
            return wording
    return None


def show_errors(form: FlaskForm, error: DomainError, say: Say | None = None) -> None:
    """Put a service's refusal on the fields it names; unknown or unnamed fields show at the top of the form.

    A form may rename the service's field names to its own with a ``service_field_name(name)`` method.
    """
    rename = getattr(form, "service_field_name", None)
    for name, message in _messages(error, say).items():
        field = form._fields.get(rename(name) if rename else name) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def flash_errors(error: DomainError, say: Say | None = None, category: str = "warning") -> None:
    """Flash a service's refusal: one message per field it names, or its message."""
    for message in _messages(error, say).values():
        flash(message, category)


@dataclass
class Saved:
    """What happened inside ``saving``: committed (``ok``), or refused (``error``, shown already)."""

    ok: bool = False
    error: DomainError | None = None

    @property
    def status(self) -> int:
        """The status of the page shown after a refusal (200 when nothing was refused)."""
        return refusal_status(self.error) if self.error is not None else 200


@contextmanager
def saving(form: FlaskForm | None = None, success: str | None = None, *, say: Wording | None = None,
           category: str = "warning", commit: Callable[[], object] | None = None) -> Iterator[Saved]:
    """Run a view's service calls as one unit: commit them, or roll back and show the refusal.

    Services flush, never commit: the view commits here, at the edge (``commit`` replaces
    ``db.session.commit`` when the view must find out whether an interrupted commit landed).
    ``success`` is flashed after the commit; a message that needs the result is flashed by the
    view once ``saved.ok``. Without a form, the refusal is flashed with ``category``.
    """
    saved = Saved()
    try:
        yield saved
    except PAGE_ERRORS:
        db.session.rollback()
        raise
    except DomainError as error:
        db.session.rollback()
        saved.error = error
        wording = _wording_for(error, say)
        if form is not None:
            show_errors(form, error, wording)
        else:
            flash_errors(error, wording, category)
    else:
        (commit or db.session.commit)()
        if success:
            flash(success, "success")
        saved.ok = True
