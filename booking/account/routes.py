"""Signing in and out, and a citizen's own bookings."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")
