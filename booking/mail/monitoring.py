"""Emails that need someone's attention: failed for good, or waiting past their time.

For the admins' mail page (listing, retrying) and the organisers' attendee
lists (whose last email did not arrive). Rows are read as plain columns: the
payload, which holds the secret links of each message, is never read here.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import OutboxMessage, OutboxStatus, Registration, utcnow

# Past its due time by more than this, a pending email means no worker is delivering.
OVERDUE_AFTER = timedelta(minutes=5)
LIST_LIMIT = 200


@dataclass(frozen=True)
class Undelivered:
    id: int
    kind: str
    recipient: str
    status: str
    attempts: int
    created_at: datetime
    due_at: datetime  # when it was to be sent (or its worker's claim ran out)
    last_error: str | None

    @property
    def failed(self) -> bool:
        return self.status == OutboxStatus.FAILED


@dataclass(frozen=True)
class Attention:
    messages: list[Undelivered]
    failed: int
    overdue: int

    @property
    def total(self) -> int:
        return self.failed + self.overdue


def _overdue(now: datetime):
    late = now - OVERDUE_AFTER
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at < late),
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until < late),
    )


def _retryable(now: datetime):
    """Failed, waiting, or claimed by a worker whose claim ran out (delivery takes those back too)."""
    return sa.or_(
        OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.PENDING]),
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until <= now),
    )


def needing_attention(now: datetime | None = None, limit: int = LIST_LIMIT) -> Attention:
    """The latest ``limit`` failed or overdue emails, newest first, with how many there are of each."""
    now = now or utcnow()
    failed, overdue = OutboxMessage.status == OutboxStatus.FAILED, _overdue(now)
    counts = how_many(now)
    rows = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.recipient, OutboxMessage.status,
                  OutboxMessage.attempts, OutboxMessage.created_at,
                  sa.case((OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until),
                          else_=OutboxMessage.next_attempt_at),
                  OutboxMessage.last_error)
        .where(sa.or_(failed, overdue))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    ).all()
    return Attention(messages=[Undelivered(*row) for row in rows], failed=counts[0], overdue=counts[1])


def how_many(now: datetime | None = None) -> tuple[int, int]:
    """How many emails failed for good, and how many are overdue: one query."""
    now = now or utcnow()
    failed, overdue = OutboxMessage.status == OutboxStatus.FAILED, _overdue(now)
    counts = db.session.execute(
        sa.select(sa.func.count().filter(failed), sa.func.count().filter(overdue)).where(sa.or_(failed, overdue))
    ).one()
    return int(counts[0]), int(counts[1])


def retry(message_id: int, now: datetime | None = None) -> bool:
    """Send this email again as soon as a worker can, with a fresh set of attempts.

    False when there is nothing to retry (already sent, or being sent right now). Flushes.
    """
    now = now or utcnow()
    return _requeue(sa.and_(OutboxMessage.id == message_id, _retryable(now)), now) == 1


def retry_all(now: datetime | None = None) -> int:
    """Retry every email the admin page lists (failed or overdue); returns how many. Flushes."""
    now = now or utcnow()
    return _requeue(sa.or_(OutboxMessage.status == OutboxStatus.FAILED, _overdue(now)), now)


def _requeue(which, now: datetime) -> int:
    # The last error stays until the email is sent (delivery clears it then).
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(which)
        .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def undelivered_registrations(session_id: int) -> set[int]:
    """Registrations of the session whose last email (sent or given up) failed: one query.

    A failure followed by a later email that arrived is not flagged; emails still
    on their way do not count either way.
    """
    settled = [OutboxStatus.SENT, OutboxStatus.FAILED]
    latest = (
        sa.select(OutboxMessage.registration_id, sa.func.max(OutboxMessage.id).label("last_id"))
        .join(Registration, Registration.id == OutboxMessage.registration_id)
        .where(Registration.session_id == session_id, OutboxMessage.status.in_(settled))
        .group_by(OutboxMessage.registration_id)
        .subquery()
    )
    return set(db.session.scalars(
        sa.select(OutboxMessage.registration_id)
        .join(latest, OutboxMessage.id == latest.c.last_id)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
    ))
