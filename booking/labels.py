"""What each kind of event is called, in the page's language: one list for the programme's filter,
the organisers' event form, the dashboards and the templates (``kind_label``).

Neutral ground: no blueprint owns it, so none imports another's forms to read it.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from booking.models import AccessNeed, EventKind

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


# What each accessibility need is called: the booking form's boxes, the organisers' counts, emails and exports.
ACCESS_NEED_LABELS = {
    AccessNeed.SIGN_LANGUAGE: _l("French sign language (LSF)"),
    AccessNeed.AUDIO_DESCRIPTION: _l("Audio description"),
    AccessNeed.INDUCTION_LOOP: _l("Induction loop (hearing aid)"),
    AccessNeed.STEP_FREE_ACCESS: _l("Step-free access (no stairs)"),
    AccessNeed.LARGE_PRINT: _l("Large print documents"),
    AccessNeed.OTHER: _l("Something else (tell us below)"),
}


def access_need_label(code: str) -> str:
    """The label of an accessibility need; an unknown code shows as it is stored."""
    return str(ACCESS_NEED_LABELS.get(code, code))


def access_need_labels(codes) -> list[str]:
    """The labels of ``codes``, in the order the booking form lists them."""
    return [str(label) for need, label in ACCESS_NEED_LABELS.items() if need in (codes or ())]
