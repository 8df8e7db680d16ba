"""Script in titles, descriptions, names and answers stays text on every page (walked from app.url_map)."""

import pytest
from flask import url_for

from booking.extensions import db
from booking.models import utcnow
from tests.auth import sign_in_as
from tests.security.hostile import ESCAPED_SCRIPT, assert_inert, build

AUDIENCES = ("public.", "privacy.", "calendar.", "account.", "organiser.", "dashboards.", "admin.")


@pytest.fixture
def hostile(make):
    return build(make)


@pytest.fixture
def citizen(make, hostile):
    """The person who booked, with an account that sees the booking."""
    user = make.user("camille@example.org")
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def _signed_in(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        sign_in_as(client, user)
    return client


def page_urls(app, hostile):
    """(endpoint, url) of every GET page of the site's audiences, with the hostile objects as arguments."""
    args = hostile.url_args() | {"slug": hostile.event.slug, "step": "name"}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.endpoint.startswith(AUDIENCES):
            continue
        with app.test_request_context():
            yield rule.endpoint, url_for(rule.endpoint, **{name: args[name] for name in rule.arguments})


def test_every_page_keeps_hostile_text_inert(app, hostile, citizen):
    clients = {"organiser.": _signed_in(app, hostile.organiser), "dashboards.": _signed_in(app, hostile.organiser),
               "admin.": _signed_in(app, hostile.admin), "account.": _signed_in(app, citizen)}
    anonymous = _signed_in(app, None)
    seen = []

    for endpoint, url in page_urls(app, hostile):
        client = next((c for prefix, c in clients.items() if endpoint.startswith(prefix)), anonymous)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.mimetype == "text/html":
            assert_inert(response.text, url)
            seen.append(endpoint)

    assert len(seen) > 40
    assert {"public.index", "public.event", "public.booked", "public.manage", "organiser.attendees",
            "organiser.check_in", "organiser.check_in_person", "dashboards.team", "dashboards.event",
            "dashboards.reach", "account.bookings", "admin.accounts_list"} <= set(seen)


@pytest.mark.parametrize("path", [
    "/", "/events/{event}", "/sessions/{session}/book", "/r/{token}/booked", "/r/{token}", "/r/{token}/cancel",
])
def test_public_pages_show_the_hostile_title_as_text(client, hostile, path):
    url = path.format(event=hostile.event.id, session=hostile.session.id, token=hostile.registration.manage_token)

    page = client.get(url).text

    assert ESCAPED_SCRIPT in page
    assert_inert(page, url)


def test_the_description_markdown_keeps_safe_links_and_drops_script_links(client, hostile):
    page = client.get(f"/events/{hostile.event.id}").text

    assert 'href="https://example.org"' in page
    assert "javascript:alert(1)</a>" not in page  # the raw <a> stays text, escaped
    assert_inert(page, "event page")


@pytest.mark.parametrize("path", [
    "/organiser/sessions/{session}/attendees", "/organiser/sessions/{session}/check-in",
    "/organiser/registrations/{registration}/check-in", "/organiser/events/{event}",
    "/organiser/dashboard/", "/organiser/dashboard/events/{event}", "/organiser/dashboard/reach",
])
def test_organiser_pages_show_hostile_names_and_answers_as_text(app, hostile, path):
    url = path.format(session=hostile.session.id, registration=hostile.registration.id, event=hostile.event.id)

    page = _signed_in(app, hostile.organiser).get(url).text

    assert ESCAPED_SCRIPT in page
    assert_inert(page, url)


def test_the_attendee_list_shows_each_hostile_field_escaped(app, hostile):
    page = _signed_in(app, hostile.organiser).get(f"/organiser/sessions/{hostile.session.id}/attendees").text

    for text in ("Camille &lt;script&gt;", "Centre &lt;script&gt;", "Zoé &lt;script&gt;"):
        assert text in page
    assert_inert(page, "attendees")


def test_the_check_in_message_escapes_the_name(app, hostile):
    client = _signed_in(app, hostile.organiser)

    response = client.post(f"/organiser/registrations/{hostile.registration.id}/check-in", follow_redirects=True)

    assert "Camille &lt;script&gt;alert(1)&lt;/script&gt;" in response.text and "is checked in" in response.text
    assert_inert(response.text, "check-in flash")


def test_the_account_page_shows_hostile_titles_as_text(app, hostile, citizen):
    page = _signed_in(app, citizen).get("/account/bookings").text

    assert ESCAPED_SCRIPT in page
    assert_inert(page, "my bookings")
