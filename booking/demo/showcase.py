"""The small demo's newer features, so each shows something on a fresh ``make run``.

An event written in English too, seats held for a partner (with two of its people booked), a door
volunteer with a session of the day to check in, a session asking its people to reconfirm (one has
answered), and a full one whose freed seats are offered for a limited time. All through the services.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from booking import settings
from booking.demo import content
from booking.demo.base import Base
from booking.extensions import db
from booking.models import Event, MemberRole, Registration, RegistrationStatus, Session
from booking.services import accounts, bookings, events
from booking.services.bookings import reconfirmation

ALLOCATION_SEATS = 6
OFFER_HOURS = 48


def seed_showcase(base: Base, open_sessions: list[Session], full: list[Session], book, rng: random.Random,
                  now: datetime) -> None:
    """``open_sessions``: booked sessions still open to the public; ``full``: full ones with people waiting.

    ``book(session, seats, when)`` books one invented party.
    """
    _english_texts()
    coming = sorted((s for s in open_sessions if s.starts_at > now + timedelta(days=4)), key=lambda s: s.starts_at)
    _partner_allocation(base, next(s for s in coming if s.seats_left >= ALLOCATION_SEATS + 2), now)
    _door_volunteer(base, book, now)
    later = sorted((s for s in open_sessions if s.starts_at > now + timedelta(days=2) and s.seats_taken),
                   key=lambda s: s.starts_at)
    if later:
        _reconfirmation(later[0], now)
    _offer(full[0], rng, now)


def _english_texts() -> None:
    event = db.session.scalar(sa.select(Event).where(Event.title == content.ENGLISH_EVENT["title"]))
    events.update_event(event, **{name: value for name, value in content.ENGLISH_EVENT.items() if name != "title"})


def _partner_allocation(base: Base, session: Session, now: datetime) -> None:
    partner = content.PARTNERS[0]
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner=partner, contact_email="referente.puces@example.org", seats=ALLOCATION_SEATS,
        release_at=session.starts_at - timedelta(days=2)), created_by_id=base.organiser.id, now=now)
    for name, phone in (("Mme Josiane Leblanc", "06 12 34 56 78"), ("M. Ousmane Sy", "")):
        bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name=name, email="", phone=phone,
                                                                                   seats=1),
                                  key=settings.pseudonym_key(), now=now)


def _door_volunteer(base: Base, book, now: datetime) -> None:
    """The volunteer keeps the door of the Laboratoire des publics; one of its sessions is today, soon."""
    volunteer = accounts.find_user(content.DOOR_VOLUNTEER["email"]) or accounts.create_account(**content.DOOR_VOLUNTEER)
    team = base.teams[content.LABORATOIRE]
    if accounts.member_role(team, volunteer) is None:
        accounts.add_member(team, volunteer, MemberRole.DOOR)
    event = db.session.scalar(sa.select(Event).where(Event.title == content.TODAY_EVENT_TITLE))
    zone = ZoneInfo(event.venue.timezone)
    soon = (now + timedelta(hours=1)).astimezone(zone)
    starts_at = soon.replace(minute=soon.minute - soon.minute % 15, second=0, microsecond=0)
    session = events.add_session(event, events.SessionFields(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), capacity=15, waitlist_enabled=True,
        max_seats_per_registration=4))
    for seats in (2, 1, 3, 1):
        book(session, seats, now - timedelta(days=1))


def _reconfirmation(session: Session, now: datetime) -> None:
    """Asked from the day before today: every confirmed person with an email gets the question (but those who
    booked since); the first has answered."""
    events.update_session(session, reconfirm_days_before=(session.starts_at - now).days + 1)
    reconfirmation.ask_due(now)
    asked = db.session.scalars(sa.select(Registration).where(Registration.session_id == session.id,
                                                             Registration.reconfirm_status == "requested")
                               .order_by(Registration.id)).first()
    if asked is not None:
        bookings.reconfirm(asked.id, now=now)


def _offer(session: Session, rng: random.Random, now: datetime) -> None:
    """Freed seats go to the first waiting party as an offer of two days, instead of at once."""
    events.update_session(session, offer_hours=OFFER_HOURS)
    confirmed = db.session.scalars(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)).all()
    bookings.cancel(rng.choice(confirmed).id, now=now)
