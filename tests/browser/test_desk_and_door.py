"""The door on a phone: people without a booking let in from the check-in page; the printable pages,
checked by axe as printed (print media emulated): no menus, one sheet in black and white."""

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from booking.extensions import db
from booking.models import Registration, RegistrationStatus
from tests.browser.helpers import sign_in_as_organiser


def _a_confirmed_registration(session_id: int) -> int:
    return db.session.scalar(sa.select(Registration.id).where(Registration.session_id == session_id,
                                                              Registration.status == RegistrationStatus.CONFIRMED))


def test_a_walk_in_at_phone_width_is_let_in_and_the_counts_grow(browsing, live_server, axe):
    page = browsing.new_page(viewport={"width": 375, "height": 740})
    sign_in_as_organiser(page)
    page.goto(f"/organiser/sessions/{live_server.programme.checkin_session_id}/check-in")
    arrived = int(page.locator("[data-count=arrived_seats]").inner_text())
    axe(page, "check-in with walk-ins at 375 px")

    page.get_by_text("Personnes sans réservation").click()
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_label("Nom (facultatif)").fill("Famille Diallo")
    box = page.get_by_role("button", name="Les faire entrer").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.get_by_role("button", name="Les faire entrer").click()

    expect(page.locator("main [role=status], main .alert").first).to_contain_text("2 personnes sans réservation")
    expect(page.locator("[data-count=arrived_seats]")).to_have_text(str(arrived + 2))
    expect(page.get_by_text("Famille Diallo", exact=True)).to_be_visible()
    axe(page, "check-in after a walk-in at 375 px")


def test_the_printable_pages_print_without_menus_and_pass_axe(browsing, live_server, axe):
    session_id = live_server.programme.checkin_session_id
    registration_id = live_server.run(_a_confirmed_registration, session_id)
    page = browsing.new_page()
    sign_in_as_organiser(page)

    for name, url in [("sign-in sheet", f"/organiser/sessions/{session_id}/sign-in-sheet"),
                      ("tickets", f"/organiser/sessions/{session_id}/tickets"),
                      ("desk confirmation", f"/organiser/registrations/{registration_id}/confirmation")]:
        page.emulate_media(media="screen")
        page.goto(url)
        expect(page.get_by_role("button", name="Imprimer")).to_be_visible()  # shown by its script
        axe(page, f"{name} on screen")
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
        expect(page.locator(".print-sheet")).to_be_visible()
        axe(page, f"{name} printed")

    page.goto(f"/organiser/sessions/{session_id}/tickets")
    expect(page.locator(".ticket svg").first).to_be_visible()
    expect(page.locator(".booking-code").first).to_have_text(re.compile(r"^[0-9A-Z]{4,}-[0-9A-Z]$"))
