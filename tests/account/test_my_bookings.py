"""My bookings: upcoming and past, with their status, cancel, calendar and manage links."""

from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Registration, utcnow
from booking.services import bookings
from tests.account.helpers import sign_in


def session_registrations(session):
    return db.session.scalars(sa.select(Registration).where(Registration.session_id == session.id)).all()


def _move_to_the_past(session, days=10):
    session.starts_at = utcnow() - timedelta(days=days)
    session.ends_at = session.starts_at + timedelta(hours=2)
    db.session.commit()


def _verified(user):
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def test_upcoming_and_past_bookings_with_their_links(client, make):
    user = _verified(make.user("camille@example.org"))
    coming = make.registration(make.session(event=make.event(title="Visite du JAD")), email=user.email)
    past_session = make.session(event=make.event(title="Atelier passé"))
    past = make.registration(past_session, email=user.email)
    _move_to_the_past(past_session)
    sign_in(client, user.email)
    html = client.get("/account/bookings").get_data(as_text=True)
    upcoming_part, past_part = html.split('id="past"')
    assert "Visite du JAD" in upcoming_part and "Atelier passé" in past_part
    assert f"/r/{coming.manage_token}/cancel" in upcoming_part
    assert f"/r/{coming.manage_token}.ics" in upcoming_part
    assert f"/r/{coming.manage_token}" in upcoming_part
    assert f"/r/{past.manage_token}" in past_part
    assert f"/r/{past.manage_token}/cancel" not in html


def test_statuses_are_shown_in_words(client, make):
    user = _verified(make.user("camille@example.org"))
    full = make.session(capacity=1)
    make.registration(full, email="first@example.org")
    make.registration(full, email=user.email)  # waiting
    cancelled = make.registration(make.session(), email=user.email)
    bookings.cancel(cancelled.id)
    db.session.commit()
    confirmed = make.registration(make.session(), email=user.email)
    sign_in(client, user.email)
    html = client.get("/account/bookings").get_data(as_text=True)
    assert html.count("account-booking") == 3
    for badge in ("text-bg-warning", "text-bg-secondary", "text-bg-success"):
        assert badge in html
    assert f"/r/{confirmed.manage_token}/cancel" in html
    assert f"/r/{cancelled.manage_token}/cancel" not in html


def test_unconfirmed_account_sees_only_bookings_made_while_signed_in(client, make):
    user = make.user("camille@example.org")
    by_email = make.registration(make.session(), email=user.email)
    signed_in = make.registration(make.session(), email="work@example.org", user_id=user.id)
    sign_in(client, user.email)
    html = client.get("/account/bookings").get_data(as_text=True)
    assert signed_in.manage_token in html
    assert by_email.manage_token not in html


def test_confirmed_account_sees_bookings_made_later_without_signing_in(client, make):
    user = _verified(make.user("camille@example.org"))
    later = make.registration(make.session(), email="CAMILLE@example.org")
    sign_in(client, user.email)
    assert later.manage_token in client.get("/account/bookings").get_data(as_text=True)


def test_other_peoples_bookings_never_show(client, make):
    user = _verified(make.user("camille@example.org"))
    other = make.registration(make.session(), email="dominique@example.org")
    sign_in(client, user.email)
    assert other.manage_token not in client.get("/account/bookings").get_data(as_text=True)


def test_booking_while_signed_in_ties_it_to_the_account(client, make):
    user = make.user("camille@example.org")
    session = make.session()
    sign_in(client, user.email)
    response = client.post(f"/sessions/{session.id}/book",
                           data={"name": "Camille", "email": "camille@example.org", "seats": 1, "consent": "y"})
    assert response.status_code == 303  # see other: the booked page, so a reload never books twice
    [registration] = session_registrations(session)
    assert registration.user_id == user.id
    assert registration.manage_token in client.get("/account/bookings").get_data(as_text=True)


def test_empty_page_points_to_the_programme(client, make):
    make.user("camille@example.org")
    sign_in(client, "camille@example.org")
    html = client.get("/account/bookings").get_data(as_text=True)
    assert "No booking to come." in html  # the test client asks for no language: English, the code's own
