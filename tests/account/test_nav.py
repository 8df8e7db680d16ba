"""The account part of the main menu."""

from tests.account.helpers import sign_in


def _nav(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return html[html.index("<nav"):html.index("</nav>")]


def test_anonymous_visitors_see_sign_in(client):
    nav = _nav(client)
    assert 'href="/account/login"' in nav
    assert "/account/logout" not in nav and "/account/bookings" not in nav


def test_citizens_see_my_bookings_and_a_sign_out_button(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    nav = _nav(client)
    assert 'href="/account/bookings"' in nav
    assert '<form method="post" action="/account/logout"' in nav
    assert 'name="csrf_token"' in nav
    assert "/organiser/" not in nav and "/admin/" not in nav


def test_organisers_see_their_workspace(client, make):
    make.user("orga@example.org", role="organiser", teams=[make.team()])
    sign_in(client, "orga@example.org")
    nav = _nav(client)
    assert 'href="/organiser/"' in nav
    assert "/admin/" not in nav


def test_admins_see_the_administration(client, make):
    make.user("admin@example.org", role="admin")
    sign_in(client, "admin@example.org")
    assert 'href="/admin/"' in _nav(client)
