"""What a partner's contact is told: the invite link, and a few days before the release what is unused."""

from datetime import timedelta

from booking import settings
from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings
from tests.mail.mime_checks import texts


def test_the_contact_gets_the_invite_link_in_french_then_the_notice_with_what_is_unused(make, mailbox, send_mail):
    now = utcnow()
    session = make.session(capacity=10, starts_in=timedelta(days=10))
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner="Foyer Les Tilleuls", contact_email="nadia@foyer.example", seats=4,
        release_at=session.starts_at - timedelta(days=2)), now=now)
    db.session.commit()
    bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name="Moussa", email=""),
                              key=settings.pseudonym_key(), now=now)
    bookings.notify_release_soon(allocation.release_at - timedelta(days=1))
    db.session.commit()
    assert "Sent 2" in send_mail()

    invite, notice = mailbox.to("nadia@foyer.example")
    assert invite["Subject"].startswith("Places réservées pour Foyer Les Tilleuls")
    plain, html = texts(invite)
    assert f"/p/{allocation.invite_token}" in plain and "href=" in html
    assert "4 places pour Foyer Les Tilleuls" in plain
    plain, _html = texts(notice)
    assert "3 places ne sont pas encore attribuées." in plain
    assert f"/p/{allocation.invite_token}" in plain
