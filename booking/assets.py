"""Our static files under fingerprinted names, cached by browsers for a year.

``url_for("static", filename="css/guichet.css")`` gives ``/static/css/guichet.<hash>.css``, the hash
being the first 12 hex digits of the file's SHA-256: a changed file gets a new name, so its address
can be cached for good (``Cache-Control: public, max-age=31536000, immutable``). The plain name is
still served, revalidated each time (``no-cache``, with its ETag), as is a fingerprint that is no
longer the file's (a page from before a release), which must not be kept.
Templates need no change: the fingerprint is added where every static URL is built.
"""

import hashlib
import os
import re
from pathlib import Path

from flask import Flask, Response

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")


class Fingerprints:
    """Each file's digest, read once and again only when the file changes (size or time)."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def digest(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return None
        if not path.is_file() or not path.resolve().is_relative_to(self.folder.resolve()):
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        known = self._known.get(filename)
        if known is None or known[0] != key:
            known = self._known[filename] = (key, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        return known[1]

    def name(self, filename: str) -> str:
        digest = self.digest(filename)
        if digest is None:
            return filename
        stem, suffix = os.path.splitext(filename)
        return f"{stem}.{digest}{suffix}"


def install(app: Flask) -> None:
    fingerprints = Fingerprints(app.static_folder)
    serve_plain = app.view_functions["static"]

    @app.url_defaults
    def fingerprint_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = fingerprints.name(values["filename"])

    def static(filename: str) -> Response:
        match = FINGERPRINTED.match(filename)
        if match:
            plain = match["stem"] + match["suffix"]
            if fingerprints.digest(plain) is not None:
                response = serve_plain(filename=plain)
                response.headers["Cache-Control"] = IMMUTABLE if fingerprints.digest(plain) == match["digest"] \
                    else REVALIDATE
                return response
        response = serve_plain(filename=filename)
        response.headers["Cache-Control"] = REVALIDATE
        return response

    app.view_functions["static"] = static
