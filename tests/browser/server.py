"""A real Guichet served over HTTP in a background thread, on a SQLite file, with the demo programme.

CSRF protection is on (the browser must carry real tokens); rate limits are off
because one browser makes many requests in a few seconds.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

import sqlalchemy as sa
from werkzeug.serving import make_server

from booking import create_app, demo, settings
from booking.demo import content
from booking.demo.base import local_moment
from booking.extensions import babel, db
from booking.models import Event, Registration, Session, Team, Venue, utcnow
from booking.services import bookings, events
from config import TestingConfig
from tests.i18n.catalogue import TRANSLATIONS, compile_catalogues

ORGANISER_EMAIL = content.ORGANISER["email"]
ORGANISER_PASSWORD = content.ORGANISER["password"]
ADMIN_EMAIL = content.ADMIN["email"]
ADMIN_PASSWORD = content.ADMIN["password"]


@dataclass(frozen=True)
class Programme:
    """Ids the browser tests start from (ORM objects do not outlive the set-up transaction)."""

    open_event_id: int
    open_event_title: str
    open_session_id: int
    full_event_id: int
    full_event_title: str
    full_session_id: int
    booked_token: str
    checkin_session_id: int
    organiser_event_id: int


class LiveServer:
    def __init__(self, root: Path):
        self.root = root
        self.app = create_app(_settings(root))
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # Links written into pages, calendar files and emails point back at this server.
        self.app.config["PUBLIC_BASE_URL"] = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, name="guichet-live-server", daemon=True)

    def start(self) -> "LiveServer":
        # One line per request would drown pytest's output; the level is put back by stop().
        self._werkzeug_level = logging.getLogger("werkzeug").level
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        with self.app.app_context():
            _forget_loaded_catalogues()
            db.create_all()
            demo.seed("small")
            db.session.commit()
            self.programme = _add_browser_events()
            db.session.commit()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        logging.getLogger("werkzeug").setLevel(self._werkzeug_level)
        with self.app.app_context():
            db.engine.dispose()
            _forget_loaded_catalogues()

    def run(self, fn, *args, **kwargs):
        """Call fn inside the app, commit, and return its (plain) result."""
        with self.app.app_context():
            result = fn(*args, **kwargs)
            db.session.commit()
            return result


def _forget_loaded_catalogues() -> None:
    # Flask-Babel caches catalogues on the one Babel object all apps share, whatever their directories:
    # without this, this server would speak whatever an earlier test's app loaded.
    babel.domain_instance.cache.clear()


def _settings(root: Path) -> type:
    class BrowserConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{root / 'guichet.db'}"
        MAIL_OUTBOX_DIR = str(root / "outbox")
        IMAGE_STORE_PATH = str(root / "images")
        WTF_CSRF_ENABLED = True
        RATELIMIT_ENABLED = False
        BABEL_TRANSLATION_DIRECTORIES = str(compile_catalogues(TRANSLATIONS, root / "translations"))

    return BrowserConfig


def _add_browser_events() -> Programme:
    """Two events of our own beside the demo programme: one with seats, one full with a waiting list."""
    team = db.session.scalar(sa.select(Team).where(Team.name == content.TEAMS[-1]))
    venue = db.session.scalar(sa.select(Venue).order_by(Venue.id))
    starts = local_moment(utcnow(), 9, time(15, 0), venue.timezone)  # 15 h 00 at the venue, as people book
    open_event = _published(team, venue, "Atelier de reliure japonaise", "workshop",
                            "Relier un carnet à la main, avec des fils de couleur.\n\n"
                            "### Déroulé\n\nCoudre, puis décorer.\n\n"  # headings as organisers write them
                            "#### En pratique\n\n**Matériel fourni.**")
    open_session = events.add_session(open_event, events.SessionFields(starts_at=starts, ends_at=starts + timedelta(hours=2),
                                                                       capacity=12, max_seats_per_registration=4,
                                                                       wheelchair_spaces=2))
    full_event = _published(team, venue, "Visite des réserves du musée", "guided_tour",
                            "Les coulisses du musée, en petit groupe.")
    full_session = events.add_session(full_event, events.SessionFields(
        starts_at=starts + timedelta(days=1), ends_at=starts + timedelta(days=1, hours=1), capacity=2, waitlist_enabled=True))
    db.session.flush()
    bookings.book(full_session.id, bookings.BookingRequest(name="Inès Fabre", email="ines@example.org", seats=2),
                  key=settings.pseudonym_key())
    # With a wheelchair user and needs, so the organisers' pages show them counted.
    booked = bookings.book(open_session.id, bookings.BookingRequest(name="Louis Garnier", email="louis@example.org", seats=2,
                                                                    wheelchair_spaces=1,
                                                                    access_needs=("sign_language", "large_print")),
                           key=settings.pseudonym_key())
    checkin = db.session.scalar(
        sa.select(Session).join(Registration).where(Session.status == "scheduled", Session.starts_at > utcnow(),
                                                    Registration.status == "confirmed").order_by(Session.id).limit(1))
    return Programme(
        open_event_id=open_event.id, open_event_title=open_event.title, open_session_id=open_session.id,
        full_event_id=full_event.id, full_event_title=full_event.title, full_session_id=full_session.id,
        booked_token=booked.manage_token, checkin_session_id=checkin.id, organiser_event_id=open_event.id,
    )


def _published(team: Team, venue: Venue, title: str, kind: str, description: str) -> Event:
    event = events.create_event(team=team, title=title, kind=kind, venue_id=venue.id, description=description)
    events.set_event_status(event, "published")
    return event
