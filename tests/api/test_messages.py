"""api/messages.py: marshmallow's messages become the request's language where they are made, not matched back."""

import marshmallow as ma
import pytest

from booking.api.messages import Translatable, translate_field
from booking.api.schemas import Base


@pytest.fixture
def french(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        yield


def test_a_translatable_message_is_filled_in_after_it_is_translated(french):
    message = Translatable("Must be greater than or equal to {min}.")
    assert message.format(min=1) == "Doit être supérieur ou égal à 1."


def test_a_translatable_message_shown_as_it_is_is_translated_too(french):
    assert str(Translatable("Unknown field.")) == "Champ inconnu."


def test_a_message_missing_from_the_catalogue_stays_english(french):
    assert Translatable("Something else entirely.").format() == "Something else entirely."


def test_in_english_the_message_is_marshmallow_own(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert Translatable("Not a valid integer.").format() == "Not a valid integer."


class Sample(Base):
    count = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1))
    name = ma.fields.String(validate=ma.validate.Length(max=3))
    tags = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=2)))


def refusal(data: dict) -> dict:
    with pytest.raises(ma.ValidationError) as refused:
        Sample().load(data)
    return refused.value.messages


def test_the_base_schema_refuses_in_the_request_language(french):
    messages = refusal({"count": 0, "name": "toolong", "colour": "red"})
    assert [str(m) for m in messages["count"]] == ["Doit être supérieur ou égal à 1."]
    assert [str(m) for m in messages["name"]] == ["Trop long (longueur maximale\u00a0: 3)."]
    assert [str(m) for m in messages["colour"]] == ["Champ inconnu."]


def test_field_messages_are_translated_by_type(french):
    assert [str(m) for m in refusal({"count": "two"})["count"]] == ["Ce n’est pas un nombre entier valable."]


def test_inner_fields_of_a_list_are_translated(french):
    messages = refusal({"tags": ["ok", "too long"]})
    assert [str(m) for m in messages["tags"][1]] == ["Trop long (longueur maximale\u00a0: 2)."]


def test_translate_field_is_idempotent():
    field = ma.fields.String(validate=ma.validate.Length(max=3))
    translate_field(field)
    translate_field(field)
    assert type(field.error_messages["invalid"]) is Translatable
    assert type(field.validators[0].message_max) is Translatable
