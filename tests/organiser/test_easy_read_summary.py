"""An event's easy-to-read summary (issue 20): the event form explains it with an example, and saves it."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event


def test_the_event_form_explains_the_summary_with_an_example(as_a):
    page = as_a.get("/organiser/events/new").get_data(as_text=True)

    assert '<label class="form-label" for="easy_read_summary">Easy-to-read summary (optional)</label>' in page
    assert 'aria-describedby="easy_read_summary-help"' in page
    assert "How to write an easy-to-read summary: an example" in page
    assert "We visit the museum together. A guide shows us the paintings." in page


def test_the_summary_is_saved_on_creating_and_editing(as_a, team_a, venue):
    as_a.post("/organiser/events/new", data={
        "team_id": team_a.id, "title": "Visite du musée", "kind": "guided_tour", "venue_id": venue.id,
        "description": "Une visite commentée des collections.", "easy_read_summary": "  Nous visitons le musée.  "})
    event = db.session.scalar(sa.select(Event).where(Event.title == "Visite du musée"))
    assert event.easy_read_summary == "Nous visitons le musée."

    response = as_a.post(f"/organiser/events/{event.id}/edit", data={
        "title": event.title, "kind": event.kind, "venue_id": venue.id, "description": event.description,
        "easy_read_summary": "Nous visitons le musée. C’est gratuit."})

    assert response.status_code == 302
    db.session.refresh(event)
    assert event.easy_read_summary == "Nous visitons le musée. C’est gratuit."


def test_a_summary_too_long_is_refused_on_the_form(as_a, team_a, venue):
    response = as_a.post("/organiser/events/new", data={
        "team_id": team_a.id, "title": "Visite", "kind": "guided_tour", "venue_id": venue.id,
        "easy_read_summary": "Nous visitons. " * 100})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
