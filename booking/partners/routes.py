"""The partner's page: book within the allocation for named people, change, cancel, print the list."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking import settings
from booking.extensions import limiter
from booking.forms import Say, saving
from booking.partners.blueprint import bp
from booking.partners.forms import PartnerBookingForm, PartnerCancelForm, PartnerChangeForm
from booking.services import bookings
from booking.services.errors import AlreadyRegistered, NotFound

# As the public booking form: whoever has the link may book, and emails go to the addresses given.
PARTNER_RATE_LIMIT = "30 per minute; 300 per hour"


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(PARTNER_RATE_LIMIT, methods=["POST"])
def invite(token: str):
    allocation = bookings.allocation_by_token(token)
    form = PartnerBookingForm()
    status = 200
    if form.validate_on_submit():
        request_ = bookings.BookingRequest(name=form.name.data, email=form.email.data or "",
                                           phone=form.phone.data or "", seats=form.seats.data,
                                           wheelchair_spaces=form.wheelchair_spaces.data or 0,
                                           locale=allocation.locale, consent=False)
        with saving(form, say={AlreadyRegistered: Say(field="email")}) as saved:
            bookings.book_for_partner(token, request_, key=settings.pseudonym_key())
        if saved.ok:
            flash(ngettext("%(name)s is booked: %(num)d seat.", "%(name)s is booked: %(num)d seats.",
                           form.seats.data, name=form.name.data), "success")
            return redirect(url_for(".invite", token=token), 303)
        status = saved.status
        allocation = bookings.allocation_by_token(token)  # fresh numbers after the rollback
    elif form.is_submitted():
        status = 422
    return _page(allocation, form), status


@bp.route("/<token>/bookings/<int(max=2147483647):registration_id>", methods=["GET", "POST"])
def change_booking(token: str, registration_id: int):
    allocation = bookings.allocation_by_token(token)
    registration = _booking_of(allocation, registration_id)
    form = PartnerChangeForm(data={"name": registration.name, "seats": registration.seats})
    status = 200
    if registration.is_active and form.validate_on_submit():
        with saving(form, success=_("The booking is changed.")) as saved:
            bookings.change_partner_booking(token, registration.id, name=form.name.data, seats=form.seats.data)
        if saved.ok:
            return redirect(url_for(".invite", token=token), 303)
        status = saved.status
        allocation = bookings.allocation_by_token(token)
    elif form.is_submitted():
        status = 422
    return render_template("partners/change.html", allocation=allocation, registration=registration, form=form,
                           cancel_form=PartnerCancelForm(), session=allocation.session,
                           event=allocation.session.event), status


@bp.post("/<token>/bookings/<int(max=2147483647):registration_id>/cancel")
def cancel_booking(token: str, registration_id: int):
    allocation = bookings.allocation_by_token(token)
    registration = _booking_of(allocation, registration_id)
    if PartnerCancelForm().validate_on_submit():
        with saving(success=_("The booking of %(name)s is cancelled.", name=registration.name)):
            bookings.cancel_partner_booking(token, registration.id)
    return redirect(url_for(".invite", token=token), 303)


def _booking_of(allocation, registration_id: int):
    registration = next((r for r in bookings.allocation_bookings(allocation.id) if r.id == registration_id), None)
    if registration is None:
        raise NotFound()
    return registration


def _page(allocation, form):
    session = allocation.session
    return render_template("partners/invite.html", allocation=allocation, form=form, session=session,
                           event=session.event, people=bookings.allocation_bookings(allocation.id),
                           others=[a for a in bookings.partner_allocations(session.event.team_id, allocation.partner,
                                                                           allocation.contact_email)
                                   if a.id != allocation.id],
                           may_book=allocation.is_held and not session.is_cancelled)
