"""Error pages and JSON errors: every failure answers plainly, never with a stack trace."""

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound as HTTPNotFound

from booking import database
from booking.database import is_connection_lost, is_lock_timeout
from booking.extensions import db, login_manager
from booking.services.errors import NotFound, TryAgainLater

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "2"


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

    @app.errorhandler(NotFound)
    def not_found(_error: NotFound):
        # Not there, not public, or not in the organiser's teams: the same plain 404 either way.
        # (API blueprints answer their own NotFound in JSON: booking/api/errors.py.)
        db.session.rollback()
        return http_error(HTTPNotFound())

    @app.errorhandler(TryAgainLater)
    def busy(error: TryAgainLater):
        return _busy_response(str(error.message))

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if is_connection_lost(error):
            # The database went away (a restart, a failover) or cannot be reached: the pool
            # replaces the lost connections; the person is asked to try again, calmly.
            log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
            roll_back_quietly()
            return _busy_response(_("The booking service is briefly unavailable. Please try again in a moment."),
                                  code="unavailable")
        if not is_lock_timeout(error):
            raise error
        # A lock not had in time: nothing was written; ask to try again.
        roll_back_quietly()
        return _busy_response(str(TryAgainLater.default_message))

    @app.errorhandler(PoolTimeout)
    def no_connection_free(_error: PoolTimeout):
        # Every pooled connection stayed busy for pool_timeout: as busy as a lock timeout.
        roll_back_quietly()
        return _busy_response(str(TryAgainLater.default_message))

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        message = _("Something went wrong on our side. Nothing was booked; please try again.")
        if wants_json():
            return json_error(500, "internal_error", message)
        return render_template("error.html", error=None, message=message), 500


def roll_back_quietly() -> None:
    database.roll_back_quietly(db.session)


def _busy_response(message: str, code: str = "busy"):
    if wants_json():
        response = json_error(503, code, message)
    else:
        if code == "unavailable":
            # The account cannot be read without the database: the page is shown as to a visitor
            # (Flask-Login would otherwise load it again for the templates, and fail again).
            g._login_user = login_manager.anonymous_user()
        page = render_template("error.html", error=None, message=message, unavailable=code == "unavailable")
        response = current_app.make_response((page, 503))
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response
