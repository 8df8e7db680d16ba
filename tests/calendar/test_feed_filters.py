"""The public feed reads the programme's filters with the API's own schema: both refuse the same input."""

import pytest


@pytest.mark.parametrize("query", ["kind=zzz", "venue=abc", "venue=-1", "from=2026-13-01", "to=yesterday",
                                   "available=maybe", "from=20261201", "from=2026-05-10&to=2026-05-01",
                                   "q=" + "x" * 101])
def test_what_the_api_refuses_the_feed_refuses(client, query):
    assert client.get(f"/api/v1/events?{query}").status_code == 422
    assert client.get(f"/calendar/events.ics?{query}").status_code == 400


def test_the_feed_also_takes_the_programme_pages_names_for_the_dates(client, make):
    session = make.session()
    day = session.starts_at.date().isoformat()
    before = (session.starts_at.date().replace(year=session.starts_at.year - 1)).isoformat()

    assert f"session-{session.id}@".encode() in client.get(f"/calendar/events.ics?date_from={day}").data
    assert f"session-{session.id}@".encode() not in client.get(f"/calendar/events.ics?date_to={before}").data
