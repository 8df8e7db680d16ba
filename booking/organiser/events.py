"""Events: the organiser's list, creating, editing, duplicating, previewing, publishing, cancelling, deleting."""

from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from booking import settings
from booking.extensions import db
from booking.forms import saving
from booking.labels import kind_choices
from booking.models import Event, EventStatus, Team, utcnow
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser
from booking.organiser.forms import (
    ConfirmForm,
    DuplicateEventForm,
    EventForm,
    EventsFilterForm,
    NewEventForm,
    utc_to_local,
)
from booking.routing import page_number
from booking.services import access, attendees, bookings, images, programme
from booking.services import events as events_service

PER_PAGE = 25
LAST_TEAM = "organiser_last_team_id"  # in the signed session cookie: the team of the last event created


@bp.get("/")
def index():
    filters = EventsFilterForm(request.args, organiser=organiser())
    ok = filters.validate()
    q, team_id = (filters.q.data, filters.team.data or None) if ok else (None, None)
    query = events_service.organiser_events(organiser(), q, team_id).options(
        selectinload(Event.sessions), selectinload(Event.venue), selectinload(Event.team))
    page = db.paginate(query, page=page_number(lenient=True), per_page=PER_PAGE, error_out=False)
    return render_template("organiser/index.html", events=page, filters=filters, filtered=bool(q or team_id),
                           fill_rate=events_service.fill_rate, page_args={"q": q or None, "team": team_id})


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    form = NewEventForm(organiser=organiser())
    form.venue_id.choices, status = _venue_choices(), 200
    form.kind.choices = kind_choices()
    if not form.is_submitted():
        form.team_id.data = events_service.suggested_team_id(organiser(), session.get(LAST_TEAM))
    if form.validate_on_submit():
        with saving(form, _("The event is saved as a draft. Add its sessions, then publish it.")) as saved:
            event = events_service.create_event(
                team=db.session.get(Team, form.team_id.data), kind=form.kind.data, venue_id=form.venue_id.data,
                audience_notes=form.audience_notes.data or "", easy_read_summary=form.easy_read_summary.data or "",
                **form.texts())
            _save_picture(event, form)
        if saved.ok:
            session[LAST_TEAM] = event.team_id  # the next new event starts on this team
            return redirect(url_for(".event", event_id=event.id))
        status = saved.status
    return render_template("organiser/event_form.html", form=form, event=None,
                           has_teams=bool(form.team_id.choices)), status


@bp.get(f"/events/<{ID}:event_id>")
def event(event_id: int):
    event = access.event_for(organiser(), event_id)
    waitlists = bookings.waitlist_counts([s.id for s in event.sessions])
    return render_template("organiser/event.html", event=event, waitlists=waitlists,
                           arrived=attendees.arrived_seats([s.id for s in event.sessions]),
                           ever_booked=bookings.sessions_ever_booked([s.id for s in event.sessions]))


@bp.route(f"/events/<{ID}:event_id>/duplicate", methods=["GET", "POST"])
def duplicate_event(event_id: int):
    """A new draft like this event (a new edition): same text, questions, venue, and its dates moved."""
    event = access.event_for(organiser(), event_id)
    form = DuplicateEventForm()
    form.zone = ZoneInfo(event.venue.timezone)
    copied = [s for s in event.sessions if not s.is_cancelled]
    if not form.is_submitted():
        form.title.data = event.title
        form.first_starts_at.data = utc_to_local(events_service.suggested_first_start(event), form.zone)
    if form.validate_on_submit():
        if copied and form.first_starts_at.data is None:
            form.first_starts_at.errors.append(_("Please give the date of the first session."))
        else:
            with saving(form, _("The copy is saved as a draft. Check its dates, then publish it.")) as saved:
                copy = events_service.duplicate_event(event, title=form.title.data,
                                                      first_starts_at=form.first_start_in_utc())
            if saved.ok:
                return redirect(url_for(".event", event_id=copy.id))
    return render_template("organiser/event_duplicate.html", event=event, form=form, sessions=copied)


@bp.route(f"/events/<{ID}:event_id>/delete", methods=["GET", "POST"])
def delete_event(event_id: int):
    """Delete a draft nobody booked (made by mistake); anything else is cancelled instead."""
    event = access.event_for(organiser(), event_id)
    refusal = _why_not_deleted(event)
    form = ConfirmForm()
    if refusal is None and form.validate_on_submit():
        team_id, title = event.team_id, event.title
        with saving(form) as saved:
            bookings.delete_event(event)
        if saved.ok:
            flash(_("The event “%(title)s” is deleted.", title=title), "success")
            return redirect(url_for(".index", team=team_id))
        refusal = " ".join(form.form_errors)
    if refusal is not None and request.method == "POST":
        flash(refusal, "warning")
        return redirect(url_for(".event", event_id=event_id))
    return render_template("organiser/event_delete.html", event=event, form=form, refusal=refusal)


def _why_not_deleted(event: Event) -> str | None:
    if event.status != EventStatus.DRAFT:
        return _("Only a draft event can be deleted. Cancel it instead.")
    if bookings.sessions_ever_booked([s.id for s in event.sessions]):
        return _("People have booked here, so it cannot be deleted: cancel it instead, and they will be told.")
    return None


@bp.route(f"/events/<{ID}:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    event = access.event_for(organiser(), event_id)
    form = EventForm(obj=event)
    form.venue_id.choices, status = _venue_choices(), 200
    form.kind.choices = kind_choices(current=event.kind)
    if form.validate_on_submit():
        with saving(form, _("The event is saved.")) as saved:
            events_service.update_event(
                event, kind=form.kind.data, venue_id=form.venue_id.data,
                audience_notes=form.audience_notes.data or "", easy_read_summary=form.easy_read_summary.data or "",
                **form.texts())
            _save_picture(event, form)
        if saved.ok:
            return redirect(url_for(".event", event_id=event.id))
        status = saved.status
    return render_template("organiser/event_form.html", form=form, event=event, has_teams=True), status


@bp.get(f"/events/<{ID}:event_id>/preview")
def preview_event(event_id: int):
    """The public page as it looks (or will look once published), drafts included."""
    event = access.event_for(organiser(), event_id)
    upcoming = [s for s in event.sessions if s.is_upcoming(utcnow())]
    waitlists = bookings.waitlist_counts([s.id for s in upcoming])
    return render_template("organiser/preview.html", event=event, sessions=upcoming, waitlists=waitlists)


@bp.post(f"/events/<{ID}:event_id>/publish")
def publish_event(event_id: int):
    event = access.event_for(organiser(), event_id)
    with saving() as saved:
        events_service.set_event_status(event, EventStatus.PUBLISHED)
    if saved.ok:
        # Published without a date to come, the event is on no programme: say so rather than "book it".
        if events_service.has_sessions_to_come(event):
            flash(_("The event is published: anyone can now see and book it."), "success")
        else:
            flash(_("The event is published, but it has no date to come: nobody can see or book it yet. "
                    "Add a date."), "warning")
    return redirect(url_for(".event", event_id=event_id))


@bp.post(f"/events/<{ID}:event_id>/unpublish")
def unpublish_event(event_id: int):
    return _set_status(event_id, EventStatus.DRAFT,
                       _("The event is back to draft: it is hidden from the public. Bookings already made are kept."))


@bp.route(f"/events/<{ID}:event_id>/cancel", methods=["GET", "POST"])
def cancel_event(event_id: int):
    event = access.event_for(organiser(), event_id)
    form = ConfirmForm()
    if event.status == EventStatus.CANCELLED:
        flash(_("This event is already cancelled."), "info")
        return redirect(url_for(".event", event_id=event.id))
    if form.validate_on_submit():
        return _set_status(event_id, EventStatus.CANCELLED,
                           _("The event is cancelled. Everyone booked or waiting will be told by email."))
    people = attendees.people_to_notify([s.id for s in event.sessions])
    return render_template("organiser/event_cancel.html", event=event, form=form, people=people)


def _set_status(event_id: int, status: str, done: str):
    event = access.event_for(organiser(), event_id)
    with saving(success=done):
        events_service.set_event_status(event, status)
    return redirect(url_for(".event", event_id=event_id))


def _save_picture(event: Event, form: EventForm) -> None:
    upload, filename = form.image_upload()
    images.set_event_image(event, store=settings.image_store(), upload=upload, filename=filename,
                           alt=form.image_alt.data or "", remove=bool(form.remove_image.data))


def _venue_choices() -> list[tuple[int, str]]:
    return [(venue.id, f"{venue.name} ({venue.city})") for venue in programme.venues()]
