import pytest

from booking import create_app
from booking.security import UnsafeConfiguration
from config import ProductionConfig


def _production(**settings):
    class Settings(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    for name, value in settings.items():
        setattr(Settings, name, value)
    return Settings


@pytest.mark.parametrize("key", [None, "", "short-key", "dev", "test-secret-key-not-for-production-0123456789"])
def test_production_refuses_to_start_without_a_strong_secret_key(key):
    with pytest.raises(UnsafeConfiguration):
        create_app(_production(SECRET_KEY=key))


@pytest.mark.parametrize("key", ["", "short-key", "changeme"])
def test_production_refuses_a_weak_pseudonym_key_when_one_is_set(key):
    with pytest.raises(UnsafeConfiguration, match="PSEUDONYM_KEY"):
        create_app(_production(SECRET_KEY="x" * 48, PSEUDONYM_KEY=key))


def test_production_refuses_debug_mode():
    with pytest.raises(UnsafeConfiguration):
        create_app(_production(SECRET_KEY="x" * 48, DEBUG=True))


def test_production_cookies_are_secure_and_http_only():
    app = create_app(_production(SECRET_KEY="k" * 48))
    for prefix in ("SESSION", "REMEMBER"):
        assert app.config[f"{prefix}_COOKIE_SECURE"] is True
        assert app.config[f"{prefix}_COOKIE_HTTPONLY"] is True
        assert app.config[f"{prefix}_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_production_sends_hsts():
    app = create_app(_production(SECRET_KEY="k" * 48))
    response = app.test_client().get("/privacy")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_pages_have_no_inline_script(client, make):
    session = make.session()
    for url in ("/", f"/events/{session.event_id}", f"/sessions/{session.id}/book", "/privacy"):
        html = client.get(url).get_data(as_text=True)
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[0].strip().startswith("src="), f"inline script on {url}"
        assert " style=" not in html, f"inline style on {url}"


def test_bodies_over_one_mebibyte_are_refused(client, make):
    session = make.session()
    response = client.post(f"/sessions/{session.id}/book", data={"name": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413


def test_behind_a_trusted_proxy_the_visitor_address_is_the_forwarded_one(tmp_path):
    from flask import request

    from config import TestingConfig

    class Settings(TestingConfig):
        TRUSTED_PROXIES = 1

    app = create_app(Settings)
    app.add_url_rule("/_whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"


def test_without_trusted_proxies_forwarded_headers_are_ignored():
    from flask import request

    from config import TestingConfig

    app = create_app(TestingConfig)
    app.add_url_rule("/_whoami", "whoami", lambda: request.remote_addr)
    response = app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "127.0.0.1"


def test_pages_with_personal_data_are_never_stored_by_the_browser(client, make):
    registration = make.registration(make.session())

    for url in (f"/r/{registration.manage_token}", f"/r/{registration.manage_token}/cancel", "/account/login",
                f"/calendar/subscribe/{registration.manage_token}"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_public_pages_and_files_keep_their_own_caching(client, make):
    registration = make.registration(make.session())

    assert "Cache-Control" not in client.get("/").headers
    assert client.get(f"/r/{registration.manage_token}.ics").headers["Cache-Control"] == "private, no-cache"
