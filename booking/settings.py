"""The one place that turns the app's config into the values services take as arguments.

Services never read ``current_app.config`` (tests/architecture scans for it): a function that
needs a key or a lifetime takes it as an argument, and the edge (views, API, CLI, jobs, demo,
migrations) reads it here, so a setting's fallback rule (``PSEUDONYM_KEY`` else ``SECRET_KEY``)
is written once. Each function takes the config mapping (``app.config``); without one, the
current app's.
"""

from collections.abc import Mapping
from datetime import timedelta

from flask import current_app

from booking.services.email_proof import DEFAULT_LINK_MINUTES
from booking.services.pseudonyms import PseudonymKey


def _config(config: Mapping | None) -> Mapping:
    return current_app.config if config is None else config


def pseudonym_key(config: Mapping | None = None) -> PseudonymKey:
    """The key of the pseudonyms people are counted by: ``PSEUDONYM_KEY``, else ``SECRET_KEY``."""
    config = _config(config)
    return PseudonymKey((config.get("PSEUDONYM_KEY") or config["SECRET_KEY"]).encode())


def signing_key(config: Mapping | None = None) -> str:
    """The key that signs password and confirmation links and keys the sign-in throttle."""
    return _config(config)["SECRET_KEY"]


def email_link_lifetime(config: Mapping | None = None) -> timedelta:
    """How long a single-use emailed link stays valid (``EMAIL_LINK_MINUTES``)."""
    return timedelta(minutes=int(_config(config).get("EMAIL_LINK_MINUTES", DEFAULT_LINK_MINUTES)))


_stores: dict = {}


def image_store(config: Mapping | None = None):
    """Where event pictures are kept: ``IMAGE_STORE_URL`` (``s3://bucket/prefix``), else the folder
    ``IMAGE_STORE_PATH`` (under the instance folder by default). One store per setting, made once."""
    from booking.media.store import store_from_url

    config = _config(config)
    where = (config.get("IMAGE_STORE_URL") or "", str(config.get("IMAGE_STORE_PATH") or "images"))
    if where not in _stores:
        _stores[where] = store_from_url(*where)
    return _stores[where]
