"""An organiser gives an event a picture on a phone-sized screen: the form says what is missing, the picture
is shown on the event's page, and axe finds nothing on the way."""

import io

from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser

TITLE = "Gravure sur linoléum en famille"
ALT = "Deux enfants encrent une plaque de linoléum"


def _poster() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(out, "PNG")
    return {"name": "affiche.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_the_event_form_takes_a_picture_with_its_description(browsing, axe):
    page = browsing.new_page(viewport={"width": 390, "height": 844})
    sign_in_as_organiser(page)
    page.goto("/organiser/events/new")
    page.get_by_label("Équipe", exact=True).select_option(label="Laboratoire des publics")
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Image (facultative)", exact=True).set_input_files(_poster())
    axe(page, "event editor with a picture chosen")

    page.get_by_role("button", name="Enregistrer").click()  # no description of the picture yet
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#image_alt-error")).to_contain_text("ce que montre l’image")
    axe(page, "event editor, picture without its description")

    page.get_by_label("Image (facultative)", exact=True).set_input_files(_poster())
    page.get_by_label("Ce que montre l’image", exact=True).fill(ALT)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)

    page.get_by_role("link", name="Modifier", exact=True).click()
    preview = page.locator(".picture-preview img")
    expect(preview).to_have_attribute("alt", ALT)
    expect(page.get_by_label("Retirer l’image", exact=True)).not_to_be_checked()
    axe(page, "event editor with its picture")

    page.get_by_role("link", name="Retour").click()
    page.get_by_role("link", name="Aperçu").click()
    picture = page.locator("article.event picture img")
    expect(picture).to_have_attribute("alt", ALT)
    expect(picture).to_have_attribute("width", "1200")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('article.event picture img').naturalWidth > 0")
    # On a phone the browser picks a file near the screen's width, and the picture fits the screen.
    assert page.evaluate("document.querySelector('article.event picture img').currentSrc").endswith(".webp")
    box = picture.bounding_box()
    assert box["width"] <= 390 and abs(box["height"] - box["width"] * 800 / 1200) < 2
    axe(page, "event preview with its picture")
