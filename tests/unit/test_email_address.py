"""One rule for email addresses: what one entry point accepts, every other accepts, and the same for refusals."""

import pytest

from booking.services.email_address import EMAIL_MAX_LENGTH, is_valid_email


@pytest.mark.parametrize("address", ["camille@example.org", "Camille.Martin+upconf@asso.example",
                                     "zoé@exemple.fr", "a" * 64 + "@example.org"])
def test_ordinary_addresses_are_valid(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", [
    "", "camille", "camille@", "@example.org", "camille@example", "camille martin@example.org",
    "camille@example.org\n", "camille@@example.org", None, 42,
])
def test_malformed_addresses_are_refused(address):
    assert not is_valid_email(address)


@pytest.mark.parametrize("address", ["orga@guichet.test", "x@host.localhost", "x@anonymised.invalid", "x@box.local"])
def test_special_use_domains_no_mail_reaches_are_refused(address):
    assert not is_valid_email(address)


def test_an_address_longer_than_a_mailbox_may_have_is_refused():
    local = "a" * 64
    domain = ".".join(["b" * 60] * 4) + ".org"  # each label legal, the whole too long
    assert len(f"{local}@{domain}") > EMAIL_MAX_LENGTH
    assert not is_valid_email(f"{local}@{domain}")
