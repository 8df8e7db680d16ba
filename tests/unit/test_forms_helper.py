"""booking.forms: ``saving`` commits or rolls back at the edge and shows a refusal on the form or as a flash."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from booking.extensions import db
from booking.forms import Say, saving, show_errors
from booking.models import Team
from booking.services.errors import (
    AccountError,
    AlreadyRegistered,
    InvalidLink,
    NotFound,
    SessionFull,
    TryAgainLater,
    ValidationFailed,
)


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


def test_account_error_goes_on_the_field_it_names(form):
    with saving(form) as saved:
        add_team("Dropped")
        raise AccountError("This address is taken.", field="email")
    assert not saved.ok
    assert team_named("Dropped") is None
    assert form.email.errors == ["This address is taken."]
    assert form.form_errors == []


@pytest.mark.parametrize("field", [None, "nickname"])
def test_account_error_without_a_known_field_goes_to_the_top(form, field):
    with saving(form) as saved:
        raise AccountError("Refused.", field=field)
    assert not saved.ok
    assert form.form_errors == ["Refused."]
    assert not form.name.errors and not form.email.errors


@pytest.mark.parametrize("error", [NotFound(), TryAgainLater(), InvalidLink()])
def test_errors_answered_by_a_whole_page_propagate_after_the_rollback(form, error):
    with pytest.raises(type(error)) as raised:
        with saving(form, "Saved.") as saved:
            add_team("Dropped")
            raise error
    assert raised.value is error
    assert not saved.ok
    assert team_named("Dropped") is None
    assert get_flashed_messages() == []
    assert form.form_errors == []


def test_other_exceptions_propagate_untouched(form):
    with pytest.raises(KeyError):
        with saving(form, "Saved.") as saved:
            raise KeyError("a bug")
    assert not saved.ok


@pytest.mark.parametrize(("error", "status"), [
    (ValidationFailed({"name": "Too short."}), 422),
    (AccountError("Refused."), 422),
    (SessionFull(), 409),
    (AlreadyRegistered(), 409),
])
def test_the_status_of_a_refusal_is_422_for_input_and_409_for_a_booking_rule(form, error, status):
    with saving(form) as saved:
        raise error
    assert saved.error is error
    assert saved.status == status


def test_a_committed_unit_has_status_200(form):
    with saving(form) as saved:
        pass
    assert saved.ok and saved.error is None and saved.status == 200


def test_a_booking_rule_goes_to_the_top_of_the_form(form):
    with saving(form):
        raise SessionFull()
    assert form.form_errors == [str(SessionFull.default_message)]
    assert not form.name.errors


def test_without_a_form_the_refusal_is_flashed_as_a_warning(app):
    with app.test_request_context("/", method="POST"):
        with saving(success="Saved.") as saved:
            add_team("Dropped")
            raise SessionFull()
        assert not saved.ok and saved.status == 409
        assert team_named("Dropped") is None
        assert get_flashed_messages(with_categories=True) == [("warning", str(SessionFull.default_message))]


def test_without_a_form_each_field_message_is_flashed_in_the_category_asked(app):
    with app.test_request_context("/", method="POST"):
        with saving(category="danger"):
            raise ValidationFailed({"sessions": "Add a session first.", "venue": "Choose a venue."})
        assert get_flashed_messages(with_categories=True) == [
            ("danger", "Add a session first."), ("danger", "Choose a venue.")]


def test_a_view_own_wording_replaces_the_message_and_picks_the_field(form):
    with saving(form, say={SessionFull: Say("Only 2 seats are left.", field="email")}):
        raise SessionFull()
    assert form.email.errors == ["Only 2 seats are left."]
    assert form.form_errors == []


def test_a_view_own_wording_keeps_the_message_when_it_only_names_a_field(form):
    with saving(form, say={AlreadyRegistered: Say(field="email")}):
        raise AlreadyRegistered()
    assert form.email.errors == [str(AlreadyRegistered.default_message)]


def test_a_callable_wording_is_read_after_the_rollback(form):
    seen = []

    def wording():
        seen.append(team_named("Dropped"))
        return "Read afresh."

    with saving(form, say={SessionFull: Say(wording)}):
        add_team("Dropped")
        raise SessionFull()
    assert seen == [None]  # the rollback came first
    assert form.form_errors == ["Read afresh."]


def test_wording_for_a_base_class_covers_its_subclasses_and_no_other(form):
    with saving(form, say={ValidationFailed: Say("Never this.")}):
        raise SessionFull()
    assert form.form_errors == [str(SessionFull.default_message)]


def test_a_custom_commit_replaces_the_session_commit(form):
    commits = []
    with saving(form, commit=lambda: commits.append("mine")) as saved:
        add_team("Custom")
    assert saved.ok and commits == ["mine"]
    db.session.rollback()
    assert team_named("Custom") is None  # ours did not commit: the custom one was called instead


def test_show_errors_renames_fields_the_form_names_otherwise(form):
    form.service_field_name = lambda name: {"full_name": "name"}.get(name, name)
    show_errors(form, ValidationFailed({"full_name": "Required."}))
    assert form.name.errors == ["Required."]


def test_show_errors_keeps_errors_already_on_the_field(form):
    form.name.errors = ["Required."]
    show_errors(form, ValidationFailed({"name": "Too short."}))
    assert form.name.errors == ["Required.", "Too short."]
