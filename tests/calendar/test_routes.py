"""Calendar files and feeds served over HTTP."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from booking.extensions import db
from booking.services import bookings
from tests.calendar.parsing import events, parse_both
from tests.privacy.helpers import prove

PARIS = ZoneInfo("Europe/Paris")


def ics(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, checked = parse_both(response.data)
    return calendar, checked, response


def test_session_file_is_a_publish_with_the_session_uid(client, make):
    session = make.session()
    calendar, _, response = ics(client, f"/calendar/sessions/{session.id}.ics")
    assert calendar["METHOD"] == "PUBLISH"
    [event] = events(calendar)
    assert event["UID"] == f"session-{session.id}@guichet.test"
    assert event["ORGANIZER"] == "mailto:billetterie@guichet.example"
    assert "ATTENDEE" not in event
    assert event["SUMMARY"] == session.event.title
    assert event["LOCATION"] == "Commune Image, 8 rue Godillot, Saint-Ouen"
    assert event["URL"] == f"http://guichet.test/events/{session.event.id}/{session.event.slug}"
    assert event["DTSTART"].dt == session.starts_at.replace(microsecond=0)
    assert "attachment" in response.headers["Content-Disposition"]


def test_sessions_of_unpublished_events_are_not_served(client, make):
    draft = make.session(event=make.event(status="draft"))
    assert client.get(f"/calendar/sessions/{draft.id}.ics").status_code == 404
    assert client.get("/calendar/sessions/99999.ics").status_code == 404


def test_a_cancelled_session_file_says_so_with_a_raised_sequence(client, make):
    session = make.session()
    bookings.cancel_session(session.id)
    db.session.commit()
    calendar, _, _ = ics(client, f"/calendar/sessions/{session.id}.ics")
    [event] = events(calendar)
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_public_feed_lists_upcoming_public_sessions_with_feed_properties(client, make):
    venue = make.venue(city="Lyon", name="H7")
    talk = make.session(event=make.event(kind="talk", venue=venue))
    workshop = make.session(event=make.event(kind="workshop"))
    make.session(event=make.event(status="draft"))
    calendar, _, response = ics(client, "/calendar/events.ics")
    uids = {str(e["UID"]) for e in events(calendar)}
    assert uids == {f"session-{talk.id}@guichet.test", f"session-{workshop.id}@guichet.test"}
    assert calendar["X-WR-CALNAME"] and calendar["NAME"]
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    assert b"X-PUBLISHED-TTL:PT1H" in response.data
    assert all("ATTENDEE" not in e for e in events(calendar))


def test_public_feed_takes_the_programme_filters(client, make):
    venue = make.venue(city="Lyon", name="H7")
    talk = make.session(event=make.event(kind="talk", venue=venue, title="Débat numérique"))
    make.session(event=make.event(kind="workshop", title="Atelier bois"))
    for query in ("kind=talk", "city=lyon", f"venue={venue.id}", "q=num%C3%A9rique", "available=1&kind=talk"):
        calendar, _, _ = ics(client, f"/calendar/events.ics?{query}")
        assert [str(e["UID"]) for e in events(calendar)] == [f"session-{talk.id}@guichet.test"], query


@pytest.mark.parametrize("query", ["kind=zzz", "venue=abc", "venue=-1", "from=2026-13-01", "to=yesterday",
                                   "available=maybe", "from=20261201"])
def test_bad_filters_answer_400_not_500(client, query):
    assert client.get(f"/calendar/events.ics?{query}").status_code == 400


def test_public_feed_is_right_across_a_clock_change(client, make):
    event = make.event()
    saturday = make.session(event=event, starts_at=datetime(2027, 10, 30, 14, 30, tzinfo=PARIS))
    next_one = make.session(event=event, starts_at=datetime(2027, 11, 6, 14, 30, tzinfo=PARIS))
    calendar, checked, _ = ics(client, "/calendar/events.ics?from=2027-10-01")
    starts = {str(e["UID"]): e["DTSTART"].dt for e in events(calendar)}
    assert starts[f"session-{saturday.id}@guichet.test"] == datetime(2027, 10, 30, 12, 30, tzinfo=UTC)
    assert starts[f"session-{next_one.id}@guichet.test"] == datetime(2027, 11, 6, 13, 30, tzinfo=UTC)
    assert sorted(e.dtstart.value for e in checked.vevent_list) == sorted(starts.values())


def test_registration_file_uses_the_registration_uid(client, make):
    registration = make.registration(make.session(), name="Dupont, Marie")
    calendar, _, _ = ics(client, f"/r/{registration.manage_token}.ics")
    [event] = events(calendar)
    assert event["UID"] == f"registration-{registration.id}@guichet.test"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://guichet.test/r/{registration.manage_token}"
    assert "ATTENDEE" not in event
    assert client.get("/r/not-a-token.ics").status_code == 404


def test_the_registration_page_still_answers_beside_its_file(client, make):
    registration = make.registration(make.session())
    response = client.get(f"/r/{registration.manage_token}")
    assert response.status_code == 200 and response.content_type.startswith("text/html")


def _subscribe(client, registration) -> str:
    """The feed's address, as its owner gets it: the address proven by an emailed link, then one click."""
    prove(client, registration.email)
    assert client.post(f"/calendar/subscribe/{registration.manage_token}").status_code == 302
    page = client.get(f"/calendar/subscribe/{registration.manage_token}", follow_redirects=True).get_data(as_text=True)
    https = re.search(r'value="(http://guichet\.test/calendar/feed/[^"]+\.ics)"', page).group(1)
    assert f'href="webcal://{https.split("://", 1)[1]}"' in page
    return https.removeprefix("http://guichet.test")


def test_personal_feed_lists_a_person_s_bookings_and_keeps_cancelled_ones(client, make):
    full = make.session(capacity=1)
    first = make.registration(make.session(), email="Marie@Example.org")
    second = make.registration(make.session(), email="marie@example.org")
    make.registration(full, email="someone@example.org")
    waiting = make.registration(full, email="marie@example.org")
    make.registration(make.session(), email="other@example.org")
    bookings.cancel(second.id)
    db.session.commit()

    calendar, _, response = ics(client, _subscribe(client, first))
    assert response.headers["Content-Disposition"].startswith("inline")
    found = {str(e["UID"]): e for e in events(calendar)}
    assert set(found) == {f"registration-{first.id}@guichet.test", f"registration-{second.id}@guichet.test"}
    assert f"registration-{waiting.id}@guichet.test" not in found
    assert found[f"registration-{first.id}@guichet.test"]["STATUS"] == "CONFIRMED"
    cancelled = found[f"registration-{second.id}@guichet.test"]
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert calendar["X-WR-CALNAME"] and calendar["METHOD"] == "PUBLISH"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    assert all("ATTENDEE" not in e for e in events(calendar))
    # A feed's address is handed to calendar services: its entries link to the public event, never a booking.
    tokens = [r.manage_token for r in (first, second, waiting)]
    for entry in events(calendar):
        text = f"{entry['URL']} {entry['DESCRIPTION']}"
        assert "/r/" not in text and not any(token in text for token in tokens)
        assert str(entry["URL"]).startswith("http://guichet.test/events/")


def test_asking_twice_gives_the_same_feed_address(client, make):
    registration = make.registration(make.session())
    assert _subscribe(client, registration) == _subscribe(client, registration)


def test_revoking_the_feed_kills_the_old_address(client, make):
    registration = make.registration(make.session())
    old = _subscribe(client, registration)
    response = client.post(f"/calendar/subscribe/{registration.manage_token}/revoke")
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    page = client.get("/calendar/my-feed").get_data(as_text=True)
    new = re.search(r'value="http://guichet\.test(/calendar/feed/[^"]+\.ics)"', page).group(1)
    assert new != old
    assert client.get(new).status_code == 200


def test_feed_tokens_that_do_not_exist_answer_404(client, make):
    assert client.get("/calendar/feed/nope.ics").status_code == 404
    assert client.get(f"/calendar/feed/{'x' * 300}.ics").status_code == 404
    assert client.post("/calendar/subscribe/unknown").status_code == 404


def test_event_page_offers_add_to_calendar_links_with_utc_times(client, make):
    session = make.session(starts_at=datetime(2027, 10, 30, 14, 30, tzinfo=PARIS))
    page = client.get(f"/events/{session.event.id}").get_data(as_text=True)
    assert f'href="/calendar/sessions/{session.id}.ics"' in page
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(google).query)["dates"] == ["20271030T123000Z/20271030T143000Z"]
    outlook = re.search(r'href="(https://outlook\.live\.com/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(outlook).query)["startdt"] == ["2027-10-30T12:30:00Z"]


def test_registration_page_offers_its_file_links_and_the_personal_feed(client, make):
    registration = make.registration(make.session())
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    assert f'href="/r/{registration.manage_token}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "https://outlook.live.com/calendar/deeplink/compose?" in page
    assert f'href="/calendar/subscribe/{registration.manage_token}"' in page
