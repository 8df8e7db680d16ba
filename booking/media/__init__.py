"""Event pictures: where they are stored, and the route that serves them (``media.image``)."""

from booking.media import routes  # noqa: F401 (the view registers itself on bp)
from booking.media.blueprint import UPLOAD_ENDPOINTS, UPLOAD_REQUEST_MAX, bp

__all__ = ["UPLOAD_ENDPOINTS", "UPLOAD_REQUEST_MAX", "bp"]
