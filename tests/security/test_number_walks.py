"""Walks over app.url_map: no number or date in a URL makes a 500.

Every route with a number in its path is visited with numbers too large for the
database, and every page with a query string is visited with absurd dates and
page numbers, as an admin (allowed everywhere) and as a stranger.
"""

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from tests.auth import sign_in_as

IGNORED_METHODS = {"HEAD", "OPTIONS"}
SENTINEL = 7654321  # stands for the number argument while the URL is built, then replaced
HUGE_NUMBERS = ["2147483648", "99999999999999999999", "9" * 5000]
ABSURD_DATES = ["0001-01-01", "9999-12-31", "1970-01-01", "2026-02-30", "99999-01-01", "1e20", "-1"]
ABSURD_PAGES = ["1e20", "99999999999999999999", "0", "-1", "10001", "9" * 5000]
DATE_PARAMETERS = ("date_from", "date_to", "from", "to")
# Pages that read dates from their query string: an absurd one is a 400 there, not ignored. (The
# programme, public.index, shows it as an error on its filter form instead, with the other filters kept;
# the public calendar feed answers whatever the date, as long as it is a date.)
DASHBOARD_DATES = ("date_from", "date_to")
READS_DATES = {"dashboards.team": DASHBOARD_DATES, "dashboards.reach": DASHBOARD_DATES,
               "dashboards.event": DASHBOARD_DATES, "dashboards.team_csv": DASHBOARD_DATES,
               "dashboards.reach_csv": DASHBOARD_DATES, "dashboards.event_csv": DASHBOARD_DATES,
               "api_public.list_events": ("from", "to")}


def number_arguments(rule) -> list[str]:
    return [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]


def huge_number_urls(app, objects):
    """(method, url) with each number argument of each rule, in turn, far too large."""
    for rule in app.url_map.iter_rules():
        for target in number_arguments(rule):
            args = {name: objects.get(f"{rule.endpoint}:{name}", objects.get(name)) for name in rule.arguments}
            args[target] = SENTINEL
            with app.test_request_context():
                url = url_for(rule.endpoint, **args)
            assert str(SENTINEL) in url
            for huge in HUGE_NUMBERS:
                for method in sorted(rule.methods - IGNORED_METHODS):
                    yield method, url.replace(str(SENTINEL), huge, 1), rule.endpoint


def get_urls(app, objects):
    """(url, endpoint) of every GET route, built with real objects."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        args = {name: objects.get(f"{rule.endpoint}:{name}", objects.get(name)) for name in rule.arguments}
        with app.test_request_context():
            yield url_for(rule.endpoint, **args), rule.endpoint


@pytest.fixture(params=["admin", "stranger"])
def visitor(request, app, make):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if request.param == "admin":
        sign_in_as(client, make.user("walker@example.org", role="admin"))
    return client


def test_every_number_in_a_path_too_large_for_the_database_is_a_404(app, objects, visitor):
    seen = set()

    for method, url, endpoint in huge_number_urls(app, objects):
        response = visitor.open(url, method=method)
        # 405 when the same path has a rule for other methods: Werkzeug checks methods before converting values.
        assert response.status_code in (404, 405), f"{method} {url[:120]} answered {response.status_code}"
        seen.add(endpoint)

    assert {"calendar.session_file", "dashboards.event", "dashboards.event_csv", "admin.account", "admin.team",
            "organiser.event", "public.event", "api_public.get_event"} <= seen
    assert len(seen) > 40


def test_absurd_dates_in_a_query_string_are_a_400_where_read_and_never_a_500(app, objects, visitor):
    checked = set()

    for url, endpoint in get_urls(app, objects):
        for name in DATE_PARAMETERS:
            for day in ABSURD_DATES:
                response = visitor.get(url, query_string={name: day})
                assert response.status_code != 500, f"{url}?{name}={day} answered 500"
                if name in READS_DATES.get(endpoint, ()) and response.status_code not in (302, 401, 403):
                    assert response.status_code in (400, 422), f"{url}?{name}={day}: {response.status_code}"
                    checked.add(endpoint)

    assert checked  # the admin sees the dashboards; a stranger only the public pages and feeds
    assert "api_public.list_events" in checked


def test_absurd_page_numbers_never_make_a_500(app, objects, visitor):
    for url, _endpoint in get_urls(app, objects):
        for page in ABSURD_PAGES:
            response = visitor.get(url, query_string={"page": page})
            assert response.status_code != 500, f"{url}?page={page[:30]} answered 500"


@pytest.mark.parametrize("path", ["/organiser/", "/admin/accounts"])
@pytest.mark.parametrize("page", ["1e20", "99999999999999999999", "0", "10001"])
def test_workspace_lists_show_the_first_page_for_a_page_number_out_of_range(client, make, path, page):
    sign_in_as(client, make.user("admin@example.org", role="admin"))

    assert client.get(path, query_string={"page": page}).status_code == 200


@pytest.mark.parametrize("page", ["1e20", "99999999999999999999", "0", "10001"])
def test_the_programme_refuses_a_page_number_out_of_range_with_a_400(client, page):
    assert client.get("/", query_string={"page": page}).status_code == 400


def test_a_dashboard_date_before_the_year_2000_is_a_form_error(client, make):
    sign_in_as(client, make.user("orga@example.org", role="organiser", teams=[make.team()]))

    response = client.get("/organiser/dashboard/", query_string={"date_from": "0001-01-01"})

    assert response.status_code == 400
    assert "Please give a date between the years 2000 and 2100." in response.text


def test_a_session_file_with_a_huge_number_is_not_found_for_a_stranger(client):
    assert client.get("/calendar/sessions/99999999999999999999.ics").status_code == 404


@pytest.mark.parametrize("field", ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_session_time_in_an_absurd_year_is_a_form_error(client, make, field, moment):
    team = make.team()
    event = make.event(team=team)
    sign_in_as(client, make.user("orga@example.org", role="organiser", teams=[team]))
    data = {"starts_at": "2027-01-01T10:00", "ends_at": "2027-01-01T12:00", "capacity": "10",
            "max_seats_per_registration": "4", "count": "1", field: moment}

    response = client.post(f"/organiser/events/{event.id}/sessions/new", data=data)

    assert response.status_code == 200
    assert "Please give a date between the years 2000 and 2100." in response.text
    assert not event.sessions
