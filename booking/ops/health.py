"""``/healthz`` (the process answers) and ``/readyz`` (the database answers, its schema at the latest migration).

A load balancer or an orchestrator asks these every few seconds: no sign-in, no
rate limit, no session cookie, and the answers are JSON meant for operators
(English, like the logs). ``/readyz`` says what is wrong in its 503, without
the database's address or credentials.
"""

import logging
from functools import lru_cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from booking.extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger("guichet.ops")

UPGRADE = "run `flask --app wsgi db upgrade`"


@bp.get("/healthz")
def healthz():
    return _answer(200, {"status": "ok"})


@bp.get("/readyz")
def readyz():
    heads = _code_heads(current_app.extensions["migrate"].directory)
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        log.warning("readiness: database unreachable: %s", error)
        return _unavailable("database_unreachable", f"The database cannot be reached ({type(error).__name__}).")
    if current == heads:
        return _answer(200, {"status": "ok", "revision": _spell(heads)})
    if not current:
        return _unavailable("migrations_pending", f"The database has no schema yet: {UPGRADE}.")
    known = _known_revisions(current_app.extensions["migrate"].directory)
    if not current <= known:
        return _unavailable("schema_unknown", f"The database is at revision {_spell(current)}, which this code does "
                                              f"not know (made by a newer release?); this code needs {_spell(heads)}.")
    return _unavailable("migrations_pending", f"The database is at revision {_spell(current)}; this code needs "
                                              f"{_spell(heads)}: {UPGRADE}.")


@lru_cache
def _code_heads(directory: str) -> frozenset[str]:
    """The latest revision(s) of the migrations shipped with this code (read once per process)."""
    return frozenset(ScriptDirectory(directory).get_heads())


@lru_cache
def _known_revisions(directory: str) -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory(directory).walk_revisions())


def _spell(revisions) -> str:
    return ", ".join(sorted(revisions))


def _unavailable(code: str, message: str):
    return _answer(503, {"status": "unavailable", "error": {"code": code, "message": message}})


def _answer(status: int, body: dict):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
