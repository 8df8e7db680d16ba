"""axe-core on every kind of page: the main ones in French and in English, the others in French.

The flows (test_citizen, test_organiser…) also check each page they pass
through, in the states they leave it in.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from booking import settings
from booking.extensions import db
from booking.mail.outbox import enqueue, enqueue_for_registration
from booking.models import Event, EventKindRecord, OutboxMessage, Registration, Session, utcnow
from booking.services import bookings, events
from booking.services.bookings import reconfirmation
from tests.browser.helpers import sign_in_as_admin, sign_in_as_organiser, switch_language

LANGUAGES = ["fr", "en"]


@pytest.fixture(scope="module")
def answer_states(live_server) -> dict:
    """Bookings asked to reconfirm, offered seats, and released, on an event of the organisers' team."""
    return live_server.run(_answer_states, live_server.programme.organiser_event_id)


def _answer_states(team_event_id: int) -> dict:
    team_event = db.session.get(Event, team_event_id)
    event = events.create_event(team=team_event.team, title="Projection et débat", kind="screening",
                                venue_id=team_event.venue_id, description="Un film, puis on en parle.")
    events.set_event_status(event, "published")
    now, key = utcnow(), settings.pseudonym_key()

    def session(hours: int, capacity: int):
        return events.add_session(event, events.SessionFields(
            starts_at=now + timedelta(hours=hours), ends_at=now + timedelta(hours=hours + 2), capacity=capacity,
            reconfirm_days_before=3, offer_hours=6))

    def book(session_id: int, name: str, **when):
        return bookings.book(session_id, bookings.BookingRequest(name=name, email=f"{name.lower()}@example.org"),
                             key=key, **when)

    asking, releasing = session(40, 2), session(20, 2)
    asked = book(asking.id, "Rosa", now=now - timedelta(days=7))
    released = book(releasing.id, "Malik", now=now - timedelta(days=7))
    reconfirmation.ask_due(now - timedelta(days=2))  # Malik is asked (his session was 3 days off)
    reconfirmation.ask_due(now)  # Rosa is asked
    reconfirmation.release_due(now)  # Malik's session starts within 24 hours: unanswered, released
    leaving, offered = book(asking.id, "Jeanne"), book(asking.id, "Hugo")
    bookings.cancel(leaving.id)  # Hugo, waiting, is offered the seat
    assert (asked.reconfirm_status, released.reconfirm_status, offered.status) == ("requested", "released", "offered")
    return {"asked": asked.manage_token, "offered": offered.manage_token, "released": released.manage_token,
            "session": asking.id}


def _check_all(page, axe, visits) -> list[str]:
    problems = []
    for name, go in visits:
        go()
        expect(page.locator("h1")).to_have_count(1)  # one h1 per page
        report = axe.report(page, name)
        if report:
            problems.append(report)
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violation(browsing, live_server, axe, language, answer_states):
    programme = live_server.programme
    page = browsing.new_page()
    page.goto("/")
    switch_language(page, language)

    def submit_empty_booking():
        page.goto(f"/sessions/{programme.open_session_id}/book")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()

    def submit_wrong_wheelchair_users():
        page.goto(f"/sessions/{programme.open_session_id}/book")
        page.locator("input[name=wheelchair_spaces]").fill("9")
        page.locator("input[name=access_needs]").first.check()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()

    def submit_wrong_sign_in():
        page.goto("/account/login")
        page.locator("input[name=email]").fill("nobody@example.org")
        page.locator("input[name=password]").fill("not the password")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()

    main_pages = [
        ("programme", lambda: page.goto("/")),
        ("event", lambda: page.goto(f"/events/{programme.open_event_id}")),
        ("booking", lambda: page.goto(f"/sessions/{programme.open_session_id}/book")),
        ("booking with errors", submit_empty_booking),
        ("confirmation", lambda: page.goto(f"/r/{programme.booked_token}/booked")),
        ("manage", lambda: page.goto(f"/r/{programme.booked_token}")),
        ("sign-in", lambda: page.goto("/account/login")),
        ("sign-in with errors", submit_wrong_sign_in),
    ]
    other_pages = [
        ("programme, filter errors", lambda: page.goto("/?date_from=2026-13-45&q=atelier")),
        ("programme, page 2", lambda: page.goto("/?page=2")),
        ("event, full", lambda: page.goto(f"/events/{programme.full_event_id}")),
        ("booking, waiting list", lambda: page.goto(f"/sessions/{programme.full_session_id}/book")),
        ("booking, wheelchair users and needs with errors", submit_wrong_wheelchair_users),
        ("cancel", lambda: page.goto(f"/r/{programme.booked_token}/cancel")),
        ("change seats", lambda: page.goto(f"/r/{programme.booked_token}/seats")),
        ("calendar subscription", lambda: page.goto(f"/calendar/subscribe/{programme.booked_token}")),
        ("privacy", lambda: page.goto("/privacy")),
        ("sign-up", lambda: page.goto("/account/signup")),
        ("forgotten password", lambda: page.goto("/account/password/forgot")),
        ("sign in with a link", lambda: page.goto("/account/login/link")),
        ("my data, ask for a link", lambda: page.goto("/my-data")),
        ("lost booking link", lambda: page.goto("/lost-link")),
        ("my data, link no longer valid", lambda: page.goto("/my-data/link/" + "x" * 43)),
        ("erase one booking", lambda: page.goto(f"/r/{programme.booked_token}/erase")),
        ("not found", lambda: page.goto("/events/999999")),
        ("booking, asked to reconfirm", lambda: page.goto(f"/r/{answer_states['asked']}")),
        ("reconfirm", lambda: page.goto(f"/r/{answer_states['asked']}/reconfirm")),
        ("booking, seats offered", lambda: page.goto(f"/r/{answer_states['offered']}")),
        ("accept an offer", lambda: page.goto(f"/r/{answer_states['offered']}/accept")),
        ("decline an offer", lambda: page.goto(f"/r/{answer_states['offered']}/decline")),
        ("booking, released", lambda: page.goto(f"/r/{answer_states['released']}")),
    ]
    problems = _check_all(page, axe, main_pages + (other_pages if language == "fr" else []))
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_pages_have_no_serious_accessibility_violation(browsing, live_server, axe, language,
                                                                answer_states):
    programme = live_server.programme
    live_server.run(_an_attendee_email_failed, programme.checkin_session_id)  # the list shows its flag
    partner = live_server.run(_a_partner_and_a_desk_booking, programme.open_session_id)
    page = browsing.new_page()
    sign_in_as_organiser(page)
    switch_language(page, language)
    event, session = programme.organiser_event_id, programme.open_session_id

    def submit_empty_event():
        page.goto("/organiser/events/new")
        page.locator("input[name=title]").fill("")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()

    def submit_empty_session():
        page.goto(f"/organiser/events/{event}/sessions/new")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_visible()

    main_pages = [
        ("organiser index", lambda: page.goto("/organiser/")),
        ("organiser dashboard", lambda: page.goto("/organiser/dashboard/")),
        ("organiser event", lambda: page.goto(f"/organiser/events/{event}")),
        ("event editor, new", lambda: page.goto("/organiser/events/new")),
        ("event editor with errors", submit_empty_event),
        ("event editor", lambda: page.goto(f"/organiser/events/{event}/edit")),
        ("check-in", lambda: page.goto(f"/organiser/sessions/{programme.checkin_session_id}/check-in")),
        ("my account", lambda: page.goto("/account/")),
    ]
    other_pages = [
        ("organiser reach dashboard", lambda: page.goto("/organiser/dashboard/reach")),
        ("event dashboard", lambda: page.goto(f"/organiser/dashboard/events/{event}")),
        ("event preview", lambda: page.goto(f"/organiser/events/{event}/preview")),
        ("session editor, new", lambda: page.goto(f"/organiser/events/{event}/sessions/new")),
        ("session editor with errors", submit_empty_session),
        ("session editor", lambda: page.goto(f"/organiser/sessions/{session}/edit")),
        ("booking questions", lambda: page.goto(f"/organiser/events/{event}/questions")),
        ("attendees", lambda: page.goto(f"/organiser/sessions/{programme.checkin_session_id}/attendees")),
        ("attendees, needs and wheelchair spaces", lambda: page.goto(f"/organiser/sessions/{session}/attendees")),
        ("attendees, reconfirmation and offers",
         lambda: page.goto(f"/organiser/sessions/{answer_states['session']}/attendees")),
        ("group booking", lambda: page.goto(f"/organiser/sessions/{session}/group-booking")),
        ("seats held for partners", lambda: page.goto(f"/organiser/sessions/{session}/allocations")),
        ("desk booking", lambda: page.goto(f"/organiser/sessions/{session}/desk-booking")),
        ("sign-in sheet", lambda: page.goto(f"/organiser/sessions/{programme.checkin_session_id}/sign-in-sheet")),
        ("tickets", lambda: page.goto(f"/organiser/sessions/{programme.checkin_session_id}/tickets")),
        ("at the door", lambda: page.goto("/organiser/door")),
        ("message attendees", lambda: page.goto(f"/organiser/sessions/{session}/message")),
        ("cancel session", lambda: page.goto(f"/organiser/sessions/{session}/cancel")),
        ("cancel event", lambda: page.goto(f"/organiser/events/{event}/cancel")),
        ("duplicate event", lambda: page.goto(f"/organiser/events/{event}/duplicate")),
        ("delete event, refused", lambda: page.goto(f"/organiser/events/{event}/delete")),
        ("delete session", lambda: page.goto(f"/organiser/sessions/{session}/delete")),
        ("my bookings", lambda: page.goto("/account/bookings")),
        ("delete my account", lambda: page.goto("/account/delete")),
        ("partner allocation, edit", lambda: page.goto(f"/organiser/allocations/{partner['allocation']}/edit")),
        ("partner allocation, release", lambda: page.goto(f"/organiser/allocations/{partner['allocation']}/release")),
        ("partner's sessions", lambda: page.goto(f"/organiser/allocations/{partner['allocation']}/partner")),
        ("desk booking, confirmation",
         lambda: page.goto(f"/organiser/registrations/{partner['desk']}/confirmation")),
        ("correct a booking", lambda: page.goto(f"/organiser/registrations/{partner['desk']}/edit")),
    ]
    problems = _check_all(page, axe, main_pages + (other_pages if language == "fr" else []))
    assert not problems, "\n\n".join(problems)


def _an_attendee_email_failed(session_id: int) -> None:
    registration = db.session.scalars(sa.select(Registration).where(Registration.session_id == session_id)).first()
    message = db.session.get(OutboxMessage, enqueue_for_registration("reminder", registration))
    message.status, message.attempts, message.last_error = "failed", 1, "550 5.1.1 No such user"


def _a_partner_and_a_desk_booking(session_id: int) -> dict:
    """Seats held for a partner (with one of its people booked) and a booking made at the desk, by phone."""
    now, key = utcnow(), settings.pseudonym_key()
    session = db.session.get(Session, session_id)
    allocation = bookings.allocate(session_id, bookings.AllocationRequest(
        partner="Centre social des Puces", contact_email="puces@example.org", seats=2,
        release_at=session.starts_at - timedelta(hours=1)), now=now)
    bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name="Josiane Leblanc", email="",
                                                                               phone="06 12 34 56 78"), key=key)
    desk = bookings.book_at_desk(session_id, bookings.BookingRequest(name="Marcel Petit", email="",
                                                                     phone="01 23 45 67 89"),
                                 bookings.DeskBooking(), key=key)
    return {"allocation": allocation.id, "desk": desk.id}


def _kind_and_people(organiser_event_id: int) -> dict:
    """The ids the admin's pages of one kind, one team and one account need."""
    event = db.session.get(Event, organiser_event_id)
    kind = db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == event.kind))
    member = event.team.members[0]
    return {"kind": kind.id, "team": event.team.id, "account": member.id}


def _an_email_that_failed() -> None:
    """So that the admins' email page shows its table, not its empty state."""
    message = enqueue("password_reset", "nobody@example.org", "fr", reset_url="http://guichet.test/x")
    message.status, message.attempts, message.last_error = "failed", 8, "550 5.1.1 No such user"


def test_admin_pages_have_no_serious_accessibility_violation(browsing, live_server, axe):
    live_server.run(_an_email_that_failed)
    ids = live_server.run(_kind_and_people, live_server.programme.organiser_event_id)
    page = browsing.new_page()
    sign_in_as_admin(page)
    visits = [(name, lambda path=path: page.goto(path)) for name, path in [
        ("admin overview", "/admin/"), ("admin accounts", "/admin/accounts"), ("admin teams", "/admin/teams"),
        ("admin venues", "/admin/venues"), ("admin emails", "/admin/mail"),
        ("admin kinds", "/admin/kinds"), ("admin kind, new", "/admin/kinds/new"),
        ("admin kind, edit", f"/admin/kinds/{ids['kind']}"),
        ("admin team, members and their roles", f"/admin/teams/{ids['team']}"),
        ("admin account, teams and roles", f"/admin/accounts/{ids['account']}"),
        ("admin account, new", "/admin/accounts/new"), ("admin venue, new", "/admin/venues/new")]]
    problems = _check_all(page, axe, visits)
    assert not problems, "\n\n".join(problems)
