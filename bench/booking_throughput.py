"""Benchmark: the booking endpoint against a bare one-INSERT endpoint, on the same stack.

The app runs under gunicorn on a loopback port, on a database of its own: PostgreSQL
when reachable (several worker processes), else a SQLite file (one process, as Guichet
runs on one machine). A few client threads POST JSON for a few seconds to:

- ``/bench/bare``: one INSERT and a commit, the floor of the stack;
- ``/bench/sessions/<id>/book``: ``bookings.book`` on ONE session, as when a popular
  workshop opens and every request queues for the same session lock; then spread over
  many sessions, which shows what that queue costs;
- the public JSON API's booking endpoint, when it answers, on one session and spread out;
- a rush: RUSH_ATTEMPTS bookings at once on a session of RUSH_CAPACITY places, through the API,
  after which the seats are counted: more confirmed than places stops the benchmark (an error).

The ``/bench`` routes exist only in the app this module builds. It reports requests/s and
p50/p95 latency of each, the booking/bare ratio against its target, and checks every seat
counter afterwards. The endpoints are measured in turns (slices of a second, one after the other,
several times), so the ratios compare like with like on a machine whose load drifts. Settings:
``GUICHET_BENCH_SECONDS`` (default 5) and ``GUICHET_BENCH_CLIENTS`` (default 8).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

import sqlalchemy as sa

from bench.http_load import CLIENTS, HOST, SECONDS, Result, answers_201, drive, drive_briefly, person, rush
from bench.report import Report

ROOT = Path(__file__).resolve().parent.parent
CAPACITY = 100_000  # the largest the service allows: every booking is confirmed, on the hot path
SPREAD = 50  # sessions for the spread-out run
RUSH_ATTEMPTS, RUSH_CAPACITY = 300, 30  # a popular workshop opening (issue 21 measured pretix on the same)
TURNS = 5  # slices per endpoint, taken in turn (see _drive_in_turns)
TARGET_RATIO = 0.35  # of the bare INSERT's throughput, bookings spread over many sessions (issue 21; aim: 0.6)

PINGS = sa.Table(  # the bare endpoint's table, created only in the benchmark's database
    "bench_pings", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
)


# -- The app the server runs ---------------------------------------------------------------


def server_app():
    """Gunicorn's factory (``bench.booking_throughput:server_app()``): Guichet plus the /bench routes."""
    from flask import Blueprint, request

    from booking import create_app, settings
    from booking.extensions import csrf, db
    from booking.services import bookings
    from booking.services.errors import BookingRuleError, ValidationFailed

    bp = Blueprint("bench", __name__, url_prefix="/bench")

    @bp.get("/ready")
    def ready():
        return {"ok": True}

    @bp.post("/bare")
    def bare():
        db.session.execute(sa.insert(PINGS).values(email=request.get_json()["email"]))
        db.session.commit()
        return {"ok": True}, 201

    @bp.post("/sessions/<int:session_id>/book")
    def book(session_id: int):
        data = request.get_json()
        try:
            registration = bookings.book(session_id, bookings.BookingRequest(name=data["name"], email=data["email"]),
                                         key=settings.pseudonym_key())
        except (BookingRuleError, ValidationFailed) as error:
            db.session.rollback()
            return {"error": error.code}, 409
        answer = {"id": registration.id, "status": str(registration.status)}  # read before commit expires it
        db.session.commit()
        return answer, 201

    csrf.exempt(bp)
    app = create_app(_config(os.environ["GUICHET_BENCH_DATABASE_URL"], os.environ["GUICHET_BENCH_OUTBOX"]))
    app.register_blueprint(bp)
    return app


def _config(database_url: str, outbox_dir: str) -> type:
    from config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url
        SECRET_KEY = "bench-only-" + uuid.uuid4().hex  # no cookie outlives the run
        MAIL_OUTBOX_DIR = outbox_dir
        RATELIMIT_ENABLED = False  # one client address would hit the per-person limits at once

    return BenchConfig


# -- Database and server ------------------------------------------------------------------------


@contextmanager
def _database(postgres_url: str | None) -> Iterator[tuple[str, str]]:
    """A new, empty database (PostgreSQL when given, else a SQLite file); dropped afterwards."""
    if postgres_url is None:
        folder = tempfile.mkdtemp(prefix="guichet-bench-")
        try:
            yield f"sqlite:///{folder}/bench.db", "SQLite file"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"guichet_bench_booking_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False), "PostgreSQL"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _prepare(database_url: str, outbox_dir: str) -> list[int]:
    """Migrate, add the bare table, and publish an event with many big sessions; returns their ids."""
    from flask_migrate import upgrade

    from booking import create_app
    from booking.extensions import db
    from booking.models import Event, Session, Team, Venue, utcnow

    app = create_app(_config(database_url, outbox_dir))
    with app.app_context():
        upgrade()  # the real schema and indexes
        PINGS.create(db.engine)
        event = Event(title="Atelier très demandé", slug="bench-atelier", kind="workshop", status="published",
                      team=Team(name="Bench", slug="bench"), venue=Venue(name="H7", address="70 quai Perrache",
                                                                          city="Lyon", timezone="Europe/Paris"))
        starts_at = utcnow() + timedelta(days=30)
        sessions = [Session(event=event, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=CAPACITY)
                    for _ in range(SPREAD + 2)]
        sessions.append(Session(event=event, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                                capacity=RUSH_CAPACITY))
        db.session.add_all(sessions)
        db.session.commit()
        ids = [s.id for s in sessions]
        db.engine.dispose()
    return ids


@contextmanager
def _server(database_url: str, outbox_dir: str, workers: int, threads: int) -> Iterator[int]:
    """Gunicorn serving ``server_app()`` on a free loopback port; stopped afterwards."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    log = open(Path(outbox_dir) / "gunicorn.log", "w+")  # noqa: SIM115 (closed below)
    env = os.environ | {"GUICHET_BENCH_DATABASE_URL": database_url, "GUICHET_BENCH_OUTBOX": outbox_dir}
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads), "--log-level", "warning",
               "bench.booking_throughput:server_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        _wait_until_ready(server, port, log)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_ready(server: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}):\n{log.read()[-3000:]}")
        try:
            connection = HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/bench/ready")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


# -- The run ---------------------------------------------------------------------------------------


def run(postgres_url: str | None, report: Report) -> None:
    with _database(postgres_url) as (database_url, label):
        outbox_dir = tempfile.mkdtemp(prefix="guichet-bench-outbox-")
        try:
            hot_session, api_session, *spread, rush_session = _prepare(database_url, outbox_dir)
            workers, threads = ((min(4, 2 * (os.cpu_count() or 1)), 4) if label == "PostgreSQL" else (1, 8))
            setting = (f"{label}; gunicorn {workers} worker(s) x {threads} threads; "
                       f"{CLIENTS} clients for {SECONDS} s each, in {TURNS} turns")
            print(setting)
            print("load average {:.1f} {:.1f} {:.1f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
            with _server(database_url, outbox_dir, workers, threads) as port:
                api_path = f"/api/v1/sessions/{api_session}/registrations"
                api_status = answers_201(port, api_path)
                targets = {
                    "bare INSERT": lambda k, i: "/bench/bare",
                    "booking (one session)": lambda k, i: f"/bench/sessions/{hot_session}/book",
                    f"booking ({SPREAD} sessions)": lambda k, i: f"/bench/sessions/{spread[(k * 7 + i) % SPREAD]}/book",
                }
                if api_status == 201:
                    targets["booking via /api/v1"] = lambda k, i: api_path
                    targets[f"booking via /api/v1 ({SPREAD} sessions)"] = (
                        lambda k, i: f"/api/v1/sessions/{spread[(k * 7 + i) % SPREAD]}/registrations")
                results = _drive_in_turns(port, targets)
                rushed = rush(port, f"/api/v1/sessions/{rush_session}/registrations", RUSH_ATTEMPTS, "rush")
            _report(results, api_status, report, setting)
            _report_rush(rushed, database_url, rush_session, report)
            _check_counters(database_url, (hot_session, api_session, *spread, rush_session), report)
        finally:
            shutil.rmtree(outbox_dir, ignore_errors=True)


def _drive_in_turns(port: int, targets: dict) -> dict[str, Result]:
    """Each endpoint for SECONDS in all, in TURNS slices taken one endpoint after the other: a machine
    that gets busier or quieter during the run weighs on every endpoint alike, so the ratios hold."""
    for path in targets.values():
        drive_briefly(port, path(0, 0))
    results = {name: Result() for name in targets}
    for _turn in range(TURNS):
        for name, path in targets.items():
            results[name].add(drive(port, path, person(uuid.uuid4().hex[:8]), seconds=SECONDS / TURNS))
    return results


def _report(results: dict[str, Result], api_status: int, report: Report, setting: str) -> None:
    print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}  answers")
    for name, result in results.items():
        answers = ", ".join(f"{status}: {count}" for status, count in sorted(result.statuses.items(), key=str))
        print(f"{name:<34} {result.rate:8.1f} {result.percentile(50):8.1f} {result.percentile(95):8.1f}  {answers}")
    if api_status != 201:
        print(f"booking via /api/v1: not measured (its probe answered {api_status})")
    bare = results["bare INSERT"].rate
    for name, result in results.items():
        report.add("booking", f"{name}, requests/s", result.rate, "req/s", note=setting if name == "bare INSERT" else "")
        report.add("booking", f"{name}, p95", result.percentile(95), "ms")
    for name, result in results.items():
        if name != "bare INSERT" and bare:
            spread = name == f"booking ({SPREAD} sessions)"  # the target: the service's booking, as issue 21 measured
            report.add("booking", f"{name} / bare INSERT", result.rate / bare, "x",
                       at_least=TARGET_RATIO if spread else None, note="aim 0.6" if spread else "")
            print(f"{name} runs at {result.rate / bare:.0%} of the bare INSERT endpoint")


def _report_rush(result: Result, database_url: str, session_id: int, report: Report) -> None:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        taken, capacity, confirmed = connection.execute(sa.text(
            "SELECT s.seats_taken, s.capacity, (SELECT COALESCE(SUM(r.seats), 0) FROM registrations r "
            "WHERE r.session_id = s.id AND r.status = 'confirmed') FROM sessions s WHERE s.id = :id"), {"id": session_id}).one()
    engine.dispose()
    answers = ", ".join(f"{status}: {count}" for status, count in sorted(result.statuses.items(), key=str))
    print(f"rush: {RUSH_ATTEMPTS} attempts on {capacity} places in {result.seconds:.2f} s, p95 "
          f"{result.percentile(95):.0f} ms ({answers}); {confirmed} seats confirmed, counter {taken}")
    report.add("booking", f"rush of {RUSH_ATTEMPTS} on {capacity} places, total", result.seconds * 1000, "ms")
    report.add("booking", f"rush of {RUSH_ATTEMPTS} on {capacity} places, p95", result.percentile(95), "ms")
    if confirmed > capacity or taken != confirmed:
        raise RuntimeError(f"OVERBOOKED in the rush: {confirmed} seats confirmed for {capacity} places (counter {taken})")
    report.checks.append(f"rush: {confirmed} of {capacity} places confirmed, counter equal, no overbooking")


def _check_counters(database_url: str, session_ids: tuple[int, ...], report: Report) -> None:
    """The benchmark must not have broken the rules: each counter equals its confirmed seats."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT s.id, s.seats_taken, COALESCE(SUM(r.seats), 0) FROM sessions s "
            "LEFT JOIN registrations r ON r.session_id = s.id AND r.status = 'confirmed' GROUP BY s.id, s.seats_taken"
        )).all()
    engine.dispose()
    wrong = [(sid, taken, confirmed) for sid, taken, confirmed in rows if sid in session_ids and taken != confirmed]
    booked = sum(taken for sid, taken, _ in rows if sid in session_ids)
    print(f"seat counters after {booked} bookings: " + ("all equal to the confirmed seats" if not wrong else f"MISMATCH {wrong}"))
    if wrong:
        raise RuntimeError(f"seat counters differ from the confirmed seats: {wrong}")
    report.checks.append(f"seat counters after {booked} bookings all equal to the confirmed seats")
