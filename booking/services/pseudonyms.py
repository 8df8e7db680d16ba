"""Keyed pseudonyms of email addresses: telling people apart without saying who they are.

The dashboards count people by ``Registration.person_ref``; erasure and the retention purge
replace an email by ``anonymous_email``. Both come from one keyed hash of the normalised
address (``normalise_email``), so a person keeps the same reference before and after their data is anonymised, and
neither can be turned back into the address without the key (``PSEUDONYM_KEY``, else
``SECRET_KEY``).
"""

import hashlib
import hmac
import re

from flask import current_app

ANONYMOUS_DOMAIN = "anonymised.invalid"
_ANONYMOUS_EMAIL = re.compile(r"([0-9a-f]{32})@" + re.escape(ANONYMOUS_DOMAIN))
# 60 bits: fits a signed BIGINT, and two of a million people share one about once in two million.
REF_HEX_DIGITS = 15


def _key() -> bytes:
    return (current_app.config.get("PSEUDONYM_KEY") or current_app.config["SECRET_KEY"]).encode()


def _digest(email: str) -> str:
    from booking.models.user import normalise_email  # models import this module

    return hmac.new(_key(), normalise_email(email).encode(), hashlib.sha256).hexdigest()


def anonymous_email(email: str) -> str:
    """The stand-in an anonymised email becomes: the same for every booking of one person."""
    return f"{_digest(email)[:32]}@{ANONYMOUS_DOMAIN}"


def is_anonymous_email(email: str) -> bool:
    return _ANONYMOUS_EMAIL.fullmatch(email) is not None


def person_ref(email: str) -> int:
    """The number the dashboards count a person by; an anonymised email keeps its person's number."""
    anonymous = _ANONYMOUS_EMAIL.fullmatch(email)
    digest = anonymous.group(1) if anonymous else _digest(email)
    return int(digest[:REF_HEX_DIGITS], 16)
