"""At the desk: bookings taken for someone (on the phone, at reception), what to print or read out to them,
the printable sign-in sheet and tickets, corrections of someone's details, closing registrations by hand."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking import settings
from booking.forms import Say, saving
from booking.links import manage_url
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser
from booking.organiser.forms import ConfirmForm, DeskBookingForm, answers_of, attendee_form_for
from booking.services import access, bookings
from booking.services import attendees as attendees_service
from booking.services.bookings import AttendeeCorrection, BookingRequest, DeskBooking
from booking.services.errors import AlreadyRegistered, SessionFull
from booking.templating import format_local_datetime


@bp.route(f"/sessions/<{ID}:session_id>/desk-booking", methods=["GET", "POST"])
def desk_booking(session_id: int):
    session = access.session_for(organiser(), session_id)
    form = DeskBookingForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        request_ = BookingRequest(name=form.name.data, email=form.email.data or "", phone=form.phone.data or "",
                                  seats=form.seats.data, wheelchair_spaces=form.wheelchair_spaces.data or 0,
                                  locale=form.locale.data, consent=False,
                                  accessibility_needs=form.accessibility_needs.data or "")
        full = Say(lambda: _("Not enough seats left, and this session has no waiting list."), field="seats")
        with saving(form, say={SessionFull: full, AlreadyRegistered: Say(field="email")}) as saved:
            registration = bookings.book_at_desk(session.id, request_, DeskBooking(booked_by_id=organiser().id),
                                                 key=settings.pseudonym_key())
        if saved.ok:
            if registration.is_confirmed:
                flash(ngettext("%(num)d seat is booked for %(name)s.", "%(num)d seats are booked for %(name)s.",
                               registration.seats, name=registration.name), "success")
            else:
                flash(_("%(name)s is on the waiting list.", name=registration.name), "info")
            return redirect(url_for(".confirmation", registration_id=registration.id))
        status = saved.status
        session = access.session_for(organiser(), session_id)  # fresh numbers after the rollback
    return render_template("organiser/desk_booking.html", form=form, session=session, event=session.event), status


@bp.get(f"/registrations/<{ID}:registration_id>/confirmation")
def confirmation(registration_id: int):
    """The booking on one printable page (date, place, access, code, QR), and a text to read out or send by SMS."""
    registration = access.registration_for(organiser(), registration_id)
    session = registration.session
    return render_template("organiser/confirmation.html", registration=registration, session=session,
                           event=session.event, code=bookings.booking_code,
                           sms=_sms_text(registration), waitlist_position=bookings.waitlist_position(registration))


@bp.get(f"/sessions/<{ID}:session_id>/sign-in-sheet")
def sign_in_sheet(session_id: int):
    """The attendee list to print: name, seats, needs, a box to tick, the phone of those without email."""
    session = access.session_for(organiser(), session_id)
    return render_template("organiser/sign_in_sheet.html", session=session, event=session.event,
                           people=attendees_service.check_in_list(session), code=bookings.booking_code)


@bp.get(f"/sessions/<{ID}:session_id>/tickets")
def tickets(session_id: int):
    """One ticket per confirmed booking, with its code and QR, to print and hand out."""
    session = access.session_for(organiser(), session_id)
    return render_template("organiser/tickets.html", session=session, event=session.event,
                           people=attendees_service.check_in_list(session), code=bookings.booking_code)


@bp.post(f"/sessions/<{ID}:session_id>/registrations-closed")
def close_registrations(session_id: int):
    session = access.session_for(organiser(), session_id)
    if ConfirmForm().validate_on_submit():
        reopen = request.form.get("reopen") == "1"
        done = (_("Registrations are open again, as the session's settings say.") if reopen
                else _("Registrations are closed: the public page says so. You can still book at the desk."))
        with saving(success=done):
            if reopen:
                bookings.reopen_registrations(session.id)
            else:
                bookings.close_registrations(session.id)
    return redirect(url_for(".attendees", session_id=session.id))


@bp.route(f"/registrations/<{ID}:registration_id>/edit", methods=["GET", "POST"])
def edit_registration(registration_id: int):
    """Correct someone's name, email, phone or answers; a new email gets the confirmation."""
    registration = access.registration_for(organiser(), registration_id)
    session = registration.session
    form = attendee_form_for(session.event, registration)
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        correction = AttendeeCorrection(name=form.name.data, email=form.email.data or "", phone=form.phone.data or "",
                                        answers=answers_of(form))
        with saving(form, say={AlreadyRegistered: Say(field="email")}) as saved:
            changed = bookings.correct_attendee(registration.id, correction, key=settings.pseudonym_key(),
                                                by_id=organiser().id)
        if saved.ok:
            if "email" in changed and registration.email:
                flash(_("Saved. The confirmation is on its way to %(email)s.", email=registration.email), "success")
            else:
                flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".attendees", session_id=session.id) + f"#reg-{registration.id}")
        status = saved.status
    return render_template("organiser/registration_edit.html", form=form, registration=registration,
                           session=session, event=session.event,
                           question_fields=[form[f"question_{q.id}"] for q in form.questions]), status


def _sms_text(registration) -> str:
    """A short text to read out or to send by SMS by hand."""
    session = registration.session
    event = session.event
    zone = event.venue.timezone
    when = format_local_datetime(session.starts_at, zone)
    place = f"{event.venue.name}, {event.venue.address}, {event.venue.city}"
    code = bookings.booking_code(registration.id)
    if registration.is_waitlisted:
        head = _("%(title)s, %(when)s: you are on the waiting list.", title=event.title, when=when)
    else:
        head = ngettext("%(title)s, %(when)s: %(num)d seat booked.", "%(title)s, %(when)s: %(num)d seats booked.",
                        registration.seats, title=event.title, when=when)
    return " ".join([head, _("Place: %(place)s.", place=place), _("Booking code: %(code)s.", code=code),
                     _("To cancel: %(link)s", link=manage_url(registration.manage_token))])
