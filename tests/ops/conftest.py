"""Apps whose schema is built by the migrations (as `flask db upgrade` does), which /readyz checks."""

import logging.config

import pytest
from alembic.script import ScriptDirectory

from booking.extensions import db
from tests.integration.booking_race import build_app


def flask_cli(app, *args: str):
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def migration_heads(app) -> list[str]:
    return ScriptDirectory(app.extensions["migrate"].directory).get_heads()


@pytest.fixture
def migrated(tmp_path, monkeypatch):
    """``migrated(url)``: an app on that database, upgraded to the latest migration, in its app context."""
    # migrations/env.py calls logging.config.fileConfig, which would reconfigure the root logger (and caplog).
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)
    contexts = []

    def make(url: str):
        app = build_app(url, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
        context = app.app_context()
        context.push()
        contexts.append(context)
        result = flask_cli(app, "db", "upgrade")
        assert result.exit_code == 0, result.output
        return app

    yield make
    for context in reversed(contexts):
        db.session.remove()
        db.engine.dispose()
        context.pop()
