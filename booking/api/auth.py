"""Organisers' bearer tokens on API requests, and the keys rate limits count by."""

import hashlib
from copy import deepcopy
from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

from booking.database import roll_back_quietly
from booking.extensions import db, limiter
from booking.models import User
from booking.services import api_tokens

BEARER_SCHEME = "bearerAuth"
SECURITY = [{BEARER_SCHEME: []}]
ORGANISER_WRITE_LIMIT = "300 per minute"
PUBLIC_BOOKING_LIMIT = "60 per minute"


def _bearer_secret() -> str | None:
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def _unauthorized(description: str) -> Unauthorized:
    return Unauthorized(description=description, www_authenticate=WWWAuthenticate("bearer", {"realm": "guichet"}))


def authenticate_request() -> User:
    """The organiser this request's token belongs to; raises 401 or 403 otherwise."""
    secret = _bearer_secret()
    if secret is None:
        raise _unauthorized(_("This needs an API token: send the header Authorization: Bearer <token>."))
    token = api_tokens.authenticate(secret)
    if token is None:
        raise _unauthorized(_("This API token is not valid, or it was revoked."))
    if not token.user.is_organiser:
        raise Forbidden(description=_("Only organisers can use the organiser API."))
    if api_tokens.needs_touch(token):
        _record_use(token)
    return token.user


def _record_use(token) -> None:
    """Note when the token was last used, in a short transaction of its own; never worth failing a request."""
    try:
        api_tokens.touch(token)
        db.session.commit()
    except OperationalError:
        roll_back_quietly(db.session)  # the connection may be the reason: then it is dropped
        current_app.logger.info("API token %s: last use not recorded (database busy)", token.id)


def token_required(view):
    """Run the view for an authenticated organiser (``current_organiser()``), before its body is read."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.api_user = authenticate_request()
        return view(*args, **kwargs)

    # Document the bearer requirement in the OpenAPI operation, as flask-smorest's doc() would.
    wrapper._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    wrapper._apidoc.setdefault("manual_doc", {})["security"] = SECURITY
    return wrapper


def current_organiser() -> User:
    return g.api_user


def token_optional(view):
    """A public view that shows more to an organiser: a token, when sent, must be valid (401/403 otherwise)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.api_user = authenticate_request() if request.headers.get("Authorization") else None
        return view(*args, **kwargs)

    wrapper._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    wrapper._apidoc.setdefault("manual_doc", {})["security"] = [{}, *SECURITY]  # {}: no token is fine too
    return wrapper


def optional_organiser() -> User | None:
    return g.get("api_user")


# -- Rate limits ----------------------------------------------------------------------


def token_key() -> str:
    """Limits on organiser writes count per token (a shared office connection has many organisers)."""
    secret = _bearer_secret()
    if secret is None:
        return f"ip:{get_remote_address()}"
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def _setting(name: str, default: str):
    return lambda: current_app.config.get(name, default)


# One budget across every organiser write, per token; bookings count per address.
limit_organiser_writes = limiter.shared_limit(
    _setting("API_ORGANISER_WRITE_LIMIT", ORGANISER_WRITE_LIMIT), scope="api-organiser-writes", key_func=token_key
)
limit_public_bookings = limiter.limit(
    _setting("API_BOOKING_LIMIT", PUBLIC_BOOKING_LIMIT), key_func=get_remote_address
)
