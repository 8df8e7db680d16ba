"""The API's blueprints, all under /api/v1; the modules named after them add their views.

No guard for a whole blueprint: the organiser views each ask for a token (``auth.token_required``),
so that the OpenAPI document says which need one.
"""

from flask import Blueprint

from booking.api.parsing import ApiBlueprint

public_bp = ApiBlueprint("api_public", __name__, url_prefix="/api/v1",
                         description="Public: the programme and bookings.")
organiser_bp = ApiBlueprint("api_organiser", __name__, url_prefix="/api/v1",
                            description="Organisers (Authorization: Bearer <token>): events, sessions, attendees, "
                                        "venues.")
docs_bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")  # the human-readable reference
