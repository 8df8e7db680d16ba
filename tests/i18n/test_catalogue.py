"""The French catalogue: up to date with the code, complete, not fuzzy, and its placeholders right."""

import io

import pytest
from babel.messages.mofile import write_mo

from tests.i18n.catalogue import extract, french, load, message_key

FIX = "Run `make translations-extract`, then translate the new messages in booking/translations/fr/LC_MESSAGES/messages.po."


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    extract(pot)
    return load(pot)


@pytest.fixture(scope="module")
def catalogue():
    return french()


def _live(catalog) -> dict:
    return {message_key(m): m for m in catalog if m.id}


def test_every_message_in_the_code_is_in_the_french_catalogue(extracted, catalogue):
    missing = sorted(set(_live(extracted)) - set(_live(catalogue)))
    assert not missing, f"{len(missing)} message(s) not in the French catalogue: {missing[:20]}\n{FIX}"


def test_the_french_catalogue_has_no_message_the_code_no_longer_uses(extracted, catalogue):
    stale = sorted(set(_live(catalogue)) - set(_live(extracted)))
    assert not stale, f"{len(stale)} message(s) no longer in the code: {stale[:20]}\n{FIX}"


def test_every_french_message_is_translated_and_not_fuzzy(catalogue):
    untranslated, fuzzy = [], []
    for key, message in _live(catalogue).items():
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(s and s.strip() for s in strings) or len(strings) < (2 if message.pluralizable else 1):
            untranslated.append(key)
        if message.fuzzy:
            fuzzy.append(key)
    assert not untranslated, f"{len(untranslated)} message(s) without French: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s) to review: {fuzzy[:20]}"


def test_french_messages_keep_the_placeholders_of_the_english(catalogue):
    problems = [f"{message.id!r}: {'; '.join(map(str, errors))}" for message, errors in catalogue.check()]
    assert not problems, "\n".join(problems)


def test_the_french_catalogue_uses_french_plurals_and_compiles(catalogue):
    assert str(catalogue.locale) == "fr"
    assert catalogue.plural_forms == "nplurals=2; plural=(n > 1);"
    write_mo(io.BytesIO(), catalogue)  # what `make translations` does, in memory
