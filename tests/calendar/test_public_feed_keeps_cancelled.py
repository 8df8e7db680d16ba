from icalendar import Calendar

from booking.extensions import db
from booking.services import bookings


def test_cancelled_session_stays_in_the_public_feed_struck_through(client, make):
    kept = make.session()
    cancelled = make.session(event=kept.event)
    bookings.cancel_session(cancelled.id)
    db.session.commit()

    calendar = Calendar.from_ical(client.get("/calendar/events.ics").data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    assert len(events) == 2
    gone = next(e for uid, e in events.items() if uid.startswith(f"session-{cancelled.id}@"))
    assert str(gone["STATUS"]) == "CANCELLED"
    assert int(gone["SEQUENCE"]) == 1
    still = next(e for uid, e in events.items() if uid.startswith(f"session-{kept.id}@"))
    assert str(still["STATUS"]) == "CONFIRMED"


def test_the_programme_page_does_not_list_cancelled_sessions(client, make):
    session = make.session()
    bookings.cancel_session(session.id)
    db.session.commit()
    assert session.event.title not in client.get("/").get_data(as_text=True)
