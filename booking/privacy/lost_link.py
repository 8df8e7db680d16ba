"""The lost-link page: give your email, receive the links of your bookings there (the same answer for anyone)."""

from flask import current_app, render_template
from flask_babel import get_locale

from booking.extensions import db, limiter
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT, submitted_recipient
from booking.privacy.blueprint import bp
from booking.privacy.forms import EmailLinkForm
from booking.services import lost_links


@bp.route("/lost-link", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
@limiter.limit(RECIPIENT_RATE_LIMIT, methods=["POST"], key_func=submitted_recipient)
def lost_link():
    form = EmailLinkForm()
    if form.validate_on_submit():
        lost_links.send_booking_links(form.email.data, str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))
        db.session.commit()
        # The same answer whether or not this address has bookings: the page reveals nothing.
        return render_template("privacy/lost_link_sent.html", email=form.email.data)
    return render_template("privacy/lost_link.html", form=form)
