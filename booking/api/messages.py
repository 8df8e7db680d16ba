"""Validation messages in the request's language, translated where marshmallow makes them.

Marshmallow fills a message's values in ("Longer than maximum length {max}.") with
``str.format`` at the moment it refuses a value, that is inside the request. A
``Translatable`` message translates itself right then, before the values go in; the
base schema (``schemas.Base``) makes every message of its fields, their validators
and its own translatable when it is built. Message ids are marshmallow's English texts,
listed below with ``N_`` so that Babel extracts them (see the Makefile); ours, in
``fields.py`` and ``schemas.py``, are marked with ``N_`` where they are written.
"""

import marshmallow as ma
from flask_babel import gettext

from booking.i18n import N_

MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid mapping type."),
    N_("Not a valid list."),
    N_("Not a valid email address."),
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be one of: {choices}."),
)
# The message attributes of marshmallow's validators (Range's are already worded for its bounds).
VALIDATOR_MESSAGES = ("error", "message_min", "message_max", "message_all", "message_equal")


class Translatable(str):
    """A message id that becomes the request's language when it is shown or filled in.

    Marshmallow calls ``format`` on a field's or a validator's message when it refuses a
    value; a schema's own messages ("Unknown field.") reach the error handler as they are,
    which shows them with ``str``. A message id missing from the catalogue stays English.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return gettext(str.__str__(self))

    def format(self, *args, **kwargs) -> str:
        return str(self).format(*args, **kwargs)


def translatable(message: str) -> str:
    return message if isinstance(message, Translatable) else Translatable(message)


def translate_field(field: ma.fields.Field) -> None:
    """Make a bound field's messages, its validators' and its inner fields' translatable (idempotent)."""
    field.error_messages = {key: translatable(message) if isinstance(message, str) else message
                            for key, message in field.error_messages.items()}
    for validator in field.validators:
        for name in VALIDATOR_MESSAGES:
            message = getattr(validator, name, None)
            if isinstance(message, str):
                setattr(validator, name, translatable(message))
    inner = [getattr(field, name, None) for name in ("inner", "key_field", "value_field")]
    for part in [*inner, *getattr(field, "tuple_fields", ())]:
        if isinstance(part, ma.fields.Field):
            translate_field(part)
