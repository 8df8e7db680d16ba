"""An organiser writes an event in French and English with a picture, at laptop and phone widths: the form
takes both languages and the picture with its description, axe finds nothing on the way, and the preview
shows each visitor their language (issue 19, items 2 and 7)."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as_organiser, switch_language

WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


def _poster() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (1000, 600), (160, 60, 30)).save(out, "JPEG")
    return {"name": "affiche.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.mark.parametrize("width", WIDTHS)
def test_an_event_written_in_both_languages_with_a_picture(browsing, axe, width):
    title, title_en = f"Atelier d’estampe ({width})", f"Printmaking workshop ({width})"
    page = browsing.new_page(viewport=WIDTHS[width])
    sign_in_as_organiser(page)
    switch_language(page, "fr")
    page.goto("/organiser/events/new")
    page.get_by_label("Équipe", exact=True).select_option(label="Laboratoire des publics")
    page.get_by_label("Titre en français", exact=True).fill(title)
    page.get_by_label("Résumé court en français", exact=True).fill("Graver, encrer, imprimer.")
    page.get_by_label("Titre en anglais", exact=True).fill(title_en)
    page.get_by_label("Résumé court en anglais", exact=True).fill("Carve, ink, print.")
    page.get_by_label("Description en anglais", exact=True).fill("Come and **print** your own poster.")
    page.get_by_label("Image (facultative)", exact=True).set_input_files(_poster())
    page.get_by_label("Ce que montre l’image", exact=True).fill("Une presse à bras et des affiches qui sèchent")
    axe(page, f"event editor in both languages with a picture, {width}")
    if width == "phone":  # the form fits the screen: nothing to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(title)
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.get_by_label("Titre en anglais", exact=True)).to_have_value(title_en)
    expect(page.locator(".picture-preview img")).to_have_attribute("alt",
                                                                    "Une presse à bras et des affiches qui sèchent")
    axe(page, f"event editor with both languages saved, {width}")

    page.get_by_role("link", name="Retour").click()
    page.get_by_role("link", name="Aperçu").click()
    preview = page.url
    expect(page.locator("article.event h1")).to_have_text(title)
    expect(page.locator("article.event picture img")).to_be_visible()
    axe(page, f"event preview in French, {width}")
    page.goto(preview + "?lang=en")  # as a visitor reading in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("article.event h1")).to_have_text(title_en)
    expect(page.locator("article.event")).to_contain_text("Come and print your own poster.")
    expect(page.locator("article.event picture img")).to_have_attribute(
        "alt", "Une presse à bras et des affiches qui sèchent")  # one description, as written
    axe(page, f"event preview in English, {width}")
