"""The programme's event cards, each rendered once for what it shows.

A card is drawn from a ``Card`` alone: plain values, all it shows of an event and its next dates. Equal cards
(in one language) draw equal markup, so the markup is kept by the card itself (``templating.kept_markup``): a
card is rendered again only when something it shows changes (a seat taken, a title edited, a kind renamed), and
never shows anything stale. Rendering the cards was a third of the programme page (issue 21); a card holds raw
values (texts in both languages, times as stored), so that building one costs a fraction of rendering it.
"""

from datetime import datetime
from typing import NamedTuple

from flask import render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from booking.labels import KindName, kind_record
from booking.models import Event, Session, in_language, utcnow
from booking.services.bookings import session_availability
from booking.templating import kept_markup

DATES_SHOWN = 3
KEPT_MAX = 1024  # cards, in each process: a few pages of the programme in each language


class CardDate(NamedTuple):
    """One date under an event: when, and what it offers now."""

    session_id: int
    starts_at: datetime
    state: str  # the availability rule's answer (booking.services.seats.Availability)
    seats_left: int
    waiting: int
    wheelchair_spaces: int  # 0 when cancelled: none to show
    wheelchair_spaces_left: int


class Card(NamedTuple):
    """All an event's card shows (``templates/public/_event_card.html`` reads nothing else)."""

    event_id: int
    slug: str
    kind: str
    kind_record: KindName | None  # the kind's names and icon as read for this request (None: unknown kind)
    title: str
    title_en: str | None
    summary: str | None
    summary_en: str | None
    picture: tuple | None  # (image_key, width, height, alt)
    venue_name: str
    city: str
    timezone: str
    dates: tuple[CardDate, ...]
    more_dates: int  # dates beyond those shown

    def text(self, field: str, locale: str) -> str:
        """As ``Event.text``: ``labels.event_text`` and ``event_text_lang`` read a card as they read an event."""
        return in_language(getattr(self, field), getattr(self, f"{field}_en"), locale)


def card_of(event: Event, sessions: list[Session], waitlists: dict[int, int], now: datetime) -> Card:
    """The card of ``event`` with its matching ``sessions`` (soonest first)."""
    venue = event.venue
    return Card(
        event.id, event.slug, event.kind, kind_record(event.kind), event.title, event.title_en, event.summary,
        event.summary_en, (event.image_key, event.image_width, event.image_height, event.image_alt) if event.image_key else None,
        venue.name, venue.city, venue.timezone,
        tuple(_date_of(session, waitlists.get(session.id, 0), now) for session in sessions[:DATES_SHOWN]),
        max(0, len(sessions) - DATES_SHOWN),
    )


def _date_of(session: Session, waiting: int, now: datetime) -> CardDate:
    return CardDate(session.id, session.starts_at, str(session_availability(session, now)), session.seats_left,
                    waiting, 0 if session.is_cancelled else session.wheelchair_spaces, session.wheelchair_spaces_left)


def event_card(event: Event, sessions: list[Session], waitlists: dict[int, int], now: datetime | None = None) -> Markup:
    """The markup of ``event``'s card, kept for its ``Card``, the language and the site's path (which its words and
    links depend on)."""
    card = card_of(event, sessions, waitlists, now or utcnow())
    return kept_markup("event_cards", (str(get_locale()), request.script_root, card),
                       lambda: Markup(render_template("public/_event_card.html", card=card)),  # noqa: S704 (a template's output)
                       most=KEPT_MAX)
