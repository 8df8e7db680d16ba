"""Administration: teams, venues, kinds of event and accounts (admins only)."""

from booking.admin import kinds, mail, people, routes, teams, venues  # noqa: F401 (the views register themselves on bp)
from booking.admin.blueprint import bp

__all__ = ["bp"]
