"""Events in the organisers' workspace: list, create, edit, preview, publish, unpublish, cancel."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event, EventStatus, SessionStatus
from tests.auth import sign_in_as
from tests.organiser.conftest import outbox, paris


def test_index_lists_only_the_events_of_my_teams(as_a, make, event_a, team_b, venue):
    make.event(team=team_b, venue=venue, title="Atelier d'un autre monde")

    page = as_a.get("/organiser/").get_data(as_text=True)

    assert "Les images qui pensent" in page
    assert "Atelier d&#39;un autre monde" not in page and "Atelier d'un autre monde" not in page


def test_admin_sees_every_team_s_events(client, make, event_a, team_b, venue):
    make.event(team=team_b, venue=venue, title="Atelier céramique")
    sign_in_as(client, make.user(role="admin"))

    page = client.get("/organiser/").get_data(as_text=True)

    assert "Les images qui pensent" in page and "Atelier céramique" in page


def test_creating_an_event_saves_a_draft_of_my_team(as_a, team_a, venue):
    response = as_a.post("/organiser/events/new", data={
        "team_id": team_a.id, "title": "Ciné-débat : la ville", "kind": "screening", "venue_id": venue.id,
        "description": "Un **film**, puis un débat.", "audience_notes": "Dès 12 ans",
    })

    event = db.session.scalar(sa.select(Event).where(Event.title == "Ciné-débat : la ville"))
    assert response.status_code == 302 and response.location.endswith(f"/organiser/events/{event.id}")
    assert (event.status, event.team_id, event.kind, event.audience_notes) == ("draft", team_a.id, "screening", "Dès 12 ans")


def test_creating_an_event_for_a_team_i_am_not_in_is_refused(as_a, team_b, venue):
    response = as_a.post("/organiser/events/new", data={
        "team_id": team_b.id, "title": "Intrus", "kind": "talk", "venue_id": venue.id})

    assert response.status_code == 200
    assert 'id="error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Event).where(Event.title == "Intrus")) is None


@pytest.mark.parametrize("team_id", ["2147483647", "not-a-number"])
def test_creating_an_event_for_a_team_that_does_not_exist_is_refused(as_a, venue, team_id):
    response = as_a.post("/organiser/events/new", data={
        "team_id": team_id, "title": "Nulle part", "kind": "talk", "venue_id": venue.id})

    assert response.status_code == 200
    assert 'id="error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Event).where(Event.title == "Nulle part")) is None


def test_an_event_without_a_title_shows_a_form_error(as_a, team_a, venue):
    response = as_a.post("/organiser/events/new", data={"team_id": team_a.id, "title": " ", "kind": "talk",
                                                        "venue_id": venue.id})

    assert response.status_code == 200
    assert "Please check the form" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_editing_an_event_changes_its_text(as_a, event_a, venue):
    response = as_a.post(f"/organiser/events/{event_a.id}/edit", data={
        "title": "Les images qui pensent (2)", "kind": "debate", "venue_id": venue.id,
        "description": "Nouveau *texte*", "audience_notes": ""})

    assert response.status_code == 302
    db.session.refresh(event_a)
    assert (event_a.title, event_a.kind, event_a.description) == ("Les images qui pensent (2)", "debate", "Nouveau *texte*")


def test_moving_an_event_to_another_venue_tells_everyone_booked(as_a, make, event_a, session_a):
    make.registration(session_a, email="camille@example.org")
    other = make.venue(name="H7", address="70 quai Perrache", city="Lyon")

    as_a.post(f"/organiser/events/{event_a.id}/edit", data={
        "title": event_a.title, "kind": event_a.kind, "venue_id": other.id, "description": "", "audience_notes": ""})

    assert [m.recipient for m in outbox("rescheduled")] == ["camille@example.org"]


def test_preview_shows_a_draft_as_the_public_would_see_it(as_a, client, make, team_a, venue):
    draft = make.event(team=team_a, venue=venue, status="draft", title="Brouillon",
                       description="Un **atelier**<script>alert(1)</script>")
    make.session(event=draft)

    page = as_a.get(f"/organiser/events/{draft.id}/preview").get_data(as_text=True)

    assert "Preview" in page and "<strong>atelier</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert client.get(f"/events/{draft.id}").status_code == 404  # still not public


def test_publish_then_unpublish(as_a, client, make, team_a, venue):
    draft = make.event(team=team_a, venue=venue, status="draft")
    make.session(event=draft)

    page = as_a.post(f"/organiser/events/{draft.id}/publish", follow_redirects=True).get_data(as_text=True)
    db.session.refresh(draft)
    assert draft.status == EventStatus.PUBLISHED
    assert "anyone can now see and book it" in page
    assert client.get(f"/events/{draft.id}").status_code == 200

    as_a.post(f"/organiser/events/{draft.id}/unpublish")
    db.session.refresh(draft)
    assert draft.status == EventStatus.DRAFT


def test_publishing_an_event_with_no_date_to_come_warns_that_nobody_can_book_it(as_a, make, team_a, venue):
    draft = make.event(team=team_a, venue=venue, status="draft")
    make.session(event=draft, starts_in=-timedelta(days=3))  # over already
    make.session(event=draft, status=SessionStatus.CANCELLED)

    page = as_a.post(f"/organiser/events/{draft.id}/publish", follow_redirects=True).get_data(as_text=True)

    db.session.refresh(draft)
    assert draft.status == EventStatus.PUBLISHED  # published, as asked: dates can come next
    assert "nobody can see or book it yet" in page
    assert "anyone can now see and book it" not in page


def test_cancelling_an_event_cancels_its_sessions_and_tells_everyone(as_a, make, event_a, session_a):
    make.registration(session_a, email="booked@example.org")
    make.registration(make.session(event=event_a, capacity=1), seats=1, email="other@example.org")

    confirm = as_a.get(f"/organiser/events/{event_a.id}/cancel")
    assert "2 people booked or waiting will be told" in confirm.get_data(as_text=True)
    as_a.post(f"/organiser/events/{event_a.id}/cancel")

    db.session.refresh(event_a)
    assert event_a.status == EventStatus.CANCELLED
    assert {s.status for s in event_a.sessions} == {SessionStatus.CANCELLED}
    assert sorted(m.recipient for m in outbox("session_cancelled")) == ["booked@example.org", "other@example.org"]


def test_a_cancelled_event_cannot_be_published_again(as_a, event_a):
    as_a.post(f"/organiser/events/{event_a.id}/cancel")

    response = as_a.post(f"/organiser/events/{event_a.id}/publish", follow_redirects=True)

    assert "cannot be published again" in response.get_data(as_text=True)
    db.session.refresh(event_a)
    assert event_a.status == EventStatus.CANCELLED


def test_event_page_shows_sessions_with_their_numbers(as_a, make, event_a, session_a):
    make.registration(session_a, seats=3)

    page = as_a.get(f"/organiser/events/{event_a.id}").get_data(as_text=True)

    assert "Booked: 3 / 10" in page
    assert f"/organiser/sessions/{session_a.id}/attendees" in page


def test_session_lines_show_their_start_and_end(as_a, make, event_a):
    make.session(event=event_a, starts_at=paris(2031, 3, 14, 18, 30), ends_at=paris(2031, 3, 14, 20, 0))

    for path in (f"/organiser/events/{event_a.id}", "/organiser/"):
        page = as_a.get(path).get_data(as_text=True)
        assert re.search(r"March 14, 2031 at 6:30\W+PM</time>\s*– <time[^>]*>8:00\W+PM</time>", page), path


def test_the_new_event_form_says_dates_come_next_and_explains_formatting_in_plain_words(as_a):
    page = as_a.get("/organiser/events/new").get_data(as_text=True)

    assert "Its dates and number of seats come next" in page
    assert "Save, then add the dates" in page
    assert "To format the text: **bold**" in page and "Markdown" not in page


def _selected_team(page: str) -> str | None:
    select = re.search(r'<select[^>]*name="team_id".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option selected value="(\d+)"|<option value="(\d+)" selected', select)
    return next(filter(None, chosen.groups())) if chosen else None


def test_the_new_event_form_starts_on_the_organiser_s_only_team(as_a, make, team_a):
    make.team("Une autre équipe")  # not theirs: not offered, not chosen

    assert _selected_team(as_a.get("/organiser/events/new").get_data(as_text=True)) == str(team_a.id)


def test_with_several_teams_the_new_event_form_starts_on_the_last_one_used(client, make, team_a, team_b, venue):
    both = make.user(email="claire@upconf.example", role="organiser", teams=[team_a, team_b])
    sign_in_as(client, both)
    assert _selected_team(client.get("/organiser/events/new").get_data(as_text=True)) is None  # no guess yet

    client.post("/organiser/events/new", data={"team_id": team_b.id, "title": "Visite", "kind": "talk",
                                               "venue_id": venue.id})

    assert _selected_team(client.get("/organiser/events/new").get_data(as_text=True)) == str(team_b.id)


def test_the_events_list_shows_how_full_the_dates_to_come_are(as_a, make, event_a):
    make.registration(make.session(event=event_a, capacity=10), seats=3)
    make.registration(make.session(event=event_a, capacity=10), seats=2)
    make.session(event=event_a, capacity=50, status="cancelled")  # offers nothing
    make.session(event=event_a, capacity=50, starts_in=-timedelta(days=3))  # over

    page = as_a.get("/organiser/").get_data(as_text=True)

    assert "5 of 20 seats booked" in page and "25% full" in page


def test_the_events_list_is_searched_by_title_and_filtered_by_team(client, make, team_a, team_b, venue):
    both = make.user(email="claire@upconf.example", role="organiser", teams=[team_a, team_b])
    make.event(team=team_a, venue=venue, title="Visite guidée du port")
    make.event(team=team_b, venue=venue, title="Atelier d’écriture")
    make.event(team=team_b, venue=venue, title="VISITE des réserves")
    make.event(title="Visite d’une autre équipe")
    sign_in_as(client, both)

    def titles(query: str) -> set[str]:
        page = client.get(f"/organiser/?{query}").get_data(as_text=True)
        return set(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page))

    assert titles("q=visite") == {"Visite guidée du port", "VISITE des réserves"}
    assert titles(f"team={team_b.id}") == {"Atelier d’écriture", "VISITE des réserves"}
    assert titles(f"q=visite&team={team_b.id}") == {"VISITE des réserves"}
    assert titles("q=100%25_") == set() and "No event matches." in client.get("/organiser/?q=zzz").get_data(as_text=True)
    assert len(titles("team=abc")) == 3  # a team that is not one of theirs, or not a team: no filter, no error


def test_the_event_page_leads_from_each_open_session_to_desk_booking_and_partner_seats(as_a, make, event_a):
    open_session = make.session(event=event_a)
    cancelled = make.session(event=event_a, status=SessionStatus.CANCELLED)

    page = as_a.get(f"/organiser/events/{event_a.id}").get_data(as_text=True)

    assert f'href="/organiser/sessions/{open_session.id}/desk-booking"' in page
    assert f'href="/organiser/sessions/{open_session.id}/allocations"' in page
    assert f"/organiser/sessions/{cancelled.id}/desk-booking" not in page  # nothing to book on a cancelled date
