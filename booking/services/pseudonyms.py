"""Keyed pseudonyms of email addresses: telling people apart without saying who they are.

The dashboards count people by ``Registration.person_ref``; erasure and the retention purge
replace an email by ``anonymous_email``. Both come from one keyed hash of the normalised
address (``normalise_email``), so a person keeps the same reference before and after their data is anonymised, and
neither can be turned back into the address without the key (``PSEUDONYM_KEY``, else
``SECRET_KEY``).

The key is an argument, never read here: the edge turns the app's config into a
``PseudonymKey`` with ``booking.settings.pseudonym_key``. Only that type is accepted, so a
caller handing a raw string (say ``SECRET_KEY`` while ``PSEUDONYM_KEY`` is set) fails with a
``TypeError`` instead of quietly computing other people's numbers.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

ANONYMOUS_DOMAIN = "anonymised.invalid"
_ANONYMOUS_EMAIL = re.compile(r"([0-9a-f]{32})@" + re.escape(ANONYMOUS_DOMAIN))
# 60 bits: fits a signed BIGINT, and two of a million people share one about once in two million.
REF_HEX_DIGITS = 15


@dataclass(frozen=True)
class PseudonymKey:
    """The secret of the keyed hash; ``repr`` never shows it (it may end up in a log or a traceback)."""

    secret: bytes

    def __post_init__(self):
        if not isinstance(self.secret, bytes) or not self.secret:
            raise ValueError("a pseudonym key is a non-empty bytes value")

    def __repr__(self) -> str:
        return "PseudonymKey(…)"


def check_key(key: PseudonymKey) -> None:
    """Refuse anything but a ``PseudonymKey``, even where it would not be used (an anonymised email)."""
    if not isinstance(key, PseudonymKey):
        raise TypeError("pass booking.settings.pseudonym_key(config), not a raw secret")


def _digest(email: str, key: PseudonymKey) -> str:
    from booking.models.user import normalise_email  # models import this module

    check_key(key)
    return hmac.new(key.secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def anonymous_email(email: str, key: PseudonymKey) -> str:
    """The stand-in an anonymised email becomes: the same for every booking of one person."""
    return f"{_digest(email, key)[:32]}@{ANONYMOUS_DOMAIN}"


def is_anonymous_email(email: str | None) -> bool:
    return email is not None and _ANONYMOUS_EMAIL.fullmatch(email) is not None


def person_ref(email: str, key: PseudonymKey) -> int:
    """The number the dashboards count a person by; an anonymised email keeps its person's number."""
    check_key(key)
    anonymous = _ANONYMOUS_EMAIL.fullmatch(email)
    digest = anonymous.group(1) if anonymous else _digest(email, key)
    return int(digest[:REF_HEX_DIGITS], 16)


def unknown_person_ref() -> int:
    """The reference of someone booked without an address: counted as one new person, tied to no one."""
    return int(secrets.token_hex(8)[:REF_HEX_DIGITS], 16)
