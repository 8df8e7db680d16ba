"""Helpers shared by the organiser views: who is asking, safe returns, writing from a GET."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import redirect, request
from flask_login import current_user

from booking import database
from booking.auth import safe_next
from booking.extensions import db
from booking.models import User


def organiser() -> User:
    """The signed-in organiser (the blueprint lets no one else in)."""
    return current_user._get_current_object()


def back(default: str):
    """Redirect to the form's ``next`` when it is a page of ours, else to ``default``."""
    return redirect(safe_next(request.form.get("next")) or default)


@contextmanager
def writing() -> Iterator[None]:
    """Let a GET request write (the export log): end its read transaction, begin a write one.

    GET requests read without SQLite's write lock; upgrading such a transaction
    to a write can fail at once under load, so the write begins afresh instead.
    """
    db.session.rollback()
    token = database.set_read_only(False)
    try:
        yield
    finally:
        database.reset_intent(token)
