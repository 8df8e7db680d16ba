"""When reconfirmation asks, reminds and releases, and how long an offer of seats lasts: plain values only.

The rules, one place (README, "Reconfirm or release; offers that expire"):

- A session with ``reconfirm_days_before = d`` asks its confirmed people ``d`` days before the start
  (``ask_at``); those confirmed after that moment booked recently and are not asked.
- Unanswered, they are reminded once, halfway between being asked and the deadline (``remind_at``).
- The deadline (``release_at``) is 24 hours before the start: unanswered bookings are then released.
- A session with ``offer_hours = h`` offers freed seats to the first waiting party that fits, for ``h``
  hours, but every offer ends at the latest 2 hours before the start (``OFFERS_SETTLED_BEFORE_START``),
  so seats still have a taker. When that leaves less than 30 minutes (``SHORTEST_OFFER``), there is
  no offer: the seats are given at once, as without offers.
"""

from datetime import datetime, timedelta

RECONFIRM_DAYS_MIN, RECONFIRM_DAYS_MAX = 2, 60
OFFER_HOURS_MIN, OFFER_HOURS_MAX = 1, 168
RELEASE_BEFORE_START = timedelta(hours=24)
OFFERS_SETTLED_BEFORE_START = timedelta(hours=2)
SHORTEST_OFFER = timedelta(minutes=30)


def ask_at(starts_at: datetime, days_before: int) -> datetime:
    return starts_at - timedelta(days=days_before)


def release_at(starts_at: datetime) -> datetime:
    """The reconfirmation deadline: who has not answered by then is released."""
    return starts_at - RELEASE_BEFORE_START


def remind_at(requested_at: datetime, starts_at: datetime) -> datetime:
    """Halfway between being asked and the deadline."""
    return requested_at + (release_at(starts_at) - requested_at) / 2


def offer_expires_at(now: datetime, starts_at: datetime, offer_hours: int) -> datetime | None:
    """When an offer made at ``now`` passes on; None: too close to the start, give the seats at once."""
    ends = min(now + timedelta(hours=offer_hours), starts_at - OFFERS_SETTLED_BEFORE_START)
    return ends if ends - now >= SHORTEST_OFFER else None
