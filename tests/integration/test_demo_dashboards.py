"""The small demo, seen on the organisers' dashboard: its sign-ups charted over the weeks they were made."""

import re
from datetime import timedelta

import sqlalchemy as sa

from booking.demo import content
from booking.extensions import db
from booking.models import Registration, Session, utcnow
from tests.auth import sign_in
from tests.integration.test_demo import small, small_app  # noqa: F401 (module-scoped fixtures shared)


def test_the_demo_sign_ups_are_spread_over_the_weeks_shown_not_all_made_today(small, small_app):  # noqa: F811
    # Every demo booking used to be made "now": the 30-day chart was a single bar on today's edge, and looked empty.
    client = small_app.test_client()
    sign_in(client, content.ORGANISER["email"], content.ORGANISER["password"])
    page = client.get("/organiser/dashboard/", headers={"Accept-Language": "en"}).get_data(as_text=True)

    chart = page[page.index('id="chart-signups-title"'):]
    chart = chart[:chart.index("</svg>")]
    days_with_sign_ups = [int(n) for n in re.findall(r"<title>[^<]*: (\d+)</title>", chart) if int(n) > 0]
    assert len(days_with_sign_ups) >= 10
    assert max(days_with_sign_ups) < sum(days_with_sign_ups) / 3  # no single day holds them all


def _figures(client, url: str) -> str:
    return client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_the_demo_has_past_sessions_with_arrivals_no_shows_and_promotions(small):  # noqa: F811
    now = utcnow()
    past = db.session.scalars(sa.select(Session).where(Session.starts_at < now)).all()
    assert len(past) >= 3
    parties = {session.id: db.session.scalars(sa.select(Registration).where(Registration.session_id == session.id)).all()
               for session in past}
    for session in past:
        confirmed = [r for r in parties[session.id] if r.status == "confirmed"]
        arrived = [r for r in confirmed if r.checked_in_at is not None]
        assert 0 < len(arrived) < len(confirmed)  # some came, some did not
        assert all(session.starts_at - timedelta(hours=1) < r.checked_in_at < session.ends_at for r in arrived)
        assert sum(r.seats for r in confirmed) == session.seats_taken
    assert sum(r.promoted_at is not None for rows in parties.values() for r in rows) >= len(past)


def test_the_demo_attendance_and_reach_views_show_non_zero_figures(small, small_app):  # noqa: F811
    client = small_app.test_client()
    sign_in(client, content.ORGANISER["email"], content.ORGANISER["password"])

    team = _figures(client, "/organiser/dashboard/")
    attended = re.search(r"Over (\d+) past sessions? where people were checked in: (\d+)% attended", team)
    assert attended, "the attendance chart says there is no past session with check-in"
    assert int(attended.group(1)) >= 3 and 0 < int(attended.group(2)) < 100

    reach = _figures(client, "/organiser/dashboard/reach")
    people = re.search(r"(\d+) (?:people|person) attended at least one session in this period", reach)
    assert people, "the reach view says nobody was reached"
    assert int(people.group(1)) > 0
