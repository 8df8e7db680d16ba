"""Public pages: the programme, an event, booking a seat, and managing a booking."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from booking.extensions import db, limiter
from booking.i18n import LANGUAGE_SESSION_KEY
from booking.public.forms import KIND_LABELS, BookingForm, CancelForm, ProgrammeFilterForm
from booking.services import bookings, programme, registrations
from booking.services.errors import BookingRuleError, NotFound, ValidationFailed

bp = Blueprint("public", __name__)

BOOKING_RATE_LIMIT = "20 per minute; 200 per hour"


@bp.get("/")
def index():
    form = ProgrammeFilterForm(request.args)
    _fill_filter_choices(form)
    filters = programme.ProgrammeFilters()
    if form.validate():
        filters = programme.ProgrammeFilters(
            kind=form.kind.data or None,
            venue_id=int(form.venue.data) if form.venue.data else None,
            city=form.city.data or None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
            q=form.q.data or None,
            available_only=form.available.data,
        )
    page = request.args.get("page", 1, type=int)
    events = programme.search_events(filters, page=max(page, 1))
    waitlists = bookings.waitlist_counts([s.id for e in events.items for s in e.sessions])
    return render_template("public/index.html", form=form, events=events, waitlists=waitlists, filters=filters)


@bp.get("/events/<int:event_id>")
@bp.get("/events/<int:event_id>/<slug>")
def event(event_id: int, slug: str | None = None):
    event = programme.public_event(event_id) or abort(404)
    waitlists = bookings.waitlist_counts([s.id for s in event.sessions])
    return render_template("public/event.html", event=event, waitlists=waitlists)


@bp.route("/sessions/<int:session_id>/book", methods=["GET", "POST"])
@limiter.limit(BOOKING_RATE_LIMIT, methods=["POST"])
def book(session_id: int):
    session_ = programme.public_session(session_id) or abort(404)
    form = BookingForm()
    if current_user.is_authenticated and request.method == "GET":
        form.name.data, form.email.data = current_user.name, current_user.email
    if form.validate_on_submit():
        try:
            registration = bookings.register(session_id, form.to_request(current_user))
        except ValidationFailed as error:
            db.session.rollback()
            _attach_field_errors(form, error)
        except BookingRuleError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        except NotFound:
            abort(404)
        else:
            db.session.commit()
            return redirect(url_for("public.booked", token=registration.manage_token))
        session_ = programme.public_session(session_id) or abort(404)
    availability = bookings.session_availability(session_)
    return render_template("public/book.html", form=form, session=session_, event=session_.event,
                           availability=availability)


@bp.get("/r/<token>/booked")
def booked(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    return render_template("public/booked.html", registration=registration,
                           position=bookings.waitlist_position(registration))


@bp.get("/r/<token>")
def manage(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    return render_template("public/manage.html", registration=registration,
                           position=bookings.waitlist_position(registration))


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            bookings.cancel(registration.id)
        except BookingRuleError as error:
            db.session.rollback()
            flash(str(error.message), "warning")
        else:
            db.session.commit()
            flash(_("Your booking is cancelled. Thank you for letting us know."), "success")
        return redirect(url_for("public.manage", token=token))
    return render_template("public/cancel.html", registration=registration, form=form)


@bp.post("/language/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session[LANGUAGE_SESSION_KEY] = code
    return redirect(_local_referrer() or url_for("public.index"))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


def _local_referrer() -> str | None:
    """The page the person came from, when it is one of ours."""
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _fill_filter_choices(form: ProgrammeFilterForm) -> None:
    form.kind.choices = [("", _("All kinds"))] + [(k.value, str(label)) for k, label in KIND_LABELS.items()]
    form.venue.choices = [("", _("All venues"))] + [(str(v.id), f"{v.name} ({v.city})") for v in programme.venues()]
    form.city.choices = [("", _("All cities"))] + [(c, c) for c in programme.cities()]


def _attach_field_errors(form: BookingForm, error: ValidationFailed) -> None:
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            form.form_errors.append(message)
