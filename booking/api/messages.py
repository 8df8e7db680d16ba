"""Marshmallow's validation messages in the request's language.

Marshmallow writes its messages in English, values filled in ("Longer than maximum length
120."), before the API's error handler sees them. Each template below is matched against
them and given back through the catalogue with the same values; a message that matches no
template is left as it is. Templates are marked with ``N_`` (Babel extracts them, see the
Makefile); ours in ``fields.py`` and ``schemas.py`` are marked there the same way.
"""

import re

from flask_babel import gettext

from booking.i18n import N_

MARSHMALLOW_TEMPLATES = (
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

_templates: list[str] = list(MARSHMALLOW_TEMPLATES)
_patterns: list[tuple[re.Pattern, str]] = []


def register(*templates: str) -> None:
    """Add message templates of our own fields and schemas (marked with ``N_`` where they are written)."""
    _templates.extend(templates)
    _patterns.clear()


def translated(message: str) -> str:
    """``message`` in the request's language when it comes from a known template, else as it is."""
    if not _patterns:
        _patterns.extend((_pattern(template), template) for template in _templates)
    for pattern, template in _patterns:
        match = pattern.fullmatch(message)
        if match:
            return gettext(template).format(**match.groupdict())
    return message


def _pattern(template: str) -> re.Pattern:
    """"Longer than maximum length {max}." -> a pattern capturing the value as ``max``."""
    parts = re.split(r"\{(\w+)\}", template)
    literal = [re.escape(part) for part in parts[0::2]]
    names = [f"(?P<{name}>.+?)" for name in parts[1::2]]
    return re.compile("".join(piece for pair in zip(literal, [*names, ""], strict=True) for piece in pair))
