"""Issue 19, items 6 and 7 through the API: texts in French and English, organisers reading their own drafts,
empty PATCH bodies refused; and the same texts on pages, in emails and in calendar files."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage

TEXTS = {"title": "Atelier gravure", "title_en": "Printmaking workshop", "summary": "Graver sur bois.",
         "summary_en": "Carve on wood.", "description": "Venez **graver**.", "description_en": "Come and **carve**."}


def create(client, organiser, make, **fields):
    venue = make.venue()
    response = client.post("/api/v1/events", headers=organiser.headers,
                           json={"kind": "workshop", "venue_id": venue.id, **TEXTS, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_an_organiser_reads_back_a_draft_with_their_token_and_the_public_does_not(client, organiser, other_organiser,
                                                                                   make):
    event = create(client, organiser, make)
    assert event["status"] == "draft"
    own = client.get(f"/api/v1/events/{event['id']}", headers=organiser.headers)
    assert own.status_code == 200 and own.get_json()["status"] == "draft"
    assert client.get(f"/api/v1/events/{event['id']}").status_code == 404
    assert client.get(f"/api/v1/events/{event['id']}", headers=other_organiser.headers).status_code == 404
    bad = client.get(f"/api/v1/events/{event['id']}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_texts_come_in_the_language_asked_with_both_as_written(client, organiser, make):
    event = create(client, organiser, make, title_en="", summary_en="")
    url = f"/api/v1/events/{event['id']}"
    english = client.get(f"{url}?lang=en", headers=organiser.headers).get_json()
    assert english["language"] == "en" and english["kind_name"] == "Workshop"
    assert english["title"] == "Atelier gravure"  # not translated: French
    assert english["description"] == "Come and **carve**."
    assert english["texts"]["en"]["title"] == "" and english["texts"]["fr"]["summary"] == "Graver sur bois."
    french = client.get(url, headers={**organiser.headers, "Accept-Language": "fr"}).get_json()
    assert french["language"] == "fr" and french["kind_name"] == "Atelier" and french["description"] == "Venez **graver**."


def test_an_empty_patch_is_refused_and_an_unknown_kind_too(client, organiser, make):
    event = create(client, organiser, make)
    session = client.post(f"/api/v1/events/{event['id']}/sessions", headers=organiser.headers,
                          json={"starts_at": "2030-03-14T18:30:00+01:00", "ends_at": "2030-03-14T20:00:00+01:00",
                                "capacity": 5}).get_json()
    for url in (f"/api/v1/events/{event['id']}", f"/api/v1/sessions/{session['id']}"):
        for body in ({"json": {}}, {}):
            response = client.patch(url, headers=organiser.headers, **body)
            assert response.status_code == 422, (url, body)
            assert "body" in response.get_json()["error"]["fields"]
    response = client.patch(f"/api/v1/events/{event['id']}", headers=organiser.headers, json={"kind": "opera"})
    assert response.status_code == 422 and "kind" in response.get_json()["error"]["fields"]
    response = client.patch(f"/api/v1/events/{event['id']}", headers=organiser.headers, json={"title_en": "Prints"})
    assert response.get_json()["texts"]["en"]["title"] == "Prints"


def test_pages_emails_and_calendar_files_speak_the_visitor_s_language(client, make):
    event = make.event(**TEXTS)
    session = make.session(event=event)
    english = client.get(f"/events/{event.id}/{event.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Printmaking workshop" in english and "Carve on wood." in english and "Atelier gravure" not in english
    french = client.get(f"/events/{event.id}/{event.slug}?lang=fr").get_data(as_text=True)
    assert "Atelier gravure" in french and "Graver sur bois." in french
    ics = client.get(f"/calendar/sessions/{session.id}.ics?lang=en").get_data(as_text=True)
    assert "SUMMARY:Printmaking workshop" in ics
    make.registration(session, locale="en")
    make.registration(session, locale="fr")
    payloads = db.session.scalars(sa.select(OutboxMessage)).all()
    titles = {message.locale: message.payload["event_title"] for message in payloads}
    assert titles == {"en": "Printmaking workshop", "fr": "Atelier gravure"}


def test_an_easy_to_read_summary_is_written_and_read_through_the_api(client, organiser, make):
    """What the easy-to-read pages show instead of the description (issue 20), for partner sites too."""
    event = create(client, organiser, make, easy_read_summary="  On grave une image. Puis on l'imprime.  ")
    assert event["easy_read_summary"] == "On grave une image. Puis on l'imprime."
    url = f"/api/v1/events/{event['id']}"
    changed = client.patch(url, headers=organiser.headers, json={"easy_read_summary": "On grave sur du bois."})
    assert changed.status_code == 200 and changed.get_json()["easy_read_summary"] == "On grave sur du bois."
    client.patch(url, headers=organiser.headers, json={"status": "published"})
    client.post(f"{url}/sessions", headers=organiser.headers,
                json={"starts_at": "2030-03-14T18:30:00+01:00", "ends_at": "2030-03-14T20:00:00+01:00", "capacity": 5})
    listed = client.get("/api/v1/events").get_json()["events"]
    assert [e["easy_read_summary"] for e in listed if e["id"] == event["id"]] == ["On grave sur du bois."]

    too_long = client.patch(url, headers=organiser.headers, json={"easy_read_summary": "Mot. " * 300})
    assert too_long.status_code == 422 and "easy_read_summary" in too_long.get_json()["error"]["fields"]
    assert client.get(url).get_json()["easy_read_summary"] == "On grave sur du bois."  # nothing lost
