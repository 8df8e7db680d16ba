"""Every API failure in one JSON shape: {"error": {"code", "message", "fields"?}}.

Registered on each API blueprint, so these handlers win over the site's HTML
ones for API routes; unknown /api/ paths (404, 405) are answered in the same
shape by booking/errors.py, whose ``json_error`` builds every body here too.
"""

import logging

from flask import Blueprint
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from booking.database import is_connection_lost, is_lock_timeout
from booking.errors import json_error, roll_back_quietly
from booking.extensions import db
from booking.services.errors import BookingRuleError, DomainError, NotFound, TryAgainLater, ValidationFailed

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "2"


def register_error_handlers(bp: Blueprint) -> None:
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(DomainError, domain_error)
    bp.register_error_handler(DBAPIError, database_error)
    bp.register_error_handler(PoolTimeout, database_error)


def database_error(error: Exception):
    """The database went away (a restart, a failover) or is too busy: 503, try again; never a 500."""
    if isinstance(error, DBAPIError) and not (is_connection_lost(error) or is_lock_timeout(error)):
        raise error  # a real fault: the 500 handler logs it
    roll_back_quietly()
    if isinstance(error, DBAPIError) and is_connection_lost(error):
        response = json_error(503, "unavailable", _("The booking service is briefly unavailable. "
                                                    "Please try again in a moment."))
    else:
        response = json_error(503, "busy", TryAgainLater.default_message)
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def http_error(error: HTTPException):
    status = error.code or 500
    if status >= 500 and status != 503:
        db.session.rollback()
        log.exception("API request failed", exc_info=getattr(error, "original_exception", None) or error)
        return json_error(500, "internal_error",
                          _("Something went wrong on our side. Nothing was booked; please try again."))
    messages = (getattr(error, "data", None) or {}).get("messages")
    if status in (400, 422) and messages:
        return _invalid_input(status, messages)
    response = json_error(status, _code(error), error.description or error.name)
    for name, value in error.get_headers():
        if name.lower() != "content-type":  # keep Allow (405), Retry-After (429), WWW-Authenticate (401)
            response.headers[name] = value
    return response


def domain_error(error: DomainError):
    # A refused action writes nothing: whatever the service had flushed is undone.
    db.session.rollback()
    if isinstance(error, ValidationFailed):
        return json_error(422, "invalid", error.message, error.fields)
    if isinstance(error, NotFound):
        return json_error(404, "not_found", error.message)
    if isinstance(error, BookingRuleError):
        return json_error(409, error.code, error.message)
    if isinstance(error, TryAgainLater):
        response = json_error(503, "busy", error.message)
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return json_error(422, error.code, error.message)


def _invalid_input(status: int, messages: dict):
    """webargs' {"json": {"seats": ["Not a valid integer."]}} -> {"seats": "Not a valid integer."}."""
    fields = {}
    for location_errors in messages.values():
        fields.update(flatten_messages(location_errors))
    if status == 400:
        return json_error(400, "invalid_json", _("The request body could not be read as JSON."), fields)
    return json_error(422, "invalid", _("Some fields are not valid."), fields)


def flatten_messages(messages, prefix: str = "") -> dict[str, str]:
    """Nested marshmallow messages as one message per dotted field name (``str`` gives a message in the
    request's language: see api/messages.py)."""
    if isinstance(messages, dict):
        flat = {}
        for key, value in messages.items():
            if key == "value" and prefix:  # a Dict entry's value: named by its key, as answers.<id>
                flat.update(flatten_messages(value, prefix))
                continue
            name = "body" if key == "_schema" and not prefix else f"{prefix}{key}"
            flat.update(flatten_messages(value, f"{name}."))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return {prefix.rstrip(".") or "body": " ".join(str(message) for message in messages)}
    if isinstance(messages, list | tuple):
        flat = {}
        for message in messages:
            flat.update(flatten_messages(message, prefix))
        return flat
    return {prefix.rstrip(".") or "body": str(messages)}


def _code(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_")
