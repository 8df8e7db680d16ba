"""Booking a seat through the easy-to-read flow on a phone, with the keyboard alone, axe on every step (issue 20)."""

from playwright.sync_api import expect

from tests.browser.helpers import tab_to

PHONE = {"width": 375, "height": 740}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_booking_in_easy_to_read_mode_on_a_phone_with_the_keyboard(browsing, live_server, axe):
    programme = live_server.programme
    page = browsing.new_page(viewport=PHONE)
    page.goto("/")

    tab_to(page, "button.easy-read-switch")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_class("easy-read")
    expect(page.locator("button.easy-read-switch")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("h1")).to_have_text("Le programme")
    axe(page, "easy: programme")
    assert fits_the_phone(page)

    page.goto(f"/events/{programme.open_event_id}")
    expect(page.locator("img[src$='/pictograms/date.svg']").first).to_be_visible()
    axe(page, "easy: event")
    assert fits_the_phone(page)
    tab_to(page, f"a[href$='/sessions/{programme.open_session_id}/easy/name']")
    page.keyboard.press("Enter")

    # Step 1: the name, first sent empty to see its error.
    expect(page.locator("h1")).to_have_text("Votre nom")
    expect(page.locator(".easy-progress")).to_contain_text("Étape 1 sur 5")
    axe(page, "easy: name")
    tab_to(page, "input[name=name]")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Écrivez votre nom")
    axe(page, "easy: name, with an error")
    tab_to(page, "input[name=name]")
    page.keyboard.type("Mamadou Diallo")
    page.keyboard.press("Enter")

    # Step 2: the email.
    expect(page.locator("h1")).to_contain_text("Votre adresse e-mail")
    axe(page, "easy: email")
    tab_to(page, "input[name=email]")
    page.keyboard.type("mamadou.diallo@example.org")
    page.keyboard.press("Enter")

    # Step 3: the places, chosen among the numbers offered; then back once, and on again.
    expect(page.locator("h1")).to_have_text("Combien de places voulez-vous\u00a0?")
    axe(page, "easy: places")
    assert fits_the_phone(page)
    tab_to(page, "a.easy-back")
    page.keyboard.press("Enter")
    expect(page.locator("input[name=email]")).to_have_value("mamadou.diallo@example.org")
    tab_to(page, "input[name=email]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Combien de places voulez-vous\u00a0?")
    tab_to(page, "input[name=seats]")
    page.keyboard.press("ArrowDown")  # from the first choice to the second: 2 places
    expect(page.locator("input[name=seats][value='2']")).to_be_checked()
    tab_to(page, "button[type=submit]:not(.easy-read-switch):not(.language-switch)")
    page.keyboard.press("Enter")

    # Step 4: the needs ("no help" is chosen already).
    expect(page.locator("h1")).to_have_text("Avez-vous besoin d’aide pour venir\u00a0?")
    axe(page, "easy: needs")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")

    # Step 5: check, agree, book.
    expect(page.locator("h1")).to_have_text("Vérifiez votre réservation")
    expect(page.locator("main")).to_contain_text("Mamadou Diallo")
    axe(page, "easy: confirm")
    assert fits_the_phone(page)
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Votre réservation est faite")
    expect(page.locator("[role=status]")).to_contain_text("Vous avez 2 places.")
    axe(page, "easy: booked")
    tab_to(page, "main a.btn-primary")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ma réservation")
    axe(page, "easy: my booking")
    assert fits_the_phone(page)
