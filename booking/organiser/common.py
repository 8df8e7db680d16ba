"""Helpers shared by the organiser views: who is asking, form errors, safe returns."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import redirect, request
from flask_login import current_user
from flask_wtf import FlaskForm

from booking import database
from booking.auth import safe_next
from booking.extensions import db
from booking.models import User
from booking.services.errors import ValidationFailed


def organiser() -> User:
    """The signed-in organiser (the blueprint lets no one else in)."""
    return current_user._get_current_object()


def attach_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's field errors on the matching form fields (others at the top)."""
    for name, message in error.fields.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


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
