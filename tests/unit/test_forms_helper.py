"""booking.forms: ``saving`` commits or rolls back at the edge; ``show_errors`` puts a refusal on the form."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from booking.extensions import db
from booking.forms import saving, show_errors
from booking.models import Team
from booking.services.accounts import AccountError
from booking.services.errors import NotFound, ValidationFailed


class PersonForm(FlaskForm):
    name = StringField()
    email = StringField()


@pytest.fixture
def form(app):
    with app.test_request_context("/", method="POST"):
        yield PersonForm(meta={"csrf": False})


def team_named(name: str) -> Team | None:
    return db.session.scalar(sa.select(Team).where(Team.name == name))


def add_team(name: str) -> None:
    db.session.add(Team(name=name, slug=name.lower()))
    db.session.flush()  # as a service does: the view's edge commits or rolls back


def test_success_commits_flashes_and_is_ok(form):
    with saving(form, "Saved.") as saved:
        add_team("Kept")
    assert saved.ok
    db.session.rollback()  # nothing left pending: the work is committed
    assert team_named("Kept") is not None
    assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]
    assert form.errors == {} and form.form_errors == []


def test_success_without_a_message_flashes_nothing(form):
    with saving(form) as saved:
        add_team("Quiet")
    assert saved.ok
    assert get_flashed_messages() == []


def test_validation_failed_rolls_back_and_shows_field_errors(form):
    with saving(form, "Saved.") as saved:
        add_team("Dropped")
        raise ValidationFailed({"name": "Too short.", "nickname": "Not a field of this form."})
    assert not saved.ok
    assert team_named("Dropped") is None
    assert form.name.errors == ["Too short."]
    assert form.form_errors == ["Not a field of this form."]
    assert get_flashed_messages() == []


def test_account_error_goes_on_the_field_its_details_name(form):
    with saving(form) as saved:
        add_team("Dropped")
        raise AccountError("This address is taken.", field="email")
    assert not saved.ok
    assert team_named("Dropped") is None
    assert form.email.errors == ["This address is taken."]
    assert form.form_errors == []


@pytest.mark.parametrize("details", [{}, {"field": "nickname"}, {"field": None}])
def test_account_error_without_a_known_field_goes_to_the_top(form, details):
    with saving(form) as saved:
        raise AccountError("Refused.", **details)
    assert not saved.ok
    assert form.form_errors == ["Refused."]
    assert not form.name.errors and not form.email.errors


def test_other_errors_propagate_untouched(form):
    error = NotFound()
    with pytest.raises(NotFound) as raised:
        with saving(form, "Saved.") as saved:
            raise error
    assert raised.value is error
    assert not saved.ok
    assert get_flashed_messages() == []
    assert form.form_errors == []


def test_show_errors_keeps_errors_already_on_the_field(form):
    form.name.errors = ["Required."]
    show_errors(form, ValidationFailed({"name": "Too short."}))
    assert form.name.errors == ["Required.", "Too short."]
