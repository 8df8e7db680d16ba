"""Calendar files and feeds (.ics)."""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")
