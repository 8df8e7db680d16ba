"""Forgetting a person in the outbox: its rows and the file backend's copies.

Emails not yet sent to them are deleted (never sent: they would carry what was
erased); sent ones keep their row, for the counts, with the recipient replaced by
its pseudonym and the payload and last error (an SMTP refusal quotes the address)
emptied. The file backend names each file after its message id, so those go too.
"""

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from booking import settings
from booking.extensions import db
from booking.mail.backends import remove_message_files
from booking.models import OutboxMessage, OutboxStatus
from booking.services.pseudonyms import anonymous_email, is_anonymous_email


def forget_messages(condition) -> int:
    """Forget every outbox message matching ``condition`` (an SQL expression); returns how many."""
    db.session.flush()
    rows = db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.recipient).where(condition)).all()
    if not rows:
        return 0
    ids = [row.id for row in rows]
    db.session.execute(
        sa.delete(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status != OutboxStatus.SENT)
        .execution_options(synchronize_session=False)
    )
    key = settings.pseudonym_key()
    for row in rows:
        stand_in = row.recipient if is_anonymous_email(row.recipient) else anonymous_email(row.recipient, key)
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(recipient=stand_in, recipient_key=stand_in, payload={}, last_error=None)
            .execution_options(synchronize_session=False)
        )
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, OutboxMessage):  # loaded before: must not write the old values back
            db.session.expire(instance)
    directory = current_app.config.get("MAIL_OUTBOX_DIR")
    if directory:
        remove_message_files(Path(directory), ids)
    return len(ids)
