import json
from datetime import timedelta

import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import CalendarFeed, ExportLog, OutboxMessage, Registration, Session, utcnow
from booking.privacy.exports import csv_bytes, log_export, neutralise_cell
from booking.privacy.personal_data import ANONYMOUS_DOMAIN, erase_person, purge_personal_data
from booking.services.pseudonyms import person_ref
from tests.privacy.helpers import prove


def _past_session(make, **fields):
    session = make.session(capacity=10)
    session.starts_at = utcnow() - timedelta(days=40)
    session.ends_at = session.starts_at + timedelta(hours=2)
    db.session.commit()
    return session


def test_a_booking_link_downloads_that_booking_only(client, make):
    first = make.registration(make.session(), email="Zoe@Example.org", name="Zoë Durand")
    make.registration(make.session(), email="zoe@example.org", name="Zoë Durand", accessibility_needs="fauteuil")

    response = client.get(f"/r/{first.manage_token}/my-data.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert len(data["registrations"]) == 1 and "account" not in data
    assert "fauteuil" not in response.get_data(as_text=True)


def test_download_all_gives_every_booking_of_the_person_once_the_address_is_proven(client, make):
    make.registration(make.session(), email="Zoe@Example.org", name="Zoë Durand")
    make.registration(make.session(), email="zoe@example.org", name="Zoë Durand")
    make.registration(make.session(), email="someone.else@example.org")

    assert client.get("/my-data/all.json").status_code == 302  # no proof yet
    prove(client, "ZOE@example.org")
    response = client.get("/my-data/all.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert len(data["registrations"]) == 2
    assert {r["name"] for r in data["registrations"]} == {"Zoë Durand"}


def test_download_with_unknown_token_is_not_found(client):
    assert client.get("/r/not-a-token/my-data.json").status_code == 404


def test_erasing_a_booking_cancels_it_first_so_the_waiting_list_moves(client, make):
    session = make.session(capacity=2)
    leaving = make.registration(session, seats=2, email="leaving@example.org", accessibility_needs="fauteuil")
    other = make.registration(make.session(), email="leaving@example.org", name="Léa Partante")
    waiting = make.registration(session, seats=2, email="waiting@example.org")
    assert waiting.status == "waitlisted"

    assert client.get(f"/r/{leaving.manage_token}/erase").status_code == 200
    response = client.post(f"/r/{leaving.manage_token}/erase")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    session = db.session.get(Session, session.id)
    assert session.seats_taken == 2
    erased = db.session.get(Registration, leaving.id)
    assert erased.email.endswith("@" + ANONYMOUS_DOMAIN) and erased.accessibility_needs == ""
    # The address's other booking is not this link's to erase.
    kept = db.session.get(Registration, other.id)
    assert (kept.email, kept.name, kept.status) == ("leaving@example.org", "Léa Partante", "confirmed")


def test_erasing_all_with_the_emailed_link_cancels_upcoming_bookings_first(client, make):
    session = make.session(capacity=2)
    leaving = make.registration(session, seats=2, email="leaving@example.org")
    waiting = make.registration(session, seats=2, email="waiting@example.org")

    prove(client, "leaving@example.org")
    assert client.get("/my-data/erase").status_code == 200
    assert client.post("/my-data/erase").status_code == 302

    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    assert db.session.get(Registration, leaving.id).email.endswith("@" + ANONYMOUS_DOMAIN)
    assert client.get("/my-data/bookings").status_code == 302  # the proven scope ends with the erasure


def test_erasure_leaves_no_personal_field_behind(app, make):
    session = make.session()
    registration = make.registration(session, email="Erase.Me@example.org", name="Ève Effacée",
                                     accessibility_needs="audiodescription", answers={"1": "végétarienne"})
    db.session.add(CalendarFeed(email="erase.me@example.org"))
    db.session.commit()

    erase_person("erase.me@example.org")
    db.session.commit()

    # Every column, so that one added later (as email_key was) is checked too.
    row = db.session.execute(sa.text("SELECT * FROM registrations WHERE id = :id"), {"id": registration.id}).one()
    flat = " ".join(str(value) for value in row).lower()
    assert "erase.me" not in flat and "ève" not in flat and "audiodescription" not in flat and "végétarienne" not in flat
    assert row.email.endswith("@" + ANONYMOUS_DOMAIN) and row.email_key == row.email
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0
    outbox_text = " ".join(
        f"{m.recipient} {json.dumps(m.payload)}" for m in db.session.scalars(sa.select(OutboxMessage))
    ).lower()
    assert "erase.me" not in outbox_text


def test_purge_anonymises_only_old_sessions_and_keeps_the_counts(app, make):
    old_sessions = [_past_session(make), _past_session(make)]
    for old in old_sessions:  # person0 came twice, to both sessions: still one person after the purge
        for n in range(2):
            db.session.add(Registration(session=old, name=f"Ancien {n}", email=f"Person{n}@example.org", seats=2,
                                        person_ref=person_ref(f"Person{n}@example.org",
                                                              settings.pseudonym_key()), status="confirmed",
                                        checked_in_at=old.starts_at))
        old.seats_taken = 4
    db.session.commit()
    recent = make.registration(make.session(), email="person0@example.org", name="Nouvelle")
    old_ids = [s.id for s in old_sessions]

    def figures():
        return db.session.execute(
            sa.select(sa.func.count(), sa.func.sum(Registration.seats), sa.func.count(Registration.checked_in_at),
                      sa.func.count(sa.distinct(sa.func.lower(Registration.email))))
            .where(Registration.session_id.in_(old_ids))
        ).one()

    before = figures()
    assert purge_personal_data(30) == 4
    db.session.commit()

    assert figures() == before
    names = db.session.scalars(sa.select(Registration.name).where(Registration.session_id.in_(old_ids))).all()
    assert all(not name.startswith("Ancien") for name in names)
    assert db.session.get(Registration, recent.id).name == "Nouvelle"
    assert purge_personal_data(30) == 0  # nothing left to purge


def test_purge_command(runner, make):
    _past_session(make)
    result = runner.invoke(args=["booking", "purge-personal-data", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 0" in result.output
    result = runner.invoke(args=["booking", "purge-personal-data", "--older-than", "-3"])
    assert result.exit_code != 0


def test_csv_cells_that_spreadsheets_would_run_are_neutralised():
    assert neutralise_cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert neutralise_cell("+33 6 12") == "'+33 6 12"
    assert neutralise_cell("-2+3") == "'-2+3"
    assert neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    # A tab or a carriage return starts a new cell for a naive reader: the piece after it is disarmed too.
    assert neutralise_cell("\t=cmd") == "'\t'=cmd" and neutralise_cell("\r=cmd") == "'\r'=cmd"
    assert neutralise_cell("李雷") == "李雷"
    data = csv_bytes(["Nom"], [["محمد"], ["=1+1"]], separator=";")
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ['"Nom"', '"محمد"', '"\'=1+1"']


def test_exports_are_logged(app, make):
    user = make.user(role="organiser")
    log_export(user, "attendees_csv", "session:1", row_count=12)
    db.session.commit()
    entry = db.session.scalar(sa.select(ExportLog))
    assert (entry.user_id, entry.kind, entry.target, entry.row_count) == (user.id, "attendees_csv", "session:1", 12)
