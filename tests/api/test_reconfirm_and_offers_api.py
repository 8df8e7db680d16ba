"""API contract: reconfirm, accept and decline by manage token; sessions' reconfirmation and offer settings."""

from datetime import UTC, timedelta

import pytest

from booking.extensions import db
from booking.models import Registration, Session, utcnow
from booking.services import bookings
from booking.services.bookings import reconfirmation
from tests.api.conftest import error_of, has_offset


def url(registration: Registration, action: str) -> str:
    return f"/api/v1/registrations/{registration.manage_token}/{action}"


def at(days: int) -> str:
    return (utcnow() + timedelta(days=days)).replace(microsecond=0).astimezone(UTC).isoformat()


@pytest.fixture
def asked(make):
    """A booking made a week ago, asked to reconfirm (the session asks 3 days before; it starts in 2)."""
    session = make.session(capacity=3, starts_in=timedelta(days=2), reconfirm_days_before=3)
    registration = make.registration(session, now=utcnow() - timedelta(days=7))
    reconfirmation.ask_due(utcnow())
    db.session.commit()
    return registration


def test_reconfirm_keeps_the_booking_and_shows_its_status(client, asked):
    assert client.get(f"/api/v1/registrations/{asked.manage_token}").get_json()["reconfirm_status"] == "requested"

    response = client.post(url(asked, "reconfirm"))

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "confirmed" and body["reconfirm_status"] == "reconfirmed"
    assert body["offer_expires_at"] is None
    assert client.post(url(asked, "reconfirm")).status_code == 200  # twice: no error


def test_reconfirm_of_a_cancelled_or_waiting_booking_is_a_409(client, make, asked):
    client.delete(f"/api/v1/registrations/{asked.manage_token}")
    assert error_of(client.post(url(asked, "reconfirm")))["code"] == "cancelled"
    session = make.session(capacity=0)
    waiting = make.registration(session)
    response = client.post(url(waiting, "reconfirm"))
    assert response.status_code == 409 and error_of(response)["code"] == "not_confirmed"


def test_unknown_tokens_are_404(client):
    for action in ("reconfirm", "accept", "decline"):
        response = client.post(f"/api/v1/registrations/{'x' * 43}/{action}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.fixture
def offered(make):
    session = make.session(capacity=1, starts_in=timedelta(days=3), offer_hours=6)
    booked = make.registration(session)
    waiting = [make.registration(session), make.registration(session)]
    bookings.cancel(booked.id)
    db.session.commit()
    return waiting


def test_accept_confirms_the_offered_seats(client, offered):
    first, _second = offered
    shown = client.get(f"/api/v1/registrations/{first.manage_token}").get_json()
    assert shown["status"] == "offered" and has_offset(shown["offer_expires_at"])

    response = client.post(url(first, "accept"))

    assert response.status_code == 200
    assert response.get_json()["status"] == "confirmed"
    assert response.get_json()["offer_expires_at"] is None
    assert client.post(url(first, "accept")).status_code == 200  # a retried request: no error


def test_accept_when_nothing_is_offered_or_the_offer_expired(client, offered):
    first, second = offered
    assert error_of(client.post(url(second, "accept")))["code"] == "not_offered"
    db.session.get(Registration, first.id).offer_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(url(first, "accept"))
    assert response.status_code == 409 and error_of(response)["code"] == "offer_expired"


def test_decline_passes_the_seats_to_the_next_party(client, offered):
    first, second = offered
    response = client.post(url(first, "decline"))
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert client.get(f"/api/v1/registrations/{second.manage_token}").get_json()["status"] == "offered"
    assert error_of(client.post(url(first, "decline")))["code"] == "cancelled"


def test_sessions_take_and_show_the_settings_and_new_ones_take_the_team_default(client, make, organiser):
    organiser.team.reconfirm_days_before = 5
    db.session.commit()
    event = make.event(team=organiser.team)
    base = {"starts_at": at(20), "ends_at": at(21), "capacity": 10}

    defaulted = client.post(f"/api/v1/events/{event.id}/sessions", json=base, headers=organiser.headers)
    assert defaulted.status_code == 201, defaulted.get_json()
    assert defaulted.get_json()["reconfirm_days_before"] == 5 and defaulted.get_json()["offer_hours"] is None

    chosen = client.post(f"/api/v1/events/{event.id}/sessions", headers=organiser.headers,
                         json=base | {"reconfirm_days_before": None, "offer_hours": 12})
    assert chosen.status_code == 201
    assert chosen.get_json()["reconfirm_days_before"] is None and chosen.get_json()["offer_hours"] == 12

    session_id = chosen.get_json()["id"]
    patched = client.patch(f"/api/v1/sessions/{session_id}", headers=organiser.headers,
                           json={"reconfirm_days_before": 3, "offer_hours": None})
    assert patched.status_code == 200
    assert (patched.get_json()["reconfirm_days_before"], patched.get_json()["offer_hours"]) == (3, None)
    assert db.session.get(Session, session_id).reconfirm_days_before == 3
    public = client.get(f"/api/v1/events/{event.id}").get_json()
    assert {s["id"]: s["reconfirm_days_before"] for s in public["sessions"]}[session_id] == 3


@pytest.mark.parametrize("field, value", [("reconfirm_days_before", 1), ("reconfirm_days_before", 61),
                                          ("offer_hours", 0), ("offer_hours", 169), ("offer_hours", "6"),
                                          ("reconfirm_days_before", True)])
def test_settings_out_of_range_are_422_naming_the_field(client, make, organiser, field, value):
    session = make.session(event=make.event(team=organiser.team))
    response = client.patch(f"/api/v1/sessions/{session.id}", headers=organiser.headers, json={field: value})
    assert response.status_code == 422
    assert field in error_of(response)["fields"]


def test_organisers_see_reconfirmation_offers_and_no_shows_of_each_registration(client, make, organiser):
    session = make.session(event=make.event(team=organiser.team), capacity=2, starts_in=timedelta(days=2),
                           reconfirm_days_before=3)
    make.registration(session, now=utcnow() - timedelta(days=7))
    reconfirmation.ask_due(utcnow())
    db.session.commit()
    [row] = client.get(f"/api/v1/sessions/{session.id}/registrations",
                       headers=organiser.headers).get_json()["registrations"]
    assert row["reconfirm_status"] == "requested" and row["no_show_at"] is None and row["offer_expires_at"] is None
