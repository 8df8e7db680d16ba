"""The compiled catalogues are committed, match their .po files, and production will not start without them."""

import logging
import shutil

import pytest

from booking import catalogues, create_app
from config import ProductionConfig
from tests.i18n.catalogue import TRANSLATIONS

FRENCH_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
FRENCH_MO = FRENCH_PO.with_suffix(".mo")


def test_the_committed_french_catalogue_is_compiled_from_the_current_po():
    assert FRENCH_MO.exists(), f"{FRENCH_MO} is missing: {catalogues.FIX}"
    assert catalogues.problems(TRANSLATIONS, ("fr", "en")) == [], catalogues.FIX


def test_compiling_an_up_to_date_catalogue_writes_nothing(tmp_path):
    shutil.copytree(TRANSLATIONS / "fr", tmp_path / "fr")
    before = (tmp_path / "fr" / "LC_MESSAGES" / "messages.mo").stat().st_mtime_ns

    assert catalogues.compile_all(tmp_path) == []
    assert (tmp_path / "fr" / "LC_MESSAGES" / "messages.mo").stat().st_mtime_ns == before


@pytest.fixture
def translations(tmp_path):
    """A copy of the French sources, compiled, to spoil in each test."""
    directory = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS / "fr", directory / "fr", ignore=shutil.ignore_patterns("*.mo"))
    assert catalogues.compile_all(directory) == [directory / "fr" / "LC_MESSAGES" / "messages.mo"]
    return directory


def _retranslate(po_path, english: str, french: str) -> None:
    text = po_path.read_text(encoding="utf-8")
    marker = f'msgid "{english}"\nmsgstr "'
    assert marker in text
    start = text.index(marker) + len(marker)
    po_path.write_text(text[:start] + french + text[text.index('"\n', start):], encoding="utf-8")


def _production(translations, tmp_path):
    class Settings(ProductionConfig):
        SECRET_KEY = "a-production-secret-key-of-more-than-32-characters"  # noqa: S105 (test value)
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'guichet.db'}"
        BABEL_TRANSLATION_DIRECTORIES = str(translations)

    return Settings


def test_a_po_edited_after_compiling_is_found_stale_and_compiling_fixes_it(translations):
    po_path = translations / "fr" / "LC_MESSAGES" / "messages.po"
    _retranslate(po_path, "What's on", "À l’affiche")

    assert catalogues.problems(translations, ("fr",)) == [
        f"{po_path.with_suffix('.mo')} is out of date with messages.po (1 message(s) differ)"
    ]
    assert catalogues.compile_all(translations) == [po_path.with_suffix(".mo")]
    assert catalogues.problems(translations, ("fr",)) == []


def test_production_refuses_to_start_on_a_stale_catalogue(translations, tmp_path):
    _retranslate(translations / "fr" / "LC_MESSAGES" / "messages.po", "What's on", "À l’affiche")

    with pytest.raises(catalogues.CatalogueError) as refused:
        create_app(_production(translations, tmp_path))
    assert "would be in English" in str(refused.value)
    assert "out of date with messages.po" in str(refused.value)
    assert "python -m booking.catalogues" in str(refused.value)


@pytest.mark.parametrize("what", ["no .mo", "no catalogue at all", "a broken .mo"])
def test_production_refuses_to_start_without_a_french_catalogue(translations, tmp_path, what):
    mo_path = translations / "fr" / "LC_MESSAGES" / "messages.mo"
    if what == "no .mo":
        mo_path.unlink()
    elif what == "no catalogue at all":
        shutil.rmtree(translations / "fr")
    else:
        mo_path.write_bytes(b"not a catalogue")

    with pytest.raises(catalogues.CatalogueError, match=r"messages\.mo (is missing|cannot be read)"):
        create_app(_production(translations, tmp_path))


def test_production_starts_on_an_up_to_date_catalogue(translations, tmp_path):
    assert create_app(_production(translations, tmp_path)).config["ENV_NAME"] == "production"


def test_development_starts_on_a_stale_catalogue_but_warns(translations, tmp_path, caplog):
    (translations / "fr" / "LC_MESSAGES" / "messages.mo").unlink()
    settings = _production(translations, tmp_path)
    settings.ENV_NAME = "development"

    with caplog.at_level(logging.WARNING, logger="guichet.catalogues"):
        create_app(settings)
    assert "messages.mo is missing" in caplog.text


def test_the_check_command_passes_on_this_checkout(capsys):
    # What the Dockerfile runs after compiling: it must pass on what is committed.
    assert catalogues.main(["--check"]) == 0
    assert capsys.readouterr().err == ""
