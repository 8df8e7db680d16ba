"""The media blueprint: event pictures, served under fingerprinted names with long cache headers."""

from flask import Blueprint

from booking.services.images import MAX_BYTES

bp = Blueprint("media", __name__, url_prefix="/media")

# The forms that take a picture may send more than the app's 1 MiB: the picture's limit, plus room for the
# form's other fields and the multipart framing. A bigger picture is still read to say "too big" on the form.
UPLOAD_ENDPOINTS = frozenset({"organiser.new_event", "organiser.edit_event"})
UPLOAD_REQUEST_MAX = 2 * MAX_BYTES
