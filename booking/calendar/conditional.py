"""Conditional answers for the calendar feeds: ETag, Last-Modified, and 304 before any body is built.

A feed's ETag is a digest of what its body is made of: the data's version (given by the view, read
cheaply), the language, the site's public address and sender, and the writer's format. One state of
the data gives one body byte for byte (its DTSTAMP is the data's last change), so the ETag is strong.
"""

import hashlib
from datetime import datetime, timedelta

from flask import Response, current_app, request
from flask_babel import get_locale
from werkzeug.http import is_resource_modified

from booking.models import utcnow

# Raise when what a feed writes changes for the same data (a new property, another wording).
FORMAT = 1


def etag(*version) -> str:
    """The ETag of a feed in ``version`` of its data, for this language and these settings."""
    config = current_app.config
    parts = (FORMAT, str(get_locale()), config["PUBLIC_BASE_URL"], config["MAIL_DEFAULT_SENDER"], *version)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def unchanged(tag: str, last_modified: datetime | None) -> bool:
    """Whether the request's If-None-Match (or, without one, its If-Modified-Since) says it holds this version.

    ``last_modified`` None: If-Modified-Since alone is not enough (the data has changes without a time).
    """
    if last_modified is None and not request.if_none_match:
        return False
    return not is_resource_modified(request.environ, etag=tag, last_modified=last_modified)


def not_modified(tag: str, last_modified: datetime, *, cache: str) -> Response:
    """304: no body, the same validators and caching as the full answer (RFC 9110, 15.4.5)."""
    return validated(Response(status=304, headers={"Cache-Control": cache}), tag, last_modified)


def validated(response: Response, tag: str, last_modified: datetime) -> Response:
    """The answer with its ETag, and its Last-Modified unless the data changed within the last second.

    HTTP dates count whole seconds: a client holding a Last-Modified of this very second could miss a
    second change within it. It gets the ETag alone, and a Last-Modified at its next fetch.
    """
    response.set_etag(tag)
    if utcnow() - last_modified >= timedelta(seconds=1):
        response.last_modified = last_modified
    return response
