"""Calendar files and feeds: ``ics`` builds them from plain values, ``entries`` says what a session's entry
holds, ``feeds`` keeps the personal feeds, ``routes`` serves them.
"""

from booking.calendar import routes  # noqa: F401 (the views register themselves on bp)
from booking.calendar.blueprint import bp

__all__ = ["bp"]
