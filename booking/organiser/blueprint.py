"""The organisers' workspace blueprint: events, sessions, questions, attendees and check-in.

Every page is for organisers only (checked once, for the whole blueprint) and
every object is looked up through ``booking.services.access``, so another
team's URL answers 404 exactly like one that does not exist.
"""

from flask import Blueprint

from booking.auth import organiser_required

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

# Ids beyond a 32-bit integer cannot exist (PostgreSQL's integer): the URL answers 404 before any query.
ID = "int(max=2147483647)"


@bp.before_request
@organiser_required
def only_organisers():
    """Anonymous visitors are sent to sign in; signed-in people without the role get a 403."""
    return None

