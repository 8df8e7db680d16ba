"""Team isolation: the one helper every organiser query goes through.

An organiser sees only the events of the teams they organise; an admin sees
all. Anything outside that scope is reported as not found, so another team's
URLs answer 404 and reveal nothing.

A team's door volunteers (membership role ``door``) see only the check-in of
the team's sessions of the day: ``check_in_session_for`` and
``check_in_registration_for``; every other helper here leaves them out.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.models import Allocation, Event, MemberRole, Registration, Session, Team, User, team_members, utcnow
from booking.services.errors import NotFound


def _member_team_ids(user: User, role: MemberRole) -> sa.Select:
    return sa.select(team_members.c.team_id).where(team_members.c.user_id == user.id, team_members.c.role == role)


def team_ids(user: User) -> list[int]:
    """The teams ``user`` organises (door memberships left out)."""
    return list(db.session.scalars(_member_team_ids(user, MemberRole.ORGANISER)))


def door_team_ids(user: User) -> list[int]:
    """The teams whose door ``user`` keeps (as a volunteer, not as an organiser)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(_member_team_ids(user, MemberRole.DOOR)))


def is_door_volunteer(user: User) -> bool:
    """Someone who keeps a door and organises nothing: every page but the door's answers them 404."""
    return getattr(user, "is_authenticated", False) and not user.is_organiser and bool(door_team_ids(user))


def teams_organised_by(user: User) -> list[Team]:
    """The teams ``user`` organises for, by name: their own; every team for an admin."""
    if user.is_admin:
        return list(db.session.scalars(sa.select(Team).order_by(Team.name)))
    ids = set(team_ids(user))
    return sorted((team for team in user.teams if team.id in ids), key=lambda team: team.name)


def scope_events(query: sa.Select, user: User) -> sa.Select:
    """Restrict a query that involves Event to the events ``user`` may organise."""
    if user.is_admin:
        return query
    if not user.is_organiser:
        return query.where(sa.false())
    return query.where(Event.team_id.in_(_member_team_ids(user, MemberRole.ORGANISER)))


def can_organise(user: User, team_id: int) -> bool:
    return user.is_admin or (user.is_organiser and team_id in team_ids(user))


def event_for(user: User, event_id: int) -> Event:
    event = db.session.scalar(scope_events(sa.select(Event).where(Event.id == event_id), user))
    if event is None:
        raise NotFound()
    return event


def session_for(user: User, session_id: int) -> Session:
    query = (
        sa.select(Session)
        .join(Event, Session.event_id == Event.id)
        .where(Session.id == session_id)
        .options(joinedload(Session.event).joinedload(Event.venue))
    )
    session = db.session.scalar(scope_events(query, user))
    if session is None:
        raise NotFound()
    return session


def registration_for(user: User, registration_id: int) -> Registration:
    query = (
        sa.select(Registration)
        .join(Session, Registration.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .where(Registration.id == registration_id)
    )
    registration = db.session.scalar(scope_events(query, user))
    if registration is None:
        raise NotFound()
    return registration


def allocation_for(user: User, allocation_id: int) -> Allocation:
    """A partner allocation on one of the user's teams' sessions."""
    query = (
        sa.select(Allocation)
        .join(Session, Allocation.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .where(Allocation.id == allocation_id)
    )
    allocation = db.session.scalar(scope_events(query, user))
    if allocation is None:
        raise NotFound()
    return allocation


# -- The door -------------------------------------------------------------------------


def is_of_the_day(session: Session, now: datetime) -> bool:
    """Whether the session starts on the day ``now`` is, at its venue."""
    zone = ZoneInfo(session.event.venue.timezone)
    return session.starts_at.astimezone(zone).date() == now.astimezone(zone).date()


def door_sessions(user: User, now: datetime | None = None) -> list[Session]:
    """The sessions of the day of the teams whose door ``user`` keeps, by start."""
    now = now or utcnow()
    ids = door_team_ids(user)
    if not ids:
        return []
    # A day and a half either way covers every time zone; the venue's own day is decided below.
    candidates = db.session.scalars(
        sa.select(Session).join(Event, Session.event_id == Event.id)
        .where(Event.team_id.in_(ids), Session.starts_at > now - timedelta(hours=36),
               Session.starts_at < now + timedelta(hours=36))
        .options(joinedload(Session.event).joinedload(Event.venue))
        .order_by(Session.starts_at)
    ).all()
    return [session for session in candidates if is_of_the_day(session, now)]


def check_in_session_for(user: User, session_id: int, now: datetime | None = None) -> Session:
    """A session whose check-in ``user`` may do: any session they organise, or one of the day at their door."""
    try:
        return session_for(user, session_id)
    except NotFound:
        for session in door_sessions(user, now):
            if session.id == session_id:
                return session
        raise


def check_in_registration_for(user: User, registration_id: int, now: datetime | None = None) -> Registration:
    """A registration ``user`` may check in: as an organiser of its team, or at the door of its session that day."""
    try:
        return registration_for(user, registration_id)
    except NotFound:
        registration = db.session.get(Registration, registration_id)
        if registration is None:
            raise
        check_in_session_for(user, registration.session_id, now)
        return registration
