"""What every demo programme stands on: the demo accounts, the teams, the venues; and small helpers."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from booking.demo import content
from booking.extensions import db
from booking.models import OutboxMessage, Team, User, Venue
from booking.services import accounts, events


class Base:
    def __init__(self, organiser: User, admin: User, teams: dict[str, Team], venues: dict[str, Venue]):
        self.organiser, self.admin, self.teams, self.venues = organiser, admin, teams, venues


def ensure_base(venues: tuple[content.VenueData, ...]) -> Base:
    """Create the demo accounts, teams and venues, reusing any that already exist."""
    organiser = _account(content.ORGANISER)
    admin = _account(content.ADMIN)
    teams = {name: accounts.get_or_create_team(name) for name in content.TEAMS}
    for team in teams.values():
        if organiser not in team.members:
            team.members.append(organiser)
    found = {}
    for data in venues:
        venue = db.session.scalar(sa.select(Venue).where(Venue.name == data.name, Venue.city == data.city))
        found[data.key] = venue or events.create_venue(
            name=data.name, address=data.address, city=data.city, timezone=data.timezone,
            accessibility_notes=data.accessibility_notes)
    db.session.flush()
    return Base(organiser, admin, teams, found)


def _account(data: dict) -> User:
    return accounts.find_user(data["email"]) or accounts.create_account(**data)


def local_moment(now: datetime, days: int, clock: time, tz: str) -> datetime:
    """``clock`` on the local day ``days`` after today, in ``tz``, as UTC."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def last_outbox_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(OutboxMessage.id), 0)))


def discard_outbox_since(outbox_id: int) -> None:
    """Demo attendees are invented: drop the emails their bookings queued, nobody is there to read them."""
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > outbox_id))
