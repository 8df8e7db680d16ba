"""The door on a phone: the QR scanner loads under the strict CSP and a photo of a booking's code checks it in."""

import re

import segno
from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser


def test_a_photo_of_the_booking_qr_code_checks_the_person_in(browsing, live_server, axe, tmp_path):
    page = browsing.new_page(viewport={"width": 375, "height": 740})
    sign_in_as_organiser(page)
    response = page.goto(f"/organiser/sessions/{live_server.programme.checkin_session_id}/check-in")
    assert "camera=(self)" in response.headers["permissions-policy"]
    scanner = page.locator("[data-scanner]")
    expect(scanner).to_be_visible()  # jsQR and our script ran under the CSP (console errors fail the test)
    axe(page, "check-in scanner at 375 px")

    row = page.locator(".check-in-row:not(.arrived)").first
    row_id = row.get_attribute("id")
    name = row.locator(".fw-semibold").first.inner_text()
    registration_id = re.fullmatch(r"reg-(\d+)", row_id).group(1)
    # What the booking page's QR code holds: the absolute link to that person's check-in page.
    image = tmp_path / "booking-qr.png"
    segno.make_qr(f"{live_server.url}/organiser/registrations/{registration_id}/check-in", error="m").save(
        str(image), scale=8, border=4)

    page.get_by_label("Ou prenez le code en photo").set_input_files(str(image))

    expect(page.locator(f"#{row_id}")).to_have_class(re.compile(r"\barrived\b"))
    expect(page.locator("main [role=status]").first).to_contain_text(name)
    expect(page).not_to_have_url(re.compile(r"\?q="))
    axe(page, "check-in after a scan at 375 px")


def test_a_photo_without_our_code_says_so(browsing, live_server, tmp_path):
    page = browsing.new_page(viewport={"width": 375, "height": 740})
    sign_in_as_organiser(page)
    page.goto(f"/organiser/sessions/{live_server.programme.checkin_session_id}/check-in")
    image = tmp_path / "other.png"
    segno.make_qr("https://example.org/not-a-booking", error="m").save(str(image), scale=8, border=4)

    page.get_by_label("Ou prenez le code en photo").set_input_files(str(image))

    expect(page.locator("[data-scan-status]")).to_contain_text("n’est pas une réservation Guichet")
