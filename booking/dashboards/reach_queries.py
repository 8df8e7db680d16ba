"""The reach dashboard's queries: people reached, first-timers, group bookings, partners' seats (see ``queries``)."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from booking.dashboards.queries import (
    ARRIVED,
    CONFIRMED,
    LIVE_SESSION,
    Scope,
    per_session,
    registrations_in,
    sum_if,
)
from booking.extensions import db
from booking.models import Allocation, CancelledBy, Event, Registration, Session
from booking.sqlfunctions import or_of_flags


@dataclass(frozen=True)
class Reach:
    reached: list[int]  # distinct people who attended, per slice
    first_time: list[int]  # of whom their first session ever (in scope) was in that slice
    total: int  # distinct people over all slices


class GroupBookings(NamedTuple):
    structure: str
    bookings: int
    sessions: int
    seats: int
    arrived_seats: int


class PartnerSeats(NamedTuple):
    partner: str
    sessions: int
    offered: int  # seats held for the partner
    used: int  # of which the partner booked (and still holds)


def people_reached(scope: Scope, boundaries: list[datetime]) -> Reach:
    """People with a confirmed booking on a live session held in each slice of ``boundaries``.

    A person is a ``person_ref``: an email, case ignored, that anonymisation does not change.

    Each live session held before the end is marked with one bit: bit 0 for "before the period" (a first
    session ever may be long ago), bit ``i + 1`` for slice ``i``. One pass over the confirmed bookings
    (index-only: ``ix_registrations_confirmed_by_session``) ORs each person's bits together, and people are
    counted per combination of bits: their lowest bit is their first time, and each bit a slice they came in.
    """
    starts = Session.starts_at
    flag = sa.case((starts < boundaries[0], sa.literal(_bit(0), sa.BigInteger)),
                   *((starts < cut, sa.literal(_bit(index + 1), sa.BigInteger)) for index, cut in enumerate(boundaries[1:])))
    # Materialised: each session's bit is worked out once, not once per booking.
    sessions = scope.apply(
        sa.select(Session.id.label("session_id"), flag.label("flag"))
        .join(Event, Session.event_id == Event.id)
        .where(*LIVE_SESSION, starts < boundaries[-1])
    ).cte("sliced_sessions").prefix_with("MATERIALIZED", dialect="postgresql")
    people = (
        sa.select(or_of_flags(sessions.c.flag).label("flags"))
        .select_from(Registration)
        .join(sessions, Registration.session_id == sessions.c.session_id)
        .where(Registration.status == CONFIRMED)
        .group_by(Registration.person_ref)
        .subquery()
    )
    slices = len(boundaries) - 1
    reached, first_time, total = [0] * slices, [0] * slices, 0
    for flags, count in db.session.execute(sa.select(people.c.flags, sa.func.count()).group_by(people.c.flags)):
        came = [index for index in range(slices) if flags & _bit(index + 1)]
        if not came:  # only before the period
            continue
        total += count
        for index in came:
            reached[index] += count
        if not flags & _bit(0):
            first_time[came[0]] += count
    return Reach(reached, first_time, total)


def _bit(number: int) -> int:
    return 1 << number


def group_bookings(scope: Scope, start: datetime, end: datetime) -> list[GroupBookings]:
    """Confirmed group bookings on live sessions held in [start, end), per partner structure."""
    query = (
        registrations_in()
        .add_columns(
            Registration.partner_structure.label("structure"),
            sa.func.count().label("bookings"),
            sa.func.count(sa.distinct(Registration.session_id)).label("sessions"),
            sa.func.sum(Registration.seats).label("seats"),
            sum_if(ARRIVED, Registration.seats_checked_in).label("arrived_seats"),
        )
        .where(Registration.partner_structure.is_not(None), Registration.status == CONFIRMED, *LIVE_SESSION,
               Session.starts_at >= start, Session.starts_at < end)
        .group_by(Registration.partner_structure)
        .order_by(sa.func.sum(Registration.seats).desc(), Registration.partner_structure)
    )
    return [GroupBookings(*row) for row in db.session.execute(scope.apply(query))]


def partner_seats(scope: Scope, start: datetime, end: datetime) -> list[PartnerSeats]:
    """Seats offered to partners (their allocations) and used by them, on live sessions held in [start, end),
    per partner (its name, whatever the case)."""
    partner = sa.func.min(Allocation.partner)
    query = (
        sa.select(partner.label("partner"), sa.func.count(sa.distinct(Allocation.session_id)),
                  sa.func.sum(Allocation.seats), sa.func.sum(Allocation.seats_used))
        .select_from(Allocation)
        .join(Session, Allocation.session_id == Session.id)
        .join(Event, Session.event_id == Event.id)
        .where(*LIVE_SESSION, Session.starts_at >= start, Session.starts_at < end)
        .group_by(sa.func.lower(Allocation.partner))
        .order_by(sa.func.sum(Allocation.seats).desc(), partner)
    )
    return [PartnerSeats(*row) for row in db.session.execute(scope.apply(query))]


class ReconfirmationEffect(NamedTuple):
    kind: str
    sessions: int  # sessions that asked their people to reconfirm
    asked: int  # bookings asked
    reconfirmed: int
    released_seats: int
    refilled_seats: int  # seats given to people waiting from the first release on


def reconfirmation_effect(scope: Scope, start: datetime, end: datetime) -> list[ReconfirmationEffect]:
    """Per kind of event, over live sessions held in [start, end) that asked for reconfirmation: how many
    bookings were asked and reconfirmed, how many seats were released, and how many of those found
    someone on the waiting list (seats confirmed off the waiting list from the session's first release on)."""
    released = sa.and_(Registration.status == "cancelled", Registration.cancelled_by == CancelledBy.RELEASED)
    first_release = per_session(sa.func.min(Registration.cancelled_at), released)
    seats = sa.func.coalesce(sa.func.sum(Registration.seats), 0)
    per = scope.apply(
        sa.select(
            Event.kind.label("kind"),
            per_session(sa.func.count(), Registration.reconfirm_status.is_not(None)).label("asked"),
            per_session(sa.func.count(), Registration.reconfirm_status == "reconfirmed").label("reconfirmed"),
            per_session(seats, released).label("released_seats"),
            per_session(seats, sa.and_(Registration.status == CONFIRMED, Registration.promoted_at.is_not(None),
                                       Registration.promoted_at >= first_release)).label("refilled_seats"),
        )
        .select_from(Session)
        .join(Event, Session.event_id == Event.id)
        .where(*LIVE_SESSION, Session.reconfirm_days_before.is_not(None), Session.starts_at >= start,
               Session.starts_at < end)
    ).subquery()
    query = (
        sa.select(per.c.kind, sa.func.count(), sa.func.sum(per.c.asked), sa.func.sum(per.c.reconfirmed),
                  sa.func.sum(per.c.released_seats), sa.func.sum(per.c.refilled_seats))
        .group_by(per.c.kind)
        .order_by(per.c.kind)
    )
    return [ReconfirmationEffect(kind, *(int(n or 0) for n in figures)) for kind, *figures in db.session.execute(query)]


def wheelchair_spaces_used(scope: Scope, start: datetime, end: datetime) -> int:
    """Wheelchair spaces held by confirmed bookings on live sessions held in [start, end)."""
    query = (
        registrations_in()
        .add_columns(sa.func.coalesce(sa.func.sum(Registration.wheelchair_spaces), 0))
        # Bookings without any add nothing: read the few with some (ix_registrations_wheelchairs).
        .where(Registration.wheelchair_spaces > 0, Registration.status == CONFIRMED, *LIVE_SESSION,
               Session.starts_at >= start, Session.starts_at < end)
    )
    return int(db.session.execute(scope.apply(query)).scalar() or 0)
