"""One check, safe_next, for every redirect target that comes with a request; the language switch uses it."""

from urllib.parse import quote

import pytest

from booking.auth import safe_next
from tests.account.helpers import sign_in

HOSTILE_TARGETS = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",  # what /%09/evil.example in a form becomes: browsers drop the tab
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\u200b/evil.example",  # zero-width space (a format character)
    "/\u2028/evil.example",  # line separator
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    " /evil",
    "evil.example",
    "",
    "/" + "a" * 2001,
]
LOCAL_TARGETS = ["/", "/events/3/visite", "/organiser/?page=2", "/r/abc#reg-3", "/%09/stays-a-path"]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_safe_next_refuses_what_a_browser_could_read_as_another_site(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", LOCAL_TARGETS)
def test_safe_next_keeps_paths_of_this_site(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_language_switch_sends_a_hostile_target_to_the_programme(client, target):
    response = client.post("/language/fr", data={"next": target})

    assert response.status_code == 302
    assert response.location == "/"


def test_the_language_switch_refuses_a_tab_sent_percent_encoded_in_the_form(client):
    # The body exactly as the reported attack sent it: next=/%09/evil.example
    response = client.post("/language/en", data="next=" + quote("/", safe="") + "%09" + quote("/evil.example"),
                           content_type="application/x-www-form-urlencoded")

    assert response.location == "/"


def test_the_language_switch_brings_the_person_back_to_their_page(client):
    response = client.post("/language/en", data={"next": "/privacy?x=1"})

    assert response.location == "/privacy?x=1"


@pytest.mark.parametrize("target", ["//evil.example", "/\t/evil.example", "https://evil.example/"])
def test_signing_in_with_a_hostile_next_lands_on_the_persons_home(client, make, target):
    make.user("camille@example.org")

    response = sign_in(client, "camille@example.org", next=target)

    assert response.status_code == 302
    assert response.location == "/account/bookings"
