"""GET /api/v1/events and /api/v1/events/{id}: the public programme, its filters and pages."""

import json
from datetime import date, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from booking.api import presenters
from booking.api.schemas import EventOut
from booking.extensions import db
from booking.models import Event, utcnow
from booking.services import programme
from tests.api.conftest import error_of, has_offset

SESSION_FIELDS = {"id", "starts_at", "ends_at", "capacity", "seats_left", "waitlist_enabled", "waitlist_count",
                  "status", "registration_open", "ics_url"}


def test_list_answers_events_in_an_object_with_sessions_and_cors(client, make):
    session = make.session(capacity=12)

    response = client.get("/api/v1/events")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["next"] is None
    [event] = body["events"]
    assert event["id"] == session.event_id
    assert event["kind"] == "talk" and event["status"] == "published"
    assert event["venue"]["city"] == "Saint-Ouen"
    [listed] = event["sessions"]
    assert SESSION_FIELDS <= set(listed)
    assert listed["capacity"] == 12 and listed["seats_left"] == 12 and listed["registration_open"] is True


def test_list_hides_drafts_and_past_sessions(client, make):
    make.session(event=make.event(status="draft"))
    make.session(starts_in=timedelta(days=-3))

    assert client.get("/api/v1/events").get_json()["events"] == []


def test_list_pages_in_a_stable_order_with_a_next_link(client, make):
    sessions = [make.session(starts_in=timedelta(days=n + 1)) for n in range(5)]

    first = client.get("/api/v1/events?per_page=2&kind=talk").get_json()
    next_url = urlsplit(first["next"])
    second = client.get(f"{next_url.path}?{next_url.query}").get_json()
    third = client.get("/api/v1/events?per_page=2&kind=talk&page=3").get_json()

    assert first["total"] == 5
    assert "kind=talk" in next_url.query and "page=2" in next_url.query
    assert first["next"].startswith("http://guichet.test/api/v1/events?")  # on PUBLIC_BASE_URL, as every link
    listed = [e["id"] for page in (first, second, third) for e in page["events"]]
    assert listed == [s.event_id for s in sessions]  # soonest first, each exactly once
    assert third["next"] is None


def test_list_applies_the_programme_filters(client, make):
    lyon = make.venue(name="H7", city="Lyon")
    workshop = make.session(event=make.event(kind="workshop", venue=lyon, title="Atelier de gravure"))
    make.session(event=make.event(kind="talk", title="Rencontre"), starts_in=timedelta(days=30))
    full = make.session(event=make.event(kind="workshop", title="Atelier complet"), capacity=1)
    make.registration(full)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/events?{query}")
        assert response.status_code == 200, response.get_json()
        return [e["id"] for e in response.get_json()["events"]]

    assert ids("kind=workshop") == [workshop.event_id, full.event_id]
    assert ids("city=lyon") == [workshop.event_id]
    assert ids(f"venue={lyon.id}") == [workshop.event_id]
    assert ids("q=gravure") == [workshop.event_id]
    assert ids("kind=workshop&available=1") == [workshop.event_id]
    in_ten_days = (date.today() + timedelta(days=10)).isoformat()
    assert full.event_id not in ids(f"from={in_ten_days}")
    assert ids(f"to={in_ten_days}&kind=talk") == []


def test_list_refuses_bad_filters_naming_each_field(client):
    response = client.get("/api/v1/events?kind=opera&from=2026-02-30&per_page=1000")

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"kind", "from", "per_page"}


def test_list_refuses_an_end_day_before_the_start_day(client):
    response = client.get("/api/v1/events?from=2026-05-10&to=2026-05-01")

    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"to"}


def test_event_gives_every_session_with_times_in_the_venue_zone(client, make):
    event = make.event()
    upcoming = make.session(event=event, capacity=3, waitlist_enabled=True)
    make.registration(upcoming, seats=3)
    make.registration(upcoming, seats=1)  # waits
    make.session(event=event, starts_in=timedelta(days=-2))

    response = client.get(f"/api/v1/events/{event.id}")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert len(body["sessions"]) == 2
    future = next(s for s in body["sessions"] if s["id"] == upcoming.id)
    assert SESSION_FIELDS <= set(future)
    assert future["seats_left"] == 0 and future["waitlist_count"] == 1
    assert future["availability"] == "waitlist" and future["registration_open"] is True
    assert future["ics_url"] == f"http://guichet.test/calendar/sessions/{upcoming.id}.ics"
    for stamp in ("starts_at", "ends_at", "registration_closes_at"):
        assert has_offset(future[stamp])
    assert future["starts_at"][-6:] in ("+01:00", "+02:00")  # Paris time, as printed on the poster
    assert has_offset(body["updated_at"])


def test_event_closed_to_registration_says_so(client, make):
    closing = utcnow() + timedelta(days=1)
    session = make.session(registration_closes_at=closing - timedelta(days=2))

    [listed] = client.get(f"/api/v1/events/{session.event_id}").get_json()["sessions"]

    assert listed["registration_open"] is False and listed["availability"] == "closed"


def test_unknown_or_draft_event_is_404_in_json(client, make):
    draft = make.event(status="draft")

    for path in (f"/api/v1/events/{draft.id}", "/api/v1/events/999999", "/api/v1/events/99999999999999999999"):
        response = client.get(path)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_list_is_exactly_what_its_schema_dumps(client, make, organiser):
    """The list skips marshmallow's field-by-field dump (presenters.json_response): its JSON must be what
    EventPage's schema would write, for events and sessions of every kind of state."""
    lyon = make.venue(name="H7", city="Lyon", timezone="Europe/Paris")
    bilingual = make.event(venue=lyon, kind="workshop", title="Atelier", title_en="Workshop", summary="Graver.",
                           summary_en="Carve.", description_en="Come **carve**.", audience_notes="Dès 8 ans")
    full = make.session(event=bilingual, capacity=1, wheelchair_spaces=2, reconfirm_days_before=2, offer_hours=12,
                        starts_in=timedelta(days=3))
    make.registration(full)
    make.registration(full)  # waits
    make.session(event=bilingual, status="cancelled", starts_in=timedelta(days=4))
    make.session(event=bilingual, registration_opens_at=utcnow() + timedelta(days=1), max_seats_per_registration=2,
                 registration_closes_at=utcnow() + timedelta(days=5), starts_in=timedelta(days=6))
    make.session(event=make.event(kind="show"), starts_in=timedelta(days=8))
    make.session(event=make.event(team=organiser.team, status="draft", kind="talk"), starts_in=timedelta(days=2))
    make.event(team=organiser.team, status="draft", kind="debate")  # no session yet: listed for its organiser

    answers = 0
    for query, headers in (("", {}), ("?lang=en", {}), ("?per_page=1&page=2", {}), ("", organiser.headers)):
        page = client.get(f"/api/v1/events{query}", headers=headers).get_json()
        with client.application.test_request_context(f"/api/v1/events{query}", headers=headers):
            raw = _presented([event["id"] for event in page["events"]])
            assert page["events"] == json.loads(json.dumps(EventOut(many=True).dump(raw)))
        answers += len(page["events"])
    assert answers == 2 + 2 + 1 + 4  # the organiser's list has its draft, and its event with no session


def _presented(ids: list[int]) -> list[dict]:
    """The events as the presenters give them (datetimes as datetimes), read again."""
    events = {event.id: event for event in db.session.scalars(sa.select(Event).where(Event.id.in_(ids)))}
    upcoming = programme.upcoming_sessions_of([events[event_id] for event_id in ids])
    return [presenters.event_dict(events[event_id], upcoming.by_event[event_id], upcoming.waiting) for event_id in ids]
