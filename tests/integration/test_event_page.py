"""An event's public page: its text, its place, and what each upcoming session offers."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.models import utcnow
from tests.auth import sign_in_as


def session_card(page: str, session_id: int) -> str:
    # The card ends where its body does: the calendar links inside it are list items too.
    match = re.search(rf'<li class="card mb-2 session[^"]*" id="session-{session_id}">(.*?)</div>\s*</li>', page, re.S)
    assert match, f"session {session_id} is not listed"
    return match.group(1)


def page_of(client, event) -> str:
    response = client.get(f"/events/{event.id}/{event.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_event_page_renders_the_description_as_markdown(client, make):
    event = make.event(title="Atelier VR", description="## Au programme\n\nUn **casque** par personne.\n\n- créer\n- jouer")
    make.session(event=event)

    page = page_of(client, event)

    assert "<h1 lang=\"fr\">Atelier VR</h1>" in page  # French text on an English page, said so
    assert "<h2>Au programme</h2>" in page
    assert "<strong>casque</strong>" in page
    assert "<li>créer</li>" in page


def test_description_headings_follow_the_page_s_own_in_order(client, make):
    """Organisers write "### Déroulé" under an h1: the levels are renumbered, none skipped (axe's heading-order)."""
    team = make.team("Les Amis du Vieux Port")
    event = make.event(team=team, description="Intro.\n\n### Avec\n\nDeux guides.\n\n##### En pratique\n\nBottes.")
    make.session(event=event)

    page = page_of(client, event)

    assert "<h2>Avec</h2>" in page and "<h3>En pratique</h3>" in page
    assert "<h4>" not in page and "<h5>" not in page

    sign_in_as(client, make.user(email="claire@example.org", role="organiser", teams=[team]))
    organiser_page = client.get(f"/organiser/events/{event.id}").get_data(as_text=True)
    assert "<h3>Avec</h3>" in organiser_page and "<h4>En pratique</h4>" in organiser_page  # under its "Description" h2


def test_event_page_never_passes_raw_html_or_script_links(client, make):
    event = make.event(description='<script>alert("x")</script> <img src=x onerror=alert(1)> [clic](javascript:alert(1))')
    make.session(event=event)

    page = page_of(client, event)

    assert "<script>alert" not in page
    assert "<img" not in page
    assert 'href="javascript:' not in page  # left as plain text, never a link
    assert "&lt;script&gt;" in page


def test_event_page_shows_the_venue_with_its_address(client, make):
    venue = make.venue(name="La Citadelle", address="Montée du Souvenir français", city="Marseille",
                       accessibility_notes="Navette adaptée sur réservation.")
    event = make.event(venue=venue)
    make.session(event=event)

    page = page_of(client, event)

    assert "<address" in page
    assert "La Citadelle<br>Montée du Souvenir français<br>Marseille" in page
    assert "Navette adaptée sur réservation." in page


def test_event_page_shows_start_and_end_in_the_venue_time_zone_in_french(client, make):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    paris = ZoneInfo("Europe/Paris")
    day = utcnow().astimezone(paris).date() + timedelta(days=12)
    starts_at = datetime.combine(day, time(14, 30), tzinfo=paris)
    event = make.event()
    make.session(event=event, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))

    page = page_of(client, event)

    assert "14\u00a0h\u00a030" in page and "16\u00a0h\u00a030" in page
    assert f'datetime="{starts_at.astimezone(ZoneInfo("UTC")).isoformat()}"' in page
    french_months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                     "octobre", "novembre", "décembre")
    assert f"{day.day} {french_months[day.month - 1]} {day.year}" in page


def test_event_page_shows_each_session_state(client, make):
    event = make.event()
    open_ = make.session(event=event, capacity=5, starts_in=timedelta(days=1))
    waitlist = make.session(event=event, capacity=1, starts_in=timedelta(days=2))
    make.registration(waitlist)
    make.registration(waitlist)
    full = make.session(event=event, capacity=1, waitlist_enabled=False, starts_in=timedelta(days=3))
    make.registration(full)
    not_open = make.session(event=event, starts_in=timedelta(days=4),
                            registration_opens_at=utcnow() + timedelta(days=1))
    closed = make.session(event=event, starts_in=timedelta(days=5), registration_closes_at=utcnow() - timedelta(hours=1))
    cancelled = make.session(event=event, starts_in=timedelta(days=6), status="cancelled")
    past = make.session(event=event, starts_in=timedelta(days=-2))

    page = page_of(client, event)

    assert "5 seats left" in session_card(page, open_.id)
    assert "Full, waiting list open" in session_card(page, waitlist.id)
    assert "1 party waiting" in session_card(page, waitlist.id)
    assert ">Full<" in session_card(page, full.id)
    assert "Registration not open yet" in session_card(page, not_open.id)
    assert "Registration opens on" in session_card(page, not_open.id)
    assert "Registration closed" in session_card(page, closed.id)
    assert "Cancelled" in session_card(page, cancelled.id)
    assert f'id="session-{past.id}"' not in page


def test_event_page_offers_booking_only_where_it_is_possible(client, make):
    event = make.event()
    open_ = make.session(event=event, starts_in=timedelta(days=1))
    waitlist = make.session(event=event, capacity=1, starts_in=timedelta(days=2))
    make.registration(waitlist)
    not_open = make.session(event=event, starts_in=timedelta(days=3), registration_opens_at=utcnow() + timedelta(days=1))
    cancelled = make.session(event=event, starts_in=timedelta(days=4), status="cancelled")

    page = page_of(client, event)

    assert f'href="/sessions/{open_.id}/book">Book<' in session_card(page, open_.id)
    assert f'href="/sessions/{waitlist.id}/book">Join the waiting list<' in session_card(page, waitlist.id)
    assert "/book" not in session_card(page, not_open.id)
    assert "/book" not in session_card(page, cancelled.id)


def test_a_cancelled_date_is_shown_as_cancelled_with_no_booking_or_calendar_offer(client, make):
    event = make.event()
    open_ = make.session(event=event, starts_in=timedelta(days=1))
    cancelled = make.session(event=event, starts_in=timedelta(days=4), status="cancelled")

    page = page_of(client, event)

    card = session_card(page, cancelled.id)
    assert "Cancelled" in card and "This date is cancelled: it can no longer be booked." in card
    assert "<del>" in card
    assert "/book" not in card
    assert "Add to my calendar" not in card and ".ics" not in card
    assert "Add to my calendar" in session_card(page, open_.id)


def test_event_page_says_when_no_date_is_coming(client, make):
    event = make.event()
    make.session(event=event, starts_in=timedelta(days=-10))

    assert "No upcoming date for now." in page_of(client, event)


def test_event_page_answers_with_or_without_its_slug_and_names_the_canonical_address(client, make):
    event = make.event(title="Visite", slug="visite-guidee")
    make.session(event=event)

    for path in (f"/events/{event.id}", f"/events/{event.id}/visite-guidee", f"/events/{event.id}/ancien-titre"):
        response = client.get(path)
        assert response.status_code == 200
        assert f'rel="canonical" href="http://guichet.test/events/{event.id}/visite-guidee"' in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_event_page_of_an_unpublished_event_is_not_found(client, make, status):
    event = make.event(status=status)
    make.session(event=event)

    response = client.get(f"/events/{event.id}")

    assert response.status_code == 404
    assert "We could not find this page" in response.get_data(as_text=True)


def test_event_page_of_an_unknown_event_is_not_found(client):
    assert client.get("/events/999999").status_code == 404
    assert client.get("/events/99999999999999999999999").status_code == 404


def test_event_page_has_one_h1_and_no_inline_style_or_script(client, make):
    event = make.event()
    make.session(event=event)

    page = page_of(client, event)

    assert page.count("<h1") == 1
    assert "style=" not in page and "<script" not in page
