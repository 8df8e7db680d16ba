"""A citizen, in French: finds an event, books two seats, adds it to a calendar, gives one back, cancels;
a full session waitlists."""

import re
from pathlib import Path

from playwright.sync_api import expect


def test_citizen_finds_books_downloads_and_cancels(browsing, live_server, axe):
    page = browsing.new_page(viewport={"width": 375, "height": 667})  # Mamadou's phone
    title = live_server.programme.open_event_title
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Au programme")
    axe(page, "programme")

    # Find the event with the programme's search, then open it.
    page.locator("summary", has_text="Filtrer").click()
    page.get_by_label("Rechercher", exact=True).fill("reliure")
    page.get_by_role("button", name="Afficher les événements").click()
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    axe(page, "event")

    page.locator(".session").first.get_by_role("link", name=re.compile("^Réserver")).click()
    expect(page.locator("h1")).to_contain_text(title)
    axe(page, "booking form")

    page.get_by_label("Votre nom", exact=True).fill("Amina Diallo")
    page.get_by_label("Votre adresse e-mail", exact=True).fill("amina.diallo@example.org")
    # Two seats with the stepper's big + button rather than the keyboard.
    seats = page.get_by_label("Nombre de places (vous compris)", exact=True)
    expect(seats).to_have_value("1")
    page.get_by_role("button", name="Une place de plus").click()
    expect(seats).to_have_value("2")
    consent = page.locator(".consent-check label").bounding_box()
    assert consent["height"] >= 44, consent  # a tap target a thumb can hit
    page.get_by_label(re.compile("J’accepte|J'accepte")).check()
    page.get_by_role("button", name="Réserver", exact=True).click()

    expect(page.locator("h1")).to_have_text("Vous avez réservé")
    expect(page.locator("[role=status]")).to_contain_text("2 places")
    axe(page, "confirmation")

    # The calendar is offered right away, in plain words, on buttons a thumb can hit.
    ics_link = page.get_by_role("link", name="Ajouter à mon calendrier (téléphone, ordinateur)")
    for button in (ics_link, page.get_by_role("link", name="Google Agenda"),
                   page.get_by_role("link", name="Outlook", exact=False)):
        assert button.bounding_box()["height"] >= 44

    response = page.context.request.get(ics_link.get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")
    with page.expect_download() as download_info:
        ics_link.click()
    ics = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:" + title in ics.replace("\r\n ", "")

    page.get_by_role("link", name="Voir ou annuler ma réservation").click()
    expect(page.locator("h1")).to_have_text("Ma réservation")
    axe(page, "manage")

    # One companion cannot come after all: "cancel" offers to give back only some seats.
    page.get_by_role("link", name="Annuler ma réservation").click()
    axe(page, "cancel (two seats)")
    page.get_by_role("link", name="Rendre seulement quelques places").click()
    expect(page.locator("h1")).to_have_text("Changer le nombre de places")
    page.get_by_label("Nombre de places", exact=True).fill("1")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("[role=status]")).to_contain_text("1 place")
    expect(page.locator(".booking-status")).to_contain_text("1 place est réservée")
    axe(page, "manage (seats changed)")

    # Cancel in two clicks: the button on the manage page, then the confirmation.
    page.get_by_role("link", name="Annuler ma réservation").click()
    expect(page.locator("h1")).to_have_text("Annuler ma réservation ?")
    axe(page, "cancel")
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    expect(page.locator("[role=status]")).to_contain_text("annulée")
    expect(page.locator(".booking-status")).to_contain_text("Annulée")
    axe(page, "manage (cancelled)")


def test_booking_errors_are_summarised_and_linked_to_their_fields(page, live_server, axe):
    page.goto(f"/sessions/{live_server.programme.open_session_id}/book")
    page.get_by_label("Nombre de places (vous compris)", exact=True).fill("0")
    page.get_by_role("button", name="Réserver", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile("^Erreur"))
    axe(page, "booking form with errors")
    # Each error in the summary links to its field, and the field says what is wrong.
    summary.get_by_role("link", name="Votre nom").click()
    name = page.get_by_label("Votre nom", exact=True)
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    error_id = name.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).not_to_be_empty()
    # The box to tick: a short message, not its long sentence repeated.
    summary.get_by_role("link", name="Cochez la case pour continuer.").click()
    expect(page.get_by_label(re.compile("J’accepte|J'accepte"))).to_be_focused()


def test_a_full_session_puts_the_citizen_on_the_waiting_list(page, live_server, axe):
    programme = live_server.programme
    page.goto(f"/events/{programme.full_event_id}")
    expect(page.locator(".session").first).to_contain_text("Complet")
    page.get_by_role("link", name=re.compile("^Rejoindre la liste d’attente|^Rejoindre la liste d'attente")).click()
    expect(page.locator(".alert-warning")).to_contain_text("complète")
    page.get_by_label("Votre nom", exact=True).fill("Jules Moreau")
    page.get_by_label("Votre adresse e-mail", exact=True).fill("jules.moreau@example.org")
    page.get_by_label(re.compile("J’accepte|J'accepte")).check()
    page.get_by_role("button", name=re.compile("liste d")).click()

    expect(page.locator("h1")).to_contain_text("liste d")
    expect(page.locator("h1")).to_contain_text("1")
    axe(page, "confirmation (waiting list)")
    page.get_by_role("link", name="Voir ou annuler ma réservation").click()
    expect(page.locator(".booking-status")).to_contain_text("position 1")
    axe(page, "manage (waiting list)")
