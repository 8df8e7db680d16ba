"""One person, one reference: before and after anonymisation, whatever the case of their email."""

import pytest

from booking.extensions import db
from booking.privacy.personal_data import erase_person
from booking.services.pseudonyms import ANONYMOUS_DOMAIN, anonymous_email, is_anonymous_email, person_ref


def test_person_ref_ignores_case_and_surrounding_spaces(app):
    assert person_ref(" Zoé.Durand@Example.ORG ") == person_ref("zoé.durand@example.org")
    assert person_ref("zoe@example.org") != person_ref("zoé@example.org")


def test_an_anonymised_email_keeps_its_persons_reference(app):
    stand_in = anonymous_email("Camille@Example.org")

    assert is_anonymous_email(stand_in) and stand_in.endswith("@" + ANONYMOUS_DOMAIN)
    assert "camille" not in stand_in.lower()
    assert person_ref(stand_in) == person_ref("camille@example.org")


@pytest.mark.parametrize("email", ["camille@anonymised.invalid", "ZZZ@anonymised.invalid", "a@b.anonymised.invalid"])
def test_an_address_that_only_looks_anonymised_is_a_person_of_its_own(app, email):
    assert not is_anonymous_email(email)
    assert person_ref(email) == person_ref(email.upper())


def test_the_reference_depends_on_the_key(app):
    before = person_ref("camille@example.org")
    app.config["PSEUDONYM_KEY"] = "another-key-for-pseudonyms-0123456789"
    try:
        assert person_ref("camille@example.org") != before
    finally:
        app.config["PSEUDONYM_KEY"] = None


def test_every_booking_gets_a_reference_and_keeps_it_through_erasure(make):
    first = make.registration(make.session(), email="Camille@Example.org")
    second = make.registration(make.session(), email="camille@example.org")
    other = make.registration(make.session(), email="dominique@example.org")
    assert first.person_ref == second.person_ref == person_ref("camille@example.org") != other.person_ref

    erase_person("camille@example.org")
    db.session.commit()

    assert is_anonymous_email(first.email) and first.person_ref == person_ref("camille@example.org")
