"""Which language a page speaks: the person's choice, then the browser's languages, then French."""

import pytest


def _lang_and_heading(response) -> tuple[str, str]:
    html = response.get_data(as_text=True)
    lang = html.split('<html lang="', 1)[1].split('"', 1)[0]
    heading = html.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0].strip()
    return lang, heading


def test_french_when_the_browser_says_nothing(client):
    assert _lang_and_heading(client.get("/")) == ("fr", "Au programme")


@pytest.mark.parametrize("header", ["en", "en-GB,en;q=0.9", "de-DE,de;q=0.9,en;q=0.5"])
def test_english_when_the_browser_prefers_it_to_french(client, header):
    assert _lang_and_heading(client.get("/", headers={"Accept-Language": header})) == ("en", "What's on")


@pytest.mark.parametrize("header", ["fr-FR", "de-DE", "es, fr;q=0.8, en;q=0.5", "*"])
def test_french_when_the_browser_prefers_french_or_a_language_we_do_not_speak(client, header):
    assert _lang_and_heading(client.get("/", headers={"Accept-Language": header}))[0] == "fr"


def test_the_persons_choice_wins_over_the_browser_and_is_remembered(client):
    response = client.post("/language/en", data={"next": "/privacy"}, headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    assert _lang_and_heading(client.get("/", headers={"Accept-Language": "fr"})) == ("en", "What's on")
    client.post("/language/fr", data={"next": "/"})
    assert _lang_and_heading(client.get("/", headers={"Accept-Language": "en"})) == ("fr", "Au programme")


def test_switching_language_goes_back_only_to_our_own_pages(client):
    response = client.post("/language/en", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.post("/language/de").status_code == 404


def test_the_switch_offers_the_other_language_in_that_language(client):
    french = client.get("/").get_data(as_text=True)
    assert '<button type="submit" class="btn btn-link nav-link language-switch" lang="en">' in french
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="fr">' in english and "Français" in english
