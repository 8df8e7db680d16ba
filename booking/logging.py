"""Logs without secrets: emails, passwords and tokens are masked before any handler sees a record.

Masking happens where each record is made (``logging.setLogRecordFactory``),
not on one logger or handler: a logger's filter misses records propagated from
its children, and handlers come and go (gunicorn's, pytest's), so a filter
placed there would miss some. Masked: emails (``c***@example.org``), bearer
tokens, the secret part of URLs that carry one (``/r/***``,
``/calendar/feed/***.ics``, reset and confirmation links) and the value of any
field named like a password, secret or token. Werkzeug's and gunicorn's access
lines are records like the others, so their URLs are masked too.
"""

import logging
import re

MASK = "***"

# Also URL-encoded (email=camille%40example.org in a logged query string).
_EMAIL = re.compile(r"([A-Za-z0-9])[A-Za-z0-9._%+-]*?(@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_BEARER = re.compile(r"(?i)\b(bearer\s+)[^\s\"',;]+")
# Paths whose next segment is a secret (manage links, calendar feeds, account links, API manage links).
_SECRET_PATHS = re.compile(
    r"(/(?:r|calendar/feed|calendar/subscribe|account/password/reset|account/verify|account/login/link|my-data/link|api/v1/registrations)/)"
    r"[A-Za-z0-9_.\-]{16,}?(?=\.ics\b|[/?#\s\"']|$)"
)
# password=..., "new_password": "...", csrf_token: ..., ('password', '...') (forms, JSON, reprs, query strings);
# a quoted value is masked up to its closing quote (passphrases have spaces).
_SECRET_FIELDS = re.compile(
    r"""(?i)\b(\w*(?:password|passwd|secret|token)\w*)(["']\s*,\s*(?=["'])|["']?\s*[:=]\s*)"""
    r"""(?:(["'])(?:\\.|(?!\3).)*\3|[^\s"'&,;})\]]+)"""
)


def redact(text: str) -> str:
    """``text`` with emails, bearer tokens, secret URL segments and secret fields masked."""
    text = _SECRET_PATHS.sub(lambda m: m.group(1) + MASK, text)
    text = _SECRET_FIELDS.sub(lambda m: m.group(1) + m.group(2) + (m.group(3) or "") + MASK + (m.group(3) or ""), text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    return _EMAIL.sub(lambda m: m.group(1) + MASK + m.group(2) + m.group(3), text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and traceback) with ``redact``; never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not break the caller: log what we can
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            # Formatted here, so handlers reuse this masked text (SQL errors quote their parameters).
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction() -> None:
    """Mask secrets in every log record of this process (once, however many apps are made)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts_secrets", False):
        return
    redacting = RedactingFilter()

    def redacted_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        redacting.filter(record)
        return record

    redacted_record.redacts_secrets = True
    logging.setLogRecordFactory(redacted_record)
