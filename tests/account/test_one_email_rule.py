"""The command line, the sign-in form and the API judge an email address by the same rule.

``create-user`` once stored ``orga@guichet.test``, an address the sign-in form refuses: that
account could never sign in.
"""

import sqlalchemy as sa

from booking.extensions import db
from booking.models import User
from tests.account.helpers import PASSWORD, sign_in, signed_in_user_id


def _create_user(runner, email: str):
    return runner.invoke(args=["booking", "create-user", email, "--name", "Orga", "--role", "organiser",
                               "--password-stdin"], input=f"{PASSWORD}\n")


def test_create_user_refuses_an_address_the_sign_in_form_refuses(app, runner, client):
    result = _create_user(runner, "orga@guichet.test")

    assert result.exit_code != 0
    assert "Indiquez une adresse e-mail valable." in result.output  # the command speaks French
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    # The same words on the page, in English for this English-speaking client.
    assert "Please give a valid email address." in sign_in(client, "orga@guichet.test").get_data(as_text=True)


def test_an_account_created_on_the_command_line_can_sign_in(app, runner, client):
    result = _create_user(runner, "orga@guichet.example")

    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "orga@guichet.example"))
    assert sign_in(client, "orga@guichet.example").status_code == 302
    assert signed_in_user_id(client) == str(user.id)


def test_the_api_refuses_a_booking_for_an_address_the_booking_form_refuses(app, client, make):
    session = make.session()

    response = client.post(f"/api/v1/sessions/{session.id}/registrations",
                           json={"name": "Camille", "email": "camille@guichet.test"})

    assert response.status_code in (400, 422)
    assert "email" in response.get_json()["error"]["fields"]
