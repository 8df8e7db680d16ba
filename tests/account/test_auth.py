"""The access decorators and the check on `next` targets."""

import pytest

from booking.auth import admin_required, organiser_required, safe_next
from tests.account.helpers import sign_in


@pytest.fixture
def guarded(app):
    app.add_url_rule("/_test/organisers", "test_organisers", organiser_required(lambda: "organisers welcome"))
    app.add_url_rule("/_test/admins", "test_admins", admin_required(lambda: "admins welcome"))
    return app


@pytest.mark.parametrize("target", ["/", "/events/1", "/account/bookings?x=1#top", "/r/abc_DEF-123"])
def test_local_paths_are_safe(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [None, "", "events", "//evil.example", "/\\evil.example", "\\/evil.example",
                                    "https://evil.example/", "javascript:alert(1)", "/\nevil", "/\x00", "/" + "a" * 2001])
def test_anything_else_is_not(target):
    assert safe_next(target) is None


def test_anonymous_visitors_are_sent_to_sign_in_with_a_way_back(guarded, client):
    response = client.get("/_test/organisers")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login?next=%2F_test%2Forganisers"


@pytest.mark.parametrize(("role", "organisers", "admins"), [
    ("citizen", 403, 403),
    ("organiser", 200, 403),
    ("admin", 200, 200),
])
def test_each_role_opens_what_it_may(guarded, client, make, role, organisers, admins):
    make.user("someone@example.org", role=role)
    sign_in(client, "someone@example.org")
    assert client.get("/_test/organisers").status_code == organisers
    assert client.get("/_test/admins").status_code == admins
