"""Organiser pages: ``blueprint`` holds ``bp`` and its guard; each module below adds its views to it."""

from booking.organiser import allocations, attendees, checkin, desk, events, questions, sessions  # noqa: F401 (the views register themselves on bp)
from booking.organiser.blueprint import bp

__all__ = ["bp"]
