"""Safe settings and HTTP security headers, applied to every response."""

from flask import Flask, Response, request

KNOWN_WEAK_KEYS = frozenset(
    {"dev", "development", "secret", "changeme", "change-me", "please-change-me", "test",
     "test-secret-key-not-for-production-0123456789"}
)
MIN_SECRET_KEY_LENGTH = 32

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


# Pages with personal data (a booking's secret link, accounts, organisers' lists): never kept by the browser
# or a proxy, so the next person on a library's computer cannot bring them back with the Back button.
PRIVATE_PATHS = ("/r/", "/account/", "/organiser/", "/admin/", "/calendar/subscribe/", "/calendar/my-feed",
                 "/my-data")


class UnsafeConfiguration(RuntimeError):
    """Production settings that must be fixed before Guichet starts."""


def check_production_settings(app: Flask) -> None:
    """Refuse to start in production with a weak secret or the debugger on."""
    _check_key("SECRET_KEY", app.config.get("SECRET_KEY") or "")
    if app.config.get("PSEUDONYM_KEY") is not None:
        _check_key("PSEUDONYM_KEY", app.config["PSEUDONYM_KEY"])
    if app.debug:
        raise UnsafeConfiguration("Debug mode must be off in production (unset FLASK_DEBUG).")


def _check_key(name: str, key: str) -> None:
    if len(key) < MIN_SECRET_KEY_LENGTH or key.lower() in KNOWN_WEAK_KEYS:
        raise UnsafeConfiguration(
            f"{name} must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} characters "
            "in production (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
# Only the organisers' check-in page may use the camera, to scan bookings' QR codes (set by that view).
PERMISSIONS_POLICY_WITH_CAMERA = "camera=(self), microphone=(), geolocation=()"


def register(app: Flask) -> None:
    if app.config.get("ENV_NAME") == "production":
        check_production_settings(app)
    hsts = app.config.get("ENV_NAME") == "production"

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(PRIVATE_PATHS):
            headers.setdefault("Cache-Control", "no-store")
        if hsts:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
