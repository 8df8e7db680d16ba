"""Kinds of event, managed by admins: their names in French and English, pictogram, order, and whether
new events may take them.

A kind's ``code`` is what the API and the database call it: set once, never changed, never deleted (the
events of a kind keep it). Deactivating a kind only stops offering it for new events and changes.
"""

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.models import EventKindRecord, KindIcon
from booking.services.errors import NotFound, ValidationFailed

CODE_MAX = 20
NAME_MAX = 80
CODE_SHAPE = re.compile(r"[a-z][a-z0-9_]*")


def all_kinds() -> list[EventKindRecord]:
    """Every kind, active or not, in the admins' order."""
    return list(db.session.scalars(sa.select(EventKindRecord).order_by(EventKindRecord.position, EventKindRecord.id)))


def kind_names() -> list[sa.Row]:
    """Every kind as ``(code, name_fr, name_en, icon, active)`` rows, in the admins' order: what pages show of
    them, read without the ORM's objects (every page that names a kind reads them)."""
    record = EventKindRecord
    return db.session.execute(sa.select(record.code, record.name_fr, record.name_en, record.icon, record.active)
                              .order_by(record.position, record.id)).all()


def active_kinds() -> list[EventKindRecord]:
    return [kind for kind in all_kinds() if kind.active]


def get_kind(kind_id: int) -> EventKindRecord:
    kind = db.session.get(EventKindRecord, kind_id)
    if kind is None:
        raise NotFound()
    return kind


def by_code(code: str | None) -> EventKindRecord | None:
    if not isinstance(code, str) or not code:
        return None
    return db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == code))


def usable(code: str | None, current: str | None = None) -> bool:
    """Whether an event may take ``code``: an active kind, or the kind it already has (kept if deactivated)."""
    if code is not None and code == current:
        return by_code(code) is not None
    kind = by_code(code)
    return kind is not None and kind.active


def create_kind(*, code: str, name_fr: str, name_en: str = "", icon: str = KindIcon.DOTS) -> EventKindRecord:
    code = (code or "").strip()
    errors = _check_names(name_fr, name_en, icon)
    if not code:
        errors["code"] = str(_l("This field is required."))
    elif len(code) > CODE_MAX:
        errors["code"] = ngettext("At most %(num)d character.", "At most %(num)d characters.", CODE_MAX)
    elif not CODE_SHAPE.fullmatch(code):
        errors["code"] = str(_l("Use small letters without accents, digits and _ only, starting with a letter."))
    elif by_code(code) is not None:
        errors["code"] = str(_l("Another kind already has this code."))
    if errors:
        raise ValidationFailed(errors)
    last = db.session.scalar(sa.select(sa.func.max(EventKindRecord.position))) or 0
    kind = EventKindRecord(code=code, name_fr=name_fr.strip(), name_en=(name_en or "").strip(), icon=icon,
                           position=last + 1, active=True)
    db.session.add(kind)
    db.session.flush()
    return kind


def update_kind(kind: EventKindRecord, *, name_fr: str, name_en: str = "", icon: str, active: bool) -> EventKindRecord:
    """New names, pictogram, or (de)activation; the code stays."""
    errors = _check_names(name_fr, name_en, icon)
    if errors:
        raise ValidationFailed(errors)
    kind.name_fr, kind.name_en, kind.icon, kind.active = name_fr.strip(), (name_en or "").strip(), icon, bool(active)
    db.session.flush()
    return kind


def move_kind(kind: EventKindRecord, step: int) -> EventKindRecord:
    """One place earlier (``step`` -1) or later (+1) in the list; at either end, nothing moves."""
    kinds = all_kinds()
    here = kinds.index(kind)
    there = here + (1 if step > 0 else -1)
    if 0 <= there < len(kinds):
        kinds[here], kinds[there] = kinds[there], kinds[here]
        for position, each in enumerate(kinds, start=1):  # renumbered: equal positions can never tie
            each.position = position
        db.session.flush()
    return kind


def _check_names(name_fr: str, name_en: str, icon: str) -> dict[str, str]:
    errors = {}
    for field, value, required in (("name_fr", name_fr, True), ("name_en", name_en, False)):
        value = (value or "").strip()
        if required and not value:
            errors[field] = str(_l("This field is required."))
        elif len(value) > NAME_MAX:
            errors[field] = ngettext("At most %(num)d character.", "At most %(num)d characters.", NAME_MAX)
    if icon not in KindIcon.__members__.values():
        errors["icon"] = str(_l("Choose one of the pictograms."))
    return errors
