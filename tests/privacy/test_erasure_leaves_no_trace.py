"""After an erasure, no table and no outbox file holds the address or the name (every column is read)."""

import json
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from booking import links, settings
from booking.calendar import feeds
from booking.extensions import db
from booking.mail.delivery import deliver_due
from booking.mail.outbox import MessageKind, enqueue
from booking.models import OutboxMessage, OutboxStatus, utcnow
from booking.privacy.personal_data import purge_personal_data
from booking.services import account_links, bookings
from tests.account.helpers import PASSWORD, sign_in
from tests.privacy.helpers import prove

ADDRESS = "Trace.Me@Example.org"
TRACES = ("trace.me", "tracy mee", "traceable needs")


def traces_in_tables() -> list[str]:
    """Every table, every column: a column added later is checked too."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            for column, value in row.items():
                text = (json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)).lower()
                found += [f"{table.name}.{column}: {trace}" for trace in TRACES if trace in text]
    return found


def traces_in_files(app) -> list[str]:
    directory = Path(app.config["MAIL_OUTBOX_DIR"])
    return [path.name for path in directory.glob("*.eml")
            if any(trace in path.read_bytes().decode("utf-8", "replace").lower() for trace in TRACES)]


def _a_person_with_everything(make, *, account: bool = False):
    """Bookings (one past), sent emails with their files, a failed one quoting the address, a pending one, a feed."""
    if account:
        make.user(ADDRESS.lower())
    upcoming = make.registration(make.session(), email=ADDRESS, name="Tracy Mee",
                                 accessibility_needs="traceable needs")
    past = make.registration(make.session(), email="trace.me@example.org", name="Tracy Mee")
    past.session.starts_at = utcnow() - timedelta(days=3)
    past.session.ends_at = past.session.starts_at + timedelta(hours=2)
    feeds.get_or_create_feed(ADDRESS)
    if account:
        account_links.request_password_reset(ADDRESS, "fr", link=links.password_link, secret_key=settings.signing_key())
    db.session.commit()
    deliver_due()  # the confirmations are sent: rows marked sent, .eml files written
    failed = enqueue(MessageKind.VERIFY_EMAIL, ADDRESS, "fr", name="Tracy Mee", verify_url="http://x/")
    failed.status, failed.last_error = OutboxStatus.FAILED, f"recipient refused: {{'{ADDRESS}': (550, b'no')}}"
    enqueue(MessageKind.VERIFY_EMAIL, ADDRESS, "fr", name="Tracy Mee", verify_url="http://x/")  # pending
    db.session.commit()
    return upcoming, past


def test_the_setup_leaves_traces_to_find(app, make):
    _a_person_with_everything(make)
    assert traces_in_tables() and traces_in_files(app)


def test_erasing_an_address_with_its_emailed_link_leaves_no_trace(app, client, make):
    _a_person_with_everything(make)

    prove(client, "trace.me@example.org")
    deliver_due()  # the link's own email, written to a file too
    assert client.post("/my-data/erase").status_code == 302

    assert traces_in_tables() == []
    assert traces_in_files(app) == []
    # Pending emails to them were deleted, never sent.
    assert deliver_due().sent == 0
    assert not db.session.scalar(sa.select(sa.exists().where(OutboxMessage.status != OutboxStatus.SENT)))


def test_deleting_an_account_leaves_no_trace(app, client, make):
    _a_person_with_everything(make, account=True)

    sign_in(client, "trace.me@example.org")
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302

    assert traces_in_tables() == []
    assert traces_in_files(app) == []
    assert sign_in(client, "trace.me@example.org").status_code == 200  # refused: the account is gone


def test_erasing_one_booking_forgets_its_emails_and_their_files_only(app, client, make):
    upcoming, past = _a_person_with_everything(make)
    upcoming_files = {path.name for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")}

    assert client.post(f"/r/{upcoming.manage_token}/erase").status_code == 302

    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.registration_id == upcoming.id)).all()
    assert rows and all("trace" not in f"{m.recipient} {json.dumps(m.payload)}".lower() for m in rows)
    remaining = {path.name for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")}
    assert remaining < upcoming_files  # its files went; the other booking's stay
    assert db.session.scalar(sa.select(sa.exists().where(OutboxMessage.registration_id == past.id,
                                                         OutboxMessage.recipient == "trace.me@example.org")))


def test_the_retention_purge_covers_the_outbox_and_its_files(app, make):
    _upcoming, past = _a_person_with_everything(make)
    bookings.cancel(_upcoming.id)  # so that only the past booking's person data remains in bookings
    db.session.commit()
    deliver_due()

    later = utcnow() + timedelta(days=30)
    for registration_session in (past.session, _upcoming.session):
        registration_session.starts_at = later - timedelta(days=2)
        registration_session.ends_at = later - timedelta(days=1)
    db.session.commit()
    purge_personal_data(0, now=later)
    db.session.commit()

    assert traces_in_tables() == []
    assert traces_in_files(app) == []
