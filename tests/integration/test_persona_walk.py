"""What walking the personas through Guichet turned up, kept fixed: each test is one stumble a person met.

Awa, offered one seat, was asked about "these seats"; Mamadou had to scroll past his personal data to give
a seat back; Jules, signed in at the door, landed on his own (empty) bookings; the admin who made him a door
volunteer saw him listed as a citizen; the door's heading read "Pointage:" in French.
"""

import email
import email.policy
from datetime import timedelta

import pytest

from booking.extensions import db
from booking.mail.delivery import deliver_due
from booking.models import MemberRole, Team, utcnow
from booking.services import accounts, bookings
from booking.services.bookings import allocations
from tests.auth import sign_in, sign_in_as

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def offered(make):
    """Two people waiting on a full session with timed offers; the booked one cancels, the first is offered."""
    def offer(seats: int):
        session = make.session(capacity=seats, starts_in=timedelta(days=3), offer_hours=6)
        booked = make.registration(session, seats=seats)
        waiting = make.registration(session, seats=seats, email=f"waiting{seats}@example.org")
        bookings.cancel(booked.id)
        db.session.commit()
        return waiting
    return offer


@pytest.mark.parametrize(("seats", "said", "not_said"), [
    (1, ["Do you want this seat?", "It is held for you until", "Accept the seat<"], ["these seats", "They are held"]),
    (2, ["Do you want these seats?", "They are held for you until", "Accept the seats<"], ["this seat?"]),
])
def test_an_offer_speaks_of_one_seat_or_of_several(client, offered, seats, said, not_said):
    registration = offered(seats)
    assert registration.status == "offered"
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    accept = client.get(f"/r/{registration.manage_token}/accept").get_data(as_text=True)
    for text in said:
        assert text in page, text
    for text in not_said:
        assert text not in page, text
    assert "Accept the seat held for you?" in accept if seats == 1 else "Accept the seats held for you?" in accept


def test_accepting_one_seat_says_so_in_french(client, offered):
    registration = offered(1)
    response = client.post(f"/r/{registration.manage_token}/accept", headers=FRENCH)
    page = client.get(response.location, headers=FRENCH).get_data(as_text=True)
    assert "La place est à vous\u00a0: votre réservation est confirmée." in page


@pytest.fixture
def app_config(tmp_path):
    return {"MAIL_BACKEND": "file", "MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}


def test_the_email_offering_one_seat_speaks_of_one_seat(offered, tmp_path):
    registration = offered(1)
    deliver_due(now=utcnow())
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted((tmp_path / "outbox").glob("*.eml"))]
    bodies = [message.get_body(preferencelist=("plain",)).get_content()
              for message in messages if registration.email in message["To"]]
    offer = [body for body in bodies if "held for you" in body]
    assert offer, bodies
    assert "a seat has freed up and it is held for you" in offer[0]
    assert "It is yours if you accept before" in offer[0] and "Accept the seat:" in offer[0]
    assert "seats have freed up" not in offer[0]


def test_the_waiting_list_page_promises_no_confirmation(client, make):
    session = make.session(capacity=1)
    make.registration(session)
    waiting = make.registration(session, email="awa@example.org")
    assert waiting.status == "waitlisted"
    page = client.get(f"/r/{waiting.manage_token}/booked").get_data(as_text=True)
    assert "A confirmation email" not in page
    assert "An email saying so is on its way to awa@example.org." in page


def test_changing_seats_and_cancelling_come_before_the_calendar_and_personal_data(client, make):
    registration = make.registration(make.session(), seats=2)
    page = client.get(f"/r/{registration.manage_token}").get_data(as_text=True)
    change = page.index(f'href="/r/{registration.manage_token}/seats"')
    cancel = page.index(f'href="/r/{registration.manage_token}/cancel"')
    assert change < page.index(f"/r/{registration.manage_token}.ics")
    assert cancel < page.index('id="my-data-title"')


@pytest.fixture
def door(make):
    team = make.team("Laboratoire des publics")
    volunteer = make.user("jules@example.org")  # a citizen's account: volunteers need no organiser role
    accounts.add_member(team, volunteer, MemberRole.DOOR)
    db.session.commit()
    return team, volunteer


def test_a_door_volunteer_signing_in_lands_on_the_door(client, door):
    _team, volunteer = door
    response = sign_in(client, volunteer.email)
    assert response.status_code == 302 and response.location.endswith("/organiser/door")


def test_the_team_page_says_who_only_keeps_the_door(client, make, door):
    team, _volunteer = door
    organiser = make.user("claire@example.org", role="organiser")
    accounts.add_member(db.session.get(Team, team.id), organiser)
    db.session.commit()
    sign_in_as(client, make.user("admin@example.org", role="admin"))
    page = client.get(f"/admin/teams/{team.id}", headers=FRENCH).get_data(as_text=True)
    assert "(jules@example.org) · Bénévole à l’entrée" in page
    assert "(claire@example.org) · Organisateur" in page
    assert "Citoyen" not in page


def test_the_check_in_heading_and_walk_in_button_read_well_in_french(client, make, door):
    team, volunteer = door
    event = make.event(team=db.session.get(Team, team.id), title="Atelier céramique")
    session = make.session(event=event, starts_at=utcnow() + timedelta(hours=1))
    sign_in_as(client, volunteer)
    page = client.get(f"/organiser/sessions/{session.id}/check-in", headers=FRENCH).get_data(as_text=True)
    assert "Pointage\u00a0: Atelier céramique" in page
    assert "Faire entrer des personnes sans réservation" in page


def test_the_partner_table_does_not_call_used_seats_booked_in_the_singular(client, make):
    team = make.team("Laboratoire des publics")
    organiser = make.user("claire@example.org", role="organiser", teams=[team])
    session = make.session(event=make.event(team=team), capacity=10)
    allocations.allocate(session.id, allocations.AllocationRequest(
        partner="Foyer Les Tilleuls", contact_email="nadia@example.org", seats=4,
        release_at=session.starts_at - timedelta(days=1)))
    db.session.commit()
    sign_in_as(client, organiser)
    page = client.get(f"/organiser/sessions/{session.id}/allocations", headers=FRENCH).get_data(as_text=True)
    head = page[page.index("<thead>"):page.index("</thead>")]
    assert '<th scope="col">Attribuées</th>' in head
    assert '<th scope="col">Réservée</th>' not in head
