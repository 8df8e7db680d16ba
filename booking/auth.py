"""Who may open a page: decorators for organiser and admin pages, and safe `next` targets.

Both decorators build on Flask-Login's ``login_required``: an anonymous visitor
is sent to the sign-in page with a ``next`` that brings them back; a signed-in
person without the role gets a 403 page (they are who they say, just not allowed).
"""

import unicodedata
from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user, login_required

from booking.services import access


def organiser_required(view):
    """Only organisers (and admins, who organise every team) may open this page."""
    return _role_required(view, lambda user: user.is_organiser)


def admin_required(view):
    """Only admins may open this page."""
    return _role_required(view, lambda user: user.is_admin)


def _role_required(view, allowed):
    @wraps(view)
    def checked(*args, **kwargs):
        if not allowed(current_user):
            # A door volunteer is let into the door's pages only: to them the rest does not exist.
            abort(404 if access.is_door_volunteer(current_user) else 403)
        return view(*args, **kwargs)

    # login_required runs first: anonymous visitors are redirected before the role is asked.
    return login_required(checked)


# Unicode categories a browser may strip or a proxy may rewrite: controls, invisible formatting
# characters, line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: every redirect to a target
    that came with the request (``next`` in a link or a form) goes through here.

    Refuses anything a browser could read as another origin: ``//host``,
    ``/\\host`` (browsers treat the backslash as a slash), absolute URLs,
    ``javascript:`` and control characters (browsers strip tabs and newlines, so
    ``/<TAB>/host`` becomes ``//host``).
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if "\\" in target or any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target
