"""Partner allocations: seats of a session held for a partner structure until a release time.

The seats an allocation holds and nobody has booked yet are ``sessions.seats_held``: the public
sees them as taken, and the database CHECK ``seats_taken + seats_held <= seat_ceiling`` is the
backstop. Every change takes the session's lock first, then reads the allocation afresh.
The partner's own bookings are in ``partner_bookings``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue
from booking.models import Allocation, Event, OutboxMessage, Session, delivery_email, utcnow
from booking.services.bookings import locking, placement
from booking.services.email_address import EMAIL_MAX_LENGTH, is_valid_email
from booking.services.errors import Cancelled, NotFound, RegistrationClosed, SessionFull, ValidationFailed

PARTNER_MAX = 200
# The contact is told this long before the release what is still unused.
RELEASE_NOTICE = timedelta(days=3)


class AllocationReleased(RegistrationClosed):
    default_message = _l("These seats were given back to the public: this allocation can no longer change.")


@dataclass(frozen=True)
class AllocationRequest:
    """What an organiser asks to hold, already shaped by a form or an API schema."""

    partner: str
    contact_email: str
    seats: int
    release_at: datetime
    locale: str = "fr"


def allocate(session_id: int, request: AllocationRequest, *, created_by_id: int | None = None,
             now: datetime | None = None) -> Allocation:
    """Hold seats of a session for a partner, never more than the seats free now; the contact gets the invite."""
    now = now or utcnow()
    _check_shape(partner=request.partner, contact_email=request.contact_email, seats=request.seats)
    session = locking.lock_session(session_id)
    if session.is_cancelled:
        raise Cancelled()
    _check_release_at(request.release_at, session, now)
    _check_seats_free(request.seats, session)
    allocation = Allocation(session=session, partner=request.partner.strip(),
                            contact_email=delivery_email(request.contact_email.strip()), seats=request.seats,
                            release_at=request.release_at, locale=request.locale, created_by_id=created_by_id,
                            created_at=now)
    session.seats_held += request.seats
    db.session.add(allocation)
    db.session.flush()
    _tell_contact(MessageKind.ALLOCATION_INVITE, allocation)
    return allocation


def change(allocation_id: int, *, seats: int | None = None, release_at: datetime | None = None,
           contact_email: str | None = None, partner: str | None = None, now: datetime | None = None) -> Allocation:
    """Change what an allocation holds, until when, or who its contact is (a new contact gets the invite).

    It never holds fewer seats than the partner has booked, nor more than it holds plus the seats free now;
    seats given back go to whoever waits.
    """
    now = now or utcnow()
    _check_shape(partner=partner, contact_email=contact_email, seats=seats)
    allocation = _lock(allocation_id)
    session = allocation.session
    if not allocation.is_held:
        raise AllocationReleased()
    if release_at is not None and release_at != allocation.release_at:
        _check_release_at(release_at, session, now)
        allocation.release_at, allocation.release_notice_at = release_at, None
    if partner is not None:
        allocation.partner = partner.strip()
    if seats is not None and seats != allocation.seats:
        if seats < allocation.seats_used:
            raise ValidationFailed({"seats": ngettext(
                "The partner has already booked %(num)d seat: keep at least that many.",
                "The partner has already booked %(num)d seats: keep at least that many.", allocation.seats_used)})
        _check_seats_free(seats - allocation.seats, session)
        session.seats_held += seats - allocation.seats
        allocation.seats = seats
        session.seat_ceiling = max(session.capacity, session.seats_committed)
        placement.promote_waiting(session, now)
    if contact_email is not None and delivery_email(contact_email.strip()) != allocation.contact_email:
        allocation.contact_email = delivery_email(contact_email.strip())
        _tell_contact(MessageKind.ALLOCATION_INVITE, allocation)
    db.session.flush()
    return allocation


def release(allocation_id: int, *, now: datetime | None = None) -> Allocation:
    """Give the unused seats back to the public now; the waiting list is promoted at once."""
    now = now or utcnow()
    allocation = _lock(allocation_id)
    if not allocation.is_held:
        raise AllocationReleased()
    _release(allocation, now)
    db.session.flush()
    return allocation


def release_due(now: datetime) -> int:
    """The timed job: release every allocation whose release time has come. Returns how many."""
    due = db.session.scalars(sa.select(Allocation.id).where(Allocation.released_at.is_(None),
                                                           Allocation.release_at <= now)
                             .order_by(Allocation.release_at, Allocation.id)).all()
    released = 0
    for allocation_id in due:
        allocation = _lock(allocation_id)
        if allocation.is_held and allocation.release_at <= now:  # afresh: released by hand meanwhile?
            _release(allocation, now)
            released += 1
    db.session.flush()
    return released


def notify_release_soon(now: datetime) -> int:
    """The timed job: tell each contact, a few days before the release, what is still unused; once per release time.

    An allocation made within those days is not told again: its invite says when the release comes.
    """
    due = db.session.scalars(
        sa.select(Allocation).where(
            Allocation.released_at.is_(None),
            Allocation.release_notice_at.is_(None),
            Allocation.release_at > now,
            Allocation.release_at <= now + RELEASE_NOTICE,
        ).order_by(Allocation.id)
    ).all()
    keys = {allocation.id: _notice_key(allocation) for allocation in due}
    already = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key)
                                     .where(OutboxMessage.dedupe_key.in_(list(keys.values())))))
    told = 0
    for allocation in due:
        allocation.release_notice_at = now
        if allocation.created_at > allocation.release_at - RELEASE_NOTICE or keys[allocation.id] in already:
            continue
        _tell_contact(MessageKind.ALLOCATION_RELEASE_SOON, allocation, dedupe_key=keys[allocation.id])
        told += 1
    db.session.flush()
    return told


def release_holds(session: Session, now: datetime) -> None:
    """Under the session's lock: release every allocation still held (the session is cancelled)."""
    for allocation in held_on(session.id):
        _release(allocation, now)


def held_on(session_id: int) -> list[Allocation]:
    return db.session.scalars(sa.select(Allocation).where(Allocation.session_id == session_id,
                                                         Allocation.released_at.is_(None))
                              .execution_options(populate_existing=True)).all()


def session_allocations(session_id: int) -> list[Allocation]:
    """A session's allocations, held first, then by partner."""
    return db.session.scalars(sa.select(Allocation).where(Allocation.session_id == session_id)
                              .order_by(Allocation.released_at.is_not(None), Allocation.partner, Allocation.id)).all()


def allocation_by_token(invite_token: str) -> Allocation:
    allocation = db.session.scalar(sa.select(Allocation).where(Allocation.invite_token == str(invite_token)))
    if allocation is None:
        raise NotFound()
    return allocation


def partner_allocations(team_id: int, partner: str, contact_email: str | None = None) -> list[Allocation]:
    """A partner's allocations on a team's sessions (the partner's name, whatever the case; and its contact,
    when given: what the invite page shows its holder), soonest session first."""
    query = (sa.select(Allocation).join(Allocation.session).join(Session.event)
             .where(Event.team_id == team_id, sa.func.lower(Allocation.partner) == partner.strip().lower()))
    if contact_email is not None:
        query = query.where(sa.func.lower(Allocation.contact_email) == contact_email.strip().lower())
    return db.session.scalars(query.order_by(Session.starts_at, Allocation.id)).all()


def _release(allocation: Allocation, now: datetime) -> None:
    session = allocation.session
    session.seats_held -= allocation.seats_unused
    allocation.released_at = now
    session.seat_ceiling = max(session.capacity, session.seats_committed)
    placement.promote_waiting(session, now)


def _lock(allocation_id: int) -> Allocation:
    """Lock the allocation's session, then read the allocation as it now is."""
    with locking.busy_means_try_again():  # on SQLite this first read takes the write lock
        session_id = db.session.scalar(sa.select(Allocation.session_id).where(Allocation.id == allocation_id))
    if session_id is None:
        raise NotFound()
    locking.lock_session(session_id)
    return db.session.scalar(sa.select(Allocation).where(Allocation.id == allocation_id)
                             .execution_options(populate_existing=True))


def _check_shape(*, partner: str | None, contact_email: str | None, seats: int | None) -> None:
    errors = {}
    if partner is not None and not 1 <= len(partner.strip()) <= PARTNER_MAX:
        errors["partner"] = ngettext("Please give the partner's name, at most %(num)d character.",
                                     "Please give the partner's name, at most %(num)d characters.", PARTNER_MAX)
    if contact_email is not None and (len(contact_email.strip()) > EMAIL_MAX_LENGTH
                                      or not is_valid_email(contact_email.strip())):
        errors["contact_email"] = str(_l("Please give a valid email address."))
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= 100_000):
        errors["seats"] = str(_l("Please hold at least one seat."))
    if errors:
        raise ValidationFailed(errors)


def _check_release_at(release_at: datetime, session: Session, now: datetime) -> None:
    if not isinstance(release_at, datetime) or release_at.tzinfo is None:
        raise ValidationFailed({"release_at": str(_l("Please give the release time with its time zone."))})
    if not now < release_at <= session.starts_at:
        raise ValidationFailed({"release_at": str(_l("The release time must be after now and no later than "
                                                       "the start of the session."))})


def _check_seats_free(more: int, session: Session) -> None:
    if more > session.seats_left:
        if session.seats_left == 0:
            raise SessionFull(_l("No seat is free now: an allocation can hold no more."))
        raise SessionFull(ngettext("Only %(num)d seat is free now: an allocation can hold no more.",
                                   "Only %(num)d seats are free now: an allocation can hold no more.",
                                   session.seats_left))


def _notice_key(allocation: Allocation) -> str:
    return f"allocation-notice:{allocation.id}:{allocation.release_at.isoformat()}"


def _tell_contact(kind: str, allocation: Allocation, *, dedupe_key: str | None = None) -> None:
    session = allocation.session
    event = session.event
    message = enqueue(kind, allocation.contact_email, allocation.locale,
                      allocation_id=allocation.id, partner=allocation.partner, invite_token=allocation.invite_token,
                      seats=allocation.seats, seats_used=allocation.seats_used,
                      seats_unused=allocation.seats_unused, release_at=allocation.release_at.isoformat(),
                      event_title=event.title, starts_at=session.starts_at.isoformat(),
                      timezone=event.venue.timezone, venue_name=event.venue.name, venue_city=event.venue.city,
                      team_name=event.team.name, reply_to=event.team.contact_email or "")
    message.dedupe_key = dedupe_key
