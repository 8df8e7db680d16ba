"""The account page on a phone (375 px): reached from the menu, readable, and "sign out on all my other
devices" ends the session on a laptop while the phone stays signed in."""

import re

from playwright.sync_api import expect

from booking.services import accounts
from tests.browser.helpers import sign_in
from tests.browser.test_layout import OVERFLOW_JS

EMAIL, PASSWORD = "awa.diallo@example.org", "une phrase pour le bus de Saint-Ouen"
PHONE = {"width": 375, "height": 740}


def _account(live_server) -> None:
    def create():
        if accounts.find_user(EMAIL) is None:
            accounts.create_account(email=EMAIL, name="Awa Diallo", password=PASSWORD)

    live_server.run(create)


def test_on_a_phone_the_account_page_signs_out_the_other_devices(browsing, live_server, axe):
    _account(live_server)
    laptop = browsing.new_page()
    sign_in(laptop, EMAIL, PASSWORD)
    phone = browsing.new_page(viewport=PHONE)
    sign_in(phone, EMAIL, PASSWORD)

    phone.locator("header").get_by_role("button", name="Menu").click()  # folded on a phone
    phone.locator("header").get_by_role("link", name="Mon compte").click()

    expect(phone).to_have_url(re.compile(r"/account/$"))
    expect(phone.locator("h1")).to_have_text("Mon compte")
    expect(phone.locator("main")).to_contain_text("Awa Diallo")
    expect(phone.locator("main")).to_contain_text(EMAIL)
    expect(phone.locator("main").get_by_role("link", name="Mes réservations")).to_be_visible()
    found = phone.evaluate(OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["wide"], found
    button = phone.get_by_role("button", name="Me déconnecter sur tous mes autres appareils")
    box = button.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 24
    axe(phone, "account page at 375 px")

    button.click()

    expect(phone.locator("main")).to_contain_text("Vous êtes déconnecté sur tous vos autres appareils")
    expect(phone.locator("h1")).to_have_text("Mon compte")
    axe(phone, "account page after signing out the other devices, at 375 px")
    laptop.goto("/account/")
    expect(laptop).to_have_url(re.compile(r"/account/login"))
    phone.goto("/account/bookings")
    expect(phone).to_have_url(re.compile(r"/account/bookings$"))
