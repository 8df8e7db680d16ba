"""Organisers: the session's settings, who was asked / reconfirmed / released, offers open, no-shows."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from booking.extensions import db
from booking.models import Registration, Session, utcnow
from booking.services import bookings
from booking.services.bookings import reconfirmation
from tests.auth import sign_in_as


def test_the_attendee_page_says_who_was_asked_reconfirmed_and_released(as_a, make, event_a):
    session = make.session(event=event_a, capacity=3, starts_in=timedelta(hours=30), reconfirm_days_before=3)
    week_ago = utcnow() - timedelta(days=7)
    ana, bo, cy = (make.registration(session, name=n, now=week_ago) for n in ("Ana", "Bo", "Cy"))
    reconfirmation.ask_due(utcnow() - timedelta(days=1))
    bookings.reconfirm(ana.id)
    db.session.commit()
    page = as_a.get(f"/organiser/sessions/{session.id}/attendees").get_data(as_text=True)
    assert "Asked: 3 bookings." in page and "Reconfirmed: 1." in page and "No answer yet: 2." in page
    assert "reconfirmed" in page and "asked to reconfirm, no answer yet" in page

    reconfirmation.release_due(utcnow() + timedelta(hours=7))
    db.session.commit()
    page = as_a.get(f"/organiser/sessions/{session.id}/attendees").get_data(as_text=True)
    assert "Released: 2." in page and "(released: no answer to the reconfirmation)" in page


def test_the_session_form_takes_the_settings_and_new_sessions_start_from_the_team_default(as_a, make, event_a, team_a):
    team_a.reconfirm_days_before = 4
    db.session.commit()
    form = as_a.get(f"/organiser/events/{event_a.id}/sessions/new").get_data(as_text=True)
    assert 'name="reconfirm_days_before"' in form and 'value="4"' in form
    session = make.session(event=event_a)
    starts = session.starts_at.astimezone(ZoneInfo(event_a.venue.timezone))
    response = as_a.post(f"/organiser/sessions/{session.id}/edit", data={
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10", "max_seats_per_registration": "4", "waitlist_enabled": "y",
        "reconfirm_days_before": "5", "offer_hours": "12"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    saved = db.session.get(Session, session.id)
    assert (saved.reconfirm_days_before, saved.offer_hours) == (5, 12)
    refused = as_a.post(f"/organiser/sessions/{session.id}/edit", data={
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10", "max_seats_per_registration": "4", "reconfirm_days_before": "1"})
    assert refused.status_code == 200 and "Number must be between 2 and 60" in refused.get_data(as_text=True)


def test_an_organiser_marks_absentees_as_no_shows_after_the_start_only(as_a, make, event_a):
    session = make.session(event=event_a, capacity=5, starts_in=timedelta(hours=2))
    came, missed = make.registration(session, name="Came"), make.registration(session, name="Missed")
    bookings.check_in(came.id)
    db.session.commit()
    assert "Mark those not checked in" not in as_a.get(f"/organiser/sessions/{session.id}/attendees").get_data(
        as_text=True)
    refused = as_a.post(f"/organiser/sessions/{session.id}/no-shows", follow_redirects=True)
    assert "absentees can be marked once it has begun" in refused.get_data(as_text=True)

    db.session.get(Session, session.id).starts_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    page = as_a.post(f"/organiser/sessions/{session.id}/no-shows", follow_redirects=True).get_data(as_text=True)
    assert "1 booking marked as a no-show." in page and "no-show" in page
    db.session.expire_all()
    assert db.session.get(Registration, missed.id).no_show_at is not None
    assert db.session.get(Registration, came.id).no_show_at is None


def test_another_team_cannot_mark_no_shows(as_b, make, event_a):
    session = make.session(event=event_a, starts_in=timedelta(hours=-1))
    assert as_b.post(f"/organiser/sessions/{session.id}/no-shows").status_code == 404


def test_an_admin_sets_the_team_default(client, make, team_a):
    sign_in_as(client, make.user(email="admin@example.org", role="admin"))
    response = client.post(f"/admin/teams/{team_a.id}/reconfirm", data={"reconfirm_days_before": "6"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(team_a), team_a.id).reconfirm_days_before == 6
    assert client.post(f"/admin/teams/{team_a.id}/reconfirm", data={"reconfirm_days_before": "99"}).status_code == 422
