"""With CSRF protection on (as in production), public forms need the token their page gave."""

import re

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration

GOOD = {"name": "Camille Martin", "email": "camille@example.org", "seats": "1", "consent": "y"}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def form_token(page: str) -> str:
    """The token of the booking form itself (the page's other forms carry one too)."""
    form = page[page.index('<form method="post" novalidate'):]
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)


def booked() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def test_booking_without_a_token_is_refused(client, make):
    session = make.session()
    client.get(f"/sessions/{session.id}/book")

    response = client.post(f"/sessions/{session.id}/book", data=GOOD)

    assert response.status_code == 400
    assert "Something in your request was not right" in response.get_data(as_text=True)
    assert booked() == 0


def test_booking_with_a_tampered_token_is_refused(client, make):
    session = make.session()
    token = form_token(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    response = client.post(f"/sessions/{session.id}/book", data=GOOD | {"csrf_token": tampered})

    assert response.status_code == 400
    assert booked() == 0


def test_booking_with_a_token_from_another_browser_is_refused(app, make):
    session = make.session()
    token = form_token(app.test_client().get(f"/sessions/{session.id}/book").get_data(as_text=True))

    response = app.test_client().post(f"/sessions/{session.id}/book", data=GOOD | {"csrf_token": token})

    assert response.status_code == 400
    assert booked() == 0


def test_booking_with_the_token_from_the_page_works(client, make):
    session = make.session()
    token = form_token(client.get(f"/sessions/{session.id}/book").get_data(as_text=True))

    response = client.post(f"/sessions/{session.id}/book", data=GOOD | {"csrf_token": token})

    assert response.status_code == 303
    assert booked() == 1


def test_cancelling_needs_the_token_of_the_confirmation_page(client, make):
    registration = make.registration(make.session())
    page = client.get(f"/r/{registration.manage_token}/cancel").get_data(as_text=True)
    token = re.search(r'<form method="post" class="d-flex[^>]*>\s*<input id="csrf_token" name="csrf_token" '
                      r'type="hidden" value="([^"]+)"', page).group(1)

    assert client.post(f"/r/{registration.manage_token}/cancel").status_code == 400
    db.session.rollback()
    assert db.session.get(Registration, registration.id).status == "confirmed"

    assert client.post(f"/r/{registration.manage_token}/cancel", data={"csrf_token": token}).status_code == 303
    db.session.rollback()
    assert db.session.get(Registration, registration.id).status == "cancelled"
