"""Whatever goes wrong, the API answers in its JSON error shape, never in HTML."""

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
    monkeypatch.setattr(bookings, "register", lambda *a, **k: (_ for _ in ()).throw(TryAgainLater()))

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})

    assert response.status_code == 503
    assert error_of(response)["code"] == "busy"
    assert response.headers["Retry-After"] == "2"


def test_database_lock_timeout_is_503_busy(client, make, monkeypatch):
    session = make.session()

    def locked(*args, **kwargs):
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    monkeypatch.setattr(bookings, "register", locked)

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "C", "email": "c@example.org"})

    assert response.status_code == 503 and error_of(response)["code"] == "busy"


@pytest.mark.parametrize("app_config", [{"PROPAGATE_EXCEPTIONS": False}])
def test_an_unexpected_fault_still_answers_json(client, make, monkeypatch):
    session = make.session()
    monkeypatch.setattr(bookings, "register", lambda *a, **k: 1 / 0)

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
    assert len(secured) == 8
