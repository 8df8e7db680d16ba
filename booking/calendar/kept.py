"""Public feed bodies kept for their ETag, in each process.

Every subscriber's calendar app asks for the same public feed, and a feed changes only when its ETag
does: the ETag is a digest of the data's version, the filters, the language and the settings, and one
version gives one body byte for byte (``conditional``). So a built body is kept under its variant
(filters and language) together with the ETag it was built for, and served again only while the ETag
computed from the data in the request is that one: a kept body is never stale, as a 304 never is.

Bounded: the last ``MAX_VARIANTS`` variants asked for, at most ``MAX_BYTES`` in all (a larger body is
served, not kept); a variant's new body replaces its old one. Each process keeps its own, so N workers
build a feed once each after a change.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app

MAX_VARIANTS = 8
MAX_BYTES = 16 * 1024 * 1024
_EXTENSION = "guichet.kept_feeds"


class KeptBodies:
    def __init__(self, max_variants: int = MAX_VARIANTS, max_bytes: int = MAX_BYTES):
        self.max_variants, self.max_bytes = max_variants, max_bytes
        self._kept: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()  # least recently asked first
        self._bytes = 0
        self._lock = threading.Lock()  # gunicorn's threads share a process

    def body(self, variant: Hashable, etag: str, build: Callable[[], bytes]) -> bytes:
        """The body of ``variant`` for ``etag``: the kept one if it was built for this ETag, else built now."""
        with self._lock:
            kept = self._kept.get(variant)
            if kept is not None and kept[0] == etag:
                self._kept.move_to_end(variant)
                return kept[1]
        body = build()  # outside the lock: other variants are served meanwhile
        self._keep(variant, etag, body)
        return body

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def size(self) -> int:
        """Bytes kept."""
        return self._bytes

    def _keep(self, variant: Hashable, etag: str, body: bytes) -> None:
        with self._lock:
            replaced = self._kept.pop(variant, None)
            if replaced is not None:
                self._bytes -= len(replaced[1])
            if len(body) > self.max_bytes:
                return
            self._kept[variant] = (etag, body)
            self._bytes += len(body)
            while len(self._kept) > self.max_variants or self._bytes > self.max_bytes:
                _variant, (_etag, dropped) = self._kept.popitem(last=False)
                self._bytes -= len(dropped)


def public_feeds() -> KeptBodies:
    """This app's kept public feeds (one store per app in each process)."""
    kept = current_app.extensions.get(_EXTENSION)
    return kept if kept is not None else current_app.extensions.setdefault(_EXTENSION, KeptBodies())
