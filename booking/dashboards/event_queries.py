"""The event dashboard's queries: its sessions, sign-ups over time, the waiting list, answers (see ``queries``)."""

import collections
import itertools
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from booking.dashboards.queries import (
    ARRIVED,
    CANCELLED,
    CONFIRMED,
    JOINED_WAITLIST,
    LEFT_WAITLIST,
    PROMOTED,
    WAITLISTED,
    sum_if,
)
from booking.extensions import db
from booking.models import CancelledBy, Registration, Session
from booking.services import attendees
from booking.sqlfunctions import epoch_hour


class EventSession(NamedTuple):
    id: int
    starts_at: datetime
    status: str
    capacity: int
    seats_taken: int
    registrations: int
    waiting_parties: int
    waiting_seats: int
    cancelled_by_attendee: int
    cancelled_by_organiser: int
    cancelled_with_session: int
    let_go: int  # not reconfirmed in time, or an offer not accepted in time: the seats went on
    cancelled: int
    joined_waitlist: int
    promoted: int
    left_waitlist: int
    arrived_parties: int  # check-in used: only sessions where someone arrived say anything about no-shows
    arrived_seats: int
    confirmed_seats_now: int  # seats of the bookings confirmed (what arrived is compared with)
    marked_no_shows: int  # bookings an organiser marked as no-shows
    released_seats: int  # seats freed by reconfirm or release


class SessionSignupHour(NamedTuple):
    session_id: int
    hour: int  # whole hours since 1970, UTC
    registrations: int


class WaitlistMove(NamedTuple):
    move: str  # "joined" or "promoted"
    hour: int
    parties: int


class AnswerCount(NamedTuple):
    question_id: int
    answer: str | None  # None: not answered
    parties: int
    seats: int | None


class AccessibilityNeed(NamedTuple):
    session_id: int
    needs: str  # a need's label, or what people wrote in their own words
    parties: int
    seats: int  # the people of those parties (for wheelchairs: the people in one)


def event_sessions(event_id: int) -> list[EventSession]:
    """Every session of an event with its registrations summed: seats, cancellations, waiting list moves."""
    by = Registration.cancelled_by
    cancelled = Registration.status == CANCELLED
    query = (
        sa.select(
            Session.id, Session.starts_at, Session.status, Session.capacity, Session.seats_taken,
            sa.func.count(Registration.id).label("registrations"),
            sum_if(Registration.status == WAITLISTED).label("waiting_parties"),
            sum_if(Registration.status == WAITLISTED, Registration.seats).label("waiting_seats"),
            sum_if(sa.and_(cancelled, by == CancelledBy.ATTENDEE)).label("cancelled_by_attendee"),
            sum_if(sa.and_(cancelled, by == CancelledBy.ORGANISER)).label("cancelled_by_organiser"),
            sum_if(sa.and_(cancelled, by == CancelledBy.SESSION)).label("cancelled_with_session"),
            sum_if(sa.and_(cancelled, by.in_([CancelledBy.RELEASED, CancelledBy.OFFER_EXPIRED]))).label("let_go"),
            sum_if(cancelled).label("cancelled"),
            sum_if(JOINED_WAITLIST).label("joined_waitlist"),
            sum_if(PROMOTED).label("promoted"),
            sum_if(LEFT_WAITLIST).label("left_waitlist"),
            sum_if(ARRIVED).label("arrived_parties"),
            sum_if(ARRIVED, Registration.seats_checked_in).label("arrived_seats"),
            sum_if(Registration.status == CONFIRMED, Registration.seats).label("confirmed_seats_now"),
            sum_if(Registration.no_show_at.is_not(None)).label("marked_no_shows"),
            sum_if(sa.and_(cancelled, by == CancelledBy.RELEASED), Registration.seats).label("released_seats"),
        )
        .outerjoin(Registration, Registration.session_id == Session.id)
        .where(Session.event_id == event_id)
        .group_by(Session.id, Session.starts_at, Session.status, Session.capacity, Session.seats_taken)
        .order_by(Session.starts_at, Session.id)
    )
    return [EventSession(*row) for row in db.session.execute(query)]


def signups_by_hour(event_id: int) -> list[SessionSignupHour]:
    """Every registration ever made on the event, per session and UTC hour."""
    hour = epoch_hour(Registration.created_at)
    query = (
        sa.select(Registration.session_id, hour.label("hour"), sa.func.count())
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id)
        .group_by(Registration.session_id, hour)
    )
    return [SessionSignupHour(*row) for row in db.session.execute(query)]


def waitlist_by_hour(event_id: int) -> list[WaitlistMove]:
    """Arrivals on the waiting list and promotions off it, per UTC hour."""

    def moves(label: str, column, condition):
        hour = epoch_hour(column)
        return (
            sa.select(sa.literal_column(f"'{label}'").label("move"), hour.label("hour"), sa.func.count())
            .join(Session, Registration.session_id == Session.id)
            .where(Session.event_id == event_id, condition)
            .group_by(hour)
        )

    query = sa.union_all(
        moves("joined", Registration.created_at, JOINED_WAITLIST),
        moves("promoted", Registration.promoted_at, PROMOTED),
    )
    return [WaitlistMove(*row) for row in db.session.execute(query)]


def answer_counts(event_id: int, keys: dict[int, str]) -> list[AnswerCount]:
    """Answers over active registrations; ``keys`` maps question id to answer key."""
    if not keys:
        return []
    parts = [
        sa.select(
            sa.literal_column(str(int(question_id))).label("question_id"),
            Registration.answers[key].as_string().label("answer"),
            Registration.seats.label("seats"),
        )
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id, Registration.status.in_((CONFIRMED, WAITLISTED)))
        for question_id, key in keys.items()
    ]
    answers = sa.union_all(*parts).subquery()
    # Grouping over the subquery: the JSON path is a bound parameter PostgreSQL could not match in GROUP BY.
    query = sa.select(
        answers.c.question_id, answers.c.answer, sa.func.count().label("parties"), sa.func.sum(answers.c.seats)
    ).group_by(answers.c.question_id, answers.c.answer)
    return [AnswerCount(int(question_id), *rest) for question_id, *rest in db.session.execute(query)]


def accessibility_needs(event_id: int) -> list[AccessibilityNeed]:
    """Active registrations' needs, per session: counted by code (``attendees.count_needs``: wheelchair
    users, then each need), then what people wrote in their own words, per text."""
    rows = db.session.execute(
        sa.select(Registration.session_id, Registration.access_needs, Registration.wheelchair_spaces,
                  Registration.seats, Registration.accessibility_needs)
        .join(Session, Registration.session_id == Session.id)
        .where(Session.event_id == event_id, Registration.status.in_((CONFIRMED, WAITLISTED)))
        .order_by(Registration.session_id, Registration.id)
    ).all()
    needs = []
    for session_id, parties in itertools.groupby(rows, key=lambda row: row.session_id):
        parties = list(parties)
        needs += [AccessibilityNeed(session_id, attendees.need_label(count.need), count.parties, count.people)
                  for count in attendees.count_needs((p.access_needs, p.wheelchair_spaces, p.seats) for p in parties)]
        words = collections.Counter()
        seats = collections.Counter()
        for party in parties:
            if party.accessibility_needs:
                words[party.accessibility_needs] += 1
                seats[party.accessibility_needs] += party.seats
        needs += [AccessibilityNeed(session_id, text, words[text], seats[text]) for text in sorted(words)]
    return needs
