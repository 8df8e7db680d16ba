"""Every easy-to-read text (catalogue context "easy"), in English and in French, is measured (issue 20).

Two measures, held under the limits the README states ("Easy to read"):
- the average sentence length of each text, in words: at most AVERAGE_SENTENCE_MAX;
- the share of long words (LONG_WORD letters or more): at most LONG_WORDS_SHARE_MAX in each text of at least
  SHORT_TEXT words (in a two-word heading, "Ma réservation", one long word is half of it), and at most
  LONG_WORDS_SHARE_OVERALL_MAX over all the texts of a language.
A placeholder ("%(title)s", filled with an event's title or a date already in words) counts as one short word.
"""

import re

import pytest

from tests.i18n.catalogue import french

AVERAGE_SENTENCE_MAX = 12
LONG_WORD = 10
LONG_WORDS_SHARE_MAX = 0.2
SHORT_TEXT = 5
LONG_WORDS_SHARE_OVERALL_MAX = 0.10
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
# Words as a reader sees them: "l’attente" is "l" and "attente", "e-mail" is "e" and "mail".
WORD = re.compile(r"[^\W\d_]+|\d+")


def easy_texts(language: str) -> list[str]:
    texts = []
    for message in french():
        if message.context != "easy" or not message.id:
            continue
        source = message.id if language == "en" else message.string
        texts += [text for text in (source if isinstance(source, tuple | list) else (source,)) if text]
    return texts


def words(text: str) -> list[str]:
    return WORD.findall(PLACEHOLDER.sub("x", text))


def sentences(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(text) if words(part)]


def average_sentence_length(text: str) -> float:
    found = sentences(text)
    return sum(len(words(s)) for s in found) / len(found)


def long_words(text: str) -> list[str]:
    return [word for word in words(text) if len(word) >= LONG_WORD]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_there_are_easy_to_read_texts_in_both_languages(language):
    assert len(easy_texts(language)) > 80


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_easy_to_read_sentence_is_short(language):
    too_long = [(round(average_sentence_length(text), 1), text) for text in easy_texts(language)
                if average_sentence_length(text) > AVERAGE_SENTENCE_MAX]
    assert not too_long, f"average sentence length over {AVERAGE_SENTENCE_MAX} words: {too_long}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_easy_to_read_texts_use_few_long_words(language):
    texts = easy_texts(language)
    crowded = [(long_words(text), text) for text in texts
               if len(words(text)) >= SHORT_TEXT and len(long_words(text)) / len(words(text)) > LONG_WORDS_SHARE_MAX]
    assert not crowded, f"more than {LONG_WORDS_SHARE_MAX:.0%} long words: {crowded}"
    overall = sum(len(long_words(t)) for t in texts) / sum(len(words(t)) for t in texts)
    assert overall <= LONG_WORDS_SHARE_OVERALL_MAX, f"{overall:.1%} long words over all the texts"


def test_the_measures_count_what_a_reader_sees():
    assert words("Vous êtes sur la liste d’attente.") == ["Vous", "êtes", "sur", "la", "liste", "d", "attente"]
    assert average_sentence_length("C’est complet. Vous pouvez attendre une place.") == 4.0
    assert long_words("Une réservation facile") == ["réservation"]
    assert average_sentence_length("Date\u00a0: %(day)s.") == 1.0
