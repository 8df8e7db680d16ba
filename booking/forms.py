"""What every blueprint's forms share: showing a service's refusal on the form, saving at the edge."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from booking.extensions import db
from booking.services.accounts import AccountError
from booking.services.errors import ValidationFailed

REFUSALS = (ValidationFailed, AccountError)


def plausible_date(form, field) -> None:
    """A date field's check: dates far from now would only overflow date arithmetic (year 1 minus a day)."""
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Please give a date between the years 2000 and 2100."))


def show_errors(form: FlaskForm, error: ValidationFailed | AccountError) -> None:
    """Put a service's refusal on the fields it names; unknown or unnamed fields show at the top of the form."""
    fields = getattr(error, "fields", None) or {error.details.get("field"): error.message}
    for name, message in fields.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, str(message)]
        else:
            form.form_errors.append(str(message))


@dataclass
class Saved:
    """Whether the work inside ``saving`` was committed."""

    ok: bool = False


@contextmanager
def saving(form: FlaskForm, success: str | None = None) -> Iterator[Saved]:
    """Run a form's service calls as one unit: commit them, or roll back and show the refusal on the form.

    Services flush, never commit: the view commits here, at the edge. ``success`` is flashed after the commit;
    a message that needs the result is flashed by the view once ``saved.ok``. Errors other than a refusal
    (a missing record, a bug) are not caught: they keep their own handlers.
    """
    saved = Saved()
    try:
        yield saved
    except REFUSALS as error:
        db.session.rollback()
        show_errors(form, error)
    else:
        db.session.commit()
        if success:
            flash(success, "success")
        saved.ok = True
