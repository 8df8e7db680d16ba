"""The language switch: French by default, English once chosen, and the choice follows the person."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import switch_language


def test_french_by_default_then_english_after_the_switch_remembered_across_pages(browsing, live_server, axe):
    page = browsing.new_page(locale="de-DE")  # a language Guichet does not speak: French it is
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Au programme")

    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/$"))  # back on the same page
    expect(page.locator("h1")).to_have_text("What's on")
    axe(page, "programme")

    page.goto(f"/events/{live_server.programme.open_event_id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#sessions-title")).to_have_text("Dates")
    axe(page, "event")
    # "Saturday, December 12, 2026, 3:00 PM": the venue's 15 h 00, said the English way.
    expect(page.locator(".session time").first).to_have_text(re.compile(r"^[A-Z][a-z]+day, [A-Z][a-z]+ \d+, 20\d\d, 3:00\sPM$"))
    page.get_by_role("link", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    axe(page, "sign-in")

    switch_language(page, "fr")
    expect(page.locator("h1")).to_have_text("Se connecter")
    page.goto(f"/events/{live_server.programme.open_event_id}")
    french_day = re.compile(r"^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \S+ 20\d\d, 15\u00a0h\u00a000$")
    expect(page.locator(".session time").first).to_have_text(french_day)


def test_an_english_browser_gets_english_until_the_person_chooses(browsing, axe):
    page = browsing.new_page(locale="en-GB")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_language(page, "fr")
    page.goto("/privacy")
    expect(page.locator("h1")).to_have_text("Politique de confidentialité")
    axe(page, "privacy")
