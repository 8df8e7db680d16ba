"""Sessions: adding one or a series, changing dates and seats, cancelling.

Seats, times and cancellation go through ``events.update_session``, which
hands them to the booking service: it promotes, re-invites and tells people.
"""

from dataclasses import replace
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from booking.forms import saving
from booking.models import EventStatus
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser
from booking.organiser.forms import ConfirmForm, NewSessionForm, SessionForm, utc_to_local
from booking.services import access, attendees, bookings
from booking.services import events as events_service


@bp.route(f"/events/<{ID}:event_id>/sessions/new", methods=["GET", "POST"])
def new_session(event_id: int):
    event = access.event_for(organiser(), event_id)
    if event.status == EventStatus.CANCELLED:
        flash(_("This event is cancelled: it can have no new session."), "info")
        return redirect(url_for(".event", event_id=event.id))
    form = NewSessionForm(data={"reconfirm_days_before": event.team.reconfirm_days_before})
    form.zone = ZoneInfo(event.venue.timezone)
    if form.validate_on_submit():
        with saving(form) as saved:
            if form.repeat.data:
                added = events_service.add_session_series(event, form.fields_in_utc(), every=form.repeat.data,
                                                          count=form.count.data)
            else:
                added = [events_service.add_session(event, form.fields_in_utc())]
        if saved.ok:
            flash(ngettext("%(num)d session added.", "%(num)d sessions added.", len(added)), "success")
            return redirect(url_for(".event", event_id=event.id))
    return render_template("organiser/session_form.html", form=form, event=event, session=None)


@bp.route(f"/sessions/<{ID}:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session = access.session_for(organiser(), session_id)
    event = session.event
    if session.is_cancelled:
        flash(_("This session is cancelled: it can no longer be changed."), "info")
        return redirect(url_for(".event", event_id=event.id))
    form = SessionForm(data=_local_values(session))
    form.zone = ZoneInfo(event.venue.timezone)
    if form.validate_on_submit():
        fields = _unchanged_kept(form.fields_in_utc(), session)
        moved = (fields.starts_at, fields.ends_at) != (session.starts_at, session.ends_at)
        waiting_before = bookings.waitlist_counts([session.id]).get(session.id, 0)
        with saving(form) as saved:
            events_service.update_session(
                session, starts_at=fields.starts_at, ends_at=fields.ends_at, capacity=fields.capacity,
                waitlist_enabled=fields.waitlist_enabled, max_seats_per_registration=fields.max_seats_per_registration,
                registration_opens_at=fields.registration_opens_at, registration_closes_at=fields.registration_closes_at,
                reconfirm_days_before=fields.reconfirm_days_before, offer_hours=fields.offer_hours,
                wheelchair_spaces=form.wheelchair_spaces.data)  # left out (None): kept as it is
            # Counted before the commit, which ends the transaction these numbers belong to.
            promoted = waiting_before - bookings.waitlist_counts([session.id]).get(session.id, 0)
        if saved.ok:
            _flash_outcome(moved, promoted)
            return redirect(url_for(".event", event_id=event.id))
    people = attendees.people_to_notify([session.id])
    return render_template("organiser/session_form.html", form=form, event=event, session=session, people=people)


@bp.route(f"/sessions/<{ID}:session_id>/cancel", methods=["GET", "POST"])
def cancel_session(session_id: int):
    session = access.session_for(organiser(), session_id)
    if session.is_cancelled:
        flash(_("This session is already cancelled."), "info")
        return redirect(url_for(".event", event_id=session.event_id))
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving(success=_("The session is cancelled. Everyone booked or waiting will be told by email.")):
            events_service.update_session(session, status="cancelled")
        return redirect(url_for(".event", event_id=session.event_id))
    return render_template("organiser/session_cancel.html", session=session, event=session.event, form=form,
                           people=attendees.people_to_notify([session.id]))


@bp.route(f"/sessions/<{ID}:session_id>/delete", methods=["GET", "POST"])
def delete_session(session_id: int):
    """Delete a date nobody ever booked (made by mistake); a booked one is cancelled instead, so people are told."""
    session = access.session_for(organiser(), session_id)
    event_id = session.event_id
    booked = bool(bookings.sessions_ever_booked([session.id]))
    form = ConfirmForm()
    if not booked and form.validate_on_submit():
        with saving(success=_("The session is deleted.")):
            bookings.delete_session(session.id)
        return redirect(url_for(".event", event_id=event_id))
    if booked and request.method == "POST":
        flash(_("People have booked here, so it cannot be deleted: cancel it instead, and they will be told."),
              "warning")
        return redirect(url_for(".event", event_id=event_id))
    return render_template("organiser/session_delete.html", session=session, event=session.event, form=form,
                           booked=booked)


def _unchanged_kept(fields: events_service.SessionFields, session) -> events_service.SessionFields:
    """The form shows minutes only: a time left as shown keeps its exact stored value.

    Otherwise a session created with seconds (through the API) would count as
    moved, and everyone would be told of a "new" time, on a mere capacity change.
    """
    def kept(new, old):
        return old if old is not None and new == old.replace(second=0, microsecond=0) else new

    return replace(
        fields,
        starts_at=kept(fields.starts_at, session.starts_at),
        ends_at=kept(fields.ends_at, session.ends_at),
        registration_opens_at=kept(fields.registration_opens_at, session.registration_opens_at),
        registration_closes_at=kept(fields.registration_closes_at, session.registration_closes_at),
    )


def _local_values(session) -> dict:
    zone = ZoneInfo(session.event.venue.timezone)
    return {
        "starts_at": utc_to_local(session.starts_at, zone),
        "ends_at": utc_to_local(session.ends_at, zone),
        "capacity": session.capacity,
        "wheelchair_spaces": session.wheelchair_spaces,
        "waitlist_enabled": session.waitlist_enabled,
        "max_seats_per_registration": session.max_seats_per_registration,
        "registration_opens_at": utc_to_local(session.registration_opens_at, zone),
        "registration_closes_at": utc_to_local(session.registration_closes_at, zone),
        "reconfirm_days_before": session.reconfirm_days_before,
        "offer_hours": session.offer_hours,
    }


def _flash_outcome(moved: bool, promoted: int) -> None:
    flash(_("The session is saved."), "success")
    if moved:
        flash(_("Everyone booked or waiting will receive the new date by email."), "info")
    if promoted > 0:
        flash(ngettext("%(num)d party on the waiting list got a seat and will be told.",
                       "%(num)d parties on the waiting list got a seat and will be told.", promoted), "info")
