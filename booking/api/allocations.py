"""Partner allocations in the API: organisers hold seats for a partner (bearer token); the partner books
within them with the invite token (no account), safe to retry with an Idempotency-Key.
"""

from booking import settings
from booking.api import presenters
from booking.api.auth import current_organiser, limit_organiser_writes, limit_public_bookings, token_required
from booking.api.blueprint import organiser_bp, public_bp
from booking.api.parsing import error_responses
from booking.api.retries import accepts_idempotency_key, book_once
from booking.api.schemas import AllocationIn, AllocationList, AllocationOut, PartnerBookingIn, RegistrationOut
from booking.extensions import db
from booking.services import access, bookings

INVITE_PATH_ARG = "string(maxlength=64)"  # invite tokens are 43 characters, as manage tokens


@organiser_bp.route("/sessions/<api_id:session_id>/allocations", methods=["POST"])
@limit_organiser_writes
@token_required
@organiser_bp.arguments(AllocationIn)
@organiser_bp.response(201, AllocationOut)
@error_responses(401, 403, 404, 409, 422, 429, 503)
def create_allocation(fields: dict, session_id: int):
    """Hold seats of one of your sessions for a partner until `release_at`; its contact gets the invite link.

    Never more than the seats free now (409 `full`); the public sees held seats as taken.
    """
    session = access.session_for(current_organiser(), session_id)
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(**fields),
                                   created_by_id=current_organiser().id)
    db.session.commit()
    return presenters.allocation_dict(allocation), 201


@organiser_bp.route("/sessions/<api_id:session_id>/allocations", methods=["GET"])
@token_required
@organiser_bp.response(200, AllocationList)
@error_responses(401, 403, 404)
def list_allocations(session_id: int):
    """A session's partner allocations: seats held, used and unused, held ones first."""
    session = access.session_for(current_organiser(), session_id)
    return {"allocations": [presenters.allocation_dict(a) for a in bookings.session_allocations(session.id)]}


@organiser_bp.route("/allocations/<api_id:allocation_id>", methods=["DELETE"])
@limit_organiser_writes
@token_required
@organiser_bp.response(200, AllocationOut)
@error_responses(401, 403, 404, 409, 429, 503)
def release_allocation(allocation_id: int):
    """Release an allocation now: unused seats go back to the public and the waiting list is promoted at once.

    The partner's bookings stay. Already released: 409 `closed`.
    """
    allocation = access.allocation_for(current_organiser(), allocation_id)
    allocation = bookings.release_allocation(allocation.id)
    db.session.commit()
    return presenters.allocation_dict(allocation)


@public_bp.route(f"/allocations/<{INVITE_PATH_ARG}:invite_token>/registrations", methods=["POST"])
@limit_public_bookings
@public_bp.arguments(PartnerBookingIn)
@public_bp.response(201, RegistrationOut)
@accepts_idempotency_key
@error_responses(400, 404, 409, 413, 422, 429, 503)
def book_for_partner(booking: dict, invite_token: str):
    """Book within a partner's allocation, with its invite token: `name` required, `email` and `phone` optional.

    Confirmed, or refused: 409 `full` beyond what the allocation has left (or once it was released),
    `already_registered` (that email already holds a booking here), `cancelled`, `closed` (started).
    Safe to retry with an `Idempotency-Key` (422 `idempotency_key_reused` for another body).
    """
    allocation = bookings.allocation_by_token(invite_token)  # an unknown token is 404 whatever the body
    return book_once(lambda: bookings.book_for_partner(invite_token, bookings.BookingRequest(consent=False, **booking),
                                                       key=settings.pseudonym_key()),
                     owner=f"allocation:{allocation.id}")  # the id, not the secret, in the stored key
