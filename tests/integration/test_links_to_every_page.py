"""Pages that exist are linked: the event dashboard, the programme's calendar, the API documentation."""

from urllib.parse import parse_qs, urlsplit

from tests.auth import sign_in_as


def test_the_organisers_event_page_links_to_its_dashboard(client, make):
    team = make.team()
    event = make.event(team=team)
    sign_in_as(client, make.user("orga@example.org", role="organiser", teams=[team]))

    page = client.get(f"/organiser/events/{event.id}").get_data(as_text=True)

    assert f'href="/organiser/dashboard/events/{event.id}">Dashboard</a>' in page
    assert client.get(f"/organiser/dashboard/events/{event.id}").status_code == 200


def _feed_links(page: str) -> tuple[str, str]:
    webcal = page.split('href="webcal://', 1)[1].split('"', 1)[0]
    https = page.split('id="programme-feed"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    return "webcal://" + webcal, https


def test_the_programme_offers_its_calendar_with_plain_help(client, make):
    make.session()

    page = client.get("/").get_data(as_text=True)
    webcal, https = _feed_links(page)

    assert "Add the programme to your calendar" in page
    assert https == "http://guichet.test/calendar/events.ics"
    assert webcal == "webcal://guichet.test/calendar/events.ics"
    assert client.get(urlsplit(https).path).status_code == 200


def test_the_programme_calendar_keeps_the_kind_and_venue_chosen(client, make):
    venue = make.venue()
    make.session(event=make.event(venue=venue, kind="workshop"))

    page = client.get(f"/?kind=workshop&venue={venue.id}&date_from=2030-01-01&q=atelier").get_data(as_text=True)
    _webcal, https = _feed_links(page.replace("&amp;", "&"))

    query = parse_qs(urlsplit(https).query)
    assert query == {"kind": ["workshop"], "venue": [str(venue.id)]}
    feed = client.get(https.removeprefix("http://guichet.test"))
    assert feed.status_code == 200


def test_a_bad_filter_is_left_out_of_the_calendar_address(client, make):
    page = client.get("/?kind=nonsense").get_data(as_text=True)

    assert _feed_links(page)[1] == "http://guichet.test/calendar/events.ics"


def test_the_programme_calendar_help_is_in_french(client):
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)

    assert "Ajouter le programme à votre calendrier" in page
