"""Partner allocations: seats of a session held for a partner, their list, changes and release.

The rules (never more than the seats free, never fewer than the partner booked, the waiting list
promoted on release) are the booking service's: these views parse, call it and show what it said.
"""

from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking.forms import saving
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser
from booking.organiser.forms import AllocationChangeForm, AllocationForm, ConfirmForm, utc_to_local
from booking.services import access, bookings


@bp.route(f"/sessions/<{ID}:session_id>/allocations", methods=["GET", "POST"])
def allocations(session_id: int):
    session = access.session_for(organiser(), session_id)
    form = AllocationForm()
    form.zone = ZoneInfo(session.event.venue.timezone)
    status = 200
    if form.validate_on_submit():
        request_ = bookings.AllocationRequest(partner=form.partner.data, contact_email=form.contact_email.data,
                                              seats=form.seats.data, release_at=form.release_at_utc(),
                                              locale=form.locale.data)
        with saving(form) as saved:
            bookings.allocate(session.id, request_, created_by_id=organiser().id)
        if saved.ok:
            flash(ngettext("%(num)d seat is held for %(partner)s. The link to book it is on its way to %(email)s.",
                           "%(num)d seats are held for %(partner)s. The link to book them is on its way to %(email)s.",
                           form.seats.data, partner=form.partner.data, email=form.contact_email.data), "success")
            return redirect(url_for(".allocations", session_id=session.id), 303)
        status = saved.status
        session = access.session_for(organiser(), session_id)  # fresh numbers after the rollback
    elif form.is_submitted():
        status = 422
    return render_template("organiser/allocations.html", form=form, session=session, event=session.event,
                           allocations=bookings.session_allocations(session.id)), status


@bp.route(f"/allocations/<{ID}:allocation_id>/edit", methods=["GET", "POST"])
def edit_allocation(allocation_id: int):
    allocation = access.allocation_for(organiser(), allocation_id)
    session = allocation.session
    zone = ZoneInfo(session.event.venue.timezone)
    form = AllocationChangeForm(data={"partner": allocation.partner, "contact_email": allocation.contact_email,
                                      "seats": allocation.seats, "release_at": utc_to_local(allocation.release_at, zone)})
    form.zone = zone
    status = 200
    if allocation.is_held and form.validate_on_submit():
        with saving(form, success=_("The allocation is saved.")) as saved:
            bookings.change_allocation(allocation.id, seats=form.seats.data, release_at=form.release_at_utc(),
                                       contact_email=form.contact_email.data, partner=form.partner.data)
        if saved.ok:
            return redirect(url_for(".allocations", session_id=session.id), 303)
        status = saved.status
        allocation = access.allocation_for(organiser(), allocation_id)
    elif form.is_submitted():
        status = 422
    return render_template("organiser/allocation_edit.html", form=form, allocation=allocation,
                           session=allocation.session, event=allocation.session.event), status


@bp.route(f"/allocations/<{ID}:allocation_id>/release", methods=["GET", "POST"])
def release_allocation(allocation_id: int):
    allocation = access.allocation_for(organiser(), allocation_id)
    form = ConfirmForm()
    if allocation.is_held and form.validate_on_submit():
        with saving(success=_("The unused seats are back for the public; whoever waited for them is told.")):
            bookings.release_allocation(allocation.id)
        return redirect(url_for(".allocations", session_id=allocation.session_id), 303)
    return render_template("organiser/allocation_release.html", form=form, allocation=allocation,
                           session=allocation.session, event=allocation.session.event)


@bp.get(f"/allocations/<{ID}:allocation_id>/partner")
def partner(allocation_id: int):
    """The partner of this allocation across the team's sessions: what it holds and who it booked."""
    allocation = access.allocation_for(organiser(), allocation_id)
    held = bookings.partner_allocations(allocation.session.event.team_id, allocation.partner)
    return render_template("organiser/partner.html", allocation=allocation, allocations=held,
                           bookings_of={a.id: bookings.allocation_bookings(a.id) for a in held})
