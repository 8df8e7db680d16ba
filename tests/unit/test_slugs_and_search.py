"""booking.services.slugs and sqlfunctions.contains: one home for unique slugs and for LIKE searches."""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Team
from booking.services.slugs import slugify, unique_slug
from booking.sqlfunctions import contains, escape_like


def test_slugify_keeps_ascii_words_joined_by_hyphens():
    assert slugify("Débat : l'IA & nous") == "debat-l-ia-nous"
    assert slugify("«  »") == "item"


def test_a_taken_slug_gets_the_next_free_number(app, make):
    make.team("Laboratoire")  # builders give their own slugs: make two that collide here
    db.session.add_all([Team(name="A", slug="atelier"), Team(name="B", slug="atelier-2")])
    db.session.flush()
    assert unique_slug(Team.slug, "Atelier", 100) == "atelier-3"
    assert unique_slug(Team.slug, "Nouvel atelier", 100) == "nouvel-atelier"


def test_a_slug_is_cut_to_its_column_before_it_is_numbered(app):
    db.session.add(Team(name="A", slug="abc"))
    db.session.flush()
    assert unique_slug(Team.slug, "abcdef", 3) == "abc-2"


def test_wildcards_in_a_slug_never_widen_the_search_for_taken_ones(app):
    # "_" would match any one character in LIKE: "a_b" must not count "axb" as taken.
    db.session.add(Team(name="A", slug="axb"))
    db.session.flush()
    assert unique_slug(Team.slug, "a_b", 100) == "a-b"  # slugify drops "_" anyway; the query is escaped too


def test_escape_like_escapes_the_wildcards_and_the_escape_itself():
    assert escape_like("50%_off\\") == "50\\%\\_off\\\\"


def test_contains_finds_the_text_as_it_is(app):
    db.session.add_all([Team(name="50% off", slug="t1"), Team(name="500 offres", slug="t2"),
                        Team(name="a_b", slug="t3"), Team(name="axb", slug="t4")])
    db.session.flush()

    def names(text):
        return set(db.session.scalars(sa.select(Team.name).where(contains(Team.name, text))))

    assert names("0% o") == {"50% off"}
    assert names("a_b") == {"a_b"}
