"""Who comes to a session: attendee lists, search, check-in counts, CSV export.

Reading only, except the export log (messages: services/messages.py):
seats, promotions and cancellations belong to the booking service. Callers
pass a session already scoped to the organiser (``access.session_for``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from booking.extensions import db
from booking.labels import access_need_label, access_need_labels
from booking.mail.monitoring import undelivered_registrations
from booking.models import ACTIVE_STATUSES, AccessNeed, Registration, RegistrationStatus, Session, User
from booking.privacy.exports import csv_bytes, log_export
from booking.services import questions as question_rules
from booking.services.bookings.codes import registration_id_of_code
from booking.sqlfunctions import contains, unicode_lower

SEARCH_MAX = 100


@dataclass
class AttendeeList:
    confirmed: list[Registration] = field(default_factory=list)
    waiting: list[tuple[int, Registration]] = field(default_factory=list)  # (position, registration)
    cancelled: list[Registration] = field(default_factory=list)
    offered: list[Registration] = field(default_factory=list)  # seats held for them until their offer ends
    undelivered: set[int] = field(default_factory=set)  # registrations whose last email failed

    @property
    def reconfirmation(self) -> dict[str, int]:
        """Reconfirm or release, in numbers: bookings asked (all of them), reconfirmed, released, no answer yet."""
        held = [*self.confirmed, *self.cancelled]
        counts = {status: sum(1 for r in held if r.reconfirm_status == status)
                  for status in ("requested", "reconfirmed", "released")}
        return {"asked": sum(counts.values()), **counts}

    @property
    def confirmed_seats(self) -> int:
        return sum(r.seats for r in self.confirmed)

    @property
    def waiting_seats(self) -> int:
        return sum(r.seats for _position, r in self.waiting)


WHEELCHAIR = "wheelchair"  # the need a party's wheelchair users have, counted next to the AccessNeed codes


@dataclass(frozen=True)
class NeedCount:
    """How many parties told us of ``need`` (an AccessNeed code, or WHEELCHAIR), and how many people:
    the seats of those parties, or for WHEELCHAIR the people in a wheelchair."""

    need: str
    parties: int
    people: int


def count_needs(parties: Iterable[tuple[list, int, int]]) -> list[NeedCount]:
    """Needs to plan for from ``(access_needs, wheelchair_spaces, seats)`` of parties: wheelchairs first,
    then each need in the booking form's order; needs nobody has are left out."""
    counts: dict[str, list[int]] = {need: [0, 0] for need in (WHEELCHAIR, *AccessNeed)}
    for codes, wheelchair_users, seats in parties:
        if wheelchair_users:
            counts[WHEELCHAIR][0] += 1
            counts[WHEELCHAIR][1] += wheelchair_users
        for code in set(codes or ()):
            if code in counts:
                counts[code][0] += 1
                counts[code][1] += seats
    return [NeedCount(str(need), parties, people) for need, (parties, people) in counts.items() if parties]


def session_needs(session: Session) -> list[NeedCount]:
    """The needs of the parties booked or waiting on ``session``, counted for planning."""
    rows = db.session.execute(
        sa.select(Registration.access_needs, Registration.wheelchair_spaces, Registration.seats)
        .where(Registration.session_id == session.id,
               Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]))
    ).all()
    return count_needs(rows)


def needs_in_words(registration: Registration) -> str:
    """A party's needs as one line: each need's label (in the reader's language), then their own words."""
    words = access_need_labels(registration.access_needs)
    if registration.accessibility_needs:
        words.append(registration.accessibility_needs)
    return "; ".join(words)


def need_label(need: str) -> str:
    return str(_l("People in a wheelchair")) if need == WHEELCHAIR else access_need_label(need)


@dataclass(frozen=True)
class CheckInCounts:
    expected_parties: int
    expected_seats: int
    arrived_parties: int
    arrived_seats: int


def _matches(search: str | None):
    """Name or email containing ``search`` (case-insensitive), or its booking code, or everything."""
    search = (search or "").strip()[:SEARCH_MAX].lower()
    if not search:
        return sa.true()
    coded = registration_id_of_code(search)  # a booking code read out or printed on a ticket
    return sa.or_(
        Registration.id == coded if coded else sa.false(),
        contains(unicode_lower(Registration.name), search),
        contains(Registration.email_key, search),
        contains(unicode_lower(sa.func.coalesce(Registration.partner_structure, "")), search),
    )


def session_attendees(session: Session, search: str | None = None) -> AttendeeList:
    """Confirmed, waiting (in order, with their true position) and cancelled registrations,
    and which of them did not receive their last email."""
    rows = db.session.scalars(
        sa.select(Registration).where(Registration.session_id == session.id).order_by(Registration.id)
    ).all()
    wanted = set(db.session.scalars(
        sa.select(Registration.id).where(Registration.session_id == session.id, _matches(search))
    ))
    listing, position = AttendeeList(), 0
    for registration in rows:
        if registration.is_waitlisted:
            position += 1  # counted before filtering: the position is the person's real place
        if registration.id not in wanted:
            continue
        if registration.is_confirmed:
            listing.confirmed.append(registration)
        elif registration.is_offered:
            listing.offered.append(registration)
        elif registration.is_waitlisted:
            listing.waiting.append((position, registration))
        else:
            listing.cancelled.append(registration)
    listing.confirmed.sort(key=lambda r: (r.name.casefold(), r.id))
    listing.undelivered = undelivered_registrations(session.id)
    return listing


def check_in_list(session: Session, search: str | None = None) -> list[Registration]:
    """Confirmed parties matching ``search``, by name, for the door."""
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED,
               _matches(search))
        .order_by(unicode_lower(Registration.name), Registration.id)
    ).all()


def check_in_counts(session: Session) -> CheckInCounts:
    arrived = Registration.checked_in_at.is_not(None)
    row = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(Registration.seats), 0),
            sa.func.count().filter(arrived),
            sa.func.coalesce(sa.func.sum(Registration.seats_checked_in).filter(arrived), 0),
        ).where(Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED)
    ).one()
    return CheckInCounts(*(int(n) for n in row))


def arrived_seats(session_ids: list[int]) -> dict[int, int]:
    """Seats checked in per session, in one query."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.session_id, sa.func.sum(Registration.seats_checked_in))
        .where(Registration.session_id.in_(session_ids), Registration.status == RegistrationStatus.CONFIRMED,
               Registration.checked_in_at.is_not(None))
        .group_by(Registration.session_id)
    )
    return {session_id: int(seats) for session_id, seats in rows}


def people_to_notify(session_ids: list[int]) -> int:
    """How many registrations (booked or waiting) a change to these sessions reaches."""
    if not session_ids:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
        .where(Registration.session_id.in_(session_ids),
               Registration.status.in_(ACTIVE_STATUSES))
    )


# -- Export ----------------------------------------------------------------------

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
    RegistrationStatus.OFFERED: _l("Seats offered"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}


def export_csv(session: Session, user: User) -> tuple[str, bytes]:
    """The session's attendees as a spreadsheet-safe CSV (file name, bytes); the export is logged."""
    listing = session_attendees(session)
    zone = ZoneInfo(session.event.venue.timezone)
    asked = list(session.event.questions)
    header = [_("Status"), _("Waiting list position"), _("Name"), _("Email"), _("Phone"), _("Partner structure"),
              _("Seats"), _("Accessibility needs"), _("People in a wheelchair"),
              _("Booked at"), _("Checked in at"), _("Cancelled at"),
              *(q.label for q in asked)]
    ordered = ([(None, r) for r in listing.confirmed] + [(None, r) for r in listing.offered] + listing.waiting
               + [(None, r) for r in listing.cancelled])
    rows = [
        [str(STATUS_LABELS.get(r.status, r.status)), position or "", r.name, r.email or "", r.phone or "",
         r.partner_structure or "", r.seats, needs_in_words(r), r.wheelchair_spaces, _local(r.created_at, zone),
         _local(r.checked_in_at, zone), _local(r.cancelled_at, zone),
         *(question_rules.display_answer(q, r.answers) for q in asked)]
        for position, r in ordered
    ]
    log_export(user, "attendees_csv", f"session:{session.id}", len(rows))
    day = session.starts_at.astimezone(zone).strftime("%Y-%m-%d")
    return f"{session.event.slug}-{day}-{session.id}.csv", csv_bytes(header, rows)


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""
