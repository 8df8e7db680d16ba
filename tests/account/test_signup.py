"""Optional accounts for citizens: sign up, confirm the address, find earlier bookings."""

import sqlalchemy as sa

from booking.extensions import db
from booking.mail.outbox import MessageKind
from booking.models import Registration, Role, User
from tests.account.helpers import outbox, path_of, sign_in, signed_in_user_id
from tests.auth import without_csrf_tokens

GOOD = "une phrase assez longue"


def _sign_up(client, email="camille@example.org", password=GOOD, confirm=None, name="Camille Martin"):
    return client.post("/account/signup", data={"name": name, "email": email, "password": password,
                                                "confirm": confirm or password})


def _verify_path(email="camille@example.org") -> str:
    [message] = outbox("verify_email", email)
    return path_of(message.payload["verify_url"])


def test_sign_up_page_says_an_account_is_optional(client):
    html = client.get("/account/signup").get_data(as_text=True)
    assert "you can always book without one" in html


def test_sign_up_creates_an_unconfirmed_citizen_and_sends_the_confirmation_link(client):
    response = _sign_up(client, email="Camille@Example.org ")
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.email == "camille@example.org"))
    assert user.role == Role.CITIZEN and user.name == "Camille Martin"
    assert user.email_verified_at is None
    assert user.check_password(GOOD)
    [message] = outbox("verify_email")
    assert message.recipient == "camille@example.org"
    assert message.payload["name"] == "Camille Martin"
    assert message.payload["verify_url"].startswith("http://guichet.test/account/verify/")
    assert signed_in_user_id(client) is None


def test_sign_up_with_a_taken_address_answers_the_same_and_mails_the_owner(client, make):
    owner = make.user("camille@example.org")
    taken = _sign_up(client, email="camille@example.org")
    fresh = _sign_up(client, email="dominique@example.org")
    body = lambda response, email: without_csrf_tokens(response.get_data(as_text=True)).replace(email, "EMAIL")  # noqa: E731
    assert body(taken, "camille@example.org") == body(fresh, "dominique@example.org")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert [m.recipient for m in outbox(MessageKind.PASSWORD_RESET)] == ["camille@example.org"]
    assert outbox("verify_email", "camille@example.org") == []
    db.session.refresh(owner)
    assert owner.name == "Test User"  # nothing of the owner's account changed


def test_weak_password_is_refused_on_sign_up(client):
    response = _sign_up(client, password="password1234")
    assert response.status_code == 200
    assert "too easy to guess" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User)) is None
    assert outbox() == []


def test_short_password_and_bad_email_are_form_errors(client):
    html = _sign_up(client, email="not an email", password="short").get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert db.session.scalar(sa.select(User)) is None


def test_confirmation_link_asks_for_a_click_then_confirms(client):
    _sign_up(client)
    path = _verify_path()
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my email address" in page.get_data(as_text=True)
    user = db.session.scalar(sa.select(User))
    assert user.email_verified_at is None  # a mail scanner opening the link confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_confirming_attaches_earlier_bookings_made_with_that_email(client, make):
    session = make.session()
    earlier = make.registration(session, email="Camille@Example.org")
    someone_else = make.registration(session, email="dominique@example.org")
    _sign_up(client)
    client.post(_verify_path())
    user = db.session.scalar(sa.select(User).where(User.email == "camille@example.org"))
    db.session.refresh(earlier)
    db.session.refresh(someone_else)
    assert earlier.user_id == user.id
    assert someone_else.user_id is None


def test_confirming_never_takes_a_booking_already_tied_to_another_account(client, make):
    other = make.user("other@example.org")
    registration = make.registration(make.session(), email="camille@example.org", user_id=other.id)
    _sign_up(client)
    client.post(_verify_path())
    db.session.refresh(registration)
    assert registration.user_id == other.id


def test_garbled_confirmation_link_is_refused(client):
    assert client.post("/account/verify/garbled.token.here").status_code == 400


def test_confirmation_link_for_an_address_since_changed_is_refused(client):
    _sign_up(client)
    path = _verify_path()
    user = db.session.scalar(sa.select(User))
    user.email = "new@example.org"
    db.session.commit()
    assert client.post(path).status_code == 400
    db.session.refresh(user)
    assert user.email_verified_at is None


def test_signed_in_unconfirmed_user_can_ask_for_the_link_again(client):
    _sign_up(client)
    sign_in(client, "camille@example.org", GOOD)
    html = client.get("/account/bookings").get_data(as_text=True)
    assert "Send me the confirmation link again" in html
    assert client.post("/account/verify").status_code == 302
    assert len(outbox("verify_email")) == 2


def test_new_account_can_sign_in_before_confirming(client):
    _sign_up(client)
    assert sign_in(client, "camille@example.org", GOOD).status_code == 302
    assert signed_in_user_id(client) is not None


def test_registrations_count_is_untouched_by_sign_up(client, make):
    make.registration(make.session(), email="camille@example.org")
    _sign_up(client)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
