"""Administration: teams, venues and accounts (admins only)."""

from booking.admin import mail, people, routes, teams, venues  # noqa: F401 (the views register themselves on bp)
from booking.admin.blueprint import bp

__all__ = ["bp"]
