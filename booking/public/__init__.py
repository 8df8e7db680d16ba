"""Public pages: the programme, events, booking and managing a booking."""

from booking.public import routes  # noqa: F401 (the views register themselves on bp)
from booking.public.blueprint import bp

__all__ = ["bp"]
