"""Usable on a small phone (320 px wide, WCAG 1.4.10) and at 200 % zoom: nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser

OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed'
                      && !el.closest('.table-responsive, .visually-hidden, .visually-hidden-focusable'))
        .slice(0, 5).map(el => el.outerHTML.slice(0, 120));
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def _public_paths(programme) -> list[str]:
    return ["/", f"/events/{programme.open_event_id}", f"/sessions/{programme.open_session_id}/book",
            f"/r/{programme.booked_token}/booked", f"/r/{programme.booked_token}", "/account/login"]


def _organiser_paths(programme) -> list[str]:
    return ["/organiser/", f"/organiser/events/{programme.organiser_event_id}", "/organiser/events/new",
            f"/organiser/sessions/{programme.checkin_session_id}/check-in", "/organiser/dashboard/"]


def _assert_no_sideways_scroll(page, axe, paths: list[str]) -> None:
    problems = []
    for path in paths:
        page.goto(path)
        found = page.evaluate(OVERFLOW_JS)
        if found["scroll"] > found["width"] or found["wide"]:
            problems.append(f"{path}: wider than the screen: {found}")
        problems.append(axe.report(page, f"{path} at {found['width']} px"))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px: a 1280 px screen at 200 % zoom
def test_public_pages_fit_a_narrow_screen(browsing, live_server, axe, width):
    page = browsing.new_page(viewport={"width": width, "height": 640})
    _assert_no_sideways_scroll(page, axe, _public_paths(live_server.programme))


def test_organiser_pages_fit_a_phone(browsing, live_server, axe):
    page = browsing.new_page(viewport={"width": 320, "height": 640})
    sign_in_as_organiser(page)
    _assert_no_sideways_scroll(page, axe, _organiser_paths(live_server.programme))


def test_the_menu_stays_usable_on_a_phone(browsing, axe):
    page = browsing.new_page(viewport={"width": 320, "height": 640})
    page.goto("/")
    axe(page, "programme at 320 px")
    for name in ("Programme", "Se connecter", "English"):
        link = page.locator("header").get_by_role("link", name=name).or_(
            page.locator("header").get_by_role("button", name=name))
        box = link.first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, name
        assert box["height"] >= 24, f"{name}: touch target too small ({box})"  # WCAG 2.5.8


def test_the_signed_in_menu_folds_on_a_phone(browsing, axe):
    page = browsing.new_page(viewport={"width": 375, "height": 700})
    sign_in_as_organiser(page)
    header = page.locator("header")
    toggle = header.get_by_role("button", name="Menu")
    workspace = header.get_by_role("link", name="Espace organisateur")

    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(workspace).to_be_hidden()
    axe(page, "organiser workspace at 375 px, menu folded")

    toggle.click()

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(workspace).to_be_visible()
    # Away from the button, and its hover colours faded out, before axe measures contrast.
    page.mouse.move(187, 650)
    expect(toggle).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    box = workspace.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    axe(page, "organiser workspace at 375 px, menu open")
    page.keyboard.press("Escape")
    expect(workspace).to_be_hidden()


def test_the_menu_is_open_on_a_wide_screen(browsing):
    page = browsing.new_page(viewport={"width": 1024, "height": 700})
    sign_in_as_organiser(page)

    expect(page.locator("header").get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("header").get_by_role("link", name="Espace organisateur")).to_be_visible()


BUTTONS_INSIDE_JS = """() => {
    const out = [];
    for (const button of document.querySelectorAll('main .btn')) {
        const box = button.closest('main > *') || button.parentElement;
        const style = getComputedStyle(box), rect = box.getBoundingClientRect();
        const right = rect.right - parseFloat(style.paddingRight);
        if (button.getBoundingClientRect().right > right + 1) out.push(button.innerText.trim());
    }
    return out;
}"""


def test_mamadous_booking_page_at_large_text_puts_his_actions_first_and_keeps_buttons_inside(browsing, live_server, axe):
    """Mamadou: a 360 px phone with text at 150 % (so 240 CSS px). Changing seats and cancelling come before the
    calendar and his personal data, and a button holding his email address wraps instead of sticking out."""
    page = browsing.new_page(viewport={"width": 240, "height": 493})
    page.goto(f"/r/{live_server.programme.booked_token}")
    change = page.locator("main a[href$='/seats']").bounding_box()
    assert change["y"] < page.locator("#my-data-title").bounding_box()["y"]
    assert change["y"] < page.locator("main a[href$='.ics']").first.bounding_box()["y"]
    # Louis's address is short; Mamadou's is not: give the "send a link to …" button his.
    page.locator("#my-data-title ~ form button, #my-data-title ~ * button").first.evaluate(
        "b => b.textContent = 'Envoyer un lien à mamadou.diallo.marseille@example.org'")
    assert page.evaluate(BUTTONS_INSIDE_JS) == []
    found = page.evaluate(OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["wide"], found
    assert not axe.report(page, "booking page at 240 px")


SMALL_FIELDS_JS = """() => [...document.querySelectorAll('main input, main select, main textarea')]
    .filter(el => el.offsetParent !== null && !['checkbox', 'radio', 'hidden', 'file'].includes(el.type))
    .map(el => ({name: el.name || el.id, height: el.getBoundingClientRect().height}))
    .filter(field => field.height < 44)"""


def test_organiser_form_fields_are_thumb_sized_on_a_phone(browsing, live_server):
    """Organisers book at the desk and check people in on a phone: fields of 44 px, as on public pages."""
    page = browsing.new_page(viewport={"width": 375, "height": 700})
    sign_in_as_organiser(page)
    small = {}
    for path in ["/organiser/events/new", f"/organiser/sessions/{live_server.programme.checkin_session_id}/desk-booking",
                 f"/organiser/sessions/{live_server.programme.checkin_session_id}/check-in"]:
        page.goto(path)
        if found := page.evaluate(SMALL_FIELDS_JS):
            small[path] = found
    assert not small, small
