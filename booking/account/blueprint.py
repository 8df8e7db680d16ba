"""The account blueprint: signing in and out, one's own bookings, links sent by email.

Pages that need a signed-in person say so one by one (``login_required``): signing in cannot.
A link that is unknown, expired or used gets the same "ask for a new one" page wherever it is opened.
"""

from flask import Blueprint, render_template

from booking.extensions import db
from booking.services.errors import InvalidLink

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.errorhandler(InvalidLink)
def invalid_link(error: InvalidLink):
    db.session.rollback()
    return render_template("account/invalid_link.html", message=error.message), 400
