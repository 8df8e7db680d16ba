"""Public API: the programme, booking a session, and a booking held by its manage token."""

from flask import current_app, request

from booking import settings
from booking.api import presenters
from booking.api.auth import limit_public_bookings, optional_organiser, token_optional
from booking.api.blueprint import public_bp as bp
from booking.api.parsing import error_responses
from booking.api.retries import accepts_idempotency_key, book_once
from booking.api.schemas import (
    BookingIn,
    EventOut,
    EventPage,
    EventQuery,
    KindList,
    LanguageQuery,
    RegistrationOut,
    SeatsIn,
)
from booking.extensions import db
from booking.links import absolute_url
from booking.models import utcnow
from booking.services import access, bookings, kinds, programme, registrations
from booking.services.errors import NotFound

# CORS is open on these reads only: partner sites may list events and show a booking from the browser.
CORS_ENDPOINTS = frozenset({"api_public.list_events", "api_public.get_event", "api_public.get_registration",
                            "api_public.list_kinds"})
MANAGE_PATH_ARG = "string(maxlength=64)"  # the converter of manage tokens (43 characters) in paths


@bp.after_request
def open_cors_on_reads(response):
    if request.method in ("GET", "HEAD") and request.endpoint in CORS_ENDPOINTS:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/events", methods=["GET"])
@token_optional
@bp.arguments(EventQuery, location="query", as_kwargs=True)
@bp.response(200, EventPage)
@error_responses(401, 403, 422)
def list_events(page: int, per_page: int, lang: str | None = None, **filters):
    """Published events with an upcoming session, soonest first; the programme's filters apply.

    Each event lists its upcoming sessions. Follow `next` for the next page.

    With an organiser's token, also their own teams' events whatever their status (drafts, cancelled ones):
    those with a session to come that the filters match, then, unless `from`, `to` or `available` is given,
    those with no session yet. A bad or revoked token answers 401 rather than the public list.
    """
    result = programme.search_events(programme.filters_from(filters), tz=current_app.config["BOOKING_TIMEZONE"],
                                     page=page, per_page=per_page, organiser=optional_organiser())
    upcoming, links = programme.upcoming_sessions_of(result.items, utcnow()), presenters.SessionLinks.make()
    # Answered as EventPage would dump it (see presenters.json_response): a Response skips the field-by-field dump.
    return presenters.json_response({
        "events": [presenters.event_dict(event, upcoming.by_event[event.id], upcoming.waiting, links=links)
                   for event in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
        "next": _page_url(page + 1) if result.has_next else None,
    })


@bp.route("/events/<api_id:event_id>", methods=["GET"])
@token_optional
@bp.arguments(LanguageQuery, location="query")
@bp.response(200, EventOut)
@error_responses(401, 403, 404)
def get_event(_query: dict, event_id: int):
    """A published event with all its sessions (past and cancelled ones included).

    With an organiser's token, also their own teams' events whatever their status (drafts, cancelled ones);
    a bad or revoked token answers 401 rather than the public view.
    """
    event = _organisers_event(event_id) or programme.public_event(event_id)
    if event is None:
        raise NotFound()
    return presenters.full_event_dict(event)


def _organisers_event(event_id: int):
    """The event when the request's organiser may manage it (whatever its status), else None."""
    organiser = optional_organiser()
    if organiser is None:
        return None
    try:
        return access.event_for(organiser, event_id)
    except NotFound:
        return None


@bp.route("/kinds", methods=["GET"])
@bp.arguments(LanguageQuery, location="query")
@bp.response(200, KindList)
def list_kinds(_query: dict):
    """The kinds of event, in the admins' order: `code` is what events' `kind` and the `kind` filter say.

    Inactive kinds are kept on their events but refused for new ones.
    """
    return {"kinds": [presenters.kind_dict(kind) for kind in kinds.all_kinds()]}


@bp.route("/sessions/<api_id:session_id>/registrations", methods=["POST"])
@limit_public_bookings
@bp.arguments(BookingIn)
@bp.response(201, RegistrationOut)
@accepts_idempotency_key
@error_responses(400, 404, 409, 413, 422, 429, 503)
def book(booking: dict, session_id: int):
    """Book seats: confirmed when they fit, else on the waiting list when it is open, else refused (409).

    409 codes: `full`, `closed` (window not open or over), `already_registered`, `cancelled`,
    `too_many_bookings` (this email already made the most bookings allowed in 24 hours).
    Answers are checked against the event's questions (422 names `answers.<id>`).
    Safe to retry with an `Idempotency-Key` (422 `idempotency_key_reused` for another body).
    """
    return book_once(lambda: bookings.book(session_id, bookings.BookingRequest(**booking),
                                                       key=settings.pseudonym_key()))


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>", methods=["GET"])
@bp.response(200, RegistrationOut)
@error_responses(404)
def get_registration(token: str):
    """A booking, found by its secret manage token."""
    return presenters.registration_dict(_by_token(token))


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>", methods=["DELETE"])
@bp.response(200, RegistrationOut)
@error_responses(404, 409)
def cancel_registration(token: str):
    """Cancel a booking (or a place on the waiting list); freed seats go to whoever waits.

    409 `cancelled` when already cancelled, `closed` once the session has started.
    """
    registration = bookings.cancel(_by_token(token).id)
    body = presenters.registration_dict(registration)  # before the commit: nothing runs after it
    db.session.commit()
    return body


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>", methods=["PATCH"])
@limit_public_bookings
@bp.arguments(SeatsIn)
@bp.response(200, RegistrationOut)
@error_responses(404, 409, 422, 429, 503)
def change_seats(change: dict, token: str):
    """Change the seats of a booking: fewer go to whoever waits, more must be free (409 `full`).

    Until the session starts (409 `closed`), within the per-booking maximum (422 names `seats`).
    """
    registration = bookings.change_seats(_by_token(token).id, change["seats"])
    body = presenters.registration_dict(registration)  # before the commit: nothing runs after it
    db.session.commit()
    return body


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>/reconfirm", methods=["POST"])
@bp.response(200, RegistrationOut)
@error_responses(404, 409, 503)
def reconfirm_registration(token: str):
    """Say "I'm coming" when asked to reconfirm: the booking is kept (`reconfirm_status`: `reconfirmed`).

    409 `not_confirmed` for a booking holding no seats, `cancelled` once cancelled or released,
    `closed` once the session has started. Saying it twice is no error.
    """
    return _answer(bookings.reconfirm, token)


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>/accept", methods=["POST"])
@bp.response(200, RegistrationOut)
@error_responses(404, 409, 503)
def accept_offer(token: str):
    """Accept the seats offered (status `offered`): the booking is `confirmed`.

    409 `offer_expired` after `offer_expires_at` (the seats went to the next party), `not_offered`
    when no seats are offered. Accepting twice is no error.
    """
    return _answer(bookings.accept, token)


@bp.route(f"/registrations/<{MANAGE_PATH_ARG}:token>/decline", methods=["POST"])
@bp.response(200, RegistrationOut)
@error_responses(404, 409, 503)
def decline_offer(token: str):
    """Decline the seats offered: the booking is cancelled and the seats go to the next party that fits.

    409 `not_offered` when no seats are offered, `cancelled` when already cancelled.
    """
    return _answer(bookings.decline, token)


def _answer(act, token: str) -> dict:
    registration = act(_by_token(token).id)
    body = presenters.registration_dict(registration)  # before the commit: nothing runs after it
    db.session.commit()
    return body


def _by_token(token: str):
    registration = registrations.by_manage_token(token)
    if registration is None:
        raise NotFound()
    return registration


def _page_url(page: int) -> str:
    args = request.args.to_dict()
    args["page"] = page
    return absolute_url("api_public.list_events", **args)  # on PUBLIC_BASE_URL, as the events' own links
