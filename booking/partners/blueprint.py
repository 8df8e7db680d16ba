"""The partners blueprint: pages for whoever holds an allocation's invite link (``/p/<token>``), no account.

The token proves only that its holder has the link: each view acts on that allocation and its own
bookings (the service refuses any other as not found).
"""

from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/p")
