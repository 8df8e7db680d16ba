"""Slugs: the readable part of an event's or a team's address, and the rule that keeps each one unique."""

import re
import unicodedata

import sqlalchemy as sa

from booking.extensions import db
from booking.sqlfunctions import escape_like


def slugify(text: str) -> str:
    """ASCII lower-case words joined by hyphens ("Débat : l'IA" -> "debat-l-ia"); "item" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def unique_slug(column: sa.orm.InstrumentedAttribute, text: str, max_length: int) -> str:
    """``slugify(text)``, cut to ``max_length``, with "-2", "-3"... added until no row of ``column`` has it."""
    base = slugify(text)[:max_length]
    taken = set(db.session.scalars(sa.select(column).where(column.like(f"{escape_like(base)}%", escape="\\"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
