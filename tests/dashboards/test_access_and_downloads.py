"""Who may see which dashboard, the period filter's checks, and the CSV files."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import ExportLog, utcnow
from booking.services import bookings
from tests.dashboards.conftest import book, local_at, local_day, read_csv


@pytest.fixture
def teams(make):
    ours, theirs = make.team("#UpConf"), make.team("Laboratoire des publics")
    our_event = make.event(team=ours, title="Ours")
    their_event = make.event(team=theirs, title="Theirs")
    for event, seats in ((our_event, 2), (their_event, 3)):
        book(make.session(event=event, starts_at=utcnow() + timedelta(days=4)), at=local_at(1), seats=seats)
    return ours, theirs, our_event, their_event


def test_another_teams_event_dashboard_and_its_files_answer_404(make, teams, login):
    ours, _theirs, _our_event, their_event = teams
    client = login(make.user(role="organiser", teams=[ours]))

    assert client.get(f"/organiser/dashboard/events/{their_event.id}").status_code == 404
    assert client.get(f"/organiser/dashboard/events/{their_event.id}/tables/sessions.csv").status_code == 404
    assert client.get("/organiser/dashboard/events/999999").status_code == 404


def test_citizens_are_refused(make, teams, login):
    assert login(make.user(role="citizen")).get("/organiser/dashboard/").status_code == 403


def test_visitors_are_sent_to_sign_in(teams, client):
    response = client.get("/organiser/dashboard/reach")

    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_admins_see_every_team_and_may_narrow_to_one(make, teams, login):
    ours, theirs, _our_event, their_event = teams
    client = login(make.user(role="admin"))

    everything = read_csv(client.get("/organiser/dashboard/tables/signups.csv"))
    only_theirs = read_csv(client.get(f"/organiser/dashboard/tables/signups.csv?team={theirs.id}"))

    assert everything[-1] == ["Total", "2", "5"]
    assert only_theirs[-1] == ["Total", "1", "3"]
    assert client.get(f"/organiser/dashboard/events/{their_event.id}").status_code == 200


def test_an_organiser_cannot_pick_a_team_that_is_not_theirs(make, teams, login):
    ours, theirs, _our_event, _their_event = teams
    client = login(make.user(role="organiser", teams=[ours]))

    response = client.get(f"/organiser/dashboard/?team={theirs.id}")

    assert response.status_code == 400
    assert "Please check the period" in response.text
    assert "Theirs" not in response.text
    assert client.get(f"/organiser/dashboard/tables/signups.csv?team={theirs.id}").status_code == 400


@pytest.mark.parametrize("query, message", [
    ("date_from=2026-13-45", "Not a valid date value."),
    ("date_from=yesterday&date_to=2026-01-01", "Not a valid date value."),
    ("date_from=2026-05-10&date_to=2026-05-01", "The end date must come after the start date."),
    ("date_from=2020-01-01&date_to=2026-01-01", "Please choose a period of at most 731 days."),
    ("date_to=" + "9" * 300, "Not a valid date value."),
])
def test_bad_periods_are_form_errors_not_failures(make, teams, login, query, message):
    client = login(make.user(role="organiser", teams=[teams[0]]))

    for path in ("/organiser/dashboard/", "/organiser/dashboard/reach", f"/organiser/dashboard/events/{teams[2].id}"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.text
        assert 'aria-invalid="true"' in response.text
    assert client.get(f"/organiser/dashboard/tables/signups.csv?{query}").status_code == 400


def test_a_chosen_period_changes_the_days_shown(make, teams, login):
    client = login(make.user(role="organiser", teams=[teams[0]]))

    rows = read_csv(client.get(f"/organiser/dashboard/tables/signups.csv?date_from={local_day(3)}&date_to={local_day(0)}"))

    assert [row[0] for row in rows[1:]] == [local_day(3), local_day(2), local_day(1), local_day(0), "Total"]
    assert rows[-1] == ["Total", "1", "2"]


def test_unknown_tables_answer_404(make, teams, login):
    client = login(make.user(role="organiser", teams=[teams[0]]))

    assert client.get("/organiser/dashboard/tables/nonsense.csv").status_code == 404
    assert client.get("/organiser/dashboard/reach/tables/upcoming.csv").status_code == 404


def test_csv_cells_that_spreadsheets_would_run_are_neutralised_and_any_script_survives(make, login):
    team = make.team()
    event = make.event(team=team)
    held = make.session(event=event, capacity=50, starts_at=utcnow() - timedelta(days=2))
    for structure in ("=HYPERLINK(\"http://evil.example\")", "+33 6 12 34 56 78", "-2+3", "@SUM(A1)",
                      "Ассоциация «Дружба» 東京"):
        bookings.book_for_group(held.id, bookings.BookingRequest(name="Référente", email=f"{len(structure)}@x.example",
                                                                 seats=1),
                                bookings.GroupBooking(structure=structure), now=local_at(5), key=settings.pseudonym_key())
    db.session.commit()
    client = login(make.user(role="organiser", teams=[team]))

    response = client.get("/organiser/dashboard/reach/tables/groups.csv")
    structures = sorted(row[0] for row in read_csv(response)[1:-1])

    assert structures == sorted(["'=HYPERLINK(\"http://evil.example\")", "'+33 6 12 34 56 78", "'-2+3", "'@SUM(A1)",
                                 "Ассоциация «Дружба» 東京"])
    assert response.headers["Content-Disposition"].startswith('attachment; filename="reach-groups-')
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_each_download_is_logged_for_the_privacy_record(make, teams, login):
    user = make.user(role="organiser", teams=[teams[0]])
    client = login(user)

    client.get("/organiser/dashboard/tables/upcoming.csv")
    client.get(f"/organiser/dashboard/events/{teams[2].id}/tables/accessibility.csv")

    logs = db.session.scalars(sa.select(ExportLog).order_by(ExportLog.id)).all()
    assert [(log.user_id, log.kind, log.target) for log in logs] == [
        (user.id, "dashboard_csv", "team:upcoming"), (user.id, "dashboard_csv", f"event-{teams[2].id}:accessibility")]


def test_a_long_period_counts_sign_ups_per_week(make, teams, login):
    client = login(make.user(role="organiser", teams=[teams[0]]))

    rows = read_csv(client.get(f"/organiser/dashboard/tables/signups.csv?date_from={local_day(89)}&date_to={local_day(0)}"))

    assert rows[0][0] == "Week starting"
    assert 13 <= len(rows) - 2 <= 14  # 90 days in weeks from Monday
    assert rows[-1] == ["Total", "1", "2"]
