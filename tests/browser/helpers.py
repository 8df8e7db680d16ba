"""What a person does in the browser, said once: sign in, change language, move by keyboard."""

import re

from playwright.sync_api import Page, expect

from tests.browser.server import ADMIN_EMAIL, ADMIN_PASSWORD, ORGANISER_EMAIL, ORGANISER_PASSWORD

MAX_TABS = 150


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/account/login"))


def sign_in_as_organiser(page: Page) -> None:
    sign_in(page, ORGANISER_EMAIL, ORGANISER_PASSWORD)
    expect(page).to_have_url(re.compile(r"/organiser/"))


def sign_in_as_admin(page: Page) -> None:
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)


def switch_language(page: Page, code: str) -> None:
    """Use the visible switch in the header, as a person would."""
    if page.get_attribute("html", "lang") == code:
        return
    page.locator(f"header button[lang={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def focused(page: Page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), type: el.getAttribute('type'),
                text: (el.innerText || el.value || '').trim(), id: el.id,
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== 'none'};
    }""")


def tab_to(page: Page, selector: str, *, max_tabs: int = MAX_TABS) -> dict:
    """Press Tab until the focused element matches ``selector``; fail if it is never reached.

    Each stop must show where focus is (an outline or a focus ring), as WCAG 2.4.7 asks.
    """
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        info = focused(page)
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            assert info["outline"] or info["shadow"], f"no visible focus on {selector}: {info}"
            return info
    raise AssertionError(f"{selector} was not reached with {max_tabs} presses of Tab")
