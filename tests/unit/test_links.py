"""booking.links: every link that leaves the site is absolute, on PUBLIC_BASE_URL, and built from the routes."""

import pytest

from booking import links


def test_links_are_built_from_the_routes_on_the_public_address(app):
    assert links.manage_url("tok") == "http://guichet.test/r/tok"
    assert links.event_url(7, "atelier-vr") == "http://guichet.test/events/7/atelier-vr"
    assert links.absolute_url("calendar.session_file", session_id=3) == "http://guichet.test/calendar/sessions/3.ics"
    assert links.password_link("abc") == "http://guichet.test/account/password/reset/abc"


def test_the_emailed_links_each_open_their_own_page(app):
    built = {links.password_link("t"), links.verification_link("t"), links.sign_in_link("t"), links.my_data_link("t")}
    assert len(built) == 4
    assert all(link.startswith("http://guichet.test/") and link.endswith("/t") for link in built)


def test_no_request_is_needed_so_the_cli_and_workers_can_build_links(app):
    from flask import has_request_context

    assert not has_request_context()
    assert links.sign_in_link("x").startswith("http://guichet.test/")


def test_the_request_host_is_never_used(app):
    with app.test_request_context("/", base_url="https://evil.example"):
        assert links.manage_url("tok") == "http://guichet.test/r/tok"


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": "https://culture.example/guichet/"}])
def test_a_public_address_under_a_path_keeps_its_path_and_scheme(app):
    assert links.base_url() == "https://culture.example/guichet"
    assert links.site_host() == "culture.example"
    assert links.manage_url("tok") == "https://culture.example/guichet/r/tok"


@pytest.mark.parametrize("app_config", [{"PUBLIC_BASE_URL": "https://culture.example/guichet/"}])
@pytest.mark.parametrize("endpoint", ["calendar.session_file", "public.book"])
def test_links_by_id_are_the_links_the_routes_build(app, endpoint):
    by_id = links.absolute_url_by_id(endpoint, "session_id")
    for session_id in (1, 9, 10, 98765, 2147483647):
        assert by_id(session_id) == links.absolute_url(endpoint, session_id=session_id)
    assert by_id(42).startswith("https://culture.example/guichet/")

