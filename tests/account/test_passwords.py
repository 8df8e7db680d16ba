"""Password rules and checking: scrypt, at least 12 characters, not a common one."""

import pytest
from flask_babel import force_locale

from booking.models import User
from booking.models import user as user_model
from booking.services import accounts
from booking.services.accounts import check_password_policy
from booking.services.errors import AccountError
from tests.account import helpers
from tests.conftest import REAL_GENERATE_PASSWORD_HASH


@pytest.fixture
def real_password_hashing(monkeypatch):
    monkeypatch.setattr(user_model, "generate_password_hash", REAL_GENERATE_PASSWORD_HASH)


def test_passwords_are_hashed_with_full_strength_scrypt(app, real_password_hashing):
    user = User(email="camille@example.org", name="Camille")
    user.set_password("une phrase assez longue")
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password("une phrase assez longue")
    assert not user.check_password("une phrase assez longuE")


@pytest.mark.parametrize("password", ["court", "elevenchars", "a" * 11])
def test_short_passwords_are_refused(app, password):
    with pytest.raises(AccountError) as refused:
        check_password_policy(password)
    assert list(refused.value.fields) == ["password"]
    assert "12" in str(refused.value.message)


@pytest.mark.parametrize("password", ["motdepasse123", "MotDePasse123", "password1234", "123456789012",
                                      "azertyuiop12", "aaaaaaaaaaaaaaaa", "abababababab"])
def test_common_or_repetitive_passwords_are_refused(app, password):
    with force_locale("en"), pytest.raises(AccountError, match="too easy to guess"):
        check_password_policy(password)


def test_absurdly_long_passwords_are_refused(app):
    with pytest.raises(AccountError):
        check_password_policy("x1" * 101)


@pytest.mark.parametrize("password", ["correct horse battery", "Le chat dort au soleil", "twelve chars"])
def test_reasonable_passwords_pass(app, password):
    check_password_policy(password)


def test_create_account_refuses_a_weak_password_and_creates_nothing(app):
    with pytest.raises(AccountError):
        accounts.create_account(email="camille@example.org", name="Camille", password="motdepasse123")
    assert accounts.find_user("camille@example.org") is None


def test_authenticate_answers_none_for_every_kind_of_failure(app, make):
    user = make.user("camille@example.org")
    assert accounts.authenticate("CAMILLE@example.org", helpers.PASSWORD) == user
    assert accounts.authenticate("camille@example.org", "wrong password!") is None
    assert accounts.authenticate("nobody@example.org", helpers.PASSWORD) is None
    assert accounts.authenticate("", helpers.PASSWORD) is None
    user.active = False
    assert accounts.authenticate("camille@example.org", helpers.PASSWORD) is None
