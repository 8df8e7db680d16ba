"""Absolute links on PUBLIC_BASE_URL: the one way to build a link that leaves the site.

Emails, calendar files, the API's answers and the door's QR codes all carry links that are
opened elsewhere, later, often without a request to take a host from. They are built here
from ``PUBLIC_BASE_URL`` and the app's URL map, never from the request's Host header (which a
client could forge) and never from a path written out by hand (which drifts from the routes).

Services never build links: a service that emails one takes a ``token -> URL`` callable
(``email_proof.LinkBuilder``), and the edge passes one of the builders below.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, g
from werkzeug.routing import MapAdapter


def base_url() -> str:
    """PUBLIC_BASE_URL without its trailing slash."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def site_host() -> str:
    """The public site's host name (calendar UIDs are made unique with it)."""
    return urlsplit(base_url()).hostname or "localhost"


def absolute_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint`` on PUBLIC_BASE_URL; needs an app, not a request (the CLI and workers send links)."""
    return absolute_url_builder(endpoint)(**values)


def absolute_url_builder(endpoint: str) -> Callable[..., str]:
    """``absolute_url`` for many links to one endpoint (a feed's thousands of event pages)."""
    adapter = _public_adapter()
    return lambda **values: adapter.build(endpoint, values, force_external=True)


# Stands for the id in a link built once (``absolute_url_by_id``): no real id reaches it (ids are 32-bit).
_ID_MARKER = 98_765_432_101


def absolute_url_by_id(endpoint: str, name: str) -> Callable[[int], str]:
    """``absolute_url(endpoint, **{name: id})`` for many ids, for an endpoint whose one argument ``name`` is an
    integer (``int`` converter, written as ``str(id)``): the link is built once, each id written in the
    marker's place. A page of the API links each of its hundreds of sessions twice; building each link
    anew cost more than the rest of the session's answer."""
    head, marker, tail = absolute_url_builder(endpoint)(**{name: _ID_MARKER}).partition(str(_ID_MARKER))
    if not marker or marker in tail:
        raise ValueError(f"{endpoint} does not write its {name} once as a plain number")
    return lambda value: f"{head}{int(value)}{tail}"


def _public_adapter() -> MapAdapter:
    """The URL map bound to PUBLIC_BASE_URL, kept for the app context (a request): binding it costs more than
    building a link, and a page of the API builds a couple of hundred."""
    base = base_url()
    kept = g.get("guichet_public_urls")
    if kept is None or kept[0] != base:
        parts = urlsplit(base)
        kept = (base, current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme))
        g.guichet_public_urls = kept
    return kept[1]


# -- The links services email (each a token -> link builder) ---------------------------


def password_link(token: str) -> str:
    return absolute_url("account.reset_password", token=token)


def verification_link(token: str) -> str:
    return absolute_url("account.verify_email", token=token)


def sign_in_link(token: str) -> str:
    return absolute_url("account.open_sign_in_link", token=token)


def my_data_link(token: str) -> str:
    return absolute_url("privacy.open_link", token=token)


# -- Links to public pages -----------------------------------------------------------------


def manage_url(token: str) -> str:
    """Where the holder of a booking's manage token sees, downloads and cancels it."""
    return absolute_url("public.manage", token=token)


def event_url(event_id: int, slug: str) -> str:
    return absolute_url("public.event", event_id=event_id, slug=slug)


def invite_url(token: str) -> str:
    """A partner's page: the holder of an allocation's invite token books within it."""
    return absolute_url("partners.invite", token=token)
