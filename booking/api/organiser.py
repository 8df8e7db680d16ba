"""Organiser API (bearer token): the programme of one's teams, its sessions, attendees and venues.

Every lookup goes through booking/services/access.py: another team's event,
session or registration answers 404, exactly like one that does not exist.
"""

from flask import url_for

from booking import settings
from booking.api import presenters
from booking.api.auth import current_organiser, limit_organiser_writes, token_required
from booking.api.blueprint import organiser_bp as bp
from booking.api.parsing import error_responses
from booking.api.retries import accepts_idempotency_key, book_once, organiser_owner
from booking.api.schemas import (
    AttendeeList,
    AttendeeOut,
    CheckInIn,
    DeskBookingIn,
    DeskBookingOut,
    EventIn,
    EventOut,
    EventPatch,
    SeatsIn,
    SessionIn,
    SessionOut,
    SessionPatch,
    VenueIn,
    VenueList,
    VenueOut,
    WalkInIn,
)
from booking.extensions import db
from booking.links import absolute_url, manage_url
from booking.services import access, attendees, bookings, events, programme


@bp.route("/events", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(EventIn)
@bp.response(201, EventOut)
@error_responses(401, 403, 422, 429)
def create_event(fields: dict):
    """Create an event, as a draft of your team (say which with `team` if you have several)."""
    organiser = current_organiser()
    team = events.default_team(organiser, fields.pop("team", None))
    event = events.create_event(team=team, **fields)
    db.session.commit()
    return presenters.full_event_dict(event), 201


@bp.route("/events/<api_id:event_id>", methods=["PATCH"])
@limit_organiser_writes
@token_required
@bp.arguments(EventPatch)
@bp.response(200, EventOut)
@error_responses(401, 403, 404, 409, 422, 429)
def update_event(changes: dict, event_id: int):
    """Change an event; `status` publishes it, takes it back to draft, or cancels it with all its sessions."""
    event = access.event_for(current_organiser(), event_id)
    events.update_event(event, **changes)
    db.session.commit()
    return presenters.full_event_dict(event)


@bp.route("/events/<api_id:event_id>/sessions", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(SessionIn)
@bp.response(201, SessionOut)
@error_responses(401, 403, 404, 422, 429)
def add_session(fields: dict, event_id: int):
    """Add a dated session to one of your events.

    `reconfirm_days_before` left out takes the team's default; `null` turns reconfirmation off.
    """
    event = access.event_for(current_organiser(), event_id)
    fields.setdefault("reconfirm_days_before", events.TEAM_DEFAULT)  # left out: the team's default
    session = events.add_session(event, events.SessionFields(**fields))
    db.session.commit()
    return presenters.session_dict(session, 0)


@bp.route("/sessions/<api_id:session_id>", methods=["PATCH"])
@limit_organiser_writes
@token_required
@bp.arguments(SessionPatch)
@bp.response(200, SessionOut)
@error_responses(401, 403, 404, 409, 422, 429, 503)
def update_session(changes: dict, session_id: int):
    """Change capacity, times or settings, or cancel (`"status": "cancelled"`).

    More seats promote the waiting list; new times send everyone an updated
    invite; cancelling cancels every booking and tells each person.
    """
    session = access.session_for(current_organiser(), session_id)
    events.update_session(session, **changes)
    db.session.commit()
    return presenters.session_dict(session, bookings.waitlist_counts([session.id]).get(session.id, 0))


@bp.route("/sessions/<api_id:session_id>/registrations", methods=["GET"])
@token_required
@bp.response(200, AttendeeList)
@error_responses(401, 403, 404)
def list_registrations(session_id: int):
    """Every registration of one of your sessions, in arrival order, cancelled ones included."""
    listing = attendees.session_attendees(access.session_for(current_organiser(), session_id))
    positions = {registration.id: position for position, registration in listing.waiting}
    waiting = [registration for _position, registration in listing.waiting]
    rows = sorted([*listing.confirmed, *listing.offered, *waiting, *listing.cancelled], key=lambda r: r.id)
    return {"registrations": [presenters.attendee_dict(r, positions.get(r.id)) for r in rows]}


@bp.route("/sessions/<api_id:session_id>/desk-registrations", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(DeskBookingIn)
@bp.response(201, DeskBookingOut)
@accepts_idempotency_key
@error_responses(401, 403, 404, 409, 422, 429, 503)
def book_at_desk(fields: dict, session_id: int):
    """Book on someone's behalf (on the phone, at the desk): email optional, and without one nothing is sent.

    The seats left, then the waiting list if the session has one (`409 full` otherwise); the online
    registration window and the per-booking maximum do not bind the desk.
    """
    organiser = current_organiser()
    session = access.session_for(organiser, session_id)
    request = bookings.BookingRequest(name=fields["name"], email=fields["email"], phone=fields["phone"],
                                      seats=fields["seats"], wheelchair_spaces=fields["wheelchair_spaces"],
                                      locale=fields["locale"], answers=fields["answers"],
                                      accessibility_needs=fields["accessibility_needs"], consent=False)
    desk = bookings.DeskBooking(booked_by_id=organiser.id, structure=fields["structure"])
    return book_once(lambda: bookings.book_at_desk(session.id, request, desk, key=settings.pseudonym_key()),
                     owner=organiser_owner(), present=_desk_booking_dict, schema=DeskBookingOut, location=_attendees_of)


def _desk_booking_dict(registration) -> dict:
    return presenters.attendee_dict(registration, bookings.waitlist_position(registration)) | {
        "booking_code": bookings.booking_code(registration.id),
        "manage_url": manage_url(registration.manage_token),
        "confirmation_url": absolute_url("organiser.confirmation", registration_id=registration.id),
    }


def _attendees_of(registration) -> str:
    return url_for("api_organiser.list_registrations", session_id=registration.session_id)


@bp.route("/sessions/<api_id:session_id>/walk-ins", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(WalkInIn)
@bp.response(201, AttendeeOut)
@accepts_idempotency_key
@error_responses(401, 403, 404, 409, 422, 429, 503)
def walk_in(fields: dict, session_id: int):
    """People at the door without a booking: booked and checked in at once, within the free seats (`409 full`)."""
    organiser = current_organiser()
    session = access.session_for(organiser, session_id)
    return book_once(lambda: bookings.walk_in(session.id, fields["seats"], name=fields["name"],
                                              key=settings.pseudonym_key(), booked_by_id=organiser.id),
                     owner=organiser_owner(), present=lambda r: presenters.attendee_dict(r, None), schema=AttendeeOut,
                     location=_attendees_of)


@bp.route("/registrations/<api_id:registration_id>/check-in", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(CheckInIn, required=False)
@bp.response(200, AttendeeOut)
@error_responses(401, 403, 404, 409, 422, 429)
def check_in(options: dict, registration_id: int):
    """Mark a confirmed party as arrived (409 `not_confirmed` otherwise); `{"undo": true}` takes it back.

    `{"seats": 1}` checks in only some of the booking's seats (422 `invalid` beyond the seats booked).
    """
    registration = access.registration_for(current_organiser(), registration_id)
    registration = bookings.check_in(registration.id, seats=options["seats"], undo=options["undo"])
    db.session.commit()
    return presenters.attendee_dict(registration, bookings.waitlist_position(registration))


@bp.route("/registrations/<api_id:registration_id>/seats", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(SeatsIn)
@bp.response(200, AttendeeOut)
@error_responses(401, 403, 404, 409, 422, 429, 503)
def change_seats(change: dict, registration_id: int):
    """Change the seats of a booking (a partner's group grows): added seats must be free (409 `full`)."""
    registration = access.registration_for(current_organiser(), registration_id)
    registration = bookings.change_seats(registration.id, change["seats"], by=bookings.CancelledBy.ORGANISER)
    db.session.commit()
    return presenters.attendee_dict(registration, bookings.waitlist_position(registration))


@bp.route("/venues", methods=["GET"])
@token_required
@bp.response(200, VenueList)
@error_responses(401, 403)
def list_venues():
    """Every venue, by city then name."""
    return {"venues": [presenters.venue_dict(v) for v in programme.venues()]}


@bp.route("/venues", methods=["POST"])
@limit_organiser_writes
@token_required
@bp.arguments(VenueIn)
@bp.response(201, VenueOut)
@error_responses(401, 403, 422, 429)
def create_venue(fields: dict):
    """Add a venue (shared by every team)."""
    venue = events.create_venue(**fields)
    db.session.commit()
    return presenters.venue_dict(venue)
