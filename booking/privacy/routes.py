"""A booking's own data, reached with its secret link: that booking only.

Whatever spans the booking's address (all its bookings, erasing them, the
personal calendar) is in ``privacy.mine``, behind a link emailed to the address:
a booking link is no proof of owning the address it was made with.
"""


from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from booking import links, settings
from booking.extensions import db, limiter
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT, recipient_limit_key
from booking.models import LinkPurpose
from booking.privacy.blueprint import bp
from booking.privacy.forms import ConfirmForm
from booking.privacy.personal_data import erase_registration, export_registration
from booking.services import email_proof, registrations
from booking.services.pseudonyms import is_anonymous_email


@bp.get("/r/<token>/my-data.json")
def download(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    response = jsonify(export_registration(registration))
    response.headers["Content-Disposition"] = 'attachment; filename="guichet-my-booking.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/r/<token>/erase", methods=["GET", "POST"])
def erase(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        erase_registration(registration)
        db.session.commit()
        flash(_("The personal data of this booking has been erased."), "success")
        return redirect(url_for("public.index"))
    return render_template("privacy/erase.html", registration=registration, form=form)


def _booking_recipient() -> str:
    registration = registrations.by_manage_token(request.view_args.get("token", ""))
    return recipient_limit_key(registration.email or "" if registration else "")


@bp.post("/r/<token>/email-link")
@limiter.limit(EMAIL_RATE_LIMIT)
@limiter.limit(RECIPIENT_RATE_LIMIT, key_func=_booking_recipient)
def send_booking_link(token: str):
    """Send a link to the booking's own address: what its holder may then see is up to that mailbox's reader."""
    registration = registrations.by_manage_token(token) or abort(404)
    if not registration.email:
        abort(404)  # booked without an address: there is no mailbox to prove
    if ConfirmForm().validate_on_submit() and not is_anonymous_email(registration.email):
        email_proof.send_link(registration.email, LinkPurpose.MY_DATA, registration.locale, link=links.my_data_link,
                              lifetime=settings.email_link_lifetime())
        db.session.commit()
    return render_template("privacy/check_email.html", email=registration.email, known=True)

