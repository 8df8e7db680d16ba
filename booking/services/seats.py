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
    spaces_left: int = 0,
) -> Availability:
    """What a session offers someone arriving at ``now``: open while seats or wheelchair spaces are left."""
    if cancelled:
        return Availability.CANCELLED
    if opens_at is not None and now < opens_at:
        return Availability.NOT_YET_OPEN
    if now >= closes_at:
        return Availability.CLOSED
    if seats_left > 0 or spaces_left > 0:
        return Availability.OPEN
    return Availability.WAITLIST if waitlist_enabled else Availability.FULL


def fits(seats: int, spaces: int, seats_left: int, spaces_left: int) -> bool:
    """Whether a party taking ``seats`` seats and ``spaces`` wheelchair spaces fits in what is left: both must."""
    return seats <= seats_left and spaces <= spaces_left


def place(seats: int, seats_left: int, waitlist_enabled: bool, *, spaces: int = 0, spaces_left: int = 0) -> Placement:
    """Where a party taking ``seats`` seats (and ``spaces`` wheelchair spaces) goes: confirmed if it fits,
    else waiting list if any."""
    if fits(seats, spaces, seats_left, spaces_left):
        return Placement.CONFIRM
    return Placement.WAITLIST if waitlist_enabled else Placement.REFUSE


def pick_promotions(free_seats: int, waiting: Iterable[tuple[K, int] | tuple[K, int, int]],
                    free_spaces: int = 0) -> list[K]:
    """The parties to confirm, in arrival order, from ``(key, seats)`` or ``(key, seats, spaces)``.

    A party fits when its seats fit in the seats still free and its wheelchair spaces
    in the spaces still free (``fits``). One that does not is skipped, not dropped:
    it keeps its place and a smaller party behind it may go first.
    """
    promoted = []
    for key, seats, *rest in waiting:
        if free_seats <= 0 and free_spaces <= 0:
            break
        spaces = rest[0] if rest else 0
        if fits(seats, spaces, free_seats, free_spaces):
            promoted.append(key)
            free_seats -= seats
            free_spaces -= spaces
    return promoted
