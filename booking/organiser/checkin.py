"""Check-in at the door: a phone-sized list to tick people in, and the page a QR code opens.

Plain POST forms do the work (no script needed); a small script, when it
runs, only refreshes the counts as other doors tick people in.
"""

import segno
from flask import flash, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from booking.forms import saving
from booking.links import absolute_url
from booking.models import Registration
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import back, organiser
from booking.organiser.forms import SearchForm
from booking.security import PERMISSIONS_POLICY_WITH_CAMERA
from booking.services import access, bookings
from booking.services import attendees as attendees_service
from booking.services import questions as questions_service


@bp.get(f"/sessions/<{ID}:session_id>/check-in")
def check_in(session_id: int):
    session = access.session_for(organiser(), session_id)
    search = SearchForm(request.args)
    q = search.q.data if search.validate() else None
    response = make_response(render_template(
        "organiser/checkin.html", session=session, event=session.event, search=search, q=q,
        people=attendees_service.check_in_list(session, q), counts=attendees_service.check_in_counts(session),
        **_details(session)))
    response.headers["Permissions-Policy"] = PERMISSIONS_POLICY_WITH_CAMERA  # the QR scanner
    return response


@bp.get(f"/sessions/<{ID}:session_id>/check-in/counts")
def check_in_counts(session_id: int):
    session = access.session_for(organiser(), session_id)
    counts = attendees_service.check_in_counts(session)
    response = jsonify(counts.__dict__)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(f"/registrations/<{ID}:registration_id>/check-in")
def check_in_person(registration_id: int):
    """What the QR code on someone's booking page opens: that person, and one button."""
    registration = access.registration_for(organiser(), registration_id)
    session = registration.session
    return render_template("organiser/checkin_person.html", registration=registration, session=session,
                           event=session.event, counts=attendees_service.check_in_counts(session),
                           **_details(session))


@bp.post(f"/registrations/<{ID}:registration_id>/check-in")
def mark_arrival(registration_id: int):
    registration = access.registration_for(organiser(), registration_id)
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
    """What the check-in templates need to show each person's answers."""
    return {"questions": list(session.event.questions), "answer": questions_service.display_answer}


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
