"""Seat arithmetic and registration windows, on plain values (no database, no Flask)."""

import enum
from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class Availability(enum.StrEnum):
    OPEN = "open"  # seats left
    WAITLIST = "waitlist"  # full, waiting list open
    FULL = "full"  # full, no waiting list
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"  # window over (or session started)
    CANCELLED = "cancelled"


class Placement(enum.StrEnum):
    CONFIRM = "confirm"
    WAITLIST = "waitlist"
    REFUSE = "refuse"


def availability(
    *,
    cancelled: bool,
    opens_at: datetime | None,
    closes_at: datetime,
    seats_left: int,
    waitlist_enabled: bool,
    now: datetime,
) -> Availability:
    """What a session offers someone arriving at ``now``."""
    if cancelled:
        return Availability.CANCELLED
    if opens_at is not None and now < opens_at:
        return Availability.NOT_YET_OPEN
    if now >= closes_at:
        return Availability.CLOSED
    if seats_left > 0:
        return Availability.OPEN
    return Availability.WAITLIST if waitlist_enabled else Availability.FULL


def place(seats: int, seats_left: int, waitlist_enabled: bool) -> Placement:
    """Where a party of ``seats`` goes: confirmed if it fits, else waiting list if any."""
    if seats <= seats_left:
        return Placement.CONFIRM
    return Placement.WAITLIST if waitlist_enabled else Placement.REFUSE


def pick_promotions(free_seats: int, waiting: Iterable[tuple[K, int]]) -> list[K]:
    """The parties to confirm, in arrival order, from ``(key, seats)`` pairs.

    A party that does not fit in the seats still free is skipped, not dropped:
    it keeps its place and a smaller party behind it may go first.
    """
    promoted = []
    for key, seats in waiting:
        if free_seats <= 0:
            break
        if seats <= free_seats:
            promoted.append(key)
            free_seats -= seats
    return promoted
