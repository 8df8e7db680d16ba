"""The easy-to-read mode: its switch, and its booking form with one question per step.

Steps, in order: name, email, seats, the event's own questions (one each), needs, confirm. What is
answered is kept in the browser's signed session (never in the database) until the last step books
through the same service as the full form (``bookings.book``), with ``easy_read`` set so that the
booking's emails are easy to read too. Each step works without JavaScript, has a back link, and
shows its own errors; a step asked before the ones it needs sends to the first one missing.
"""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale, pgettext
from flask_login import current_user

from booking import database, easy_words
from booking.auth import safe_next
from booking.extensions import db, limiter
from booking.forms import Say
from booking.public import easy_mode
from booking.public.blueprint import bp
from booking.public.easy_forms import ConfirmStep, EmailStep, NameStep, NeedsStep, SeatsStep, easy_needs, question_step
from booking.public.routes import BOOKING_RATE_LIMIT, ID, book_once_from_form
from booking.services import bookings, programme
from booking.services.bookings import BookingRequest
from booking.services.errors import (
    AlreadyRegistered,
    Cancelled,
    RegistrationClosed,
    RegistrationNotOpenYet,
    SessionFull,
    TooManyBookings,
)

STATE_KEY = "easy_booking"
FIXED_STEPS = {"name": NameStep, "email": EmailStep, "seats": SeatsStep, "needs": NeedsStep}
QUESTION = "question-"


@bp.post("/easy-read")
def set_easy_read():
    """The "Easy to read" switch on every page: on or off for the rest of the visit."""
    easy_mode.turn(request.form.get("mode") == "on")
    return redirect(safe_next(request.form.get("next")) or url_for("public.index"), 303)


@bp.route(f"/sessions/<{ID}:session_id>/easy/<step>", methods=["GET", "POST"])
@limiter.limit(BOOKING_RATE_LIMIT, methods=["POST"])
def easy_book(session_id: int, step: str):
    session_ = programme.public_session(session_id) or abort(404)
    event = session_.event
    steps = _steps(event)
    if step not in steps:
        abort(404)
    availability = bookings.session_availability(session_)
    if availability not in ("open", "waitlist"):
        return render_template("public/easy/cannot_book.html", session=session_, event=event,
                               availability=availability)
    state = _state(session_id)
    missing = _first_missing(steps, state, event)
    if missing is not None and steps.index(missing) < steps.index(step):
        return redirect(url_for("public.easy_book", session_id=session_id, step=missing))
    if step == "confirm":
        return _confirm(session_, state, steps)

    form = _step_form(step, session_, event)
    if not form.is_submitted():
        _fill(form, step, state)
    elif form.validate():
        _keep(form, step, state)
        return redirect(url_for("public.easy_book", session_id=session_id, step=steps[steps.index(step) + 1]), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("public/easy/step.html", form=form, step=step, steps=steps, session=session_,
                           event=event, availability=availability, back=_back_url(steps, step, event),
                           question=_question(step, event)), status


# -- The steps --------------------------------------------------------------------------


def _steps(event) -> list[str]:
    return ["name", "email", "seats", *(f"{QUESTION}{q.id}" for q in event.questions), "needs", "confirm"]


def _question(step: str, event):
    if not step.startswith(QUESTION):
        return None
    return next(q for q in event.questions if f"{QUESTION}{q.id}" == step)


def _step_form(step: str, session_, event):
    form_class = question_step(_question(step, event)) if step.startswith(QUESTION) else FIXED_STEPS[step]
    form = form_class()
    if step == "seats":
        most = max(1, session_.max_seats_per_registration)
        form.seats.choices = [(n, str(n)) for n in range(1, most + 1)]
    return form


def _state(session_id: int) -> dict:
    """The answers so far for this session's booking (one booking at a time: another session starts afresh)."""
    state = session.get(STATE_KEY)
    if not isinstance(state, dict) or state.get("session_id") != session_id:
        state = {"session_id": session_id, "answers": {}}
        if current_user.is_authenticated:
            state.update(name=current_user.name, email=current_user.email)
    return state


def _save(state: dict) -> None:
    session[STATE_KEY] = state


def _first_missing(steps: list[str], state: dict, event) -> str | None:
    """The first step not answered yet (a question not required counts once its step was passed)."""
    for step in steps:
        if step == "confirm":
            return None
        if step.startswith(QUESTION):
            if step.removeprefix(QUESTION) not in state.get("answers", {}):
                return step
        elif step == "needs":
            if "needs" not in state:
                return step
        elif not state.get(step):
            return step
    return None


def _fill(form, step: str, state: dict) -> None:
    if step.startswith(QUESTION):
        form.answer.data = state.get("answers", {}).get(step.removeprefix(QUESTION)) or form.answer.data
    elif step == "needs":
        form.accessibility.data = state.get("accessibility", "")
        form.details.data = state.get("details", "")
    elif state.get(step) is not None:
        form[step].data = state[step]


def _keep(form, step: str, state: dict) -> None:
    if step.startswith(QUESTION):
        value = form.answer.data.strip() if isinstance(form.answer.data, str) else ""
        state.setdefault("answers", {})[step.removeprefix(QUESTION)] = value
    elif step == "needs":
        state.update(needs=form.needs(), accessibility=form.accessibility.data or "",
                     details=(form.details.data or "").strip())
    elif step == "seats":
        state["seats"] = form.seats.data
    else:
        state[step] = form[step].data.strip()
    _save(state)


def _back_url(steps: list[str], step: str, event) -> str:
    at = steps.index(step)
    if at == 0:
        return url_for("public.event", event_id=event.id, slug=event.slug)
    return url_for("public.easy_book", session_id=request.view_args["session_id"], step=steps[at - 1])


# -- The last step: check everything, then book --------------------------------------------


def _confirm(session_, state: dict, steps: list[str]):
    form = ConfirmStep()
    status = 200
    if form.is_submitted():
        token, status = _submit(session_.id, form, state, has_wheelchair_spaces=session_.wheelchair_spaces > 0)
        if token is not None:  # the answers stay for the visit: the same form sent twice finds its booking
            return redirect(url_for("public.booked", token=token), status)
    form.give_nonce()
    with database.read_only():
        session_ = programme.public_session(session_.id) or abort(404)
        return render_template("public/easy/confirm.html", form=form, state=state, steps=steps, session=session_,
                               event=session_.event, availability=bookings.session_availability(session_),
                               back=_back_url(steps, "confirm", session_.event)), status


def _submit(session_id: int, form: ConfirmStep, state: dict, *, has_wheelchair_spaces: bool) -> tuple[str | None, int]:
    """As the full form's submit (routes._submit_booking): one transaction, sent twice lands on its booking."""
    if not form.validate():
        db.session.rollback()
        return None, 422
    booking = BookingRequest(
        name=state["name"], email=state["email"], seats=int(state["seats"]), locale=str(get_locale() or "fr"),
        **easy_needs(state.get("accessibility", ""), state.get("details", ""),
                     has_wheelchair_spaces=has_wheelchair_spaces), consent=True,
        answers={key: value for key, value in state.get("answers", {}).items() if value},
        user_id=current_user.id if current_user.is_authenticated else None, easy_read=True)
    return book_once_from_form(session_id, form, booking, say=_easy_refusals())


def _easy_refusals() -> dict:
    """The booking rules' refusals, in easy words."""
    return {
        AlreadyRegistered: Say(pgettext("easy", "You already have a booking for this date. "
                                          "Look in your emails. The email has a link to your booking.")),
        SessionFull: Say(pgettext("easy", "There are not enough places left. You can choose fewer places.")),
        TooManyBookings: Say(pgettext("easy", "You have made many bookings today. Please try again tomorrow.")),
        RegistrationClosed: Say(pgettext("easy", "You cannot book this date any more.")),
        RegistrationNotOpenYet: Say(pgettext("easy", "You cannot book this date yet.")),
        Cancelled: Say(pgettext("easy", "This date is cancelled.")),
    }


@bp.app_context_processor
def _easy_read_mode() -> dict:
    """Every page knows whether the mode is on (base.html's switch, the page's larger type)."""
    return {"easy_read": easy_mode.is_on()}


# Dates in words, for the mode's pages (globals: the macros imported without context see them too).
for _name in ("spelled_out_day", "spelled_out_hours", "spelled_out_when"):
    bp.add_app_template_global(getattr(easy_words, _name), _name)
