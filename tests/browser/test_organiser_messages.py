"""An organiser on a phone (375 px), in French: writes to a session's people, checks the preview, sends,
and finds the message in the session's history."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser

PHONE = {"width": 375, "height": 740}


def test_an_organiser_previews_then_sends_a_message_and_finds_it_in_the_history(browsing, live_server, axe):
    session = live_server.programme.open_session_id
    page = browsing.new_page(viewport=PHONE)
    sign_in_as_organiser(page)

    page.goto(f"/organiser/sessions/{session}/message")
    expect(page.locator("h1")).to_have_text("Envoyer un message")
    expect(page.get_by_label(re.compile("^Réservé, pas encore pointé"))).to_be_checked()
    expect(page.get_by_label(re.compile("^En liste d’attente"))).not_to_be_checked()
    axe(page, "message, writing at 375 px")

    page.get_by_label("Objet", exact=True).fill("Entrée par le jardin")
    page.get_by_label("Message", exact=True).fill("Samedi, l’entrée se fait par le jardin.\nÀ bientôt.")
    page.get_by_role("button", name="Voir le message avant l’envoi").click()
    expect(page.locator("h1")).to_have_text("Vérifiez le message avant de l’envoyer")
    expect(page.locator("main")).to_contain_text("Votre réservation de 1 place est confirmée.")
    axe(page, "message, preview at 375 px")

    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator("[role=status]").first).to_contain_text("Votre message sera envoyé")
    history = page.locator(".sent-message", has_text="Entrée par le jardin")
    expect(history).to_be_visible()
    history.locator("summary").click()
    expect(history).to_contain_text("l’entrée se fait par le jardin")
    axe(page, "message, history at 375 px")


def test_the_choices_box_shows_only_for_a_single_choice_question(browsing, live_server, axe):
    page = browsing.new_page(viewport=PHONE)
    sign_in_as_organiser(page)
    page.goto(f"/organiser/events/{live_server.programme.organiser_event_id}/questions")

    choices = page.locator("main form .question-choices")
    kind = page.locator("main form select[name=kind]")
    kind.select_option("short_text")
    expect(choices).to_be_hidden()
    kind.select_option("choice")
    expect(choices).to_be_visible()
    axe(page, "questions at 375 px, single choice")


def test_the_events_list_on_a_phone_searches_by_title_and_shows_fill_rates(browsing, live_server, axe):
    page = browsing.new_page(viewport=PHONE)
    sign_in_as_organiser(page)
    page.goto("/organiser/")
    axe(page, "events list at 375 px")

    page.get_by_label("Le titre contient", exact=True).fill(live_server.programme.open_event_title[:8])
    page.get_by_role("button", name="Afficher", exact=True).click()
    expect(page.locator("table.organiser-events")).to_contain_text(live_server.programme.open_event_title)
    expect(page.locator("td.fill-rate").first).to_contain_text("rempli à")
    axe(page, "events list searched at 375 px")
