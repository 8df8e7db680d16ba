"""The organisers' workspace blueprint: events, sessions, questions, attendees and check-in.

Every page is for organisers only (checked once, for the whole blueprint) and
every object is looked up through ``booking.services.access``, so another
team's URL answers 404 exactly like one that does not exist.
"""

from flask import Blueprint, request
from flask_login import current_user

from booking.auth import organiser_required
from booking.services import access

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

# Ids beyond a 32-bit integer cannot exist (PostgreSQL's integer): the URL answers 404 before any query.
ID = "int(max=2147483647)"

# What a team's door volunteers may open (each view still checks the session is theirs, of the day).
DOOR_ENDPOINTS = frozenset({"organiser.door", "organiser.check_in", "organiser.check_in_counts",
                            "organiser.check_in_person", "organiser.mark_arrival", "organiser.walk_in"})


@organiser_required
def _organisers_only():
    return None


@bp.before_request
def only_organisers():
    """Anonymous visitors are sent to sign in; signed-in people without the role get a 403 (door volunteers
    a 404: to them the organisers' pages do not exist), except on the door's own pages."""
    if request.endpoint in DOOR_ENDPOINTS and current_user.is_authenticated and access.door_team_ids(current_user):
        return None
    return _organisers_only()

