"""Rate limits shared by every page that sends an email to an address someone types in.

Two limits on each such form: per visitor (``EMAIL_RATE_LIMIT``: one browser cannot send
many) and per recipient (``RECIPIENT_RATE_LIMIT``, whoever asks: nobody can fill someone's
mailbox with links, from however many addresses).
"""

import hashlib

from flask import request

from booking.models import normalise_email

EMAIL_RATE_LIMIT = "5 per minute; 20 per hour"
RECIPIENT_RATE_LIMIT = "3 per 15 minutes; 10 per day"


def recipient_limit_key(email: str) -> str:
    """The rate-limit key of one recipient (hashed: the limiter's store holds no email)."""
    return "email-link:" + hashlib.sha256(normalise_email(email or "").encode()).hexdigest()[:32]


def submitted_recipient() -> str:
    """The key of the address a form was posted with (the limiter's ``key_func``)."""
    return recipient_limit_key(request.form.get("email") or "")
