"""Public pages: the programme, events, booking and managing a booking; the easy-to-read mode."""

from booking.public import easy_read, routes  # noqa: F401 (the views register themselves on bp)
from booking.public.blueprint import bp

__all__ = ["bp"]
