"""The event dashboard: cumulative sign-ups per session, cancellations, waiting list moves, answers."""

from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import Question, utcnow
from booking.services.bookings import CancelledBy
from tests.dashboards.conftest import as_dicts, book, cancel, local_at, local_day, read_csv


@pytest.fixture
def event(any_make):
    """Session A (3 seats, fills, a waiting list moves) and session B (5 seats), with two questions.

    A: r1 2 seats (day -6), r2 1 seat (day -4, cancels day -2), r4 2 seats and r5 1 seat waitlisted (day -3);
    r2's seat goes to r5 (r4 does not fit), then r4 leaves the list (day -1).
    B: r3 1 seat (day -4), r6 1 seat (day -1, cancelled by an organiser).
    """
    make = any_make
    team = make.team()
    event = make.event(team=team, title="Atelier VR", kind="workshop")
    db.session.add_all([
        Question(event=event, label="When do you prefer?", kind="choice", choices=["Morning", "Afternoon"], position=1),
        Question(event=event, label="First visit?", kind="yes_no", position=2),
        Question(event=event, label="Anything else?", kind="short_text", position=3),
    ])
    db.session.commit()
    choice, yes_no, _text = event.questions
    now = utcnow()
    a = make.session(event=event, capacity=3, starts_at=now + timedelta(days=10))
    b = make.session(event=event, capacity=5, starts_at=now + timedelta(days=20))

    def answers(when=None, first=None):
        return {str(q.id): v for q, v in ((choice, when), (yes_no, first)) if v is not None}

    book(a, at=local_at(6), seats=2, answers=answers("Morning", "yes"),
         access_needs=("step_free_access",), accessibility_needs="Wheelchair space")
    r2 = book(a, at=local_at(4), seats=1, answers=answers("Afternoon", "no"))
    book(b, at=local_at(4), seats=1, answers=answers("Morning"), access_needs=("sign_language",),
         accessibility_needs="French sign language (LSF) — two people")
    r4 = book(a, at=local_at(3), seats=2, answers=answers(first="yes"))
    r5 = book(a, at=local_at(3), seats=1, answers=answers(first="no"))
    assert (r4.status, r5.status) == ("waitlisted", "waitlisted")
    cancel(r2, at=local_at(2))
    db.session.refresh(r5)
    assert r5.status == "confirmed"
    cancel(r4, at=local_at(1))
    cancel(book(b, at=local_at(1)), at=local_at(1, 12), by=CancelledBy.ORGANISER)
    organiser = make.user(role="organiser", teams=[team])
    return event, organiser


def _csv(client, event, key):
    return read_csv(client.get(f"/organiser/dashboard/events/{event.id}/tables/{key}.csv"))


def test_sessions_table_shows_fill_and_cancellations_by_who(event, login):
    event, organiser = event
    rows = _csv(login(organiser), event, "sessions")

    header, a, b, total = rows
    assert header[2:] == ["Seats booked", "Capacity", "Fill rate", "Parties waiting", "Cancelled by the person",
                          "Cancelled by an organiser", "Cancelled with the session",
                          "Not reconfirmed or offer not taken in time"]
    assert a[2:] == ["3", "3", "100.0", "0", "2", "0", "0", "0"]
    assert b[2:] == ["1", "5", "20.0", "0", "0", "1", "0", "0"]
    assert total[2:] == ["4", "8", "50.0", "0", "2", "1", "0", "0"]


def test_seats_let_go_by_reconfirmation_or_an_expired_offer_are_counted_apart(event, login):
    event, organiser = event
    b = next(s for s in event.sessions if s.capacity == 5)
    cancel(book(b, at=local_at(2)), at=local_at(1), by=CancelledBy.RELEASED)
    cancel(book(b, at=local_at(2)), at=local_at(1), by=CancelledBy.OFFER_EXPIRED)
    header, _a, b_row, total = _csv(login(organiser), event, "sessions")

    columns = dict(zip(header, b_row, strict=True))
    assert columns["Not reconfirmed or offer not taken in time"] == "2"
    assert columns["Cancelled by the person"] == "0"  # neither counts as the person's own cancellation
    assert total[-1] == "2"


def test_signups_are_cumulative_per_session_from_first_sign_up_to_today(event, login):
    event, organiser = event
    header, *days = _csv(login(organiser), event, "signups")

    assert header[0] == "Day" and header[-1] == "All sessions"
    assert [row[0] for row in days] == [local_day(n) for n in range(6, -1, -1)]
    assert [row[1:] for row in days] == [
        ["1", "0", "1"], ["1", "0", "1"], ["2", "1", "3"], ["4", "1", "5"], ["4", "1", "5"], ["4", "2", "6"],
        ["4", "2", "6"],
    ]


def test_a_chosen_period_still_counts_earlier_sign_ups_in_the_running_total(event, login):
    event, organiser = event
    client = login(organiser)
    url = f"/organiser/dashboard/events/{event.id}/tables/signups.csv?date_from={local_day(3)}&date_to={local_day(2)}"
    header, *days = read_csv(client.get(url))

    assert days == [[local_day(3), "4", "1", "5"], [local_day(2), "4", "1", "5"]]


def test_waiting_list_moves_joined_promoted_and_left(event, login):
    event, organiser = event
    client = login(organiser)
    per_session = _csv(client, event, "waitlist")
    per_day = as_dicts(_csv(client, event, "waitlist_days"))

    assert per_session[0] == ["Session", "Joined the waiting list", "Promoted", "Left while waiting", "Still waiting"]
    assert per_session[1][1:] == ["2", "1", "1", "0"]
    assert per_session[2][1:] == ["0", "0", "0", "0"]
    assert (per_day[local_day(3)]["Joined"], per_day[local_day(3)]["Promoted"]) == ("2", "0")
    assert (per_day[local_day(2)]["Joined"], per_day[local_day(2)]["Promoted"]) == ("0", "1")
    assert per_day["Total"] == {"Day": "Total", "Joined": "2", "Promoted": "1"}


def test_answers_are_counted_per_choice_over_active_bookings(event, login):
    event, organiser = event
    header, *rows = _csv(login(organiser), event, "answers")

    assert header == ["Question", "Answer", "Bookings", "Seats"]
    assert rows == [
        ["When do you prefer?", "Morning", "2", "3"],
        ["When do you prefer?", "Afternoon", "0", "0"],  # its only booking was cancelled
        ["When do you prefer?", "No answer", "1", "1"],
        ["First visit?", "Yes", "1", "2"],
        ["First visit?", "No", "1", "1"],
        ["First visit?", "No answer", "1", "1"],
    ]


def test_accessibility_needs_to_plan_for_per_session(event, login):
    event, organiser = event
    client = login(organiser)
    header, *rows, total = _csv(client, event, "accessibility")

    assert header[1:] == ["Need", "Bookings", "People"]
    # Counted by code, in the form's order, then in people's own words.
    assert [row[1:] for row in rows] == [
        ["Step-free access (no stairs)", "1", "2"], ["Wheelchair space", "1", "2"],
        ["French sign language (LSF)", "1", "1"], ["French sign language (LSF) — two people", "1", "1"]]
    assert total == ["Total", "", "4", "6"]
    page = client.get(f"/organiser/dashboard/events/{event.id}")
    assert page.status_code == 200
    assert "Wheelchair space" in page.text
    assert page.text.count('<svg role="img"') == 6  # fill, cancellations, sign-ups, waiting list, 2 questions


def test_an_event_without_sign_ups_shows_an_empty_dashboard(any_make, login):
    team = any_make.team()
    event = any_make.event(team=team)
    any_make.session(event=event)
    page = login(any_make.user(role="organiser", teams=[team])).get(f"/organiser/dashboard/events/{event.id}")

    assert page.status_code == 200
    assert "Nobody has signed up yet." in page.text
