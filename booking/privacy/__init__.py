"""Personal data: retention, export and erasure."""

from booking.privacy import lost_link, mine, routes  # noqa: F401 (the views register themselves on bp)
from booking.privacy.blueprint import bp

__all__ = ["bp"]
