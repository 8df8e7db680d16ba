"""The account queries on PostgreSQL: case-insensitive matching of bookings, account search."""

import pytest

from booking import links, settings
from booking.extensions import db
from booking.models import Role, utcnow
from booking.services import account_links, accounts

pytestmark = pytest.mark.postgres


def test_confirming_attaches_bookings_whatever_the_case_on_postgres(pg_app, pg_make):
    registration = pg_make.registration(pg_make.session(), email="Camille.Martin@Example.ORG")
    user = accounts.create_account(email="camille.martin@example.org", name="Camille", password="une phrase assez longue")
    account_links.send_verification(user, "fr", link=links.verification_link, secret_key=settings.signing_key())
    token = account_links._serializer(account_links.VERIFY_SALT, settings.signing_key()).dumps({"u": user.id, "e": user.email})
    account_links.verify_email(token, secret_key=settings.signing_key())
    db.session.commit()
    db.session.refresh(registration)
    assert registration.user_id == user.id
    upcoming, past = accounts.bookings_of(user, now=utcnow())
    assert upcoming == [registration] and past == []


def test_account_search_on_postgres(pg_app, pg_make):
    pg_make.user("dominique@example.org", role=Role.ORGANISER)
    pg_make.user("camille@example.org")
    page = accounts.list_accounts(q="DOMIN", role="organiser")
    assert [u.email for u in page.items] == ["dominique@example.org"]
