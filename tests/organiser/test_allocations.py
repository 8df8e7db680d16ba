"""The organiser's allocation pages: hold seats for a partner, see what it holds and used, change, give back."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import Allocation, OutboxMessage, Session, utcnow
from booking.services import bookings


def _local(moment):
    return moment.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M")


def _hold(client, session, **fields):
    data = {"partner": "Foyer Les Tilleuls", "contact_email": "nadia@foyer.example", "seats": "4",
            "release_at": _local(session.starts_at - timedelta(days=2)), "locale": "fr", **fields}
    return client.post(f"/organiser/sessions/{session.id}/allocations", data=data)


def test_an_organiser_holds_seats_for_a_partner_and_its_contact_gets_the_link(as_a, session_a):
    response = _hold(as_a, session_a)
    assert response.status_code == 303
    allocation = db.session.scalar(sa.select(Allocation))
    assert (allocation.partner, allocation.seats, allocation.contact_email) == ("Foyer Les Tilleuls", 4,
                                                                                "nadia@foyer.example")
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "allocation_invite"))
    assert message.recipient == "nadia@foyer.example"
    page = as_a.get(response.location).get_data(as_text=True)
    assert "Foyer Les Tilleuls" in page and "nadia@foyer.example" in page
    attendees = as_a.get(f"/organiser/sessions/{session_a.id}/attendees").get_data(as_text=True)
    assert "Foyer Les Tilleuls" in attendees


def test_holding_more_than_the_seats_free_is_refused_on_the_form(as_a, session_a, make):
    make.registration(session_a, seats=4)
    response = _hold(as_a, session_a, seats="7")
    assert response.status_code == 409
    assert "6" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Allocation)) == 0


def test_a_release_time_after_the_start_is_refused_on_its_field(as_a, session_a):
    response = _hold(as_a, session_a, release_at=_local(session_a.starts_at + timedelta(hours=1)))
    assert response.status_code == 422
    assert 'id="release_at-error"' in response.get_data(as_text=True)


def test_the_list_shows_held_used_and_left_and_the_partner_page_its_bookings(as_a, session_a):
    _hold(as_a, session_a)
    allocation = db.session.scalar(sa.select(Allocation))
    bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name="Moussa Diallo", email="",
                                                                               seats=3),
                              key=settings.pseudonym_key())
    db.session.commit()
    page = as_a.get(f"/organiser/sessions/{session_a.id}/allocations").get_data(as_text=True)
    assert "<td>4</td><td>3</td><td>1</td>" in page.replace("\n", "").replace("      ", "")
    partner = as_a.get(f"/organiser/allocations/{allocation.id}/partner").get_data(as_text=True)
    assert "Moussa Diallo" in partner


def test_an_organiser_changes_and_gives_back_an_allocation(as_a, session_a, make):
    _hold(as_a, session_a)
    allocation = db.session.scalar(sa.select(Allocation))
    response = as_a.post(f"/organiser/allocations/{allocation.id}/edit", data={
        "partner": "Foyer Les Tilleuls", "contact_email": "nadia@foyer.example", "seats": "6",
        "release_at": _local(session_a.starts_at - timedelta(days=1))})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Allocation, allocation.id).seats == 6
    assert db.session.get(Session, session_a.id).seats_left == 4

    assert as_a.get(f"/organiser/allocations/{allocation.id}/release").status_code == 200
    assert as_a.post(f"/organiser/allocations/{allocation.id}/release").status_code == 303
    db.session.expire_all()
    assert db.session.get(Allocation, allocation.id).released_at is not None
    assert db.session.get(Session, session_a.id).seats_left == 10


def test_another_team_sees_no_allocation(as_b, session_a, make):
    allocation = bookings.allocate(session_a.id, bookings.AllocationRequest(
        partner="Foyer", contact_email="nadia@foyer.example", seats=2, release_at=utcnow() + timedelta(days=1)))
    db.session.commit()
    for url in (f"/organiser/sessions/{session_a.id}/allocations", f"/organiser/allocations/{allocation.id}/edit",
                f"/organiser/allocations/{allocation.id}/release", f"/organiser/allocations/{allocation.id}/partner"):
        assert as_b.get(url).status_code == 404, url
    assert as_b.post(f"/organiser/allocations/{allocation.id}/release").status_code == 404
    db.session.expire_all()
    assert db.session.get(Allocation, allocation.id).is_held
