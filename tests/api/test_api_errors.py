"""Whatever goes wrong, the API answers in its JSON error shape, never in HTML."""

import re

import pytest
from sqlalchemy.exc import OperationalError

from booking.services import bookings
from booking.services.errors import TryAgainLater
from tests.api.conftest import error_of


def test_unknown_api_path_is_404_json(client):
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_405_json_with_allow(client):
    response = client.put("/api/v1/events")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_busy_booking_is_503_with_retry_after(client, make, monkeypatch):
    session = make.session()
    monkeypatch.setattr(bookings, "book", lambda *a, **k: (_ for _ in ()).throw(TryAgainLater()))

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})

    assert response.status_code == 503
    assert error_of(response)["code"] == "busy"
    assert response.headers["Retry-After"] == "2"


def test_database_lock_timeout_is_503_busy(client, make, monkeypatch):
    session = make.session()

    def locked(*args, **kwargs):
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    monkeypatch.setattr(bookings, "book", locked)

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})

    assert response.status_code == 503 and error_of(response)["code"] == "busy"


@pytest.mark.parametrize("app_config", [{"PROPAGATE_EXCEPTIONS": False}])
def test_an_unexpected_fault_still_answers_json(client, make, monkeypatch):
    session = make.session()
    monkeypatch.setattr(bookings, "book", lambda *a, **k: 1 / 0)

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})

    assert response.status_code == 500
    assert error_of(response)["code"] == "internal_error"


def test_docs_page_lists_every_operation_without_external_assets(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path, item in spec["paths"].items():
        for method in item.keys() & {"get", "post", "patch", "delete"}:
            assert f"{method.upper()} {path}" in html
    assert "<script" not in html and "cdn" not in html.lower()
    assert client.get("/api/v1/openapi.json").headers["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_declares_bearer_auth_on_organiser_operations_only(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    secured = {(m, p) for p, item in spec["paths"].items() for m, op in item.items()
               if isinstance(op, dict) and op.get("security")}
    assert ("get", "/api/v1/events") not in secured
    assert ("post", "/api/v1/sessions/{session_id}/registrations") not in secured
    assert ("post", "/api/v1/events") in secured
    assert ("get", "/api/v1/sessions/{session_id}/registrations") in secured
    assert ("post", "/api/v1/registrations/{registration_id}/seats") in secured
    assert ("patch", "/api/v1/registrations/{token}") not in secured
    # Every operation the document secures refuses a caller without a token (the optional one aside).
    for method, path in sorted(secured - {("get", "/api/v1/events/{event_id}")}):
        url = re.sub(r"\{[^}]+\}", "1", path)
        assert client.open(url, method=method.upper(), json={}).status_code == 401, (method, path)
    # Reading one event: anyone (published ones), or an organiser's token (their teams' drafts too).
    assert spec["paths"]["/api/v1/events/{event_id}"]["get"]["security"] == [{}, {"bearerAuth": []}]


def test_field_messages_follow_the_request_language_with_their_values(client, make):
    session = make.session()
    body = {"name": "x" * 500, "email": "not an email", "seats": "two", "locale": "de", "colour": "blue"}

    english = client.post(f"/api/v1/sessions/{session.id}/registrations", json=body).get_json()["error"]["fields"]
    french = client.post(f"/api/v1/sessions/{session.id}/registrations", json=body,
                         headers={"Accept-Language": "fr"}).get_json()["error"]["fields"]

    assert english == {"name": "Length must be between 1 and 120.", "email": "Not a valid email address.",
                       "seats": "Not a valid integer.", "locale": "Must be one of: fr, en.",
                       "colour": "Unknown field."}
    assert french == {"name": "La longueur doit être comprise entre 1 et 120.",
                      "email": "Ce n’est pas une adresse e-mail valable.",
                      "seats": "Ce n’est pas un nombre entier valable.",
                      "locale": "Doit être l’une de ces valeurs\u00a0: fr, en.", "colour": "Champ inconnu."}


def test_our_own_field_messages_are_translated_too(client, make, organiser):
    event = make.event(team=organiser.team)
    response = client.post(f"/api/v1/events/{event.id}/sessions", headers={**organiser.headers, "Accept-Language": "fr"},
                           json={"starts_at": "2026-03-14T18:30:00", "ends_at": "3000-01-01T10:00:00+01:00",
                                 "capacity": 10})
    fields = response.get_json()["error"]["fields"]
    assert fields["starts_at"].startswith("Donnez la date et l’heure avec leur décalage horaire")
    assert fields["ends_at"] == "Donnez une date entre 2000 et 2100."
