"""One JSON line per request: method, route rule, status, duration and request id; no token, no email."""

import json
import logging

import pytest

from booking.ops.requestlog import LOGGER_NAME

EMAIL = "camille.martin@example.org"


@pytest.fixture
def request_lines(caplog):
    """The request log's lines, as dicts, read where they are written (whatever handlers other apps installed)."""
    logger = logging.getLogger(LOGGER_NAME)
    saved = logger.level, logger.propagate
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # each record once, through the handler above
    try:
        yield lambda: [json.loads(record.getMessage()) for record in caplog.records if record.name == LOGGER_NAME]
    finally:
        logger.removeHandler(caplog.handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def test_a_request_logs_exactly_one_line_with_the_route_not_the_secret_path(client, make, request_lines, caplog):
    registration = make.registration(make.session(), email=EMAIL)
    token = registration.manage_token

    response = client.get(f"/r/{token}?email={EMAIL}", headers={"X-Request-ID": "req-42.abc"})

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "req-42.abc"
    (line,) = request_lines()
    assert set(line) == {"time", "event", "method", "route", "status", "duration_ms", "request_id"}
    assert line["event"] == "request"
    assert (line["method"], line["route"], line["status"], line["request_id"]) == ("GET", "/r/<token>", 200, "req-42.abc")
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert token not in caplog.text and "camille" not in caplog.text


def test_an_api_booking_logs_its_route_and_201_without_the_email(client, make, request_lines, caplog):
    session = make.session()

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", json={"name": "Camille", "email": EMAIL})

    assert response.status_code == 201
    (line,) = request_lines()
    assert line["method"] == "POST" and line["status"] == 201
    assert line["route"] == "/api/v1/sessions/<api_id:session_id>/registrations"
    assert "camille" not in caplog.text.lower() and response.get_json()["manage_token"] not in caplog.text


@pytest.mark.parametrize("given", [None, "", EMAIL, "has spaces", "x" * 65, 'quote"d', "-starts-with-a-dash"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, request_lines, given):
    headers = {} if given is None else {"X-Request-ID": given}

    response = client.get("/healthz", headers=headers)

    request_id = response.headers["X-Request-ID"]
    assert request_id != given and len(request_id) == 32 and int(request_id, 16) >= 0
    (line,) = request_lines()
    assert line["request_id"] == request_id


def test_each_request_gets_its_own_id(client, request_lines):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
    assert {line["request_id"] for line in request_lines()} == ids


def test_an_unknown_path_logs_no_route_and_its_404(client, request_lines):
    client.get(f"/no/such/page/{EMAIL}")

    (line,) = request_lines()
    assert (line["route"], line["status"]) == (None, 404)
    assert EMAIL not in json.dumps(line)


def test_an_error_page_is_logged_once_with_its_status(client, make, request_lines):
    session = make.session()

    response = client.post(f"/api/v1/sessions/{session.id}/registrations", data="not json",
                           headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    (line,) = request_lines()
    assert line["status"] == 400 and line["route"].endswith("/registrations")
