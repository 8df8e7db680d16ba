"""The demo data: the small programme as described, and the large one consistent by construction."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from booking import create_app
from booking.demo import LargeSizes, seed
from booking.extensions import db
from booking.models import Event, OutboxMessage, Registration, Session, Team, User, Venue, utcnow
from booking.services.accounts import authenticate
from config import TestingConfig

SMALL_LARGE = LargeSizes(events=40, sessions=180, registrations=3_000, people=900, batch=700)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def counter_mismatches() -> list[tuple[int, int, int]]:
    """Sessions whose seats_taken is not the sum of their confirmed (and offered) seats, or that overflow."""
    confirmed = (
        sa.select(sa.func.coalesce(sa.func.sum(Registration.seats), 0))
        .where(Registration.session_id == Session.id, Registration.status.in_(["confirmed", "offered"]))
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Session.id, Session.seats_taken, confirmed)
        .where(sa.or_(Session.seats_taken != confirmed, Session.seats_taken > Session.capacity))
    )
    return rows.all()


def duplicate_active_emails() -> int:
    return len(db.session.execute(
        sa.select(Registration.session_id, sa.func.lower(Registration.email))
        .where(Registration.status.in_(["confirmed", "waitlisted", "offered"]),
               sa.func.coalesce(Registration.email, "") != "")  # people booked without an email are no duplicates
        .group_by(Registration.session_id, sa.func.lower(Registration.email))
        .having(sa.func.count() > 1)
    ).all())


@pytest.fixture(scope="module")
def small_app(tmp_path_factory):
    """One app seeded once through the command, for the tests that only read the small demo."""
    folder = tmp_path_factory.mktemp("demo")

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'guichet.db'}"
        MAIL_OUTBOX_DIR = str(folder / "outbox")

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["booking", "seed-demo"])
        assert result.exit_code == 0, result.output
        app.config["DEMO_OUTPUT"] = result.output
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def small(small_app):
    db.session.rollback()
    return small_app.config["DEMO_OUTPUT"]


def test_small_demo_has_both_teams_and_the_demo_accounts(small):
    assert "Demo programme (small) loaded" in small
    assert set(db.session.scalars(sa.select(Team.name))) == {"#UpConf", "Laboratoire des publics"}
    organiser = authenticate("organisatrice@guichet.example", "demo-organiser-2026")
    admin = authenticate("admin@guichet.example", "demo-admin-2026")
    assert organiser.role == "organiser"
    assert {team.name for team in organiser.teams} == {"#UpConf", "Laboratoire des publics"}
    assert admin.role == "admin"
    assert "organisatrice@guichet.example / demo-organiser-2026" in small


def test_small_demo_is_at_the_groups_venues(small):
    venues = {(v.name, v.city) for v in db.session.scalars(sa.select(Venue))}
    assert {"Commune Image", "H7", "La Citadelle"} <= {name for name, _ in venues}
    assert {"Saint-Ouen", "Lyon", "Sèvres", "Marseille"} == {city for _, city in venues}
    assert all(v.address for v in db.session.scalars(sa.select(Venue)))


def test_small_demo_programme_covers_every_kind_in_french_over_the_next_eight_weeks(small):
    events = db.session.scalars(sa.select(Event)).all()
    by_team = {team: {e.kind for e in events if e.team.name == team} for team in ("#UpConf", "Laboratoire des publics")}
    assert by_team["#UpConf"] == {"talk", "debate"}
    assert {"guided_tour", "workshop", "screening", "show", "other"} <= by_team["Laboratoire des publics"]
    assert all("###" in e.description or "**" in e.description for e in events)  # Markdown
    assert any("Atelier" in e.title for e in events) and any("Visite" in e.title for e in events)
    now = utcnow()
    starts = db.session.scalars(sa.select(Session.starts_at)).all()
    coming = [start for start in starts if start > now]
    assert max(coming) < now + timedelta(weeks=8)
    # and a few already held, within the last five weeks (their check-ins feed the dashboards)
    held = [start for start in starts if start <= now]
    assert 1 <= len(held) <= 4 and min(held) > now - timedelta(weeks=5)


def test_small_demo_has_full_sessions_with_waiting_lists_not_yet_open_ones_a_cancelled_one_and_a_draft(small):
    now = utcnow()
    full_with_waiting = db.session.scalars(
        sa.select(Session).where(Session.seats_taken == Session.capacity,
                                 Session.id.in_(sa.select(Registration.session_id).where(Registration.status == "waitlisted")))
    ).all()
    assert len(full_with_waiting) >= 3
    not_open = db.session.scalars(sa.select(Session).where(Session.registration_opens_at > now)).all()
    assert len(not_open) >= 3
    assert all(count(Registration, Registration.session_id == s.id) == 0 for s in not_open)
    [cancelled] = db.session.scalars(sa.select(Session).where(Session.status == "cancelled")).all()
    assert count(Registration, Registration.session_id == cancelled.id) > 0
    assert count(Registration, Registration.session_id == cancelled.id, Registration.status != "cancelled") == 0
    assert count(Event, Event.status == "draft") == 1
    assert count(Registration, Registration.partner_structure.is_not(None)) >= 1


def test_small_demo_counters_equal_the_confirmed_seats(small):
    assert counter_mismatches() == []
    assert duplicate_active_emails() == 0
    assert count(Registration, Registration.status == "confirmed") > 50


def test_small_demo_queues_no_email_to_its_invented_people(small):
    assert count(OutboxMessage) == 0


def test_small_demo_shows_on_the_public_pages(small, small_app):
    page = small_app.test_client().get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "#UpConf" in page and "Full, waiting list open" in page
    assert "Atelier robotique" not in page  # the draft


def test_seed_demo_if_empty_loads_once_then_leaves_the_data_alone(runner):
    first = runner.invoke(args=["booking", "seed-demo", "--if-empty"])
    db.session.rollback()
    totals = (count(Event), count(Session), count(Registration), count(User))

    second = runner.invoke(args=["booking", "seed-demo", "--if-empty"])
    db.session.rollback()

    assert first.exit_code == 0 and "loaded" in first.output
    assert second.exit_code == 0 and "demo not loaded" in second.output
    assert (count(Event), count(Session), count(Registration), count(User)) == totals


def test_small_demo_is_the_same_for_the_same_seed_and_day(app):
    now = datetime.fromisoformat("2026-12-01T09:00:00+00:00")

    def snapshot():
        seed("small", now=now)
        db.session.commit()
        rows = db.session.execute(
            sa.select(Event.title, Session.starts_at, Session.capacity, Session.seats_taken)
            .join(Session.event).order_by(Session.id)
        ).all()
        people = db.session.execute(sa.select(Registration.email, Registration.seats, Registration.status)
                                    .order_by(Registration.id)).all()
        return rows, people

    first = snapshot()
    db.session.rollback()
    db.drop_all()
    db.create_all()
    assert snapshot() == first


def test_seed_refuses_an_unknown_scale(app):
    with pytest.raises(ValueError, match="unknown scale"):
        seed("medium")


def check_large(sizes: LargeSizes) -> None:
    now = utcnow()
    summary = seed("large", sizes=sizes)
    db.session.commit()

    assert "Demo programme (large) loaded" in summary
    assert count(Event) == sizes.events
    assert count(Session) == sizes.sessions
    assert count(Registration) == sizes.registrations
    assert counter_mismatches() == []
    assert duplicate_active_emails() == 0
    for status in ("confirmed", "waitlisted", "cancelled"):
        assert count(Registration, Registration.status == status) > 0, status
    assert count(Registration, Registration.checked_in_at.is_not(None)) > 0
    assert count(Registration, Registration.partner_structure.is_not(None)) > 0
    assert count(Registration, Registration.cancelled_by == "session") > 0
    starts = db.session.scalars(sa.select(Session.starts_at)).all()
    assert min(starts) < now - timedelta(days=200) and max(starts) > now + timedelta(days=30)
    assert min(starts) > now - timedelta(days=370) and max(starts) < now + timedelta(days=63)
    # Nobody books a draft, nor a session whose registration has not opened.
    drafts = sa.select(Session.id).join(Session.event).where(Event.status == "draft")
    assert count(Registration, Registration.session_id.in_(drafts)) == 0
    assert count(Registration, Registration.session_id.in_(
        sa.select(Session.id).where(Session.registration_opens_at > now))) == 0
    # Only past sessions have check-ins; only confirmed parties are checked in.
    assert count(Registration, Registration.checked_in_at.is_not(None), Registration.status != "confirmed") == 0
    future = sa.select(Session.id).where(Session.starts_at > now)
    assert count(Registration, Registration.checked_in_at.is_not(None), Registration.session_id.in_(future)) == 0


def test_large_demo_scaled_down_is_consistent_on_sqlite(app):
    check_large(SMALL_LARGE)


@pytest.mark.postgres
def test_large_demo_scaled_down_is_consistent_on_postgresql(pg_app):
    check_large(SMALL_LARGE)


def test_small_demo_shows_the_newer_features(small):
    from booking.models import Allocation, MemberRole
    from booking.services import accounts

    english = db.session.scalars(sa.select(Event).where(Event.title_en != "")).all()
    assert len(english) == 1 and english[0].summary_en and english[0].description_en
    [allocation] = db.session.scalars(sa.select(Allocation)).all()
    assert allocation.seats == 6 and allocation.session.seats_held == 4 and allocation.release_at > utcnow()
    assert count(Registration, Registration.allocation_id == allocation.id, Registration.email.is_(None)) == 2
    volunteer = authenticate("accueil@guichet.example", "demo-door-2026")
    assert volunteer.role == "citizen"
    assert [(team.name, role) for team, role in accounts.teams_of(volunteer)] == [("Laboratoire des publics",
                                                                                   MemberRole.DOOR)]
    assert "accueil@guichet.example / demo-door-2026" in small
    soon = db.session.scalars(sa.select(Session).join(Session.event).where(
        Event.team.has(name="Laboratoire des publics"), Session.starts_at > utcnow(),
        Session.starts_at <= utcnow() + timedelta(hours=1))).all()
    assert len(soon) == 1 and soon[0].seats_taken == 7
    [asking] = db.session.scalars(sa.select(Session).where(Session.reconfirm_days_before.is_not(None))).all()
    statuses = set(db.session.scalars(sa.select(Registration.reconfirm_status).where(
        Registration.session_id == asking.id, Registration.status == "confirmed")))
    assert {"requested", "reconfirmed"} <= statuses
    [offering] = db.session.scalars(sa.select(Session).where(Session.offer_hours.is_not(None))).all()
    assert count(Registration, Registration.session_id == offering.id, Registration.status == "offered") == 1
