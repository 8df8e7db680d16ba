"""One session's life for the large demo, simulated with the booking service's pure seat rules.

Parties arrive in order and are placed by ``seats.place`` (confirmed, waiting
list, or refused); some cancel; freed seats go to the waiting list by
``seats.pick_promotions``; a cancelled session cancels everyone; people turn
up at past sessions. ``seats_taken`` is then the sum of confirmed seats.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from booking.demo import content
from booking.models import CancelledBy, RegistrationStatus, SessionStatus
from booking.services import seats as seat_rules

PARTY_SIZES = (1, 1, 1, 1, 2, 2, 2, 3, 4)
GROUP_SHARE = 0.03
CANCEL_SHARE = 0.08
CHECK_IN_SHARE = 0.82
NEEDS_SHARE = 0.04

CONFIRMED, WAITLISTED, CANCELLED = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                                    RegistrationStatus.CANCELLED)


@dataclass
class Party:
    person: int  # index into the pool of invented people; distinct within a session
    seats: int
    status: str
    created_at: datetime
    confirmed_at: datetime | None = None
    promoted_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    checked_in_at: datetime | None = None
    partner: str | None = None
    needs: str = ""


class History:
    def __init__(self, plan: dict, window_end: datetime):
        self.capacity = plan["capacity"]
        self.max_seats = plan["max_seats_per_registration"]
        self.window_end = window_end
        self.parties: list[Party] = []

    def seats_taken(self) -> int:
        return sum(p.seats for p in self.parties if p.status == CONFIRMED)

    def counters(self) -> dict:
        taken = self.seats_taken()
        return {"seats_taken": taken, "seat_ceiling": max(self.capacity, taken)}

    def queue_more(self, count: int, rng: random.Random, people: int) -> int:
        """Late arrivals (on a session with a waiting list): placed like any others."""
        present = {p.person for p in self.parties}
        newcomers = [i for i in rng.sample(range(people), k=min(people, count + len(present))) if i not in present]
        left = self.capacity - self.seats_taken()
        for person in newcomers[:count]:
            seats = min(rng.choice(PARTY_SIZES), self.max_seats)
            if seat_rules.place(seats, left, True) is seat_rules.Placement.CONFIRM:
                left -= seats
                self.parties.append(Party(person, seats, CONFIRMED, self.window_end, confirmed_at=self.window_end))
            else:
                self.parties.append(Party(person, seats, WAITLISTED, self.window_end))
        return len(newcomers[:count])


def simulate(plan: dict, count: int, rng: random.Random, now: datetime, people: int) -> History:
    start = plan["starts_at"]
    window_end = min(start, now)
    history = History(plan, window_end)
    if count <= 0:
        return history
    window_start = min(start - timedelta(days=30), window_end - timedelta(days=14))
    span = (window_end - window_start).total_seconds()
    arrivals = sorted(window_start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    persons = rng.sample(range(people), k=min(count, people))
    taken = 0
    for person, arrived in zip(persons, arrivals, strict=False):
        party, taken = _arrive(plan, person, arrived, taken, rng)
        if party is not None:
            history.parties.append(party)
    last_cancel = _attendee_cancellations(history, rng)
    _promote(history, last_cancel)
    if plan["status"] == SessionStatus.CANCELLED:
        _cancel_everyone(history, start)
    elif start < now:
        _check_in(history, start, rng)
    return history


def _arrive(plan: dict, person: int, arrived: datetime, taken: int, rng: random.Random):
    left = plan["capacity"] - taken
    if rng.random() < GROUP_SHARE:  # an organiser books for a partner: confirmed or nothing
        seats = rng.randint(5, 12)
        if seats > left:
            return None, taken
        partner = rng.choice(content.PARTNERS)
        return Party(person, seats, CONFIRMED, arrived, confirmed_at=arrived, partner=partner), taken + seats
    seats = min(rng.choice(PARTY_SIZES), plan["max_seats_per_registration"])
    placement = seat_rules.place(seats, left, plan["waitlist_enabled"])
    if placement is seat_rules.Placement.REFUSE:
        return None, taken
    needs = rng.choice(content.ACCESSIBILITY_NEEDS) if rng.random() < NEEDS_SHARE else ""
    if placement is seat_rules.Placement.CONFIRM:
        return Party(person, seats, CONFIRMED, arrived, confirmed_at=arrived, needs=needs), taken + seats
    return Party(person, seats, WAITLISTED, arrived, needs=needs), taken


def _attendee_cancellations(history: History, rng: random.Random) -> datetime | None:
    last = None
    for party in history.parties:
        if party.partner is None and rng.random() < CANCEL_SHARE:
            span = max(0.0, (history.window_end - party.created_at).total_seconds())
            party.cancelled_at = party.created_at + timedelta(seconds=rng.uniform(0, span))
            party.status, party.cancelled_by = CANCELLED, CancelledBy.ATTENDEE
            last = max(last or party.cancelled_at, party.cancelled_at)
    return last


def _promote(history: History, last_cancel: datetime | None) -> None:
    waiting = [(i, p.seats) for i, p in enumerate(history.parties) if p.status == WAITLISTED]
    free = history.capacity - history.seats_taken()
    for index in seat_rules.pick_promotions(free, waiting):
        party = history.parties[index]
        party.status = CONFIRMED
        party.confirmed_at = party.promoted_at = max(party.created_at, last_cancel or party.created_at)


def _cancel_everyone(history: History, start: datetime) -> None:
    when = min(start - timedelta(days=1), history.window_end)
    for party in history.parties:
        if party.status != CANCELLED:
            party.status, party.cancelled_by = CANCELLED, CancelledBy.SESSION
            party.cancelled_at = max(party.created_at, when)


def _check_in(history: History, start: datetime, rng: random.Random) -> None:
    for party in history.parties:
        if party.status == CONFIRMED and rng.random() < CHECK_IN_SHARE:
            party.checked_in_at = start - timedelta(minutes=rng.uniform(0, 25))
