"""Serving an event's picture: the bytes Guichet wrote, under a name that never changes meaning."""

from flask import Response, abort, request, url_for

from booking import settings
from booking.media.blueprint import bp
from booking.media.store import valid_name
from booking.services.images import CONTENT_TYPES, file_name, widths_for

CACHE_FOR_EVER = "public, max-age=31536000, immutable"


@bp.get("/images/<name>")
def image(name: str):
    if not valid_name(name):
        abort(404)
    data = settings.image_store().get(name)
    if data is None:
        abort(404)
    response = Response(data, mimetype=CONTENT_TYPES[name.rsplit(".", 1)[1]])
    response.headers["Cache-Control"] = CACHE_FOR_EVER
    response.headers["Content-Disposition"] = "inline"
    response.set_etag(name)
    return response.make_conditional(request)


@bp.app_template_global("picture_srcset")
def picture_srcset(key: str, width: int, extension: str) -> str:
    """``srcset`` of a picture's files of one type: every width made of it."""
    return ", ".join(f"{url_for('media.image', name=file_name(key, w, extension))} {w}w" for w in widths_for(width))


@bp.app_template_global("picture_url")
def picture_url(key: str, width: int, extension: str = "jpg", wanted: int = 960) -> str:
    """One file of a picture: the widest made up to ``wanted`` pixels (the fallback ``src``)."""
    fitting = [w for w in widths_for(width) if w <= wanted] or widths_for(width)[:1]
    return url_for("media.image", name=file_name(key, fitting[-1], extension))
