"""The privacy blueprint: a booking's own data (``routes``) and an address's data (``mine``).

No guard for the whole blueprint: a booking's pages need its secret link, an address's pages
need proof of reading it (``proof.proof_required``). A link that is unknown, expired or used
gets the same "ask for a new one" page wherever it is opened.
"""

from flask import Blueprint, render_template

from booking.extensions import db
from booking.services.errors import InvalidLink

bp = Blueprint("privacy", __name__)


@bp.errorhandler(InvalidLink)
def invalid_link(error: InvalidLink):
    db.session.rollback()
    return render_template("privacy/invalid_link.html", message=error.message), 400
