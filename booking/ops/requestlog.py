"""One JSON line per request: method, route, status, duration and request id; no personal data.

The route is the URL rule (``/r/<token>``), never the path, which can carry a
secret token or an email in its query string; no address, no user, no header
is written. The request id is the caller's ``X-Request-ID`` when it looks like
one (a proxy's or a client's, so one request can be followed across systems),
otherwise a new one; it is sent back in the answer's ``X-Request-ID``.

This is WSGI middleware rather than a Flask hook so that it sees every answer,
including those of other before-request hooks and of error handlers, and logs
each request exactly once. Outside tests the lines go to standard error (what
gunicorn, Docker and systemd collect) through a handler of their own; gunicorn's
access log stays off (gunicorn.conf.py). The record factory of booking.logging
still masks anything secret that might slip into a line.
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, request

LOGGER_NAME = "guichet.requests"
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_ENVIRON = "guichet.request_id"
ROUTE_ENVIRON = "guichet.route"
# Letters, digits and a few separators (UUIDs, hex, a proxy's "abc-123.4"): nothing with @, spaces or quotes.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

log = logging.getLogger(LOGGER_NAME)


def register(app: Flask) -> None:
    @app.teardown_request
    def remember_route(_exc):
        # The matched rule, for the middleware's line (None when nothing matched: a 404).
        request.environ[ROUTE_ENVIRON] = request.url_rule.rule if request.url_rule is not None else None

    app.wsgi_app = RequestLog(app.wsgi_app)
    if not app.testing:  # tests read the lines from the logger (caplog), not from standard error
        _install_handler()


def request_id_from(value: str | None) -> str:
    """The caller's request id when it is a sane one, else a new one."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestLog:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = environ[REQUEST_ID_ENVIRON] = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        status = [500]  # what the line says if the app raises before answering

        def start_with_id(status_line, headers, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != REQUEST_ID_HEADER.lower()]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        try:
            return self.wsgi_app(environ, start_with_id)
        finally:
            log.info(json.dumps({
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "event": "request",
                "method": environ.get("REQUEST_METHOD", "")[:16],
                "route": environ.get(ROUTE_ENVIRON),
                "status": status[0],
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request_id,
            }, ensure_ascii=True))


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (it may be replaced after start-up)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _install_handler() -> None:
    """Send the lines, as they are, to standard error (once per process, however many apps are made)."""
    if any(isinstance(handler, _StandardError) for handler in log.handlers):
        return
    handler = _StandardError()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # exactly one line, whatever the root logger does
