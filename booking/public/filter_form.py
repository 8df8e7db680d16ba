"""The programme's filter form, rendered once for each state it can be in.

Its markup (seven fields, a few dozen options) cost about a third of the programme page, and it depends on the
form alone: the language, the choices offered (kinds, venues and cities as read for this request) and what each
field was given and said. So it is kept under all of these (``templating.kept_markup``) for the most recently
asked states (the page without filters above all): a kept form is the one this request would render.
"""

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from booking.public.forms import ProgrammeFilterForm
from booking.templating import kept_markup

KEPT_MAX = 64


def filter_form_markup(form: ProgrammeFilterForm) -> Markup:
    """The form's markup (``public/_filter_form.html``), kept for this state of it."""
    return kept_markup("filter_forms", _state(form),
                       lambda: Markup(render_template("public/_filter_form.html", form=form)),  # noqa: S704 (a template's output)
                       most=KEPT_MAX)


def _state(form: ProgrammeFilterForm) -> tuple:
    """All the form's markup depends on: the language, the choices, each field's input and errors."""
    return (
        str(get_locale()),
        *(tuple(field.choices) for field in (form.kind, form.venue, form.city)),
        *((field.name, tuple(field.raw_data or ()), tuple(map(str, field.errors))) for field in form),
        tuple(map(str, form.form_errors)),
    )
