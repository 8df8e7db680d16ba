"""Marshmallow fields for the API's input: text the databases accept, instants with an offset."""

from datetime import UTC, datetime

import marshmallow as ma

from booking.i18n import N_
from booking.services.email_address import is_valid_email

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER: a larger id cannot exist and must not reach the query
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def storable(text: str) -> bool:
    """Text the databases can store: no NUL, and no lone surrogate (JSON's "\\ud800" has no UTF-8 form)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Text(ma.fields.String):
    """A string the databases can store (see ``storable``)."""

    default_error_messages = {"nul": N_("Text may not contain NUL characters or unpaired surrogates.")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not storable(text):
            raise self.make_error("nul")
        return text


class EmailAddress(Text):
    """An email address, judged by the rule the forms and services share (``is_valid_email``)."""

    default_error_messages = {"invalid": N_("Not a valid email address.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("format", "email")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        if not is_valid_email(address):
            raise self.make_error("invalid")
        return address


class Day(ma.fields.Date):
    """A day written as the documentation says, YYYY-MM-DD (marshmallow alone also takes 20261201)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) != len("2026-12-01"):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Answer(ma.fields.Field):
    """One answer to an event's question: text, a number, or true/false (for yes/no questions).

    Only the shape is checked here; booking/services/questions.py judges the answer.
    """

    default_error_messages = {
        "invalid": N_("Give text, a number, or true/false."),
        "too_long": N_("At most {max} characters."),
        "nul": Text.default_error_messages["nul"],
    }

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str | bool | int | float):
            raise self.make_error("invalid")
        if isinstance(value, str) and len(value) > self.max_length:
            raise self.make_error("too_long", max=self.max_length)
        if isinstance(value, str) and not storable(value):
            raise self.make_error("nul")
        return value


class Instant(ma.fields.AwareDateTime):
    """An ISO 8601 date and time that must carry its offset; loaded as an aware UTC datetime."""

    default_error_messages = {
        "invalid_awareness": N_("Give the date and time with its offset, e.g. 2026-03-14T18:30:00+01:00."),
        "out_of_range": N_("Give a date between {first} and {last}."),
    }

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = moment.astimezone(UTC)
        except OverflowError as error:
            raise self.make_error("out_of_range", first=EARLIEST_YEAR, last=LATEST_YEAR) from error
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise self.make_error("out_of_range", first=EARLIEST_YEAR, last=LATEST_YEAR)
        return moment


def record_id(*, strict: bool = True, **kwargs) -> ma.fields.Integer:
    """An id: strict (a JSON number) in bodies; query strings pass ``strict=False`` as they hold text."""
    return ma.fields.Integer(strict=strict, validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


class Flag(ma.fields.Boolean):
    """A JSON true or false in a body (marshmallow alone also takes 0, 1, "yes"...: the document says boolean)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
