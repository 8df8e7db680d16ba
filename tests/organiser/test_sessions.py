"""Sessions: added one by one or as a series in local time; moved, re-sized and cancelled through the booking service."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, RegistrationStatus, Session, SessionStatus
from booking.services import events as events_service
from tests.organiser.conftest import outbox, paris

PARIS = ZoneInfo("Europe/Paris")

SESSION_FORM = {
    "starts_at": "2030-12-14T14:30", "ends_at": "2030-12-14T16:00", "capacity": "25",
    "waitlist_enabled": "y", "max_seats_per_registration": "4", "registration_opens_at": "",
    "registration_closes_at": "", "repeat": "", "count": "1",
}


def _sessions(event):
    return db.session.scalars(sa.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at)).all()


def _local(moment) -> str:
    """How a datetime-local input shows ``moment`` in Paris."""
    return moment.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")


def _edit_form(session, **changes) -> dict:
    """The edit form as the page fills it (Paris local time), with ``changes`` (None leaves a field out)."""
    data = {
        "starts_at": _local(session.starts_at),
        "ends_at": _local(session.ends_at),
        "capacity": str(session.capacity),
        "max_seats_per_registration": str(session.max_seats_per_registration),
        "registration_opens_at": "", "registration_closes_at": "",
    }
    if session.waitlist_enabled:
        data["waitlist_enabled"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_session_typed_in_paris_time_is_stored_in_utc(as_a, event_a):
    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=SESSION_FORM)

    assert response.status_code == 302
    [session] = _sessions(event_a)
    assert session.starts_at == paris(2030, 12, 14, 14, 30)  # 13:30 UTC in winter
    assert (session.capacity, session.waitlist_enabled, session.max_seats_per_registration) == (25, True, 4)


def test_a_weekly_series_keeps_the_local_time_across_the_clock_change(as_a, event_a):
    form = SESSION_FORM | {"starts_at": "2030-03-16T14:00", "ends_at": "2030-03-16T16:00",
                           "repeat": "weekly", "count": "6"}

    as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=form)

    starts = [s.starts_at for s in _sessions(event_a)]
    assert starts == [paris(2030, 3, day, 14) for day in (16, 23, 30)] + [paris(2030, 4, day, 14) for day in (6, 13, 20)]
    assert starts[0].hour == 13 and starts[-1].hour == 12  # UTC+1, then UTC+2 from 31 March


def test_a_daily_series_moves_registration_windows_with_each_session(make, event_a):
    first = events_service.SessionFields(
        starts_at=paris(2030, 6, 1, 10), ends_at=paris(2030, 6, 1, 12), capacity=12,
        registration_opens_at=paris(2030, 5, 1, 9), registration_closes_at=paris(2030, 6, 1, 9))

    added = events_service.add_session_series(event_a, first, every="daily", count=3)

    assert [s.starts_at for s in added] == [paris(2030, 6, d, 10) for d in (1, 2, 3)]
    assert [s.registration_opens_at for s in added] == [paris(2030, 5, d, 9) for d in (1, 2, 3)]
    assert [s.registration_closes_at for s in added] == [paris(2030, 6, d, 9) for d in (1, 2, 3)]


def test_a_series_refuses_a_silly_length(as_a, event_a):
    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new",
                         data=SESSION_FORM | {"repeat": "weekly", "count": "500"})

    assert response.status_code == 200 and 'id="error-summary"' in response.get_data(as_text=True)
    assert _sessions(event_a) == []


def test_a_time_the_clocks_skip_is_refused(as_a, event_a):
    form = SESSION_FORM | {"starts_at": "2030-03-31T02:30", "ends_at": "2030-03-31T04:00"}

    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=form)

    assert "the clocks change" in response.get_data(as_text=True)
    assert _sessions(event_a) == []


def test_a_session_ending_before_it_starts_is_refused(as_a, event_a):
    form = SESSION_FORM | {"ends_at": "2030-12-14T13:00"}

    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=form)

    assert "The end must come after the start." in response.get_data(as_text=True)
    assert _sessions(event_a) == []


def test_raising_capacity_promotes_the_waiting_list_in_order(as_a, make, session_a):
    session = make.session(event=session_a.event, capacity=2)
    make.registration(session, seats=2, email="first@example.org")
    waiting = [make.registration(session, seats=n, email=f"wait{n}@example.org") for n in (2, 1)]
    assert all(r.is_waitlisted for r in waiting)

    response = as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session, capacity="5"),
                         follow_redirects=True)

    assert "2 parties on the waiting list got a seat" in response.get_data(as_text=True)
    assert {r.status for r in db.session.scalars(sa.select(Registration).where(Registration.session_id == session.id))} \
        == {RegistrationStatus.CONFIRMED}
    assert [m.recipient for m in outbox("promoted")] == ["wait2@example.org", "wait1@example.org"]
    db.session.refresh(session)
    assert (session.capacity, session.seats_taken) == (5, 5)


def test_lowering_capacity_below_the_seats_taken_keeps_every_booking(as_a, make, event_a):
    session = make.session(event=event_a, capacity=6)
    booked = [make.registration(session, seats=2) for _ in range(3)]

    as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session, capacity="3"))

    db.session.refresh(session)
    assert (session.capacity, session.seats_taken) == (3, 6)
    assert all(db.session.get(Registration, r.id).is_confirmed for r in booked)
    assert outbox("session_cancelled") == []


def test_moving_a_session_tells_everyone_booked_or_waiting(as_a, make, event_a):
    session = make.session(event=event_a, capacity=1)
    make.registration(session, email="booked@example.org")
    make.registration(session, email="waiting@example.org")
    cancelled = make.registration(make.session(event=event_a), email="elsewhere@example.org")
    later = session.starts_at + timedelta(days=1)

    response = as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(
        session, starts_at=_local(later), ends_at=_local(later + timedelta(hours=2))))

    assert response.status_code == 302
    db.session.refresh(session)
    assert session.starts_at == later.replace(second=0, microsecond=0)
    assert session.sequence == 1
    assert sorted(m.recipient for m in outbox("rescheduled")) == ["booked@example.org", "waiting@example.org"]
    assert cancelled.email not in [m.recipient for m in outbox("rescheduled")]


def test_saving_a_session_unchanged_tells_nobody(as_a, make, event_a):
    session = make.session(event=event_a, capacity=4)  # created with seconds, as the API may
    make.registration(session)

    as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session))

    assert outbox("rescheduled") == []
    db.session.refresh(session)
    assert session.sequence == 0


def test_cancelling_a_session_cancels_and_tells_everyone(as_a, make, event_a):
    session = make.session(event=event_a, capacity=1)
    booked = make.registration(session, email="booked@example.org")
    make.registration(session, email="waiting@example.org")

    page = as_a.get(f"/organiser/sessions/{session.id}/cancel").get_data(as_text=True)
    assert "2 people booked or waiting will be told" in page
    as_a.post(f"/organiser/sessions/{session.id}/cancel")

    db.session.refresh(session)
    assert session.status == SessionStatus.CANCELLED and session.seats_taken == 0
    assert db.session.get(Registration, booked.id).cancelled_by == "session"
    assert sorted(m.recipient for m in outbox("session_cancelled")) == ["booked@example.org", "waiting@example.org"]


def test_editing_registration_window_and_limits(as_a, make, event_a):
    session = make.session(event=event_a, capacity=10, starts_at=paris(2030, 9, 1, 18))

    as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session, **{
        "registration_opens_at": "2030-08-01T09:00", "registration_closes_at": "2030-09-01T12:00",
        "max_seats_per_registration": "2", "waitlist_enabled": None}))

    db.session.refresh(session)
    assert session.registration_opens_at == paris(2030, 8, 1, 9)
    assert session.registration_closes_at == paris(2030, 9, 1, 12)
    assert (session.max_seats_per_registration, session.waitlist_enabled) == (2, False)


def test_a_cancelled_session_can_no_longer_be_edited(as_a, make, event_a):
    session = make.session(event=event_a, status="cancelled")

    response = as_a.get(f"/organiser/sessions/{session.id}/edit")

    assert response.status_code == 302


def test_a_cancelled_event_gets_no_new_session(as_a, event_a):
    as_a.post(f"/organiser/events/{event_a.id}/cancel")

    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=SESSION_FORM)

    assert response.status_code == 302
    assert _sessions(event_a) == []


def test_cancelling_a_session_nobody_booked_says_nobody_in_words(as_a, make, event_a):
    """Not "0 person … will be told": in French that read « 0 personne … sera prévenue »."""
    session = make.session(event=event_a)

    english = as_a.get(f"/organiser/sessions/{session.id}/cancel").get_data(as_text=True)
    french = as_a.get(f"/organiser/sessions/{session.id}/cancel",
                      headers={"Accept-Language": "fr"}).get_data(as_text=True)
    event_page = as_a.get(f"/organiser/events/{event_a.id}/cancel").get_data(as_text=True)

    assert "Nobody is booked or waiting" in english and "0 person" not in english
    assert "Nobody is booked or waiting" in event_page
    assert "Personne n’est inscrit ni en attente" in french and "0 personne" not in french


def test_wheelchair_spaces_are_set_on_a_new_session_and_changed_on_edit_promoting_who_waits(as_a, make, event_a):
    as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=SESSION_FORM | {"wheelchair_spaces": "1"})
    [session] = _sessions(event_a)
    assert (session.wheelchair_spaces, session.wheelchair_ceiling) == (1, 1)
    page = as_a.get(f"/organiser/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'id="wheelchair_spaces"' in page and 'value="1"' in page

    make.registration(session, wheelchair_spaces=1)
    waiting = make.registration(session, seats=2, wheelchair_spaces=1)
    as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session))  # left out: kept
    assert db.session.get(Session, session.id).wheelchair_spaces == 1
    as_a.post(f"/organiser/sessions/{session.id}/edit", data=_edit_form(session, wheelchair_spaces="2"))
    db.session.expire_all()
    assert db.session.get(Session, session.id).wheelchair_spaces_taken == 2
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


def test_wheelchair_spaces_below_zero_are_refused_on_the_form(as_a, event_a):
    response = as_a.post(f"/organiser/events/{event_a.id}/sessions/new", data=SESSION_FORM | {"wheelchair_spaces": "-1"})
    assert response.status_code in (200, 422)
    assert 'id="wheelchair_spaces-error"' in response.get_data(as_text=True)
    assert _sessions(event_a) == []
