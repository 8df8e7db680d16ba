"""compose.yaml, the Dockerfile and gunicorn.conf.py hold together: they parse, and name what exists.

Docker cannot run here, so these read the files: what they check is what a
typo would break (a command the CLI does not have, a missing setting, a
health check on a path the app does not serve).
"""

import json
import re
import runpy
import shlex
import types
from pathlib import Path

import click
import pytest
import yaml
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parents[2]
SERVICES_RUNNING_GUICHET = ("app", "worker", "migrate")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _instruction(lines: list[str], name: str) -> list[str]:
    return [line[len(name):].strip() for line in lines if line.split(maxsplit=1)[0].upper() == name]


def _command_of(service: dict, dockerfile: list[str]) -> list[str]:
    if "command" in service:
        command = service["command"]
        return command if isinstance(command, list) else shlex.split(command)
    return json.loads(_instruction(dockerfile, "CMD")[-1])


def _resolve_flask_command(app, args: list[str]) -> click.Command:
    """The click command ``flask --app wsgi ARGS`` would run, or a failure naming what is missing."""
    assert args[:3] == ["flask", "--app", "wsgi"], args
    command: click.Command = app.cli
    path = []
    for word in args[3:]:
        if word.startswith("-"):
            break
        assert isinstance(command, click.Group), f"`{' '.join(path)}` takes no subcommand {word!r}"
        command = command.get_command(click.Context(command), word)
        path.append(word)
        assert command is not None, f"`flask --app wsgi {' '.join(path)}` is not a command of this code"
    return command


def test_compose_wires_the_app_worker_migrations_postgresql_and_redis(compose):
    assert set(compose["services"]) == {"app", "worker", "migrate", "db", "redis"}
    for name in SERVICES_RUNNING_GUICHET:
        service = compose["services"][name]
        assert service["build"] == "."
        environment = service["environment"]
        assert {"DATABASE_URL", "RATELIMIT_STORAGE_URI", "SECRET_KEY", "PSEUDONYM_KEY"} <= set(environment)
        assert environment["GUICHET_ENV"] == "production"
        assert "@db:5432/" in environment["DATABASE_URL"] and "redis://redis:6379" in environment["RATELIMIT_STORAGE_URI"]
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required: compose stops without it
    for name in ("db", "redis"):
        assert compose["services"][name]["healthcheck"]["test"]


def test_nothing_starts_before_the_migrations_have_run(compose):
    services = compose["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["app"]["depends_on"]["redis"] == {"condition": "service_healthy"}


def test_only_the_app_is_health_checked_over_http(compose):
    # The image's HEALTHCHECK asks /healthz: the worker and the migration serve no HTTP.
    assert "healthcheck" not in compose["services"]["app"]
    for name in ("worker", "migrate"):
        assert compose["services"][name]["healthcheck"] == {"disable": True}


@pytest.mark.parametrize("service", SERVICES_RUNNING_GUICHET)
def test_each_service_runs_a_command_this_code_has(compose, dockerfile, app, service):
    command = _command_of(compose["services"][service], dockerfile)
    if command[0] == "gunicorn":
        assert command == ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
        assert (ROOT / "gunicorn.conf.py").exists()
    else:
        _resolve_flask_command(app, command)


def test_the_dockerfile_builds_a_non_root_image_with_french_and_a_health_check(dockerfile, app):
    assert _instruction(dockerfile, "FROM") == ["python:3.11-slim"]
    (user,) = _instruction(dockerfile, "USER")
    assert user.split(":")[0] not in {"root", "0"}
    runs = " ".join(_instruction(dockerfile, "RUN"))
    assert "pip install -r requirements.txt" in runs
    assert "python -m booking.catalogues --check" in runs  # the build fails on a stale catalogue
    (healthcheck,) = _instruction(dockerfile, "HEALTHCHECK")
    assert "/healthz" in healthcheck
    assert app.test_client().get("/healthz").status_code == 200
    assert "GUICHET_ENV=production" in " ".join(_instruction(dockerfile, "ENV"))


def test_the_image_leaves_secrets_and_local_data_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "instance", ".git"} <= set(ignored)


@pytest.fixture
def gunicorn_settings(monkeypatch):
    def load(**environment) -> dict:
        for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_BIND", "PORT", "GUNICORN_TIMEOUT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        namespace = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        return {name: value for name, value in namespace.items()
                if name.islower() and not name.startswith("_") and not isinstance(value, types.ModuleType)}

    return load


def test_gunicorn_conf_sets_only_real_gunicorn_settings(gunicorn_settings):
    settings = gunicorn_settings()
    config = GunicornConfig()
    unknown = set(settings) - set(config.settings)
    assert not unknown, f"not gunicorn settings (typos?): {unknown}"
    for name, value in settings.items():
        config.set(name, value)  # gunicorn's own validation
    assert config.accesslog is None  # Guichet logs each request itself, in JSON
    assert config.forwarded_allow_ips == []  # proxies are trusted by the app alone (TRUSTED_PROXIES)
    assert config.bind == ["0.0.0.0:8000"]
    assert config.workers >= 2 and config.timeout == 30


def test_gunicorn_workers_and_bind_come_from_the_environment(gunicorn_settings):
    settings = gunicorn_settings(GUNICORN_WORKERS="3", PORT="9000", GUNICORN_TIMEOUT="60")
    assert (settings["workers"], settings["bind"], settings["timeout"]) == (3, "0.0.0.0:9000", 60)
    assert gunicorn_settings(WEB_CONCURRENCY="5")["workers"] == 5
    assert gunicorn_settings(GUNICORN_BIND="unix:/run/guichet.sock")["bind"] == "unix:/run/guichet.sock"


def test_gunicorn_is_a_runtime_requirement():
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert re.search(r"^gunicorn\b", requirements, re.MULTILINE)
