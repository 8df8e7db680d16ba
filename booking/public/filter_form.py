"""The programme's filter form, rendered once for each state it can be in.

Its markup (seven fields, a few dozen options) cost about a third of the programme page, and it depends on the
form alone: the language, the choices offered (kinds, venues and cities as read for this request) and what each
field was given and said. So it is kept under all of these, in each process and each app, for the most recently
asked states (the page without filters above all): a kept form is the one this request would render.
"""

import threading
from collections import OrderedDict

from flask import current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup

from booking.public.forms import ProgrammeFilterForm

KEPT_MAX = 64
_EXTENSION = "guichet.filter_forms"


_lock = threading.Lock()  # gunicorn's threads share a process


def filter_form_markup(form: ProgrammeFilterForm) -> Markup:
    """The form's markup (``public/_filter_form.html``), kept for this state of it."""
    kept: OrderedDict[tuple, Markup] = current_app.extensions.setdefault(_EXTENSION, OrderedDict())
    state = _state(form)
    with _lock:
        markup = kept.get(state)
        if markup is not None:
            kept.move_to_end(state)
            return markup
    markup = Markup(render_template("public/_filter_form.html", form=form))  # noqa: S704 (a template's output)
    with _lock:
        kept[state] = markup
        while len(kept) > KEPT_MAX:
            kept.popitem(last=False)
    return markup


def _state(form: ProgrammeFilterForm) -> tuple:
    """All the form's markup depends on: the language, the choices, each field's input and errors."""
    return (
        str(get_locale()),
        *(tuple(field.choices) for field in (form.kind, form.venue, form.city)),
        *((field.name, tuple(field.raw_data or ()), tuple(map(str, field.errors))) for field in form),
        tuple(map(str, form.form_errors)),
    )
