"""Check-in at the door: a phone-sized list to tick people in, and the page a QR code opens.

Plain POST forms do the work (no script needed); a small script, when it
runs, only refreshes the counts as other doors tick people in.
"""

import segno
from flask import flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from booking import settings
from booking.forms import Say, saving
from booking.links import absolute_url
from booking.models import Registration
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import back, organiser
from booking.organiser.forms import SearchForm, WalkInForm
from booking.security import PERMISSIONS_POLICY_WITH_CAMERA
from booking.services import access, bookings
from booking.services import attendees as attendees_service
from booking.services import questions as questions_service
from booking.services.errors import SessionFull


@bp.get("/door")
def door():
    """A door volunteer's start: the check-in of their teams' sessions of the day."""
    return render_template("organiser/door.html", sessions=access.door_sessions(organiser()))


@bp.get(f"/sessions/<{ID}:session_id>/check-in")
def check_in(session_id: int):
    session = access.check_in_session_for(organiser(), session_id)
    search = SearchForm(request.args)
    q = search.q.data if search.validate() else None
    return _check_in_page(session, search, q, WalkInForm(formdata=None))


@bp.post(f"/sessions/<{ID}:session_id>/walk-ins")
def walk_in(session_id: int):
    """People at the door without a booking: in at once, if the seats are free."""
    session = access.check_in_session_for(organiser(), session_id)
    form = WalkInForm()
    if form.validate_on_submit():
        full = Say(lambda: ngettext("Only %(num)d seat is free.", "Only %(num)d seats are free.", session.seats_left),
                   field="seats")
        with saving(form, say={SessionFull: full}) as saved:
            bookings.walk_in(session.id, form.seats.data, name=form.name.data or "", key=settings.pseudonym_key(),
                             booked_by_id=organiser().id)
        if saved.ok:
            flash(ngettext("%(num)d person without a booking is in.", "%(num)d people without a booking are in.",
                           form.seats.data), "success")
            return redirect(url_for(".check_in", session_id=session.id))
        session = access.check_in_session_for(organiser(), session_id)  # fresh numbers after the rollback
    search = SearchForm(formdata=None)
    return _check_in_page(session, search, None, form), 422


def _check_in_page(session, search, q, walk_in_form):
    response = make_response(render_template(
        "organiser/checkin.html", session=session, event=session.event, search=search, q=q, walk_in_form=walk_in_form,
        people=attendees_service.check_in_list(session, q), counts=attendees_service.check_in_counts(session),
        **_details(session)))
    response.headers["Permissions-Policy"] = PERMISSIONS_POLICY_WITH_CAMERA  # the QR scanner
    return response


@bp.get(f"/sessions/<{ID}:session_id>/check-in/counts")
def check_in_counts(session_id: int):
    session = access.check_in_session_for(organiser(), session_id)
    counts = attendees_service.check_in_counts(session)
    response = jsonify(counts.__dict__)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(f"/registrations/<{ID}:registration_id>/check-in")
def check_in_person(registration_id: int):
    """What the QR code on someone's booking page opens: that person, and one button."""
    registration = access.check_in_registration_for(organiser(), registration_id)
    session = registration.session
    return render_template("organiser/checkin_person.html", registration=registration, session=session,
                           event=session.event, counts=attendees_service.check_in_counts(session),
                           **_details(session))


@bp.post(f"/registrations/<{ID}:registration_id>/check-in")
def mark_arrival(registration_id: int):
    registration = access.check_in_registration_for(organiser(), registration_id)
    undo = request.form.get("undo") == "1"
    seats = _seats(request.form.get("seats"))
    with saving() as saved:
        registration = bookings.check_in(registration.id, seats=seats, undo=undo)
    if saved.ok and undo:
        flash(_("%(name)s is no longer marked as arrived.", name=registration.name), "info")
    elif saved.ok and registration.seats_checked_in < registration.seats:
        flash(ngettext("%(name)s: %(arrived)d of %(num)d seat arrived.", "%(name)s: %(arrived)d of %(num)d seats arrived.",
                       registration.seats, name=registration.name, arrived=registration.seats_checked_in), "success")
    elif saved.ok:
        flash(_("%(name)s is checked in.", name=registration.name), "success")
    return back(url_for(".check_in_person", registration_id=registration.id))


def _details(session) -> dict:
    """What the check-in templates need to show each person's answers, and whether the door is kept by a volunteer.

    Volunteers see names and needs only: no answers, and no links to the organisers' pages.
    """
    organises = access.can_organise(organiser(), session.event.team_id)
    return {"questions": list(session.event.questions) if organises else [], "answer": questions_service.display_answer,
            "at_door": not organises}


def _seats(value: str | None) -> int | None:
    """The seats asked for, or None for the whole party; nonsense becomes 0, which the rule refuses."""
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) < 6 else 0


@bp.app_template_global("check_in_qr")
def check_in_qr(registration: Registration) -> Markup:
    """An inline SVG QR code of the organisers' check-in page for this registration."""
    link = absolute_url("organiser.check_in_person", registration_id=registration.id)
    code = segno.make_qr(link, error="m")  # never a Micro QR: phones miss those
    title = _("QR code to check in at the door")
    svg = code.svg_inline(scale=6, omitsize=True, svgclass="check-in-qr", lineclass=None, title=title)
    return Markup(svg)  # noqa: S704 (segno's own markup; the title is escaped by segno)


@bp.app_template_global("keeps_a_door")
def keeps_a_door() -> bool:
    """Whether the signed-in person is a volunteer at some team's door (the menu shows the door's page)."""
    return bool(access.door_team_ids(organiser()))
