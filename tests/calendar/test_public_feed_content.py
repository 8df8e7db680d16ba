"""The public feed, written from plain rows, says byte for byte what each session's own entry says.

``session_entry`` (from the ORM objects, through icalendar's writer: see test_publish_writer.py) is the
reference; the feed reads rows, makes what an event's sessions share once, and takes its times as the
database writes them (``sqlfunctions.ical_utc``), so any drift between the two paths shows here.
"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking.calendar import entries, ics
from booking.extensions import db
from booking.models import Session, utcnow
from booking.services import bookings
from booking.sqlfunctions import ical_utc

PUBLIC = "/calendar/events.ics"


def tricky_programme(make):
    """Texts to escape and fold, an English title, an event with several sessions, cancellations."""
    hall = make.venue(name="Salle « Jean-Vilar », 2ᵉ étage", address="3, rue de la Paix; cour B", city="Lyon")
    long_title = "Atelier d'écriture ; poésie, slam \\ et « chansons » " * 3
    many = make.event(title=long_title, title_en="Writing workshop: poetry, slam and songs", venue=hall,
                      kind="workshop")
    plain = make.event(title="Débat", slug="debat")
    cancelled_event = make.event(title="Projection annulée", kind="screening")
    start = (utcnow() + timedelta(days=2)).replace(microsecond=123456)
    for day in range(4):
        make.session(event=many, starts_at=start + timedelta(days=day, minutes=7))
    make.session(event=plain, starts_at=start - timedelta(days=3))  # in the past week: still listed
    struck = make.session(event=plain, starts_at=start + timedelta(hours=5))
    make.session(event=cancelled_event, starts_at=start + timedelta(hours=1))
    bookings.cancel_session(struck.id)
    cancelled_event.status = "cancelled"
    db.session.commit()


def reference(app, url: str, body: bytes) -> bytes:
    """The feed as the sessions' own entries write it, with the feed's name and DTSTAMP."""
    stamp_text = body.split(b"DTSTAMP:", 1)[1][:16].decode()
    stamp = datetime.strptime(stamp_text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    with app.test_request_context(url, headers={"Accept-Language": "en"}):
        sessions = db.session.scalars(sa.select(Session).order_by(Session.starts_at, Session.id)).all()
        listed = [entries.session_entry(session) for session in sessions]
        name = body.split(b"X-WR-CALNAME:", 1)[1].split(b"\r\n", 1)[0].decode()
        return ics.build_calendar(listed, method=ics.Method.PUBLISH, organizer=entries.organizer(), stamp=stamp,
                                  name=name, feed=True)


@pytest.mark.parametrize("url", [PUBLIC, PUBLIC + "?lang=en", PUBLIC + "?lang=fr"])
def test_the_feed_from_rows_is_the_sessions_own_entries(app, client, make, url):
    tricky_programme(make)
    body = client.get(url).data
    assert body == reference(app, url, body)
    assert body.count(b"BEGIN:VEVENT") == 7


def test_the_feed_speaks_the_language_asked_for(client, make):
    make.session(event=make.event(title="Atelier gravure", title_en="Printmaking workshop"))
    make.session(event=make.event(title="Débat", title_en=""))  # no English: the French stands in
    english = client.get(PUBLIC + "?lang=en").data
    french = client.get(PUBLIC + "?lang=fr").data
    assert b"SUMMARY:Printmaking workshop" in english and b"SUMMARY:Atelier gravure" not in english
    assert b"SUMMARY:Atelier gravure" in french and b"SUMMARY:D\xc3\xa9bat" in english


MOMENTS = [datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC), datetime(2027, 12, 31, 23, 0, tzinfo=UTC),
           datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)]


def written_by_the_database(make) -> list[tuple[str, str]]:
    event = make.event()
    for moment in MOMENTS:
        make.session(event=event, starts_at=moment, ends_at=moment + timedelta(seconds=90))
    return [tuple(row) for row in db.session.execute(
        sa.select(ical_utc(Session.starts_at), ical_utc(Session.ends_at)).order_by(Session.id))]


def test_the_database_writes_times_as_ics_does_sqlite(make):
    assert written_by_the_database(make) == [(ics.utc_text(m), ics.utc_text(m + timedelta(seconds=90))) for m in MOMENTS]


def test_the_database_writes_times_as_ics_does_postgresql(pg_make):
    assert written_by_the_database(pg_make) == [(ics.utc_text(m), ics.utc_text(m + timedelta(seconds=90))) for m in MOMENTS]
