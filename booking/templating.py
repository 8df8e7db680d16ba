"""Jinja filters and globals: dates in the venue's time zone, safe Markdown."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import nh3
from babel.dates import format_date, format_time
from flask import Flask, current_app, get_template_attribute
from flask_babel import get_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from booking import links
from booking.labels import access_need_label, access_need_labels, event_text, event_text_lang, kind_icon_name, kind_label
from booking.models import utcnow
from booking.services.bookings import session_availability

# Raw HTML in descriptions is never passed through; the rendered HTML is sanitised again.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "code",
                 "pre", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def render_markdown(text: str | None, top: int = 2) -> Markup:
    """Markdown as safe HTML, its headings fitted under the page's own: the first level at ``top``, none skipped.

    Organisers write "### Déroulé" wherever they like; a screen reader user jumping by headings must still meet
    h1, h2, h3 in order (axe's heading-order), so the levels used are renumbered from ``top``, in their order.
    """
    tokens = _markdown.parse(text or "")
    _fit_headings(tokens, top)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Markup(nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer nofollow"))  # noqa: S704 (sanitised)


def _fit_headings(tokens: list, top: int) -> None:
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    levels = sorted({int(token.tag[1]) for token in headings})
    fitted = {level: min(top + rank, 6) for rank, level in enumerate(levels)}
    for token in headings:
        token.tag = f"h{fitted[int(token.tag[1])]}"


def local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


def format_local_date(dt: datetime, tz: str, format: str = "full") -> str:
    return _date_text(local(dt, tz).date(), format, _locale_name(get_locale()))


def time_of_day(moment: datetime, locale=None) -> str:
    """The one way Guichet writes a time: "14\u00a0h\u00a030" in French, "2:30 PM" in English."""
    return _time_text(moment.time(), _locale_name(locale or get_locale()))


# Babel takes tens of microseconds a date, and a page writes dozens, mostly the same from one request to the
# next: each text is kept, by its inputs (the locale's name among them). Keyed by the wall clock's day and time
# (never by an aware datetime: two zones' equal instants are equal keys), which is all the patterns print.

def _locale_name(locale) -> str | None:
    return str(locale) if locale else None


@lru_cache(maxsize=4096)
def _date_text(day: date, format: str, locale: str | None) -> str:
    return format_date(day, format=format, locale=locale)


@lru_cache(maxsize=4096)
def _time_text(moment: time, locale: str | None) -> str:
    if locale and locale.startswith("fr"):
        # French typography: "14 h 30", with non-breaking spaces so that a time never breaks across lines.
        return format_time(moment, "H'\u00a0h\u00a0'mm", locale=locale)
    return format_time(moment, format="short", locale=locale)


def format_local_time(dt: datetime, tz: str) -> str:
    return time_of_day(local(dt, tz))


def format_local_datetime(dt: datetime, tz: str) -> str:
    """"samedi 12 décembre 2026 à 14 h 30" / "Saturday, December 12, 2026 at 2:30 PM"."""
    return _datetime_text(local(dt, tz).replace(tzinfo=None), _locale_name(get_locale()))


@lru_cache(maxsize=4096)
def _datetime_text(moment: datetime, locale: str | None) -> str:
    # Called with the request's own locale (part of the key), so the sentence is translated into it.
    return _("%(date)s at %(time)s", date=_date_text(moment.date(), "full", locale),
             time=_time_text(moment.time(), locale))


class KeptMarkup:
    """Rendered markup kept by what it depends on (``key``), the ``most`` recently asked for first dropped last.

    For fragments a page shows many times over, the same from one request to the next: their key must hold
    everything the markup depends on (the language among them). Kept per app in each process, under a lock
    (gunicorn's threads share a process); see ``kept_markup``.
    """

    def __init__(self, most: int):
        self.most = most
        self._kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        with self._lock:
            markup = self._kept.get(key)
            if markup is not None:
                self._kept.move_to_end(key)
                return markup
        markup = render()  # outside the lock: other keys are served meanwhile
        with self._lock:
            self._kept[key] = markup
            while len(self._kept) > self.most:
                self._kept.popitem(last=False)
        return markup


def kept_markup(name: str, key: Hashable, render: Callable[[], Markup], *, most: int) -> Markup:
    """``render()``, kept under ``key`` in this app's ``name`` store (``KeptMarkup``); rendered each time while
    templates reload (development), so an edited template shows at once."""
    if current_app.jinja_env.auto_reload:
        return render()
    store = current_app.extensions.setdefault(f"guichet.kept.{name}", KeptMarkup(most))
    return store.get(key, render)


def kept_availability_badge(state, seats_left: int, waiting: int = 0) -> Markup:
    """The ``availability_badge`` macro (templates/_macros.html) for these values, kept by them and the language:
    the programme shows dozens of them, and their markup depends on nothing else."""
    return kept_markup("badges", (str(get_locale()), str(state), seats_left, waiting),
                       lambda: _availability_badge(state, seats_left, waiting), most=4096)


def _availability_badge(state, seats_left: int, waiting: int) -> Markup:
    return get_template_attribute("_macros.html", "availability_badge")(state, seats_left, waiting)


def with_page(args: dict, page: int) -> dict:
    """Query arguments of the current page, pointing at another page number."""
    return {**args, "page": page}


def register(app: Flask) -> None:
    app.add_template_filter(with_page, "combine_page")
    app.context_processor(lambda: {"now": utcnow()})
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(format_local_date, "local_date")
    app.add_template_filter(format_local_time, "local_time")
    app.add_template_filter(format_local_datetime, "local_datetime")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_global(session_availability, "availability")
    app.add_template_global(kind_label, "kind_label")
    app.add_template_global(access_need_label, "access_need_label")
    app.add_template_global(access_need_labels, "access_need_labels")
    app.add_template_global(event_text, "event_text")
    app.add_template_global(event_text_lang, "event_text_lang")
    app.add_template_global(kind_icon_name, "kind_icon_name")
    app.add_template_global(kept_availability_badge, "kept_availability_badge")
    app.add_template_global(links.event_url, "public_event_url")  # canonical: the public address, not the Host
