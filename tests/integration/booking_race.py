"""Races of many bookings and cancellations on one session, and the checker that judges them.

Shared by the PostgreSQL (threads) and SQLite (processes) concurrency tests. Every
attempt runs in an application context of its own, hence a database connection
and a transaction of its own, as a request of an app server would.

How the checker knows the order things happened in: each booking takes the
session's lock before inserting its registration, so registration ids follow
the order the lock was had. Each cancellation writes its "cancelled" outbox row,
then the "promoted" rows of the parties it let in, all under the lock, so outbox
ids tell the order of cancellations and which promotions each one caused.
Replaying those events through the pure seat rules must give what the database holds.
"""

import random
from dataclasses import dataclass

import sqlalchemy as sa

from booking import create_app, settings
from booking.extensions import db
from booking.models import OutboxMessage, Registration, RegistrationStatus, Session
from booking.services import bookings, seats
from booking.services.errors import AlreadyCancelled, TryAgainLater
from config import TestingConfig

CAPACITY = 30
ATTEMPTS = 200
CONFIRMED, WAITLISTED, CANCELLED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


def build_app(database_url: str, **settings):
    """An app of its own (used by each spawned process), like conftest's fixtures build."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    for key, value in settings.items():
        setattr(Config, key, value)
    return create_app(Config)


def party_sizes(count: int = ATTEMPTS, seed: int = 2026) -> list[int]:
    """1 to 3 seats per attempt, the same every run."""
    rng = random.Random(seed)
    return [rng.randint(1, 3) for _ in range(count)]


# -- Attempts (each in its own app context, so its own connection) -----------------------------


def attempt_booking(app, session_id: int, index: int, seats_wanted: int, **asked) -> tuple[str, int | None]:
    """Book as guest ``index`` (``asked``: more of the request, e.g. wheelchair_spaces); answers
    ("confirmed"|"waitlisted", id), ("busy", None) or ("error: …", None)."""
    with app.app_context():
        request = bookings.BookingRequest(name=f"Guest {index}", email=f"guest{index}@example.org", seats=seats_wanted,
                                          **asked)
        try:
            registration = bookings.book(session_id, request, key=settings.pseudonym_key())
            # Read before commit: after it the object is expired, and reloading it would begin
            # another transaction (a second wait for SQLite's write lock).
            answer = str(registration.status), registration.id
            db.session.commit()
            return answer
        except TryAgainLater:  # the lock timeout: a 503 "try again", nothing written
            db.session.rollback()
            return "busy", None
        except Exception as error:  # every other failure is a test failure, reported by the checker
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}", None


def attempt_cancel(app, registration_id: int) -> str:
    """Cancel as the attendee: "cancelled", "already_cancelled", "busy" or "error: …"."""
    with app.app_context():
        try:
            bookings.cancel(registration_id)
            db.session.commit()
            return "cancelled"
        except AlreadyCancelled:
            db.session.rollback()
            return "already_cancelled"
        except TryAgainLater:
            db.session.rollback()
            return "busy"
        except Exception as error:
            db.session.rollback()
            return f"error: {type(error).__name__}: {error}"


# -- What the database holds -----------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    id: int
    seats: int
    status: str


@dataclass(frozen=True)
class Snapshot:
    capacity: int
    seats_taken: int
    seat_ceiling: int
    parties: list[Party]  # in arrival order (id)
    events: list[tuple[str, int]]  # ("cancelled" | "promoted", registration id) in outbox order

    def confirmed_seats(self) -> int:
        return sum(p.seats for p in self.parties if p.status == CONFIRMED)

    def ids(self, status: str) -> list[int]:
        return [p.id for p in self.parties if p.status == status]


def snapshot(app, session_id: int) -> Snapshot:
    with app.app_context():
        session = db.session.get(Session, session_id)
        parties = [
            Party(r.id, r.seats, r.status)
            for r in db.session.scalars(
                sa.select(Registration).where(Registration.session_id == session_id).order_by(Registration.id)
            )
        ]
        ids = [p.id for p in parties]
        events = db.session.execute(
            sa.select(OutboxMessage.kind, OutboxMessage.registration_id)
            .where(OutboxMessage.registration_id.in_(ids), OutboxMessage.kind.in_(["cancelled", "promoted"]))
            .order_by(OutboxMessage.id)
        ).all()
        return Snapshot(session.capacity, session.seats_taken, session.seat_ceiling, parties,
                        [(kind, rid) for kind, rid in events])


# -- The checker ---------------------------------------------------------------------------------------


def invariant_problems(snap: Snapshot) -> list[str]:
    """The rules that must hold at every moment, whatever happened before."""
    problems = []
    confirmed = snap.confirmed_seats()
    if confirmed > snap.capacity:
        problems.append(f"overbooked: {confirmed} confirmed seats on a capacity of {snap.capacity}")
    if confirmed != snap.seats_taken:
        problems.append(f"counter drift: seats_taken is {snap.seats_taken} but confirmed seats add up to {confirmed}")
    seats_left = max(0, snap.capacity - confirmed)
    for party in snap.parties:
        if party.status == WAITLISTED and party.seats <= seats_left:
            problems.append(f"waitlisted party #{party.id} of {party.seats} would fit in the {seats_left} seats left")
    return problems


def booking_order_problems(snap: Snapshot, capacity: int, waitlist: bool = True) -> list[str]:
    """Replay the bookings in arrival (lock) order: each must have been placed as the rules say."""
    problems, left = [], capacity
    placed = {CONFIRMED: seats.Placement.CONFIRM, WAITLISTED: seats.Placement.WAITLIST}
    for party in snap.parties:
        expected = seats.place(party.seats, left, waitlist)
        if placed.get(party.status) is not expected:
            problems.append(f"arrival order broken: #{party.id} ({party.seats} seats) is {party.status}, "
                            f"expected {expected} with {left} seats left")
        if expected is seats.Placement.CONFIRM:
            left -= party.seats
    return problems


def promotion_order_problems(before: Snapshot, after: Snapshot) -> list[str]:
    """Replay each cancellation after ``before``: it must have promoted exactly whom the rules pick."""
    problems = []
    status = {p.id: p.status for p in before.parties}
    size = {p.id: p.seats for p in before.parties}
    taken = before.confirmed_seats()
    groups: list[tuple[int, list[int]]] = []
    for kind, registration_id in after.events[len(before.events):]:
        if kind == "cancelled":
            groups.append((registration_id, []))
        elif groups:
            groups[-1][1].append(registration_id)
        else:
            problems.append(f"promotion of #{registration_id} caused by no cancellation")
    for cancelled_id, promoted in groups:
        if status[cancelled_id] == CONFIRMED:
            taken -= size[cancelled_id]
        status[cancelled_id] = CANCELLED
        waiting = [(rid, size[rid]) for rid in sorted(status) if status[rid] == WAITLISTED]
        expected = seats.pick_promotions(before.capacity - taken, waiting)
        if sorted(promoted) != expected:
            problems.append(f"cancelling #{cancelled_id} promoted {sorted(promoted)}, the waiting list order says {expected}")
        for rid in expected:
            status[rid] = CONFIRMED
            taken += size[rid]
    actual = {p.id: p.status for p in after.parties}
    if actual != status:
        changed = {rid: (status[rid], actual[rid]) for rid in actual if actual[rid] != status[rid]}
        problems.append(f"replayed statuses differ from the database (expected, actual): {changed}")
    return problems
