"""Every /admin route: anonymous visitors are sent to sign in; citizens and organisers get a 403."""

import pytest

from tests.account.helpers import sign_in


def _admin_requests(app):
    """(method, url) for every method of every admin rule, with made-up ids."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "admin":
            continue
        url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def test_the_admin_blueprint_has_routes(app):
    urls = {url for _method, url in _admin_requests(app)}
    assert {"/admin/", "/admin/teams", "/admin/venues", "/admin/accounts"} <= urls


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, client):
    for method, url in _admin_requests(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/account/login?next="), (method, url)


@pytest.mark.parametrize("role", ["citizen", "organiser"])
def test_people_without_the_admin_role_get_403_everywhere(app, client, make, role):
    make.user("someone@example.org", role=role, teams=[make.team()] if role == "organiser" else [])
    sign_in(client, "someone@example.org")
    for method, url in _admin_requests(app):
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_admins_open_every_admin_page(app, client, make):
    # The made-up id 1 is then a real account, team and venue.
    assert make.user("admin@example.org", role="admin").id == make.team().id == make.venue().id == 1
    sign_in(client, "admin@example.org")
    for method, url in _admin_requests(app):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_unknown_ids_answer_404(client, make):
    make.user("admin@example.org", role="admin")
    sign_in(client, "admin@example.org")
    for url in ("/admin/teams/999", "/admin/venues/999", "/admin/accounts/999"):
        assert client.get(url).status_code == 404, url
