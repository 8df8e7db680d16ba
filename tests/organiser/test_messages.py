"""Messages to a session's people: choosing who, a preview before sending, each copy saying the person's
own status, replies to the team's contact address, and the history of messages sent."""

import re

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.mail.messages import Outgoing, compose
from booking.models import OutboxMessage, Registration, SessionMessage, utcnow
from booking.services import messages
from booking.services.errors import ValidationFailed
from tests.mail.mime_checks import texts
from tests.organiser.conftest import outbox

MESSAGE = {"subject": "Changement de salle", "body": "Rendez-vous salle 2.\nÀ samedi !"}


@pytest.fixture
def full_session(make, event_a):
    """One person booked, one checked in, one waiting, one gone."""
    session = make.session(event=event_a, capacity=3)
    make.registration(session, email="booked@example.org")
    arrived = make.registration(session, seats=2, email="arrived@example.org")
    arrived.checked_in_at = utcnow()
    make.registration(session, email="waiting@example.org")
    gone = make.registration(session, email="gone@example.org")
    gone.status = "cancelled"
    db.session.commit()
    return session


def _send(as_a, session, audiences, **message):
    return as_a.post(f"/organiser/sessions/{session.id}/message",
                     data={**MESSAGE, **message, "audiences": audiences, "send": "1"}, follow_redirects=True)


def _ticked(page: str) -> set[str]:
    return {re.search(r'value="(\w+)"', box).group(1)
            for box in re.findall(r"<input[^>]*name=\"audiences\"[^>]*>", page) if " checked" in box}


def _copies() -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in outbox("organiser_message")}


def test_by_default_a_message_goes_to_people_holding_a_seat_not_to_those_waiting(as_a, full_session):
    page = as_a.get(f"/organiser/sessions/{full_session.id}/message").get_data(as_text=True)
    assert _ticked(page) == {"booked", "checked_in"}

    response = _send(as_a, full_session, ["booked", "checked_in"])

    assert "Your message will be sent to 2 people." in response.get_data(as_text=True)
    assert set(_copies()) == {"booked@example.org", "arrived@example.org"}


@pytest.mark.parametrize(("audiences", "reached"), [
    (["waiting"], {"waiting@example.org"}),
    (["checked_in"], {"arrived@example.org"}),
    (["booked", "waiting"], {"booked@example.org", "waiting@example.org"}),
    (["booked", "checked_in", "waiting"], {"booked@example.org", "arrived@example.org", "waiting@example.org"}),
])
def test_the_organiser_chooses_who_receives_it_and_nobody_gets_two_copies(as_a, full_session, audiences, reached):
    _send(as_a, full_session, audiences)

    assert set(_copies()) == reached
    assert len(outbox("organiser_message")) == len(reached)


def test_each_copy_says_the_person_s_own_status(app, as_a, full_session):
    _send(as_a, full_session, ["booked", "checked_in", "waiting"])

    said = {}
    for recipient, row in _copies().items():
        with app.test_request_context():
            email = compose(Outgoing(id=row.id, kind=row.kind, recipient=row.recipient, locale=row.locale,
                                     payload=row.payload, created_at=row.created_at))
        plain, html = texts(email)
        said[recipient] = plain
        assert "Rendez-vous salle 2." in plain and "Rendez-vous salle 2." in html
    assert "Your booking of 1 seat is confirmed." in said["booked@example.org"]
    assert "your arrival was recorded (booking of 2 seats)" in said["arrived@example.org"]
    waiting = said["waiting@example.org"]
    assert "You are on the waiting list for 1 seat: you have no seat yet." in waiting
    assert "confirmed" not in waiting and "1 seat\n" not in waiting


def test_a_preview_comes_before_sending_and_sends_nothing(as_a, full_session):
    response = as_a.post(f"/organiser/sessions/{full_session.id}/message",
                         data={**MESSAGE, "audiences": ["booked", "waiting"], "preview": "1"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check the message before sending it" in page
    assert "It will go to 2 people:" in page
    assert "Booked, not checked in (1)" in page and "On the waiting list (no seat yet) (1)" in page
    assert "You are on the waiting list for 1 seat: you have no seat yet." in page
    assert 'name="send"' in page and 'name="edit"' in page
    assert outbox("organiser_message") == []

    back = as_a.post(f"/organiser/sessions/{full_session.id}/message",
                     data={**MESSAGE, "audiences": ["booked"], "edit": "1"}).get_data(as_text=True)
    assert 'name="preview"' in back and "Changement de salle" in back and outbox("organiser_message") == []


def test_replies_go_to_the_team_s_contact_address(app, as_a, full_session, team_a):
    team_a.contact_email = "accueil@musee.example"
    db.session.commit()
    preview = as_a.post(f"/organiser/sessions/{full_session.id}/message",
                        data={**MESSAGE, "audiences": ["booked"], "preview": "1"}).get_data(as_text=True)
    assert "Replies go to accueil@musee.example." in preview

    _send(as_a, full_session, ["booked"])

    row = _copies()["booked@example.org"]
    with app.test_request_context():
        email = compose(Outgoing(id=row.id, kind=row.kind, recipient=row.recipient, locale=row.locale,
                                 payload=row.payload, created_at=row.created_at))
    assert [a.addr_spec for a in email["Reply-To"].addresses] == ["accueil@musee.example"]
    assert "it goes to accueil@musee.example" in texts(email)[0]


def test_without_a_team_contact_there_is_no_reply_to_and_the_preview_says_so(app, as_a, full_session):
    preview = as_a.post(f"/organiser/sessions/{full_session.id}/message",
                        data={**MESSAGE, "audiences": ["booked"], "preview": "1"}).get_data(as_text=True)
    assert "Your team has no contact address" in preview

    _send(as_a, full_session, ["booked"])

    row = _copies()["booked@example.org"]
    with app.test_request_context():
        email = compose(Outgoing(id=row.id, kind=row.kind, recipient=row.recipient, locale=row.locale,
                                 payload=row.payload, created_at=row.created_at))
    assert email["Reply-To"] is None


def test_messages_sent_are_listed_on_the_session_s_message_page(as_a, full_session, organiser_a):
    _send(as_a, full_session, ["waiting"], subject="Liste d’attente", body="Une place se libérera peut-être.")
    _send(as_a, full_session, ["booked", "checked_in"])

    [latest, first] = db.session.scalars(sa.select(SessionMessage).order_by(SessionMessage.id.desc())).all()
    assert (first.subject, first.audiences, first.recipient_count, first.sent_by_id) == (
        "Liste d’attente", "waiting", 1, organiser_a.id)
    assert (latest.audiences, latest.recipient_count) == ("booked,checked_in", 2)
    page = as_a.get(f"/organiser/sessions/{full_session.id}/message").get_data(as_text=True)
    assert page.index("Changement de salle") < page.index("Liste d’attente")  # latest first
    assert "sent to 1 person" in page and "sent to 2 people" in page
    assert "Une place se libérera peut-être." in page


def test_choosing_nobody_or_an_empty_group_is_refused(as_a, make, event_a):
    session = make.session(event=event_a)
    make.registration(session, email="booked@example.org")

    none_chosen = _send(as_a, session, [])
    assert "Please choose who receives the message." in none_chosen.get_data(as_text=True)
    empty_group = _send(as_a, session, ["waiting"])
    assert empty_group.status_code == 422
    assert "the message would reach no one" in empty_group.get_data(as_text=True)
    unknown = _send(as_a, session, ["everyone"])
    assert unknown.status_code == 200 and 'id="error-summary"' in unknown.get_data(as_text=True)
    assert outbox("organiser_message") == [] and db.session.scalar(sa.select(sa.func.count(SessionMessage.id))) == 0


def test_the_service_refuses_unknown_groups(make):
    session = make.session()
    make.registration(session)
    with pytest.raises(ValidationFailed) as refused:
        messages.send_message(session, "Salle", "Bonjour", ["booked", "everyone"])
    assert "audiences" in refused.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 1


def test_a_preview_for_groups_with_nobody_says_so_in_words_not_0_personne(as_a, make, event_a):
    session = make.session(event=event_a, capacity=3)
    make.registration(session, email="booked@example.org")
    db.session.commit()
    page = as_a.post(f"/organiser/sessions/{session.id}/message", headers={"Accept-Language": "fr"},
                     data={**MESSAGE, "audiences": ["waiting"], "preview": "1"}).get_data(as_text=True)
    assert "0 personne" not in page
    assert "Personne n’est dans les groupes choisis" in page  # in words, before anything is sent
