"""What each kind of event is called, in the page's language: one list for the programme's filter,
the organisers' event form, the dashboards and the templates (``kind_label``).

Neutral ground: no blueprint owns it, so none imports another's forms to read it.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from booking.models import EventKind

KIND_LABELS = {
    EventKind.TALK: _l("Talk"),
    EventKind.DEBATE: _l("Debate"),
    EventKind.GUIDED_TOUR: _l("Guided tour"),
    EventKind.WORKSHOP: _l("Workshop"),
    EventKind.SCREENING: _l("Screening"),
    EventKind.SHOW: lazy_pgettext("kind of event", "Show"),  # a performance; "Show" alone is also a button
    EventKind.OTHER: _l("Other"),
}


def kind_label(kind: str) -> str:
    """The label of an event kind; an unknown kind shows as it is stored."""
    return str(KIND_LABELS.get(kind, kind))
