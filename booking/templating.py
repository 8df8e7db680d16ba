"""Jinja filters and globals: dates in the venue's time zone, safe Markdown."""

from datetime import datetime
from zoneinfo import ZoneInfo

import nh3
from babel.dates import format_date, format_time
from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from booking import links
from booking.labels import kind_label
from booking.models import utcnow
from booking.services.bookings import session_availability

# Raw HTML in descriptions is never passed through; the rendered HTML is sanitised again.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre",
                 "table", "thead", "tbody", "tr", "th", "td", "hr"}


def render_markdown(text: str | None) -> Markup:
    html = _markdown.render(text or "")
    return Markup(nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer nofollow"))  # noqa: S704 (sanitised)


def local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


def format_local_date(dt: datetime, tz: str, format: str = "full") -> str:
    return format_date(local(dt, tz), format=format, locale=get_locale())


def format_local_time(dt: datetime, tz: str) -> str:
    locale = get_locale()
    moment = local(dt, tz)
    if locale and locale.language == "fr":
        return format_time(moment, "H' h 'mm", locale=locale)  # "14 h 30", as French typography wants
    return format_time(moment, format="short", locale=locale)


def format_local_datetime(dt: datetime, tz: str) -> str:
    """"samedi 12 décembre 2026 à 14 h 30" / "Saturday, December 12, 2026 at 2:30 PM"."""
    return _("%(date)s at %(time)s", date=format_local_date(dt, tz), time=format_local_time(dt, tz))


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
    app.add_template_global(links.event_url, "public_event_url")  # canonical: the public address, not the Host
