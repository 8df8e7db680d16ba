"""A person's data: what we hold about them, erasing it, and forgetting it in time.

Erasure and the retention purge keep the rows (so seat counts, attendance and
dashboard totals stay right) but replace every personal field. Emails become a
keyed pseudonym, the same for every booking of one person; each booking keeps
its ``person_ref``, so "people reached" and "returning attendees" still add up
after a purge.

Three reaches, each needing its own proof (the edges check it):
- one booking (``export_registration``, ``erase_registration``): its manage link;
- everything held about an address (``export_person``, ``erase_person``): a link
  emailed to that address, or a signed-in account whose address is confirmed.
  It never touches an account: anyone who books with an address would otherwise
  reach the account that uses it;
- an account (``erase_account``): its owner signed in with the password again, or
  an admin; never the last active admin.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.labels import access_need_labels
from booking.models import ApiToken, CalendarFeed, OutboxMessage, Registration, Session, User, normalise_email, utcnow
from booking.privacy.outbox import forget_messages
from booking.services import accounts, bookings, email_proof
from booking.services.pseudonyms import ANONYMOUS_DOMAIN, anonymous_email, is_anonymous_email

ANONYMOUS_NAME = "—"
PURGE_BATCH = 500


def registrations_of(email: str) -> list[Registration]:
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.email_key == normalise_email(email))
        .order_by(Registration.id)
    ).all()


def export_registration(registration: Registration) -> dict:
    """What Guichet holds in one booking, as plain JSON values (what its manage link may see)."""
    return {
        "exported_at": utcnow().isoformat(),
        "registrations": [_registration_data(registration)],
    }


def export_person(email: str) -> dict:
    """Everything Guichet holds about the person with this email, as plain JSON values."""
    user = accounts.find_user(email)
    return {
        "email": email,
        "exported_at": utcnow().isoformat(),
        "account": None if user is None else {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "created_at": user.created_at.isoformat(),
        },
        "registrations": [_registration_data(r) for r in registrations_of(email)],
    }


def _registration_data(registration: Registration) -> dict:
    session = registration.session
    return {
        "event": session.event.title,
        "session_starts_at": session.starts_at.isoformat(),
        "venue": session.event.venue.full_address,
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "seats": registration.seats,
        "status": registration.status,
        "answers": registration.answers,
        "accessibility_needs": registration.accessibility_needs,
        "access_needs": access_need_labels(registration.access_needs),
        "wheelchair_spaces": registration.wheelchair_spaces,
        "partner_structure": registration.partner_structure,
        "created_at": registration.created_at.isoformat(),
        "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
        "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
        "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
    }


def erase_registration(registration: Registration, *, now: datetime | None = None) -> None:
    """Erase one booking: cancelled first if it may still be (its seats go to the waiting list), then anonymised."""
    _cancel_if_upcoming(registration, now or utcnow())
    _anonymise(registration)
    db.session.flush()


def erase_person(email: str, *, now: datetime | None = None) -> int:
    """Cancel the person's upcoming bookings (freeing seats for others), then anonymise everything.

    Covers their bookings, calendar feed, single-use links and every email to them,
    but not an account with this address (see ``erase_account``). Returns the
    number of registrations anonymised.
    """
    now = now or utcnow()
    key = normalise_email(email)
    registrations = registrations_of(key)
    for registration in registrations:
        _cancel_if_upcoming(registration, now)
    for registration in registrations:
        _anonymise(registration)
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.email == key))
    email_proof.forget(key)
    forget_messages(OutboxMessage.recipient_key == key)
    db.session.flush()
    return len(registrations)


def erase_account(user: User, *, now: datetime | None = None) -> int:
    """Erase an account and everything held about its address and its bookings.

    Only for its owner signed in (password given again) or an admin: never for a
    link anyone could get. The last active admin stays. Returns the registrations anonymised.
    """
    accounts.ensure_admins_remain(user, losing=True)
    now = now or utcnow()
    own = db.session.scalars(sa.select(Registration).where(Registration.user_id == user.id)).all()
    for registration in own:  # booked while signed in, perhaps with another address
        erase_registration(registration, now=now)
    count = erase_person(user.email, now=now) + len(own)
    stand_in = anonymous_email(user.email, settings.pseudonym_key())
    user.email = stand_in
    user.name = ANONYMOUS_NAME
    user.password_hash = None
    user.active = False
    user.email_verified_at = None
    user.teams = []
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.flush()
    return count


def purge_personal_data(older_than_days: int, *, now: datetime | None = None) -> int:
    """Anonymise attendees of sessions that ended more than ``older_than_days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    ids = db.session.scalars(
        sa.select(Registration.id)
        .join(Session, Registration.session_id == Session.id)
        .where(Session.ends_at < cutoff, _not_anonymised())
        .order_by(Registration.id)
    ).all()
    for start in range(0, len(ids), PURGE_BATCH):
        batch = db.session.scalars(sa.select(Registration).where(Registration.id.in_(ids[start:start + PURGE_BATCH])))
        for registration in batch:
            _anonymise(registration, with_outbox=False)
        forget_messages(OutboxMessage.registration_id.in_(ids[start:start + PURGE_BATCH]))
    # Emails about no booking (password and sign-in links...) are as old as their purpose.
    forget_messages(sa.and_(OutboxMessage.registration_id.is_(None), OutboxMessage.created_at < cutoff,
                            ~OutboxMessage.recipient_key.like(f"%@{ANONYMOUS_DOMAIN}")))
    email_proof.purge_expired(now)
    # A feed whose bookings are all anonymised lists nothing, and its row still holds the address.
    db.session.execute(sa.delete(CalendarFeed).where(~sa.exists().where(Registration.email_key == CalendarFeed.email)))
    db.session.flush()
    return len(ids)


def _not_anonymised():
    """Rows the purge has still to do; one without an address is done once its name is gone."""
    return sa.or_(
        ~Registration.email.like(f"%@{ANONYMOUS_DOMAIN}"),
        sa.and_(Registration.email.is_(None), Registration.name != ANONYMOUS_NAME),
    )


def _cancel_if_upcoming(registration: Registration, now: datetime) -> None:
    if registration.is_active and bookings.attendee_may_change(registration, now):
        bookings.cancel(registration.id, by=bookings.CancelledBy.ATTENDEE, now=now)


def _anonymise(registration: Registration, *, with_outbox: bool = True) -> None:
    if registration.email and not is_anonymous_email(registration.email):
        registration.email = anonymous_email(registration.email, settings.pseudonym_key())
    registration.name = ANONYMOUS_NAME
    registration.phone = None
    registration.answers = {}
    registration.accessibility_needs = ""
    registration.access_needs = []
    # wheelchair_spaces stays: a count the session's counters hold (and the reach dashboard), not a trait of anyone.
    registration.user_id = None
    # Only this booking's emails: other messages to the address (a password link...) are not this booking's
    # to erase, since anyone may book with anyone's address. ``erase_person`` takes those, with proof.
    if with_outbox:
        forget_messages(OutboxMessage.registration_id == registration.id)
