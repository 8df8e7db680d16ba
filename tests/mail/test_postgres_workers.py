"""On PostgreSQL, workers running side by side deliver every message exactly once."""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.mail.delivery import deliver_due
from booking.mail.outbox import MessageKind, enqueue
from booking.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.postgres

MESSAGES = 200


def test_two_workers_deliver_each_of_200_messages_exactly_once(pg_app, mailbox):
    for n in range(MESSAGES):
        enqueue(MessageKind.PASSWORD_RESET, f"person{n}@example.org", "fr", reset_url=f"http://guichet.test/reset/{n}")
    db.session.commit()
    start, errors, sent_by = threading.Barrier(2), [], Counter()

    def work(name: str):
        with pg_app.app_context():
            try:
                start.wait()
                sent_by[name] = deliver_due().sent
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    received = Counter(rcpt for _, rcpts, _ in mailbox.received for rcpt in rcpts)
    assert len(received) == MESSAGES
    assert set(received.values()) == {1}
    assert sum(sent_by.values()) == MESSAGES
    assert all(count > 0 for count in sent_by.values()), sent_by  # both really worked
    db.session.expire_all()
    statuses = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    ).all()
    assert statuses == [(OutboxStatus.SENT, MESSAGES)]
