"""Duplicating an event (a new edition, as a draft) and deleting what nobody booked (else: cancel)."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Event, Question, Registration, Session, utcnow
from booking.services import bookings
from booking.services import events as events_service
from booking.services import questions as question_rules
from tests.auth import sign_in_as

PARIS_SUMMER = datetime(2031, 6, 7, 12, 0, tzinfo=UTC)  # a Saturday, 14 h 00 in Paris (UTC+2)


def two_dates_event(make, team, venue):
    event = make.event(team=team, venue=venue, title="Atelier linogravure", audience_notes="Dès 8 ans",
                       description="Un **atelier**.", status="published")
    make.session(event=event, starts_at=PARIS_SUMMER, capacity=12, max_seats_per_registration=3,
                 registration_closes_at=PARIS_SUMMER - timedelta(hours=2))
    make.session(event=event, starts_at=PARIS_SUMMER + timedelta(days=7), capacity=8, waitlist_enabled=False)
    make.session(event=event, starts_at=PARIS_SUMMER + timedelta(days=14), status="cancelled")
    question_rules.add_question(event, question_rules.QuestionFields(
        label="Quel niveau ?", kind="choice", choices=("Débutant", "Confirmé"), required=True))
    db.session.commit()
    return event


def test_the_form_offers_a_copy_on_the_same_weekday_and_time_a_few_weeks_on(client, make, team_a, organiser_a, venue):
    event = two_dates_event(make, team_a, venue)
    sign_in_as(client, organiser_a)

    page = client.get(f"/organiser/events/{event.id}/duplicate").get_data(as_text=True)

    suggested = events_service.suggested_first_start(event)
    assert suggested > utcnow() and suggested.weekday() == PARIS_SUMMER.weekday()
    assert suggested.astimezone(PARIS_SUMMER.tzinfo).hour == 12
    assert 'value="Atelier linogravure"' in page
    assert "The 2 dates copied" in page


def test_a_copy_is_a_draft_with_the_text_questions_venue_and_dates_moved(client, make, team_a, organiser_a, venue):
    event = two_dates_event(make, team_a, venue)
    make.registration(event.sessions[0], answers={str(event.questions[0].id): "Débutant"})
    sign_in_as(client, organiser_a)

    # The first date moves from Saturday 7 June 2031 to Saturday 6 December 2031: 182 days, and winter time.
    response = client.post(f"/organiser/events/{event.id}/duplicate",
                           data={"title": "Atelier linogravure (hiver)", "first_starts_at": "2031-12-06T14:00"})

    copy = db.session.scalar(sa.select(Event).where(Event.id != event.id))
    assert response.status_code == 302 and response.location == f"/organiser/events/{copy.id}"
    assert (copy.status, copy.title, copy.kind, copy.venue_id, copy.team_id) == (
        "draft", "Atelier linogravure (hiver)", event.kind, event.venue_id, event.team_id)
    assert (copy.description, copy.audience_notes) == ("Un **atelier**.", "Dès 8 ans")
    assert copy.slug != event.slug
    [question] = copy.questions
    assert (question.label, question.kind, question.choices, question.required) == (
        "Quel niveau ?", "choice", ["Débutant", "Confirmé"], True)
    first, second = copy.sessions  # the cancelled date is not copied
    # 14 h 00 in Paris both times: 13:00 UTC in winter.
    assert first.starts_at == datetime(2031, 12, 6, 13, 0, tzinfo=UTC)
    assert second.starts_at == datetime(2031, 12, 13, 13, 0, tzinfo=UTC)
    assert first.ends_at - first.starts_at == timedelta(hours=2)
    assert first.registration_closes_at == datetime(2031, 12, 6, 11, 0, tzinfo=UTC)
    assert (first.capacity, first.max_seats_per_registration, first.seats_taken) == (12, 3, 0)
    assert (second.capacity, second.waitlist_enabled) == (8, False)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration).join(Session).where(
        Session.event_id == copy.id)) == 0
    # The original is untouched.
    assert len(event.questions) == 1 and len(event.sessions) == 3 and event.status == "published"


def test_a_copy_needs_a_title_and_a_first_date(client, make, team_a, organiser_a, venue):
    event = two_dates_event(make, team_a, venue)
    sign_in_as(client, organiser_a)

    no_date = client.post(f"/organiser/events/{event.id}/duplicate", data={"title": "Copie", "first_starts_at": ""})
    no_title = client.post(f"/organiser/events/{event.id}/duplicate",
                           data={"title": "", "first_starts_at": "2031-12-06T14:00"})
    bad_date = client.post(f"/organiser/events/{event.id}/duplicate",
                           data={"title": "Copie", "first_starts_at": "2031-03-30T02:30"})  # the clocks skip it

    assert no_date.status_code == 200 and "Please give the date of the first session." in no_date.text
    assert no_title.status_code == 200 and "This field is required." in no_title.text
    assert "the clocks change then" in bad_date.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1


def test_an_event_without_dates_is_copied_without_asking_for_one(client, make, team_a, organiser_a, venue):
    event = make.event(team=team_a, venue=venue, status="draft")
    sign_in_as(client, organiser_a)

    assert "no date to copy" in client.get(f"/organiser/events/{event.id}/duplicate").text
    response = client.post(f"/organiser/events/{event.id}/duplicate", data={"title": "Encore"})

    assert response.status_code == 302
    assert db.session.scalar(sa.select(Event).where(Event.title == "Encore")).sessions == []


def test_another_team_cannot_duplicate(client, make, team_a, organiser_b, venue):
    event = two_dates_event(make, team_a, venue)
    sign_in_as(client, organiser_b)

    assert client.get(f"/organiser/events/{event.id}/duplicate").status_code == 404
    assert client.post(f"/organiser/events/{event.id}/duplicate",
                       data={"title": "Volé", "first_starts_at": "2031-12-06T14:00"}).status_code == 404


# -- Deleting ----------------------------------------------------------------------------------


def test_a_draft_nobody_booked_is_deleted_with_its_dates_and_questions(client, make, team_a, organiser_a, venue):
    event = make.event(team=team_a, venue=venue, status="draft")
    make.session(event=event)
    question_rules.add_question(event, question_rules.QuestionFields(label="Q", kind="short_text"))
    db.session.commit()
    sign_in_as(client, organiser_a)
    assert "Delete the draft" in client.get(f"/organiser/events/{event.id}").text

    assert "Yes, delete the event" in client.get(f"/organiser/events/{event.id}/delete").text
    response = client.post(f"/organiser/events/{event.id}/delete")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0
    assert "is deleted" in client.get(response.location).text


def test_a_published_event_is_not_deleted_but_cancelled(client, make, team_a, organiser_a, venue):
    event = make.event(team=team_a, venue=venue, status="published")
    sign_in_as(client, organiser_a)

    assert "Delete the draft" not in client.get(f"/organiser/events/{event.id}").text
    assert "Only a draft event can be deleted. Cancel it instead." in client.get(
        f"/organiser/events/{event.id}/delete").text
    response = client.post(f"/organiser/events/{event.id}/delete")

    assert response.status_code == 302
    assert "Only a draft event can be deleted" in client.get(response.location).text
    assert db.session.get(Event, event.id) is not None


def test_a_draft_someone_once_booked_is_not_deleted(client, make, team_a, organiser_a, venue):
    event = make.event(team=team_a, venue=venue, status="published")
    registration = make.registration(make.session(event=event))
    bookings.cancel(registration.id)  # cancelled since: the person was still told of this date
    event.status = "draft"
    db.session.commit()
    sign_in_as(client, organiser_a)

    response = client.post(f"/organiser/events/{event.id}/delete")

    assert "cannot be deleted: cancel it instead" in client.get(response.location).text
    assert db.session.get(Event, event.id) is not None


def test_the_service_refuses_too(make, team_a, venue):
    draft = make.event(team=team_a, venue=venue, status="published")
    make.registration(make.session(event=draft))
    draft.status = "draft"  # back to draft after a booking
    db.session.commit()

    for event, error in ((draft, "has_bookings"), (make.event(team=team_a, venue=venue), "not_a_draft")):
        try:
            bookings.delete_event(event)
        except Exception as refused:  # noqa: BLE001 (the code is what is checked)
            assert refused.code == error
        else:
            raise AssertionError("deleted")
        db.session.rollback()


def test_a_session_nobody_booked_is_deleted_a_booked_one_is_cancelled_instead(client, make, team_a, organiser_a,
                                                                              venue):
    event = make.event(team=team_a, venue=venue, status="published")
    empty = make.session(event=event)
    booked = make.session(event=event, starts_in=timedelta(days=9))
    make.registration(booked)
    sign_in_as(client, organiser_a)

    page = client.get(f"/organiser/events/{event.id}").text
    assert f"/organiser/sessions/{empty.id}/delete" in page and f"/organiser/sessions/{booked.id}/cancel" in page
    assert f"/organiser/sessions/{booked.id}/delete" not in page

    refused = client.post(f"/organiser/sessions/{booked.id}/delete")
    assert "cannot be deleted: cancel it instead" in client.get(refused.location).text
    assert "Cancel the session" in client.get(f"/organiser/sessions/{booked.id}/delete").text

    done = client.post(f"/organiser/sessions/{empty.id}/delete")
    assert "The session is deleted." in client.get(done.location).text
    db.session.expire_all()
    assert [s.id for s in db.session.get(Event, event.id).sessions] == [booked.id]
