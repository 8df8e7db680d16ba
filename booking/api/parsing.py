"""The API's blueprints: bodies must be JSON (said so by their Content-Type), errors answer in JSON
and are documented in the OpenAPI document in that shape."""

import flask
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort, is_json_request

from booking.api.errors import register_error_handlers
from booking.api.schemas import ErrorSchema


class JsonParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request):
        # A body sent as a form or text would otherwise read as empty and be reported field by field.
        if not is_json_request(req) and req.content_length:
            abort(400, messages={"json": ["Send the body as JSON, with Content-Type: application/json."]})
        return super()._raw_load_json(req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_error_handlers(self)

    def arguments(self, schema, *args, **kwargs):
        # Given a class, webargs would make a schema on every request (fields copied and bound, each
        # time): one instance serves them all, its messages translated when shown (api/messages.py).
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)


ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON.",
    401: "No API token, or a bad or revoked one (WWW-Authenticate: Bearer).",
    403: "The token's account is not an organiser.",
    404: "Unknown, not public, or not one of your teams'.",
    409: "Refused by a booking rule; error.code says which.",
    413: "The body is larger than 1 MiB.",
    422: "Some fields are not valid; error.fields names each (or idempotency_key_reused).",
    429: "Too many requests; wait Retry-After seconds.",
    503: "Busy (code busy) or the database unreachable (code unavailable): try again after Retry-After seconds.",
}
# Only its alt_response() is used, to document error responses with our error shape.
_documenter = Blueprint("api_error_documenter", __name__)


def error_responses(*codes: int):
    """Document the error answers a view may give, all in the {"error": {...}} shape."""

    def decorate(view):
        for code in codes:
            view = _documenter.alt_response(code, schema=ErrorSchema, description=ERROR_DESCRIPTIONS[code])(view)
        return view

    return decorate
