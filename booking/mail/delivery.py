"""Delivering the outbox: claim due messages, send them outside any lock, record each outcome.

Claiming is one short transaction. On PostgreSQL the due rows are read with
``FOR UPDATE SKIP LOCKED``, so several workers never wait on, nor take, each
other's rows; on SQLite the write lock taken at ``BEGIN IMMEDIATE`` makes
claims one at a time. A claimed row is ``sending`` until ``claimed_until``;
if its worker dies, another claims it again after that. Rendering and SMTP
happen after the claim is committed, and each message's outcome is committed
on its own as soon as it is known, so a crash re-sends at most the message
that was on the wire.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from booking.database import read_only
from booking.extensions import db
from booking.mail.backends import DeliveryError, ServerUnreachable, backend_for
from booking.mail.messages import Outgoing, UnknownKind, compose
from booking.mail.mime import BadAddress, sender_address
from booking.models import OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger("guichet.mail")

BATCH_SIZE = 20
ERROR_MAX = 1000
# MAIL_MAX_ATTEMPTS (then the message is marked failed) and MAIL_RETRY_SECONDS (the first retry after
# this, doubling each time) are settings (config.py, README); these others may be tuned through app.config.
DEFAULTS = {
    "MAIL_MAX_ATTEMPTS": 8,
    "MAIL_RETRY_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 6 * 3600,
    "MAIL_CLAIM_SECONDS": 600,  # far longer than a batch takes (SMTP timeout 30 s)
}


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __iadd__(self, other: "DeliveryReport") -> "DeliveryReport":
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        return self

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd attempt, capped."""
    seconds = setting("MAIL_RETRY_SECONDS") * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, setting("MAIL_RETRY_MAX_SECONDS")))


def _due(now: datetime):
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        # A claim whose worker never reported back (crash, kill -9): take it again.
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_until <= now),
    )


def anything_due(now: datetime | None = None) -> bool:
    """A cheap look without the write lock, so an idle worker never holds up a booking on SQLite."""
    with read_only():
        due = db.session.scalar(sa.select(sa.exists().where(_due(now or utcnow()))))
        db.session.rollback()
    return bool(due)


def claim(now: datetime | None = None, limit: int = BATCH_SIZE) -> list[Outgoing]:
    """Take up to ``limit`` due messages for this worker; committed before returning."""
    now = now or utcnow()
    if not anything_due(now):
        return []
    rows = db.session.scalars(
        sa.select(OutboxMessage)
        .where(_due(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = []
    for row in rows:
        if row.attempts >= setting("MAIL_MAX_ATTEMPTS"):  # only a crashed claim gets here
            row.status, row.claimed_until = OutboxStatus.FAILED, None
            row.last_error = (row.last_error or "") + " [worker stopped while sending]"
            continue
        row.status = OutboxStatus.SENDING
        row.attempts += 1
        row.claimed_until = now + timedelta(seconds=setting("MAIL_CLAIM_SECONDS"))
        # Plain values now: after commit the rows expire, and sending must not touch the database.
        claimed.append(Outgoing(id=row.id, kind=row.kind, recipient=row.recipient, locale=row.locale,
                                payload=dict(row.payload or {}), created_at=row.created_at, attempts=row.attempts))
    db.session.commit()
    return claimed


def mark_sent(ident: int, now: datetime | None = None) -> None:
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == ident, OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.SENT, sent_at=now or utcnow(), claimed_until=None, last_error=None)
    )
    db.session.commit()
    if result.rowcount != 1:
        log.warning("outbox message %s was sent after its claim ran out", ident)


def mark_unsent(message: Outgoing, error: str, *, permanent: bool = False, now: datetime | None = None) -> DeliveryReport:
    """Record a failed attempt: retried later with backoff, or failed for good."""
    now = now or utcnow()
    give_up = permanent or message.attempts >= setting("MAIL_MAX_ATTEMPTS")
    values = {"last_error": error[:ERROR_MAX], "claimed_until": None}
    if give_up:
        values["status"] = OutboxStatus.FAILED
    else:
        values |= {"status": OutboxStatus.PENDING, "next_attempt_at": now + retry_delay(message.attempts)}
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(**values)
    )
    db.session.commit()
    log.warning("outbox message %s (%s) not sent, attempt %s%s: %s", message.id, message.kind,
                message.attempts, " (gave up)" if give_up else "", error)
    return DeliveryReport(failed=1) if give_up else DeliveryReport(retrying=1)


def release(messages: list[Outgoing]) -> None:
    """Hand claimed messages back untried (the worker is stopping): not counted as attempts."""
    if not messages:
        return
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_([m.id for m in messages]), OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.PENDING, claimed_until=None, attempts=OutboxMessage.attempts - 1)
    )
    db.session.commit()


def deliver_batch(now: datetime | None = None, stop: threading.Event | None = None) -> DeliveryReport | None:
    """Claim and send one batch; None when nothing was due."""
    batch = claim(now)
    if not batch:
        return None
    report = DeliveryReport()
    envelope_sender = sender_address(current_app.config["MAIL_DEFAULT_SENDER"]).addr_spec
    with backend_for(current_app.config) as backend:
        for index, message in enumerate(batch):
            if stop is not None and stop.is_set():
                release(batch[index:])
                break
            try:
                backend.send(compose(message), sender=envelope_sender, recipient=message.recipient, ident=message.id)
            except ServerUnreachable as error:
                # Nothing else would get through now: the whole rest of the batch waits its turn.
                for waiting in batch[index:]:
                    report += mark_unsent(waiting, str(error), now=now)
                break
            except DeliveryError as error:
                report += mark_unsent(message, str(error), permanent=error.permanent, now=now)
            except (BadAddress, UnknownKind) as error:
                report += mark_unsent(message, str(error), permanent=True, now=now)
            except Exception as error:  # a rendering bug must not stop the other messages
                log.exception("outbox message %s could not be rendered", message.id)
                report += mark_unsent(message, f"{type(error).__name__}: {error}", now=now)
            else:
                mark_sent(message.id, now)
                report.sent += 1
    return report


def deliver_due(now: datetime | None = None, stop: threading.Event | None = None) -> DeliveryReport:
    """Send everything due now, batch after batch (messages put off for later are left)."""
    total = DeliveryReport()
    while stop is None or not stop.is_set():
        report = deliver_batch(now, stop)
        if report is None:
            break
        total += report
    return total
