"""Attendees of a session: the lists, promotion, cancelling for someone, export, messages, groups."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking.extensions import db
from booking.forms import saving, show_errors
from booking.organiser.common import organiser, writing
from booking.organiser.forms import ConfirmForm, GroupBookingForm, MessageForm, SearchForm
from booking.organiser.routes import ID, bp
from booking.public.forms import ChangeSeatsForm
from booking.services import access, bookings
from booking.services import attendees as attendees_service
from booking.services import questions as questions_service
from booking.services.bookings import BookingRequest, CancelledBy, GroupBooking
from booking.services.errors import AlreadyRegistered, BookingRuleError, SessionFull, ValidationFailed


@bp.get(f"/sessions/<{ID}:session_id>/attendees")
def attendees(session_id: int):
    session = access.session_for(organiser(), session_id)
    search = SearchForm(request.args)
    q = search.q.data if search.validate() else None
    listing = attendees_service.session_attendees(session, q)
    return render_template("organiser/attendees.html", session=session, event=session.event, search=search,
                           listing=listing, q=q, questions=list(session.event.questions),
                           answer=questions_service.display_answer)


@bp.get(f"/sessions/<{ID}:session_id>/attendees.csv")
def export_attendees(session_id: int):
    with writing():  # the export is logged
        session = access.session_for(organiser(), session_id)
        filename, body = attendees_service.export_csv(session, organiser())
        db.session.commit()
    return Response(body, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@bp.post(f"/registrations/<{ID}:registration_id>/promote")
def promote(registration_id: int):
    registration = access.registration_for(organiser(), registration_id)
    try:
        bookings.promote(registration.id, add_seats=request.form.get("add_seats") == "1")
    except SessionFull:
        db.session.rollback()
        flash(_("Not enough free seats for %(name)s's party: raise the capacity first.", name=registration.name),
              "warning")
    except BookingRuleError as error:
        db.session.rollback()
        flash(str(error.message), "warning")
    else:
        db.session.commit()
        flash(_("%(name)s has a seat now and will be told by email.", name=registration.name), "success")
    return redirect(url_for(".attendees", session_id=registration.session_id))


@bp.route(f"/registrations/<{ID}:registration_id>/cancel", methods=["GET", "POST"])
def cancel_registration(registration_id: int):
    registration = access.registration_for(organiser(), registration_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            bookings.cancel(registration.id, by=CancelledBy.ORGANISER)
        except BookingRuleError as error:
            db.session.rollback()
            flash(str(error.message), "warning")
        else:
            db.session.commit()
            flash(_("The booking of %(name)s is cancelled; they will be told by email.", name=registration.name),
                  "success")
        return redirect(url_for(".attendees", session_id=registration.session_id))
    return render_template("organiser/registration_cancel.html", registration=registration, form=form,
                           session=registration.session, event=registration.session.event)


@bp.route(f"/registrations/<{ID}:registration_id>/seats", methods=["GET", "POST"])
def change_seats(registration_id: int):
    """A partner's group grows or shrinks: the booking service decides whether the seats fit."""
    registration = access.registration_for(organiser(), registration_id)
    form = ChangeSeatsForm(data={"seats": registration.seats} if request.method == "GET" else None)
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            bookings.change_seats(registration.id, form.seats.data, by=CancelledBy.ORGANISER)
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(form, error)
        except SessionFull:
            db.session.rollback()
            _say_seats_left(form, registration.session)
            status = 409
        except BookingRuleError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            status = 409
        else:
            db.session.commit()
            flash(ngettext("The booking of %(name)s now holds %(num)d seat; they will be told by email.",
                           "The booking of %(name)s now holds %(num)d seats; they will be told by email.",
                           registration.seats, name=registration.name), "success")
            return redirect(url_for(".attendees", session_id=registration.session_id))
    return render_template("organiser/registration_seats.html", registration=registration, form=form,
                           session=registration.session, event=registration.session.event), status


@bp.route(f"/sessions/<{ID}:session_id>/group-booking", methods=["GET", "POST"])
def group_booking(session_id: int):
    session = access.session_for(organiser(), session_id)
    form = GroupBookingForm()
    if form.validate_on_submit():
        request_ = BookingRequest(name=form.name.data, email=form.email.data, seats=form.seats.data,
                                  locale=form.locale.data, accessibility_needs=form.accessibility_needs.data or "",
                                  consent=False)  # the partner did not tick the box themselves
        group = GroupBooking(structure=form.structure.data, phone=form.phone.data or "", booked_by_id=organiser().id)
        try:
            bookings.book_for_group(session.id, request_, group)
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(form, error)
        except SessionFull:
            db.session.rollback()
            _say_seats_left(form, session)
        except AlreadyRegistered:
            db.session.rollback()
            form.email.errors = [*form.email.errors, _("This email address already has a booking for this session.")]
        except BookingRuleError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(ngettext("%(num)d seat is booked for %(structure)s. The confirmation is on its way to %(email)s.",
                           "%(num)d seats are booked for %(structure)s. The confirmation is on its way to %(email)s.",
                           form.seats.data, structure=form.structure.data, email=form.email.data), "success")
            return redirect(url_for(".attendees", session_id=session.id))
        session = access.session_for(organiser(), session_id)  # fresh numbers after the rollback
    return render_template("organiser/group_booking.html", form=form, session=session, event=session.event)


@bp.route(f"/sessions/<{ID}:session_id>/message", methods=["GET", "POST"])
def message(session_id: int):
    session = access.session_for(organiser(), session_id)
    form = MessageForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            sent = attendees_service.message_attendees(session, form.subject.data, form.body.data)
        if saved.ok:
            flash(ngettext("Your message will be sent to %(num)d person.",
                           "Your message will be sent to %(num)d people.", sent), "success")
            return redirect(url_for(".attendees", session_id=session.id))
    return render_template("organiser/message.html", form=form, session=session, event=session.event,
                           people=attendees_service.people_to_notify([session.id]))


def _say_seats_left(form, session) -> None:
    """Refused as full: say on the seats field how many are left (read afresh after the rollback)."""
    form.seats.errors = [*form.seats.errors, ngettext(
        "Only %(num)d seat is left.", "Only %(num)d seats are left.", session.seats_left)]
