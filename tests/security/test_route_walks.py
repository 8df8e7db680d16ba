"""Walks over app.url_map: every route has an access rule, every form POST needs its CSRF token, and the
blueprints the organiser and admin suites do not walk (dashboards, personal links, accounts) keep out
whoever does not belong.

tests/organiser/test_isolation.py walks organiser.* (strangers, citizens, another team) and
tests/admin/test_access.py walks admin.*; they are not repeated here.
"""

import pytest
import sqlalchemy as sa
from flask import url_for
from flask_wtf.csrf import CSRFError

from booking.extensions import db
from booking.models import CalendarFeed, Event, EventKindRecord, OutboxMessage, Registration, Session, Team, User, Venue
from tests.auth import sign_in_as

IGNORED_METHODS = {"HEAD", "OPTIONS"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
UNKNOWN_TOKEN = "Zz" * 21 + "Z"  # the shape of a manage token, belonging to nobody

# Who may use each route. A new route fails test_every_route_has_an_access_rule until it is placed here.
ANYONE = {
    "static", "bootstrap.static", "public.index", "public.event", "public.book", "public.set_language",
    "public.privacy", "calendar.public_feed", "calendar.session_file", "api_docs.reference", "api-docs.openapi_json",
    "api_public.list_events", "api_public.get_event", "api_public.book", "api_public.list_kinds", "account.login",
    "account.logout",
    "account.signup", "account.forgot_password", "account.reset_password", "account.verify_email",
    "account.confirm_email", "ops.healthz", "ops.readyz",
    "account.request_sign_in_link", "account.open_sign_in_link",
    "account.spend_sign_in_link", "privacy.request_link", "privacy.open_link", "privacy.spend_link",
    "public.set_easy_read", "public.easy_book",
    "media.image",
    "privacy.lost_link",
}
SECRET_LINK = {  # whoever holds the link (a manage token or a feed token), no account needed
    "public.booked", "public.manage", "public.cancel", "public.change_seats", "privacy.download", "privacy.erase",
    "calendar.registration_file", "calendar.personal_feed", "calendar.subscribe", "calendar.create_feed",
    "calendar.revoke_feed", "api_public.get_registration", "api_public.cancel_registration", "api_public.change_seats",
    "privacy.send_booking_link",
    # a partner allocation's invite link: its bookings only
    "partners.invite", "partners.change_booking", "partners.cancel_booking", "api_public.book_for_partner",
    "public.reconfirm", "public.accept_offer", "public.decline_offer", "api_public.reconfirm_registration",
    "api_public.accept_offer", "api_public.decline_offer",
}
SIGNED_IN = {"account.bookings", "account.resend_verification", "account.delete", "account.index",
             "account.sign_out_everywhere", "account.create_api_token", "account.revoke_api_token"}
# Whoever proved they read an address (a link sent to it, or a confirmed account): never a booking link alone.
PROVEN_ADDRESS = {"privacy.mine", "privacy.download_all", "privacy.erase_all", "calendar.my_feed",
                  "calendar.create_my_feed", "calendar.revoke_my_feed"}
ORGANISER_PREFIXES = ("organiser.", "dashboards.")
ADMIN_PREFIX = "admin."
API_ORGANISER_PREFIX = "api_organiser."  # bearer tokens, walked in tests/api


def endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def test_every_route_has_an_access_rule(app):
    unplaced = {
        endpoint for endpoint in endpoints(app)
        if endpoint not in ANYONE | SECRET_LINK | SIGNED_IN | PROVEN_ADDRESS
        and not endpoint.startswith((*ORGANISER_PREFIXES, ADMIN_PREFIX, API_ORGANISER_PREFIX))
    }
    assert not unplaced, f"decide who may use these routes, then list them here: {sorted(unplaced)}"


def test_the_access_lists_name_only_routes_that_exist(app):
    assert ANYONE | SECRET_LINK | SIGNED_IN | PROVEN_ADDRESS <= endpoints(app)


def requests_for(app, objects, wanted):
    """(method, url, endpoint) for every method of every rule whose endpoint ``wanted`` accepts."""
    for rule in app.url_map.iter_rules():
        if not wanted(rule.endpoint):
            continue
        args = {name: objects.get(f"{rule.endpoint}:{name}", objects.get(name)) for name in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield method, url, rule.endpoint


def snapshot():
    """What a forged request could change."""
    return (
        db.session.execute(sa.select(Event.id, Event.status, Event.title)).all(),
        db.session.execute(sa.select(Session.id, Session.status, Session.capacity, Session.seats_taken)).all(),
        db.session.execute(sa.select(Registration.id, Registration.status, Registration.name,
                                     Registration.checked_in_at)).all(),
        db.session.execute(sa.select(User.id, User.role, User.active, User.email)).all(),
        db.session.execute(sa.select(Team.id, Team.name)).all(),
        db.session.execute(sa.select(Venue.id, Venue.name)).all(),
        db.session.execute(sa.select(EventKindRecord.id, EventKindRecord.name_fr, EventKindRecord.position,
                                     EventKindRecord.active)).all(),
        db.session.execute(sa.select(CalendarFeed.id, CalendarFeed.token)).all(),
        db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.attempts,
                                     OutboxMessage.next_attempt_at)).all(),
    )


# -- CSRF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_form_post_without_its_csrf_token_answers_400_and_changes_nothing(app, make, objects, app_config):
    # Tell CSRF refusals apart from any other 400 (a bad link, a bad form).
    app.register_error_handler(CSRFError, lambda error: ("refused: CSRF", 400))
    client = app.test_client()
    sign_in_as(client, make.user("admin@example.org", role="admin"))  # allowed everywhere: only the token is missing
    before = snapshot()
    seen = set()

    for method, url, endpoint in requests_for(app, objects, lambda e: not e.startswith(("api", "api-docs"))):
        if method not in WRITE_METHODS:
            continue
        response = client.open(url, method=method, data={"title": "Forged", "name": "Forged", "capacity": "0",
                                                          "email": "forged@example.org", "subject": "Forged",
                                                          "body": "Forged", "role": "admin"})
        assert (response.status_code, response.text) == (400, "refused: CSRF"), f"{method} {url}"
        seen.add(endpoint)

    db.session.rollback()
    assert snapshot() == before
    assert len(seen) > 30
    assert {"public.book", "public.cancel", "privacy.erase", "calendar.create_feed", "calendar.revoke_feed",
            "account.logout", "public.set_language", "organiser.mark_arrival", "admin.change_role"} <= seen


# -- Dashboards: organisers of the team only -------------------------------------------------


def dashboard_requests(app, objects):
    return requests_for(app, objects, lambda e: e.startswith("dashboards."))


def test_every_dashboard_url_sends_a_stranger_to_sign_in(app, client, objects):
    for method, url, _endpoint in dashboard_requests(app, objects):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
        assert response.location.startswith("/account/login?next="), f"{method} {url} went to {response.location}"


def test_every_dashboard_url_is_forbidden_to_a_citizen(app, client, make, objects):
    sign_in_as(client, make.user("citizen@example.org"))

    for method, url, _endpoint in dashboard_requests(app, objects):
        assert client.open(url, method=method).status_code == 403, f"{method} {url}"


def test_every_dashboard_url_of_an_event_is_not_found_for_another_team(app, client, make, objects):
    sign_in_as(client, make.user("other@example.org", role="organiser", teams=[make.team("Autre équipe")]))
    seen = []

    for method, url, endpoint in dashboard_requests(app, objects):
        if "/events/" not in url:
            continue
        assert client.open(url, method=method).status_code == 404, f"{method} {url}"
        seen.append(endpoint)

    assert {"dashboards.event", "dashboards.event_csv"} <= set(seen)


def test_team_wide_dashboards_show_another_team_nothing(app, client, make, objects):
    title = db.session.get(Event, objects["event_id"]).title
    sign_in_as(client, make.user("other@example.org", role="organiser", teams=[make.team("Autre équipe")]))

    for method, url, _endpoint in dashboard_requests(app, objects):
        if "/events/" in url:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 200, f"{method} {url}"
        assert title not in response.get_data(as_text=True), url


def test_the_team_itself_opens_every_dashboard_url(app, client, objects):
    sign_in_as(client, db.session.scalar(sa.select(User).where(User.email == "orga@example.org")))

    for method, url, _endpoint in dashboard_requests(app, objects):
        assert client.open(url, method=method).status_code == 200, f"{method} {url}"


# -- Secret links and account pages ------------------------------------------------------------


def test_every_secret_link_route_answers_404_to_a_token_of_nobody(app, client, objects):
    forged = {key: (UNKNOWN_TOKEN if key.endswith("token") else value) for key, value in objects.items()}
    before = snapshot()
    seen = set()

    for method, url, endpoint in requests_for(app, forged, lambda e: e in SECRET_LINK):
        # A well-formed body where the API reads one, so that only the token decides.
        response = client.open(url, method=method, json={"seats": 1} if endpoint.startswith("api") else None)
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
        seen.add(endpoint)

    db.session.rollback()
    assert snapshot() == before
    assert seen == SECRET_LINK


def test_signed_in_routes_send_a_stranger_to_sign_in(app, client, objects):
    for method, url, _endpoint in requests_for(app, objects, lambda e: e in SIGNED_IN):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url}"
        assert response.location.startswith("/account/login?next="), f"{method} {url}"


@pytest.mark.parametrize("who", ["stranger", "booking holder", "unconfirmed account"])
def test_address_wide_routes_need_a_proven_address_and_change_nothing_without_one(app, client, make, objects, who):
    """A booking link, or an account whose address is not confirmed, proves nothing about an address."""
    if who == "booking holder":
        client.get(f"/r/{objects['token']}")
    if who == "unconfirmed account":
        sign_in_as(client, make.user("camille@example.org"))
    before = snapshot()
    seen = set()

    for method, url, endpoint in requests_for(app, objects, lambda e: e in PROVEN_ADDRESS):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
        assert response.location.startswith("/my-data"), f"{method} {url} went to {response.location}"
        seen.add(endpoint)

    db.session.rollback()
    assert snapshot() == before
    assert seen == PROVEN_ADDRESS
