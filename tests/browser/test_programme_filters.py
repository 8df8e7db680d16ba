"""Mamadou filters the programme on a 375 px phone: after "Afficher", the results are in the first screen."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from booking.models import utcnow

PHONE = {"width": 375, "height": 667}


def test_filtering_on_a_phone_shows_the_results_in_the_first_screen(browsing, live_server, axe):
    page = browsing.new_page(viewport=PHONE)
    title = live_server.programme.open_event_title
    today = utcnow().astimezone(ZoneInfo("Europe/Paris")).date()  # the demo venues' days
    page.goto("/")

    page.locator("summary", has_text="Filtrer").click()
    page.get_by_label("Rechercher", exact=True).fill("reliure")
    page.get_by_label("Du", exact=True).fill(str(today + timedelta(days=8)))
    page.get_by_label("Au", exact=True).fill(str(today + timedelta(days=10)))
    page.get_by_role("button", name="Afficher les événements").click()

    # The form folds into one line of the filters in use; the one result sits right under it.
    summary = page.locator("summary.filters-active")
    expect(summary).to_contain_text("Filtres\u00a0: «\u00a0reliure\u00a0»")
    expect(summary).to_contain_text("Modifier")
    expect(page.get_by_label("Rechercher", exact=True)).to_be_hidden()
    result = page.get_by_role("link", name=title)
    expect(result).to_be_visible()
    box = result.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"the result is below the first screen: {box}"
    assert page.evaluate("window.scrollY") == 0
    axe(page, "programme filtered at 375 px")

    # "Modifier" unfolds the form with the filters as they were.
    summary.click()
    expect(page.get_by_label("Rechercher", exact=True)).to_have_value("reliure")
    axe(page, "programme filters unfolded at 375 px")
