"""Account pages."""

from booking.account import email_links, overview, routes  # noqa: F401 (the views register themselves on bp)
from booking.account.blueprint import bp

__all__ = ["bp"]
