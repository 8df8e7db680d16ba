"""One person, one reference: before and after anonymisation, whatever the case of their email."""

import hashlib
import hmac

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import Registration
from booking.privacy.personal_data import erase_person
from booking.services import bookings
from booking.services.pseudonyms import ANONYMOUS_DOMAIN, PseudonymKey, anonymous_email, is_anonymous_email, person_ref


@pytest.fixture
def key(app) -> PseudonymKey:
    return settings.pseudonym_key(app.config)


def test_person_ref_ignores_case_and_surrounding_spaces(key):
    assert person_ref(" Zoé.Durand@Example.ORG ", key) == person_ref("zoé.durand@example.org", key)
    assert person_ref("zoe@example.org", key) != person_ref("zoé@example.org", key)


def test_an_anonymised_email_keeps_its_persons_reference(key):
    stand_in = anonymous_email("Camille@Example.org", key)

    assert is_anonymous_email(stand_in) and stand_in.endswith("@" + ANONYMOUS_DOMAIN)
    assert "camille" not in stand_in.lower()
    assert person_ref(stand_in, key) == person_ref("camille@example.org", key)


@pytest.mark.parametrize("email", ["camille@anonymised.invalid", "ZZZ@anonymised.invalid", "a@b.anonymised.invalid"])
def test_an_address_that_only_looks_anonymised_is_a_person_of_its_own(key, email):
    assert not is_anonymous_email(email)
    assert person_ref(email, key) == person_ref(email.upper(), key)


def test_the_reference_is_the_keyed_hash_of_the_address_under_the_secret_key_when_no_pseudonym_key_is_set(
        app, monkeypatch):
    # Written out by hand: references stored before keys became arguments must stay the same.
    monkeypatch.setitem(app.config, "PSEUDONYM_KEY", None)
    digest = hmac.new(app.config["SECRET_KEY"].encode(), b"camille@example.org", hashlib.sha256).hexdigest()

    assert person_ref("Camille@Example.org", settings.pseudonym_key(app.config)) == int(digest[:15], 16)
    assert anonymous_email("Camille@Example.org", settings.pseudonym_key(app.config)) == f"{digest[:32]}@{ANONYMOUS_DOMAIN}"


def test_the_pseudonym_key_wins_over_the_secret_key_once_set(app, monkeypatch):
    monkeypatch.setitem(app.config, "PSEUDONYM_KEY", None)
    before = person_ref("camille@example.org", settings.pseudonym_key(app.config))
    monkeypatch.setitem(app.config, "PSEUDONYM_KEY", "another-key-for-pseudonyms-0123456789")
    digest = hmac.new(b"another-key-for-pseudonyms-0123456789", b"camille@example.org", hashlib.sha256).hexdigest()

    assert person_ref("camille@example.org", settings.pseudonym_key(app.config)) == int(digest[:15], 16) != before


def test_a_raw_secret_is_refused_instead_of_making_other_numbers(app):
    with pytest.raises(TypeError):
        person_ref("camille@example.org", app.config["SECRET_KEY"])
    with pytest.raises(TypeError):
        anonymous_email("camille@example.org", app.config["SECRET_KEY"].encode())
    with pytest.raises(TypeError):  # even where the key is not needed: the mistake shows at once
        person_ref(anonymous_email("camille@example.org", settings.pseudonym_key(app.config)), app.config["SECRET_KEY"])


def test_booking_without_the_key_fails_before_anything_is_written(make):
    session = make.session()
    request = bookings.BookingRequest(name="Camille", email="camille@example.org")

    with pytest.raises(TypeError):
        bookings.book(session.id, request)  # forgotten
    with pytest.raises(TypeError):
        bookings.book_for_group(session.id, request, bookings.GroupBooking(structure="Asso"), key="raw-secret")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_every_booking_gets_a_reference_and_keeps_it_through_erasure(make, key):
    first = make.registration(make.session(), email="Camille@Example.org")
    second = make.registration(make.session(), email="camille@example.org")
    other = make.registration(make.session(), email="dominique@example.org")
    assert first.person_ref == second.person_ref == person_ref("camille@example.org", key) != other.person_ref

    erase_person("camille@example.org")
    db.session.commit()

    assert is_anonymous_email(first.email) and first.person_ref == person_ref("camille@example.org", key)
