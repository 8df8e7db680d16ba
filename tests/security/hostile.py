"""Hostile text in every field people and organisers fill in, and a check that a page keeps it inert."""

from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

from booking import settings
from booking.extensions import db
from booking.models import Allocation, Event, Question, Registration, Session, Team, User, utcnow
from booking.services import bookings

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + BREAKOUT
MARKDOWN = f"{SCRIPT} {BREAKOUT} [clic](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a> [site](https://example.org)"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


@dataclass
class Hostile:
    team: Team
    event: Event
    session: Session
    past_session: Session
    question: Question
    registration: Registration  # confirmed, every personal field hostile
    waiting: Registration
    group: Registration
    organiser: User
    admin: User
    allocation: Allocation  # seats held for a partner with a hostile name, booked for someone without email

    def url_args(self) -> dict:
        return {"event_id": self.event.id, "session_id": self.session.id, "registration_id": self.registration.id,
                "question_id": self.question.id, "token": self.registration.manage_token, "team_id": self.team.id,
                "user_id": self.organiser.id, "venue_id": self.event.venue_id, "key": "upcoming",
                "allocation_id": self.allocation.id, "kind_id": 1}


def build(make) -> Hostile:
    team = make.team("Équipe " + PAYLOAD)
    venue = make.venue(name="Salle " + PAYLOAD, address="1 rue " + PAYLOAD, city="Lyon " + PAYLOAD)
    event = make.event(team=team, venue=venue, title="Atelier " + PAYLOAD, description=MARKDOWN)
    question = Question(event=event, label="Question " + PAYLOAD, kind="short_text")
    db.session.add(question)
    db.session.commit()
    session = make.session(event=event, capacity=3)
    answers = {str(question.id): "Réponse " + PAYLOAD}
    registration = make.registration(session, name="Camille " + PAYLOAD, email="camille@example.org", seats=2,
                                     answers=answers, accessibility_needs="Besoin " + PAYLOAD)
    group = bookings.book_for_group(
        session.id, bookings.BookingRequest(name="Référente " + PAYLOAD, email="ref@example.org"),
        bookings.GroupBooking(structure="Centre " + PAYLOAD, phone="+33 1 " + PAYLOAD[:20]), key=settings.pseudonym_key())
    db.session.commit()
    waiting = make.registration(session, name="Zoé " + PAYLOAD, email="zoe@example.org", answers=answers)
    allocation = _partner_allocation(make, event)
    past_session = _held_session(make, event, answers)
    organiser = make.user("orga@example.org", role="organiser", teams=[team])
    organiser.name = "Orga " + PAYLOAD
    admin = make.user("admin@example.org", role="admin")
    db.session.commit()
    return Hostile(team, event, session, past_session, question, registration, waiting, group, organiser, admin,
                   allocation)


def _partner_allocation(make, event) -> Allocation:
    session = make.session(event=event, capacity=10)
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner="Foyer " + PAYLOAD, contact_email="foyer@example.org", seats=3, release_at=session.starts_at))
    bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(
        name="Moussa " + PAYLOAD, email="", phone="06 12 34 56 78"), key=settings.pseudonym_key())
    db.session.commit()
    return allocation


def _held_session(make, event, answers) -> Session:
    """A session held two days ago, with a booking checked in: the dashboards' attendance and reach."""
    starts_at = utcnow() - timedelta(days=2)
    session = make.session(event=event, starts_at=starts_at, capacity=5)
    booked = bookings.book(session.id, bookings.BookingRequest(name="Ali " + PAYLOAD, email="ali@example.org",
                                                                   answers=answers),
                               now=starts_at - timedelta(days=3), key=settings.pseudonym_key())
    bookings.check_in(booked.id, now=starts_at)
    bookings.book_for_group(session.id, bookings.BookingRequest(name="Référente", email="ref@example.org", seats=2),
                            bookings.GroupBooking(structure="Maison " + PAYLOAD), now=starts_at - timedelta(days=1),
                            key=settings.pseudonym_key())
    db.session.commit()
    return session


class _Inertness(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "img" and ("src", "x") in attrs:
            self.problems.append("injected <img src=x>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def assert_inert(html: str, where: str) -> None:
    """No script, event handler or script URL came out of the data as markup."""
    checker = _Inertness()
    checker.feed(html)
    checker.close()
    assert not checker.problems, f"{where}: {checker.problems}"
    assert "<img src=x" not in html and SCRIPT not in html, where
