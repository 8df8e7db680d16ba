"""Error pages and JSON errors: every failure answers plainly, never with a stack trace."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from booking.database import is_lock_timeout
from booking.extensions import db
from booking.services.errors import TryAgainLater


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    return response


def _http_code(error: HTTPException) -> str:
    return (error.name or "error").lower().replace(" ", "_")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            response = json_error(error.code or 500, _http_code(error), error.description or error.name)
        else:
            response = render_template("error.html", error=error), error.code
            response = app.make_response(response)
        # Keep headers such as Allow (405) and Retry-After (429).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(TryAgainLater)
    def busy(error: TryAgainLater):
        return _busy_response(str(error.message))

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        # A lock not had in time: nothing was written; ask to try again.
        if not is_lock_timeout(error):
            raise error
        db.session.rollback()
        return _busy_response(str(TryAgainLater.default_message))

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        message = _("Something went wrong on our side. Nothing was booked; please try again.")
        if wants_json():
            return json_error(500, "internal_error", message)
        return render_template("error.html", error=None, message=message), 500


def _busy_response(message: str):
    if wants_json():
        response = json_error(503, "busy", message)
    else:
        from flask import current_app

        response = current_app.make_response((render_template("error.html", error=None, message=message), 503))
    response.headers["Retry-After"] = "2"
    return response
