"""Team isolation: the one helper every organiser query goes through.

An organiser sees only the events of the teams they belong to; an admin sees
all. Anything outside that scope is reported as not found, so another team's
URLs answer 404 and reveal nothing.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from booking.extensions import db
from booking.models import Allocation, Event, Registration, Session, Team, User, team_members
from booking.services.errors import NotFound


def team_ids(user: User) -> list[int]:
    return [team.id for team in user.teams]


def teams_organised_by(user: User) -> list[Team]:
    """The teams ``user`` organises for, by name: their own; every team for an admin."""
    if user.is_admin:
        return list(db.session.scalars(sa.select(Team).order_by(Team.name)))
    return sorted(user.teams, key=lambda team: team.name)


def scope_events(query: sa.Select, user: User) -> sa.Select:
    """Restrict a query that involves Event to the events ``user`` may organise."""
    if user.is_admin:
        return query
    if not user.is_organiser:
        return query.where(sa.false())
    member_teams = sa.select(team_members.c.team_id).where(team_members.c.user_id == user.id)
    return query.where(Event.team_id.in_(member_teams))


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
