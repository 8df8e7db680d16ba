"""What each kind of event is called, in the page's language, and its pictogram: one source (the
``event_kinds`` table, which admins manage) for the programme's filter, the organisers' event form, the
dashboards, the API and the templates (``kind_label``, ``kind_icon_name``).

Neutral ground: no blueprint owns it, so none imports another's forms to read it. The kinds are read once per
request (or app context, outside requests) in one statement and kept in ``g`` as plain values: a commit or rollback
during the request cannot expire them into one query per kind shown.
"""

from dataclasses import dataclass

from flask import g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from booking.models import AccessNeed, KindIcon
from booking.services import kinds


@dataclass(frozen=True, slots=True)
class KindName:
    """What pages and the API show of a kind (its ``EventKindRecord``'s values, read without the ORM)."""

    code: str
    name_fr: str
    name_en: str
    icon: str
    active: bool

    def name(self, locale: str) -> str:
        """The kind's name in ``locale``; English falls back to French (as ``EventKindRecord.name``)."""
        return (self.name_en if locale == "en" else "") or self.name_fr


def _kinds() -> dict[str, KindName]:
    if "event_kinds" not in g:
        g.event_kinds = {row.code: KindName(*row) for row in kinds.kind_names()}
    return g.event_kinds


def forget_kinds() -> None:
    """After an admin's change, and at the end of each request, the next label is read again."""
    g.pop("event_kinds", None)


def _locale(locale: str | None) -> str:
    return locale or str(get_locale() or "fr")


def kind_label(kind: str, locale: str | None = None) -> str:
    """The name of an event kind in ``locale`` (the page's by default); an unknown kind shows as it is stored."""
    record = _kinds().get(kind)
    return record.name(_locale(locale)) if record is not None else str(kind)


def kind_record(kind: str) -> KindName | None:
    """What is known of ``kind`` (its names, icon, whether active), or None for an unknown kind."""
    return _kinds().get(kind)


def kind_icon_name(kind: str) -> str:
    record = _kinds().get(kind)
    return record.icon if record is not None else KindIcon.DOTS.value


def kind_choices(current: str | None = None, locale: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the kinds an event may take, in the admins' order; ``current`` stays even if deactivated."""
    return [(code, record.name(_locale(locale))) for code, record in _kinds().items()
            if record.active or code == current]


def event_text(event, field: str, locale: str | None = None) -> str:
    """An event's ``title``, ``summary`` or ``description`` in the page's language (English falls back to French)."""
    return event.text(field, _locale(locale))


def event_text_lang(event, field: str, locale: str | None = None) -> Markup:
    """` lang="fr"` where ``event_text`` shows French on a page in another language (untranslated), else nothing:
    screen readers then read it with the right voice."""
    locale = _locale(locale)
    english = locale == "en" and (getattr(event, f"{field}_en") or "").strip()
    shown = "en" if english else "fr"
    return Markup(f' lang="{shown}"') if shown != locale else Markup("")  # noqa: S704 (shown is "en" or "fr")


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
