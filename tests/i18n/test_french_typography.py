"""French typography over the whole catalogue, and the few French words the code writes itself.

The rules Mamadou's eyes expect (and that a phone must not break across lines):
a non-breaking space before « : ; ? ! », inside « guillemets », times as "16 h 00" with non-breaking spaces,
and no "0 personne … sera prévenue" nor "1 annulations": a number written just before a noun comes through
ngettext, so the noun agrees with it (French: 0 and 1 singular, 2 and more plural), and when there is nobody the
page says so in words (the cancel pages' test below).
"""

import re
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, ngettext

from booking.templating import format_local_time
from tests.i18n.catalogue import french

NON_BREAKING = "\u00a0\u202f"  # the no-break space, or the narrow one French typesetters prefer before ; ? !
# Technical text the reader copies as is (an HTTP header, an ISO 8601 example): not French prose.
TECHNICAL = re.compile(r"Authorization: Bearer|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?|https?://")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# A number placeholder, an optional ordinal-like adjective ("les 5 premières séances"), then the next word.
COUNT_THEN_WORD = re.compile(r"(%\(\w+\)\d*d|\{\w+\})\s+(?:(?:premi|derni|prochai)\w*\s+)?([^\W\d_][\w’'-]*)")
# Words that may follow a number without agreeing with it, each for a reason (no list of exempted messages):
NOT_COUNTED = {
    "h",  # a time, "19 h 00": hours on a clock, not a count of things
    "en", "au", "sur", "à", "et", "de", "du", "pour", "dans",  # "%(total)d en tout", "%(num)d sur %(total)d"
}


def typography_problems(text: str) -> list[str]:
    """What breaks French typography in one French message ("" → nothing)."""
    prose = TECHNICAL.sub("", text)
    problems = []
    for at, char in enumerate(prose):
        before = prose[at - 1] if at else ""
        after = prose[at + 1] if at + 1 < len(prose) else ""
        if char in ":;?!" and at and before not in NON_BREAKING:
            problems.append(f"no non-breaking space before « {char} » in …{prose[max(0, at - 12):at + 3]}…")
        if char == "«" and after not in NON_BREAKING:
            problems.append(f"no non-breaking space after « in …{prose[at:at + 12]}…")
        if char == "»" and before not in NON_BREAKING:
            problems.append(f"no non-breaking space before » in …{prose[max(0, at - 12):at + 1]}…")
    if re.search(r"\b\d{1,2}:\d\d\b", prose):
        problems.append("a time written 16:00 rather than 16 h 00")
    if re.search(r"(\d|\))[ ]h\b|\bh[ ](\d|%)", prose):
        problems.append("a time written with breakable spaces: 16\u00a0h\u00a000 wants non-breaking ones")
    if re.search(r"\b0 (personne|place|séance|réservation)\b", prose):
        problems.append("a zero written as a number: say nobody or nothing in words, not « 0 personne »")
    return problems


def count_problems(text: str, plural: bool) -> list[str]:
    """A number placeholder right before a noun, in a message that is not a plural one (ngettext)."""
    if plural:
        return []
    return [f"« {number} {word} »: a count before a noun wants ngettext, so the noun agrees with the number"
            for number, word in COUNT_THEN_WORD.findall(text) if word.lower() not in NOT_COUNTED]


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def test_every_french_message_follows_french_typography():
    problems = []
    for message in french():
        if not message.id:
            continue
        for text in _strings(message):
            problems += [f"{message.id!r}: {problem}" for problem in typography_problems(text or "")]
    assert not problems, f"{len(problems)} French message(s) break the typography rules:\n" + "\n".join(problems)


def test_every_count_before_a_noun_comes_through_ngettext():
    problems = []
    for message in french():
        if not message.id:
            continue
        plural = isinstance(message.id, tuple | list)
        for text in _strings(message):
            problems += [f"{message.id!r}: {problem}" for problem in count_problems(text or "", plural)]
    assert not problems, f"{len(problems)} message(s) put a bare count before a noun:\n" + "\n".join(problems)


@pytest.mark.parametrize("text", [
    "%(total)d annulations en tout.", "Les %(shown)d premières séances", "%(n)d places réservées sur %(c)d",
    "Trop court : {min} caractères au moins.", "Sur %(checked)d séances passées",
])
def test_the_count_check_catches_a_count_before_a_noun_outside_ngettext(text):
    assert count_problems(text, plural=False)


@pytest.mark.parametrize("text", [
    "%(hours)d\u00a0h\u00a0%(minutes)02d", "Page %(num)d sur %(total)d", "%(total)d en tout.", "%(taken)d/%(capacity)d",
    "Trop court (longueur minimale\u00a0: {min}).", "Première fois\u00a0: %(first)d\u202f; déjà venues\u00a0: %(r)d.",
])
def test_the_count_check_lets_numbers_that_are_not_counts_of_a_noun_through(text):
    assert count_problems(text, plural=False) == []


def test_a_plural_message_may_put_its_count_before_its_noun():
    assert count_problems("%(num)d places réservées sur %(capacity)d", plural=True) == []


@pytest.mark.parametrize(("text", "problem"), [
    ("Pointage : 3", "before « : »"), ("Pointage:", "before « : »"), ("Vraiment ?", "before « ? »"),
    ("« Visite»", "after «"), ("«\u00a0Visite»", "before »"), ("à 16:00", "16:00"), ("à 16 h 00", "breakable"),
    ("0 personne inscrite sera prévenue", "nobody"),
])
def test_the_typography_check_catches_each_rule(text, problem):
    assert any(problem in found for found in typography_problems(text)), typography_problems(text)


@pytest.mark.parametrize("text", [
    "Pointage\u00a0: 3", "Vraiment\u202f?", "«\u00a0Visite\u00a0»", "à 16\u00a0h\u00a000",
    "envoyez l’en-tête Authorization: Bearer <jeton>.", "par exemple 2026-03-14T18:30:00+01:00.",
    "Voir https://guichet.example/r/x", "Personne n’est inscrit.",
])
def test_the_typography_check_lets_good_french_and_technical_text_through(text):
    assert typography_problems(text) == []


def test_times_are_written_16_h_00_and_do_not_break_across_lines(app):
    four_pm = datetime(2026, 12, 12, 15, 0, tzinfo=UTC)  # 16 h 00 in Paris
    with app.test_request_context(), force_locale("fr"):
        assert format_local_time(four_pm, "Europe/Paris") == "16\u00a0h\u00a000"
    with app.test_request_context(), force_locale("en"):
        assert format_local_time(four_pm, "Europe/Paris").startswith("4:00")


@pytest.mark.parametrize(("count", "french_text"), [
    (0, "0 place réservée sur 10"), (1, "1 place réservée sur 10"), (2, "2 places réservées sur 10"),
])
def test_counts_agree_with_their_noun_in_french_zero_and_one_singular(app, count, french_text):
    with app.test_request_context(), force_locale("fr"):
        assert ngettext("%(num)d of %(capacity)d seats booked", "%(num)d of %(capacity)d seats booked", count,
                        capacity=10) == french_text
        assert ngettext("%(num)d cancellation in all.", "%(num)d cancellations in all.", count) == (
            f"{count} annulation{'s' if count > 1 else ''} en tout.")
