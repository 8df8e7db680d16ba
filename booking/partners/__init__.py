"""The partner's page: ``blueprint`` holds ``bp``; ``routes`` adds the views to it."""

from booking.partners import routes  # noqa: F401 (the views register themselves on bp)
from booking.partners.blueprint import bp

__all__ = ["bp"]
