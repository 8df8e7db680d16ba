"""Nadia, social worker, on her phone: books the seats held for her shelter for people with and without
email, changes a party, cancels one, and has a list to print; axe on each page she sees."""

from datetime import timedelta

from playwright.sync_api import expect

from booking.extensions import db
from booking.models import Session
from booking.services import bookings


def _allocate(session_id: int) -> str:
    session = db.session.get(Session, session_id)
    allocation = bookings.allocate(session_id, bookings.AllocationRequest(
        partner="Foyer Les Tilleuls", contact_email="nadia@foyer.example", seats=4,
        release_at=session.starts_at - timedelta(days=1)))
    return allocation.invite_token


def _give_everything_back(token: str) -> None:
    """The live server is shared: leave the open session's seats as the other browser tests expect them."""
    allocation = bookings.allocation_by_token(token)
    for registration in bookings.allocation_bookings(allocation.id):
        if registration.is_active:
            bookings.cancel(registration.id, by=bookings.CancelledBy.ORGANISER)
    bookings.release_allocation(allocation.id)


def test_a_partner_books_changes_and_cancels_on_a_phone(browsing, live_server, axe):
    token = live_server.run(_allocate, live_server.programme.open_session_id)
    try:
        _walk_through(browsing.new_page(viewport={"width": 375, "height": 667}), token, axe)
    finally:
        live_server.run(_give_everything_back, token)


def _walk_through(page, token, axe):

    page.goto(f"/p/{token}")
    expect(page.locator("h1")).to_contain_text("Foyer Les Tilleuls")
    expect(page.get_by_text("4 places restent à attribuer.")).to_be_visible()
    axe(page, "partner page")

    page.get_by_label("Nom de la personne").fill("Moussa Diallo")
    page.get_by_label("Nombre de places").fill("2")
    page.get_by_role("button", name="Réserver", exact=True).click()
    expect(page.locator("table.partner-list")).to_contain_text("Moussa Diallo")
    expect(page.get_by_text("2 places restent à attribuer.")).to_be_visible()

    page.get_by_label("Nom de la personne").fill("Léon Martin")
    page.get_by_label("Son e-mail (facultatif)").fill("pas une adresse")
    page.get_by_role("button", name="Réserver", exact=True).click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe(page, "partner page with errors")
    page.get_by_label("Son e-mail (facultatif)").fill("leon@example.org")
    page.get_by_label("Nombre de places").fill("1")
    page.get_by_role("button", name="Réserver", exact=True).click()
    expect(page.locator("table.partner-list")).to_contain_text("leon@example.org")
    expect(page.get_by_role("button", name="Imprimer la liste")).to_be_visible()

    page.get_by_role("link", name="Modifier ou annuler — Moussa Diallo").click()
    axe(page, "partner booking change")
    page.get_by_label("Nombre de places").fill("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Plus aucune place à attribuer.")).to_be_visible()

    page.get_by_role("link", name="Modifier ou annuler — Léon Martin").click()
    page.get_by_role("button", name="Annuler cette réservation").click()
    expect(page.get_by_text("1 place reste à attribuer.")).to_be_visible()
    axe(page, "partner page after changes")
