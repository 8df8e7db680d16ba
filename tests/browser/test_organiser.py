"""An organiser, in French: signs in, creates and publishes an event with a session, and checks someone in."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser

TITLE = "Lecture à voix haute au jardin"


def test_organiser_creates_publishes_and_checks_someone_in(browsing, axe):
    page = browsing.new_page()
    page.goto("/account/login")
    axe(page, "sign-in")
    sign_in_as_organiser(page)
    expect(page.locator("h1")).to_have_text("Mes événements")
    axe(page, "organiser index")

    page.get_by_role("link", name="Nouvel événement").click()
    axe(page, "event editor")
    page.get_by_label("Équipe", exact=True).select_option(label="Laboratoire des publics")
    page.get_by_label("Titre en français", exact=True).fill(TITLE)
    page.get_by_label("Type d’événement", exact=True).select_option(label="Atelier")
    page.get_by_label("Description en français", exact=True).fill(
        "Lire ensemble, à voix haute, des textes choisis par la médiathèque.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("[role=status]")).to_contain_text("brouillon")
    axe(page, "organiser event")

    page.get_by_role("link", name="Ajouter des séances").click()
    axe(page, "session editor")
    day = (date.today() + timedelta(days=20)).isoformat()  # times are typed in the venue's local time
    page.get_by_label("Début", exact=True).fill(f"{day}T14:30")
    page.get_by_label("Fin", exact=True).fill(f"{day}T16:30")
    page.get_by_label("Capacité (places)", exact=True).fill("15")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.locator("[role=status]")).to_contain_text("1 séance ajoutée")

    page.get_by_role("button", name="Publier").click()
    expect(page.locator("[role=status]")).to_contain_text("publié")
    axe(page, "organiser event (published)")

    # A citizen books in another browser, from the public programme.
    citizen = browsing.new_page()
    citizen.goto("/?q=voix+haute")
    citizen.get_by_role("link", name=TITLE).click()
    citizen.locator(".session").first.get_by_role("link", name=re.compile("^Réserver")).click()
    citizen.get_by_label("Votre nom", exact=True).fill("Rose Lambert")
    citizen.get_by_label("Votre adresse e-mail", exact=True).fill("rose.lambert@example.org")
    citizen.get_by_label(re.compile("J’accepte")).check()
    citizen.get_by_role("button", name="Réserver", exact=True).click()
    expect(citizen.locator("h1")).to_have_text("Vous avez réservé")

    page.reload()
    page.get_by_role("link", name="Pointage").first.click()
    expect(page.locator("h1")).to_contain_text("Pointage")
    axe(page, "check-in")
    row = page.locator(".check-in-row", has_text="Rose Lambert")
    row.get_by_role("button", name=re.compile("Marquer l’arrivée")).click()
    expect(page.locator("[role=status]").first).to_contain_text("Rose Lambert")
    expect(page.locator(".check-in-row", has_text="Rose Lambert")).to_contain_text("Arrivée à")
    expect(page.locator(".check-in-counts")).to_contain_text("1 / 1")
    axe(page, "check-in (after)")
