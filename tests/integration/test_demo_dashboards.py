"""The small demo, seen on the organisers' dashboard: its sign-ups charted over the weeks they were made."""

import re

from booking.demo import content
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
