"""The booking flow with the keyboard alone: Tab to move, Enter and Space to act, typing in fields."""

from playwright.sync_api import expect

from tests.browser.helpers import tab_to


def test_booking_with_the_keyboard_only(browsing, live_server, axe):
    programme = live_server.programme
    page = browsing.new_page()
    page.goto("/?q=reliure")

    axe(page, "programme, searched")
    tab_to(page, "a[href*='/events/']")  # the skip link, the menu, the filters, then the event
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(programme.open_event_title)
    axe(page, "event")

    tab_to(page, f"a[href$='/sessions/{programme.open_session_id}/book']")
    page.keyboard.press("Enter")
    expect(page.locator("form.booking-form")).to_be_visible()
    axe(page, "booking")

    tab_to(page, "input[name=name]")
    page.keyboard.type("Nadia Benali")
    tab_to(page, "input[name=email]")
    page.keyboard.type("nadia.benali@example.org")
    tab_to(page, "input[name=seats]")
    page.keyboard.type("2")  # focus by Tab selects the "1" already there
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=consent]")).to_be_checked()
    tab_to(page, "form.booking-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Vous avez réservé")
    expect(page.locator("[role=status]")).to_contain_text("2 places")
    axe(page, "confirmation")


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, axe):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    axe(page, "programme")


def test_a_failed_form_moves_focus_to_the_error_summary(page, live_server, axe):
    page.goto(f"/sessions/{live_server.programme.open_session_id}/book")
    tab_to(page, "form.booking-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    axe(page, "booking with errors")
