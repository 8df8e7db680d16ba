"""Public pages: the programme, an event, booking a seat, and managing a booking.

Views parse, call one service, and map its typed errors to what the person
sees. A booking is one short write transaction; pages shown after a refusal
are rendered outside it, so the SQLite write lock is never held while
templates render.
"""

import re

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from booking import database, links, settings
from booking.auth import safe_next
from booking.extensions import db, limiter
from booking.forms import Say, saving
from booking.i18n import LANGUAGE_SESSION_KEY
from booking.labels import kind_choices
from booking.models import Registration, normalise_email, utcnow
from booking.public import easy_mode
from booking.public.blueprint import bp
from booking.public.cards import event_card
from booking.public.filter_form import filter_form_markup
from booking.public.forms import (
    AnswerForm,
    BookingForm,
    CancelForm,
    ChangeSeatsForm,
    ProgrammeFilterForm,
    booking_form_for,
)
from booking.routing import page_number
from booking.services import bookings, idempotency, programme, registrations
from booking.services.errors import IdempotencyKeyReused, SessionFull

# Per address, on submissions only. A library or a school shares one address: a class booking together
# stays well under this; the honeypot and the daily cap per email catch what gets through.
BOOKING_RATE_LIMIT = "30 per minute; 300 per hour"
PER_PAGE = 12
# Ids beyond a 32-bit integer cannot exist (PostgreSQL's integer); the URL rule answers 404 before any query.
ID = "int(max=2147483647)"
# What new_secret_token() makes (URL-safe base64); anything else is not a token, so no query is run.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
FORM_NONCE_SCOPE = "form:public.book"


@bp.get("/")
def index():
    page = page_number()
    form = ProgrammeFilterForm(request.args)
    _fill_filter_choices(form)
    filters, tz = form.to_filters(), current_app.config["BOOKING_TIMEZONE"]
    events = programme.search_events(filters, tz=tz, page=page, per_page=PER_PAGE)
    if page > max(events.pages, 1):
        abort(404)
    shown = programme.matching_sessions(filters, events.items, tz=tz)
    return render_template(easy_mode.template("public/index.html"), form=form, events=events, matching=shown.by_event,
                           waitlists=shown.waiting, feed=_programme_feed(form), filter_form=filter_form_markup,
                           event_card=event_card)


def _programme_feed(form: ProgrammeFilterForm) -> dict[str, str]:
    """The programme's calendar addresses, with the page's kind, venue and city filters (absolute: apps fetch them)."""
    https = links.absolute_url("calendar.public_feed", **form.subscription_filters())
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@bp.get(f"/events/<{ID}:event_id>")
@bp.get(f"/events/<{ID}:event_id>/<slug>")
def event(event_id: int, slug: str | None = None):
    event = programme.public_event(event_id) or abort(404)
    upcoming = [s for s in event.sessions if s.is_upcoming(utcnow())]
    waitlists = bookings.waitlist_counts([s.id for s in upcoming])
    return render_template(easy_mode.template("public/event.html"), event=event, sessions=upcoming, waitlists=waitlists)


@bp.route(f"/sessions/<{ID}:session_id>/book", methods=["GET", "POST"])
@limiter.limit(BOOKING_RATE_LIMIT, methods=["POST"])
def book(session_id: int):
    session_ = programme.public_session(session_id) or abort(404)
    if easy_mode.is_on() and request.method == "GET":  # one question per step (easy_read.py)
        return redirect(url_for("public.easy_book", session_id=session_id, step="name"))
    form = booking_form_for(session_.event)()
    status = 200
    if form.is_submitted():
        token, status = _submit_booking(session_.id, form)
        if token is not None:
            return redirect(url_for("public.booked", token=token), status)
    elif current_user.is_authenticated:
        form.name.data, form.email.data = current_user.name, current_user.email
    form.give_nonce()
    return _booking_page(session_id, form, status)


@bp.get("/r/<token>/booked")
def booked(token: str):
    registration = _registration_or_404(token)
    return render_template(easy_mode.template("public/booked.html"), registration=registration,
                           position=bookings.waitlist_position(registration))


@bp.get("/r/<token>")
def manage(token: str):
    registration = _registration_or_404(token)
    return render_template(easy_mode.template("public/manage.html"), registration=registration,
                           position=bookings.waitlist_position(registration),
                           can_change=bookings.attendee_may_change(registration),
                           deadline=_deadline(registration), answer_form=AnswerForm(),
                           can_book_again=bookings.session_availability(registration.session).value == "open")


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    registration = _registration_or_404(token)
    form = CancelForm()
    if form.validate_on_submit():
        _cancel(registration)
        return redirect(url_for("public.manage", token=token), 303)
    return render_template("public/cancel.html", registration=registration, form=form,
                           can_change=bookings.attendee_may_change(registration))


@bp.route("/r/<token>/seats", methods=["GET", "POST"])
def change_seats(token: str):
    registration = _registration_or_404(token)
    form = ChangeSeatsForm(data={"seats": registration.seats, "wheelchair_spaces": registration.wheelchair_spaces}
                           if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        status = _change_seats(registration, form)
        if status == 303:
            return redirect(url_for("public.manage", token=token), 303)
    elif form.is_submitted():
        status = 422
    return render_template("public/change_seats.html", registration=registration, form=form,
                           asks_wheelchair=_asks_wheelchair(registration),
                           can_change=bookings.attendee_may_change(registration)), status


# Reconfirm or release, offers that expire: the emails link to these pages, which ask before acting
# (a GET only shows; the button POSTs), so a link scanner opening them changes nothing.


@bp.route("/r/<token>/reconfirm", methods=["GET", "POST"])
def reconfirm(token: str):
    """ "I'm coming": the booking is kept."""
    return _answer(token, "public/reconfirm.html", bookings.reconfirm,
                   lambda n: ngettext("Thank you: your seat is kept. See you soon!",
                                    "Thank you: your seats are kept. See you soon!", n))


@bp.route("/r/<token>/accept", methods=["GET", "POST"])
def accept_offer(token: str):
    """Accept the seats held for this party."""
    return _answer(token, "public/accept_offer.html", bookings.accept,
                   lambda n: ngettext("The seat is yours: your booking is confirmed. An email with the details is on its way.",
                                    "The seats are yours: your booking is confirmed. An email with the details is on its way.",
                                    n))


@bp.route("/r/<token>/decline", methods=["GET", "POST"])
def decline_offer(token: str):
    """Decline the seats held for this party: they go to the next person waiting."""
    return _answer(token, "public/decline_offer.html", bookings.decline,
                   lambda n: ngettext("Thank you for letting us know: the seat goes to the next person waiting.",
                                    "Thank you for letting us know: the seats go to the next person waiting.", n))


@bp.post("/language/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session[LANGUAGE_SESSION_KEY] = code
    return redirect(safe_next(request.form.get("next")) or url_for("public.index"))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


# -- Helpers ------------------------------------------------------------------------


def _submit_booking(session_id: int, form: BookingForm) -> tuple[str | None, int]:
    """Validate and book in one transaction; on refusal, say why on the form (422 or 409).

    Returns the new booking's manage token, read before the commit: reading it after
    would begin another transaction, and on SQLite wait for the write lock again.
    The commit finds out whether a commit cut short by a lost connection landed.
    """
    if not form.validate():
        db.session.rollback()
        return None, 422
    return book_once_from_form(session_id, form, form.to_request(current_user))


def book_once_from_form(session_id: int, form, booking: bookings.BookingRequest, *, say: dict | None = None
                        ) -> tuple[str | None, int]:
    """Book ``booking`` for a validated form, once: the same form sent twice lands on the booking it made.

    Shared by the full form and the easy-to-read steps; ``say`` words the refusals (see ``saving``).
    """
    claimed = _claim_form_nonce(session_id, form.nonce.data, booking.email)
    if isinstance(claimed, idempotency.Answer):  # sent again: the booking it made is the answer
        return claimed.body["token"], 303
    with saving(form, say=say, commit=lambda: database.commit_or_find_out(
            db.session(), lambda: registrations.is_stored(session_id, token))) as saved:
        token = bookings.book(session_id, booking, key=settings.pseudonym_key()).manage_token
        if claimed is not None:
            idempotency.record(claimed, idempotency.Answer(303, {"token": token}))
    if not saved.ok:
        return None, saved.status
    return token, 303


def _claim_form_nonce(session_id: int, nonce: str | None, email: str):
    """The booking this form's nonce already made, or a claim on the nonce for this submit.

    The nonce only finds a booking made with the same form, for the same session and email:
    knowing an email never leads to its booking. A nonce that does not fit (mangled, or
    reused for another email) is set aside and the submit books as usual.
    """
    if not nonce or not TOKEN_SHAPE.fullmatch(nonce):
        return None
    asked = idempotency.fingerprint(session_id, normalise_email(email))
    try:
        return idempotency.claim_settled(FORM_NONCE_SCOPE, nonce, asked, restart=db.session.rollback)
    except IdempotencyKeyReused:
        return None


def _booking_page(session_id: int, form: BookingForm, status: int):
    # Read afresh and outside any write transaction: numbers may have moved since the refusal.
    with database.read_only():
        session_ = programme.public_session(session_id) or abort(404)
        return render_template("public/book.html", form=form, session=session_, event=session_.event,
                               availability=bookings.session_availability(session_)), status


def _cancel(registration: Registration) -> None:
    was_waiting = registration.is_waitlisted
    with saving() as saved:
        bookings.cancel(registration.id)
    if saved.ok and was_waiting:
        flash(_("You have left the waiting list. Thank you for letting us know."), "success")
    elif saved.ok:
        flash(_("Your booking is cancelled. Thank you for letting us know: your seats go to someone else."), "success")


def _answer(token: str, template: str, act, done):
    """Show the question (GET), or act on the answer (POST) and go back to the booking's page."""
    registration = _registration_or_404(token)
    form = AnswerForm()
    status = 200
    if form.validate_on_submit():
        with saving(form) as saved:
            act(registration.id)
        if saved.ok:
            flash(done(registration.seats), "success")
            return redirect(url_for("public.manage", token=token), 303)
        status = saved.status
        registration = _registration_or_404(token)  # read again after the rollback
    elif form.is_submitted():
        status = 400
    return render_template(template, registration=registration, form=form,
                           deadline=_deadline(registration)), status


def _deadline(registration: Registration):
    """The answer's deadline, if the booking has one: the offer's end, or the reconfirmation's."""
    if registration.is_offered:
        return registration.offer_expires_at
    if registration.reconfirm_status == "requested":
        return bookings.reconfirm_deadline(registration.session)
    return None


def _change_seats(registration: Registration, form: ChangeSeatsForm) -> int:
    """Ask the booking service; 303 when done, else the status of the refusal shown on the form."""
    # Without the question on the page, the party keeps its wheelchair users (None).
    spaces = (form.wheelchair_spaces.data or 0) if _asks_wheelchair(registration) else None
    more_spaces = spaces is not None and spaces > registration.wheelchair_spaces
    full = Say(lambda: _left_to_add(registration, spaces=more_spaces),
               field="wheelchair_spaces" if more_spaces else "seats")
    with saving(form, say={SessionFull: full}) as saved:
        bookings.change_seats(registration.id, form.seats.data, wheelchair_spaces=spaces)
    if not saved.ok:
        return saved.status
    flash(ngettext("Your booking now holds %(num)d seat.", "Your booking now holds %(num)d seats.",
                   registration.seats), "success")
    return 303


def _asks_wheelchair(registration: Registration) -> bool:
    """The change-seats page asks how many use a wheelchair when the date has spaces, or the party holds some."""
    return bool(registration.session.wheelchair_spaces or registration.wheelchair_spaces)


def _left_to_add(registration: Registration, *, spaces: bool) -> str:
    """Refused as full: how many seats (or wheelchair ``spaces``) can still be added (read afresh after the rollback)."""
    session = registration.session
    if spaces:
        left = session.wheelchair_spaces_left
        return (ngettext("Not enough wheelchair spaces left: you can add %(num)d more.",
                         "Not enough wheelchair spaces left: you can add %(num)d more.", left) if left
                else _("No wheelchair space is left to add. You can keep your booking as it is."))
    left = session.seats_left
    return (ngettext("Not enough seats left: you can add %(num)d more.",
                     "Not enough seats left: you can add %(num)d more.", left) if left
            else _("No seat is left to add. You can keep your booking as it is."))


def _registration_or_404(token: str) -> Registration:
    if not TOKEN_SHAPE.fullmatch(token):
        abort(404)
    return registrations.by_manage_token(token) or abort(404)


def _fill_filter_choices(form: ProgrammeFilterForm) -> None:
    places = programme.places()
    form.kind.choices = [("", _("All kinds"))] + kind_choices()
    form.venue.choices = [("", _("All venues"))] + [(str(v.id), f"{v.name} ({v.city})") for v in places.venues]
    form.city.choices = [("", _("All cities"))] + [(c, c) for c in places.cities]
