"""Attendees of a session: the lists, promotion, cancelling for someone, export, messages, groups."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking import settings
from booking.extensions import db
from booking.forms import Say, saving
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser, writing
from booking.organiser.forms import ConfirmForm, GroupBookingForm, MessageForm, SearchForm
from booking.public.forms import ChangeSeatsForm
from booking.services import access, bookings, messages
from booking.services import attendees as attendees_service
from booking.services import questions as questions_service
from booking.services.bookings import BookingRequest, CancelledBy, GroupBooking
from booking.services.errors import AlreadyRegistered, SessionFull


@bp.get(f"/sessions/<{ID}:session_id>/attendees")
def attendees(session_id: int):
    session = access.session_for(organiser(), session_id)
    search = SearchForm(request.args)
    q = search.q.data if search.validate() else None
    listing = attendees_service.session_attendees(session, q)
    return render_template("organiser/attendees.html", session=session, event=session.event, search=search,
                           listing=listing, q=q, questions=list(session.event.questions),
                           answer=questions_service.display_answer, allocations=bookings.session_allocations(session.id),
                           needs=attendees_service.session_needs(session), need_label=attendees_service.need_label)


@bp.post(f"/sessions/<{ID}:session_id>/no-shows")
def mark_no_shows(session_id: int):
    """After the start: every booked party nobody checked in is marked as a no-show (never a ban)."""
    session = access.session_for(organiser(), session_id)
    with saving() as saved:
        marked = bookings.mark_no_shows(session.id)
    if saved.ok:
        flash(ngettext("%(num)d booking marked as a no-show.", "%(num)d bookings marked as no-shows.", marked),
              "success")
    return redirect(url_for(".attendees", session_id=session.id))


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
    full = Say(_("Not enough free seats for %(name)s's party: raise the capacity first.", name=registration.name))
    with saving(say={SessionFull: full}) as saved:
        bookings.promote(registration.id, add_seats=request.form.get("add_seats") == "1")
    if saved.ok:
        flash(_("%(name)s has a seat now and will be told by email.", name=registration.name), "success")
    return redirect(url_for(".attendees", session_id=registration.session_id))


@bp.route(f"/registrations/<{ID}:registration_id>/cancel", methods=["GET", "POST"])
def cancel_registration(registration_id: int):
    registration = access.registration_for(organiser(), registration_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving(success=_("The booking of %(name)s is cancelled; they will be told by email.",
                              name=registration.name)):
            bookings.cancel(registration.id, by=CancelledBy.ORGANISER)
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
        with saving(form, say={SessionFull: _seats_left_on(registration.session)}) as saved:
            bookings.change_seats(registration.id, form.seats.data, by=CancelledBy.ORGANISER)
        if saved.ok:
            flash(ngettext("The booking of %(name)s now holds %(num)d seat; they will be told by email.",
                           "The booking of %(name)s now holds %(num)d seats; they will be told by email.",
                           registration.seats, name=registration.name), "success")
            return redirect(url_for(".attendees", session_id=registration.session_id))
        status = saved.status
    return render_template("organiser/registration_seats.html", registration=registration, form=form,
                           session=registration.session, event=registration.session.event), status


@bp.route(f"/sessions/<{ID}:session_id>/group-booking", methods=["GET", "POST"])
def group_booking(session_id: int):
    session = access.session_for(organiser(), session_id)
    form = GroupBookingForm()
    if form.validate_on_submit():
        request_ = BookingRequest(name=form.name.data, email=form.email.data, seats=form.seats.data,
                                  wheelchair_spaces=form.wheelchair_spaces.data or 0, locale=form.locale.data,
                                  accessibility_needs=form.accessibility_needs.data or "",
                                  consent=False)  # the partner did not tick the box themselves
        group = GroupBooking(structure=form.structure.data, phone=form.phone.data or "", booked_by_id=organiser().id)
        with saving(form, say={SessionFull: _seats_left_on(session), AlreadyRegistered: Say(field="email")}) as saved:
            bookings.book_for_group(session.id, request_, group, key=settings.pseudonym_key())
        if saved.ok:
            flash(ngettext("%(num)d seat is booked for %(structure)s. The confirmation is on its way to %(email)s.",
                           "%(num)d seats are booked for %(structure)s. The confirmation is on its way to %(email)s.",
                           form.seats.data, structure=form.structure.data, email=form.email.data), "success")
            return redirect(url_for(".attendees", session_id=session.id))
        session = access.session_for(organiser(), session_id)  # fresh numbers after the rollback
    return render_template("organiser/group_booking.html", form=form, session=session, event=session.event)


@bp.route(f"/sessions/<{ID}:session_id>/message", methods=["GET", "POST"])
def message(session_id: int):
    """Write, then preview (as each group will read it), then send; earlier messages are listed below."""
    session = access.session_for(organiser(), session_id)
    form = MessageForm()
    step, status = "write", 200
    if form.is_submitted() and not form.edit.data:
        if form.validate():
            if form.send.data:
                with saving(form) as saved:
                    sent = messages.send_message(session, form.subject.data, form.body.data, form.audiences.data,
                                                 sent_by=organiser())
                if saved.ok:
                    flash(ngettext("Your message will be sent to %(num)d person.",
                                   "Your message will be sent to %(num)d people.", sent.recipient_count), "success")
                    return redirect(url_for(".message", session_id=session.id))
                status = saved.status
            else:
                step = "preview"
    counts = messages.audience_counts(session)
    return render_template("organiser/message.html", form=form, session=session, event=session.event, step=step,
                           counts=counts, reaching=sum(counts[a] for a in form.audiences.data or () if a in counts),
                           history=messages.history(session)), status


def _seats_left_on(session) -> Say:
    """Refused as full: say on the seats field how many are left (read afresh after the rollback)."""
    return Say(lambda: ngettext("Only %(num)d seat is left.", "Only %(num)d seats are left.", session.seats_left),
               field="seats")
