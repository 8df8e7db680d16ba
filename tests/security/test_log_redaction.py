"""Logs carry no passwords, tokens or full emails, whichever logger writes them."""

import logging
import threading
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from booking import links, settings
from booking.calendar import feeds
from booking.extensions import db
from booking.models import OutboxMessage
from booking.services import account_links

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="werkzeug")  # other tests may have quietened it
    return caplog


def test_emails_are_masked_to_their_first_letter_and_domain(app, logs):
    logging.getLogger("guichet.mail").warning("not sent to %s: %s", "camille.martin@example.org", "550 <zoe@x.fr>")

    assert "c***@example.org" in logs.text and "z***@x.fr" in logs.text
    assert "camille.martin" not in logs.text and "zoe@" not in logs.text


def test_url_encoded_emails_are_masked(app, logs):
    logging.getLogger("booking").info("GET /?email=camille%40example.org")

    assert "camille%40" not in logs.text and "c***%40example.org" in logs.text


def test_bearer_tokens_are_masked(app, logs):
    logging.getLogger("booking.api.errors").info("headers: Authorization: Bearer %s", TOKEN)

    assert TOKEN not in logs.text and "Bearer ***" in logs.text


@pytest.mark.parametrize("path, masked", [
    (f"/r/{TOKEN}", "/r/***"),
    (f"/r/{TOKEN}.ics", "/r/***.ics"),
    (f"/r/{TOKEN}/cancel", "/r/***/cancel"),
    (f"/calendar/feed/{TOKEN}.ics", "/calendar/feed/***.ics"),
    (f"/calendar/subscribe/{TOKEN}/revoke", "/calendar/subscribe/***/revoke"),
    (f"/account/password/reset/eyJ1IjoxfQ.Zq1x2w.{TOKEN}", "/account/password/reset/***"),
    (f"/api/v1/registrations/{TOKEN}", "/api/v1/registrations/***"),
    (f"/my-data/link/{TOKEN}", "/my-data/link/***"),
    (f"/account/login/link/{TOKEN}", "/account/login/link/***"),
])
def test_secret_parts_of_urls_are_masked(app, logs, path, masked):
    logging.getLogger("anything").info('"GET %s HTTP/1.1" 200 -', path)

    assert TOKEN not in logs.text and f"GET {masked} HTTP/1.1" in logs.text


def test_numeric_ids_in_urls_are_kept(app, logs):
    logging.getLogger("booking").info("POST /api/v1/registrations/12/check-in")

    assert "/api/v1/registrations/12/check-in" in logs.text


@pytest.mark.parametrize("logged", [
    "form: {'email': 'a@b.org', 'password': 'correct horse battery'}",
    "form: ImmutableMultiDict([('password', 'correct horse battery')])",
    'json: {"new_password": "correct horse battery"}',
    "query: password=correct%20horse%20battery&next=/",
])
def test_password_fields_are_masked_whole(app, logs, logged):
    logging.getLogger("booking").info(logged)

    assert "horse" not in logs.text and "***" in logs.text


def test_tracebacks_are_masked_too(app, logs):
    try:
        raise ValueError("duplicate key: camille@example.org, token=" + TOKEN)
    except ValueError:
        logging.getLogger("booking").exception("booking failed")

    assert "ValueError" in logs.text
    assert "camille@" not in logs.text and TOKEN not in logs.text


def test_a_bad_format_string_does_not_break_the_caller(app, logs):
    logging.getLogger("booking").info("%d seats for %s", "many", "camille@example.org")

    assert "c***@example.org" in logs.text


# -- Werkzeug's own request lines, from a real server -----------------------------------


@pytest.fixture
def server(app):
    """The app served by werkzeug's development server on a free port (its request log is under test)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own test server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _request_lines(logs) -> str:
    return "\n".join(r.getMessage() for r in logs.records if r.name == "werkzeug")


def test_werkzeug_request_lines_mask_manage_links(app, make, server, logs):
    registration = make.registration(make.session(), email="camille@example.org")

    assert _get(f"{server}/r/{registration.manage_token}") == 200
    assert _get(f"{server}/r/{registration.manage_token}.ics") == 200

    lines = _request_lines(logs)
    assert "GET /r/*** HTTP/1.1" in lines and "GET /r/***.ics HTTP/1.1" in lines
    assert registration.manage_token not in logs.text


def test_werkzeug_request_lines_mask_calendar_feeds(app, make, server, logs):
    make.registration(make.session(), email="camille@example.org")
    feed = feeds.get_or_create_feed("camille@example.org")
    db.session.commit()

    assert _get(f"{server}/calendar/feed/{feed.token}.ics") == 200

    assert "GET /calendar/feed/***.ics HTTP/1.1" in _request_lines(logs)
    assert feed.token not in logs.text


def test_werkzeug_request_lines_mask_password_reset_links(app, make, server, logs):
    user = make.user("camille@example.org")
    account_links.send_password_link(user, "fr", link=links.password_link, secret_key=settings.signing_key())
    db.session.commit()
    reset_url = db.session.scalars(sa.select(OutboxMessage)).one().payload["reset_url"]
    token = reset_url.rsplit("/", 1)[1]

    assert _get(f"{server}/account/password/reset/{token}") == 200

    assert "GET /account/password/reset/*** HTTP/1.1" in _request_lines(logs)
    assert token not in logs.text
