"""Booking POSTs that are safe to send again: the Idempotency-Key header, and answers that never lie.

Every API endpoint that books (today ``POST /sessions/{id}/registrations``; later
desk registrations, walk-ins, partner registrations) answers through ``book_once``:

- with an ``Idempotency-Key``, the key is claimed first thing in the booking's
  transaction and stored with the answer, so a retry replays the first answer and
  a concurrent twin waits, then replays it: nothing is booked twice;
- the answer is built before the commit, from what was written under the locks:
  after the commit nothing touches the database again;
- a commit whose answer was lost with the connection is checked on a new one:
  201 when the booking is there, 503 (try again) when it is not.
"""

import functools
from collections.abc import Callable

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema

from booking import database
from booking.api import presenters
from booking.api.schemas import RegistrationOut
from booking.extensions import db
from booking.models import Registration
from booking.services import idempotency, registrations
from booking.services.errors import ValidationFailed

HEADER = "Idempotency-Key"
HEADER_DOC = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 16, "maxLength": 128, "pattern": "^[A-Za-z0-9_.:-]+$"},
    "description": (
        "Optional. A random key (a UUID is fine) that makes retrying this request safe: sent again "
        "with the same key and the same body within 24 hours, the first answer is replayed and nothing "
        "is booked twice; with another body the answer is 422 `idempotency_key_reused`. Only bookings "
        "made are remembered: after a refusal, the same key asks again."
    ),
}


# Documents the header on a booking POST, in the OpenAPI document and the /api/v1/docs page.
accepts_idempotency_key = ApiBlueprint.doc(parameters=[HEADER_DOC])


def book_once(
    book: Callable[[], Registration],
    *,
    owner: str = "public",
    present: Callable[[Registration], dict] = presenters.registration_dict,
    schema: type[Schema] = RegistrationOut,
    location: Callable[[Registration], str] | None = None,
):
    """Run a booking POST: ``book`` calls the service (it flushes); the answer is a 201 response.

    ``owner`` scopes the keys: "public", or ``organiser_owner()`` for organisers' endpoints, so
    one caller's key never meets another's. ``present``/``schema`` shape the body and
    ``location`` the Location header (default: the booking behind its manage token).
    """
    key = _idempotency_key()
    claimed = None
    if key is not None:
        found = _claim(f"api:{request.endpoint}:{owner}", key)
        if isinstance(found, idempotency.Answer):
            return _response(found)
        claimed = found
    registration = book()
    body = _instance(schema).dump(present(registration))
    answer = idempotency.Answer(201, body, {"Location": (location or _manage_location)(registration)})
    if claimed is not None:
        idempotency.record(claimed, answer)
    session_id, token = registration.session_id, registration.manage_token
    database.commit_or_find_out(db.session(), lambda: registrations.is_stored(session_id, token))
    return _response(answer)


@functools.cache
def _instance(schema: type[Schema]) -> Schema:
    """One instance per answer schema: making one binds and copies its fields, on every request else."""
    return schema()


def _manage_location(registration: Registration) -> str:
    return url_for("api_public.get_registration", token=registration.manage_token)


def _idempotency_key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not idempotency.is_valid_key(key):
        raise ValidationFailed({HEADER: _("Please send 16 to 128 letters, digits or . _ : - (a UUID is fine).")})
    return key


def _claim(scope: str, key: str):
    asked = idempotency.fingerprint(request.method, request.path, request.get_json(silent=True))
    return idempotency.claim_settled(scope, key, asked, restart=db.session.rollback)


def _response(answer: idempotency.Answer):
    response = jsonify(answer.body)
    response.status_code = answer.status
    response.headers.update(answer.headers)
    return response


def organiser_owner() -> str:
    """The scope of keys sent by the signed-in organiser (for their booking endpoints)."""
    return f"user:{g.api_user.id}"
