"""Mamadou, on his phone (375 px, French), from his booking to all his bookings and his calendar.

The link he is sent by email is read from the outbox, as he would read his mail.
"""

import sqlalchemy as sa
from playwright.sync_api import expect

from booking.extensions import db
from booking.models import OutboxMessage
from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 375, "height": 740}


def _last_link(kind: str) -> str:
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
                                .order_by(OutboxMessage.id.desc()).limit(1))
    return message.payload["link_url"]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_from_a_booking_to_all_my_bookings_with_the_emailed_link(browsing, live_server, axe):
    page = browsing.new_page(viewport=PHONE)
    page.goto(f"/r/{live_server.programme.booked_token}")
    ask = page.get_by_role("button", name="Envoyer un lien à louis@example.org")
    expect(ask).to_be_visible()
    assert not axe.report(page, "manage, phone")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "manage-375.png"), full_page=True)
    ask.click()
    expect(page.locator("h1")).to_have_text("Regardez vos e-mails")
    assert not axe.report(page, "my data, link sent")

    page.goto(live_server.run(_last_link, "my_data_link"))
    assert not axe.report(page, "my data, open the link")
    page.get_by_role("button", name="Voir mes réservations et mes données").click()
    expect(page.locator("h1")).to_have_text("Mes réservations et mes données")
    expect(page.get_by_role("link", name=live_server.programme.open_event_title, exact=True)).to_be_visible()
    _no_sideways_scroll(page)
    assert not axe.report(page, "my bookings and data")
    page.screenshot(path=str(ARTIFACTS / "my-data-375.png"), full_page=True)

    page.get_by_role("link", name="Suivre toutes mes réservations dans mon calendrier").click()
    page.get_by_role("button", name="Obtenir l’adresse de mon calendrier").click()
    expect(page.get_by_role("link", name="M’abonner dans mon application de calendrier")).to_be_visible()
    _no_sideways_scroll(page)
    assert not axe.report(page, "my calendar feed")

    page.goto("/my-data/erase")
    expect(page.get_by_role("button", name="Oui, effacer toutes mes données")).to_be_visible()
    assert not axe.report(page, "erase all my data")
    # A used link says so plainly and offers a new one.
    page.goto(live_server.run(_last_link, "my_data_link"))
    expect(page.get_by_role("link", name="Demander un nouveau lien")).to_be_visible()
    assert not axe.report(page, "link already used")


def test_asking_for_the_link_by_typing_the_address(browsing, axe):
    page = browsing.new_page(viewport=PHONE)
    page.goto("/my-data")
    assert not axe.report(page, "my data, ask for a link")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert not axe.report(page, "my data, ask with errors")
    page.locator("input[name=email]").fill("personne@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Regardez vos e-mails")
    _no_sideways_scroll(page)
