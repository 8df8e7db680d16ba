"""Demo data: ``flask --app wsgi booking seed-demo [--scale small|large]``.

``small`` is a realistic programme over the next eight weeks, booked through
the booking service as real people would; ``large`` is a year of history for
dashboard benchmarks, written with bulk inserts. Both are deterministic for a
given ``rng_seed`` and a given "now" (dates are relative to today).
For development only: the demo accounts have published passwords.
"""

import random
from datetime import datetime

import sqlalchemy as sa

from booking.demo import content
from booking.demo.base import ensure_base
from booking.demo.large import LargeSizes, seed_large
from booking.demo.small import seed_small
from booking.extensions import db
from booking.models import Event, Registration, Session, Venue, utcnow

DEFAULT_SEED = 2026

__all__ = ["DEFAULT_SEED", "LargeSizes", "seed"]


def seed(scale: str = "small", *, rng_seed: int = DEFAULT_SEED, now: datetime | None = None,
         sizes: LargeSizes | None = None) -> str:
    """Load the demo programme (flushes; the caller commits) and say what was made."""
    if scale not in ("small", "large"):
        raise ValueError(f"unknown scale {scale!r}: small or large")
    rng = random.Random(rng_seed)  # noqa: S311 (invented data, reproducible on purpose; never secrets)
    now = now or utcnow()
    before = _counts()
    if scale == "small":
        seed_small(ensure_base(content.VENUES), rng, now)
    else:
        seed_large(ensure_base(content.VENUES + content.EXTRA_VENUES), rng, now, sizes or LargeSizes())
    return _summary(scale, before, _counts())


def _counts() -> dict[str, int]:
    db.session.flush()

    def count(model, *where):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    return {
        "venues": count(Venue),
        "events": count(Event),
        "draft events": count(Event, Event.status == "draft"),
        "sessions": count(Session),
        "cancelled sessions": count(Session, Session.status == "cancelled"),
        "registrations": count(Registration),
        "confirmed": count(Registration, Registration.status == "confirmed"),
        "waitlisted": count(Registration, Registration.status == "waitlisted"),
        "cancelled registrations": count(Registration, Registration.status == "cancelled"),
        "checked in": count(Registration, Registration.checked_in_at.is_not(None)),
    }


def _summary(scale: str, before: dict[str, int], after: dict[str, int]) -> str:
    added = ", ".join(f"{after[key] - before[key]:,} {key}" for key in after)
    return (
        f"Demo programme ({scale}) loaded: {added}.\n"
        f"Organiser: {content.ORGANISER['email']} / {content.ORGANISER['password']} "
        f"(teams: {', '.join(content.TEAMS)}; development only)\n"
        f"Admin: {content.ADMIN['email']} / {content.ADMIN['password']} (development only)"
        + (f"\nDoor volunteer: {content.DOOR_VOLUNTEER['email']} / {content.DOOR_VOLUNTEER['password']} "
           f"(door of {content.LABORATOIRE} only; development only)" if scale == "small" else "")
    )
