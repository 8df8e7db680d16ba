"""The easy-to-read mode's switch: on or off for the visit, kept in the browser's session cookie.

The mode changes the programme, an event's page, the booking form (one question per step,
booking/public/easy_read.py), the confirmation and the booking's page; its texts are
"Facile à lire et à comprendre" (FALC) rewrites, in their own catalogue entries (context "easy").
"""

from flask import has_request_context, session

EASY_READ_SESSION_KEY = "easy_read"


def is_on() -> bool:
    """Whether this visit reads the easy-to-read pages (never outside a request: emails have their own flag)."""
    return has_request_context() and bool(session.get(EASY_READ_SESSION_KEY))


def turn(on: bool) -> None:
    if on:
        session[EASY_READ_SESSION_KEY] = True
    else:
        session.pop(EASY_READ_SESSION_KEY, None)


def template(name: str) -> str:
    """The page's easy-to-read version when the mode is on: public/index.html → public/easy/index.html."""
    if is_on():
        folder, _slash, page = name.rpartition("/")
        return f"{folder}/easy/{page}"
    return name
