"""The calendar blueprint: files and feeds for anyone holding their link. No URL prefix, so that a
booking's file can live beside its page (``/r/<token>.ics``); every other address starts with ``/calendar``.
"""

from flask import Blueprint

bp = Blueprint("calendar", __name__)
