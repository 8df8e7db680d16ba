"""Installed as the README's "Deploying" says, with no `make`, Guichet speaks French: pages and emails.

SLOW (about 30 s, most of it pip): a copy of the checkout as a clone would have
it (git's tracked files and new ones not ignored: no .venv, no instance/), a
fresh virtualenv, ``pip install -r requirements.txt`` (pip's own configuration
and cache, so it works wherever `make` itself can install), then in production
settings ``flask --app wsgi db upgrade``, the demo programme,
``gunicorn -c gunicorn.conf.py wsgi:app``, a French booking through the API
and ``booking outbox send --once`` writing the email to files.
"""

import email
import email.policy
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOKER = "ines.deploy@example.org"

pytestmark = pytest.mark.slow


def _checkout_copy(target: Path) -> None:
    """The files a clone of this checkout would hold, with today's changes (untracked but not ignored)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
        names = [name for name in listed.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (an unpacked archive): copy what is there
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
            ".git", ".venv", "instance", "__pycache__", "*.pyc", ".pytest_cache", "test-artifacts"))
        return
    for name in names:
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not in a clone of it either
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(base: Path, venv: Path, port: int) -> dict:
    """A production environment of its own: nothing of this test run's settings leaks in."""
    keep = {"HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE"}
    environment = {k: v for k, v in os.environ.items() if k in keep or k.startswith("PIP_")}
    environment.update({
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "GUICHET_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{base / 'data' / 'guichet.db'}",
        "GUICHET_INSTANCE_PATH": str(base / "data"),
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(base / "outbox"),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    })
    return environment


def _run(args, cwd: Path, environment: dict, timeout: int = 120) -> str:
    done = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _get(url: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _post_json(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    source, venv, port = base / "guichet", base / "venv", _free_port()
    _checkout_copy(source)
    (base / "data").mkdir()
    environment = _environment(base, venv, port)

    _run([sys.executable, "-m", "venv", str(venv)], base, environment)
    _run([str(venv / "bin" / "pip"), "install", "--quiet", "-r", "requirements.txt"], source, environment, timeout=900)
    flask = [str(venv / "bin" / "flask"), "--app", "wsgi"]
    _run([*flask, "db", "upgrade"], source, environment)
    # Something to book: the demo programme, loaded as in development (it refuses production, whose
    # accounts must not carry its published passwords), into the same database the server then uses.
    _run([*flask, "booking", "seed-demo"], source, {**environment, "GUICHET_ENV": "development"})

    server_log = (base / "gunicorn.log").open("w")
    server = subprocess.Popen([str(venv / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=source,
                              env=environment, stdout=server_log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn stopped:\n{(base / 'gunicorn.log').read_text()}"
            try:
                if _get(f"{url}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 60 s"
            time.sleep(0.2)
        yield {"url": url, "source": source, "environment": environment, "flask": flask, "base": base}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server_log.close()


def test_the_pages_are_in_french(deployed):
    status, page = _get(deployed["url"] + "/")
    assert status == 200
    assert '<html lang="fr"' in page and "Au programme" in page and "What's on" not in page
    status, privacy = _get(deployed["url"] + "/privacy")
    assert status == 200 and '<html lang="fr"' in privacy
    assert _get(deployed["url"] + "/readyz")[0] == 200


def test_a_french_booking_gets_its_email_in_french(deployed):
    status, listing = _get(deployed["url"] + "/api/v1/events?available=1")
    assert status == 200
    event, session = next((e, s) for e in json.loads(listing)["events"] for s in e["sessions"] if s["registration_open"])

    status, created = _post_json(f"{deployed['url']}/api/v1/sessions/{session['id']}/registrations",
                                 {"name": "Inès Déploiement", "email": BOOKER, "locale": "fr"})
    assert status == 201, created
    _run([*deployed["flask"], "booking", "outbox", "send", "--once"], deployed["source"], deployed["environment"])

    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in (deployed["base"] / "outbox").glob("*.eml")]
    (mine,) = [message for message in messages if message["To"].addresses[0].addr_spec == BOOKER]
    assert mine["Subject"].startswith("Réservation confirmée\u00a0: ")
    assert mine["Subject"] == f"Réservation confirmée\u00a0: {event['title']}"
    assert "Votre réservation est confirmée." in mine.get_body(("plain",)).get_content()


def test_the_server_logs_one_json_line_per_request_without_personal_data(deployed):
    _get(deployed["url"] + "/healthz", **{"X-Request-ID": "deploy-check-1"})
    time.sleep(0.2)  # let the line reach the file
    lines = [json.loads(line) for line in (deployed["base"] / "gunicorn.log").read_text().splitlines()
             if line.startswith("{")]
    assert [line for line in lines if line["request_id"] == "deploy-check-1"][0]["route"] == "/healthz"
    assert any(line["method"] == "POST" and line["status"] == 201 for line in lines)
    assert "ines.deploy" not in (deployed["base"] / "gunicorn.log").read_text()
