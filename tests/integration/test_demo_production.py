"""The demo's accounts have published passwords: seed-demo refuses to run in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Team, User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app_config", [{"ENV_NAME": "production", "SECRET_KEY": secrets.token_urlsafe(48)}])
def test_seed_demo_refuses_to_run_in_production_and_writes_nothing(runner, app_config):
    result = runner.invoke(args=["booking", "seed-demo"])

    assert result.exit_code != 0
    assert "refuses to run with GUICHET_ENV=production" in result.output
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 0


def test_the_real_command_under_guichet_env_production_exits_with_an_error(tmp_path):
    environment = {**os.environ, "GUICHET_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'guichet.db'}", "GUICHET_INSTANCE_PATH": str(tmp_path)}

    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "booking", "seed-demo", "--if-empty"],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode != 0
    assert "development only" in result.stderr
    assert "demo-admin-2026" not in result.stdout + result.stderr
