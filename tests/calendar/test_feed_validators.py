"""Calendar feeds answer 304 while their data is unchanged (ETag, Last-Modified), and 200 again after a change."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from booking.calendar import entries, feeds
from booking.extensions import db
from booking.models import utcnow
from booking.services import bookings, programme
from tests.calendar.parsing import events, parse_both
from tests.statements import recorded_statements, selects

PUBLIC = "/calendar/events.ics"


def get(client, url: str, **headers):
    return client.get(url, headers=headers)


def first_fetch(client, url: str):
    response = get(client, url)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"') and not response.headers["ETag"].startswith('W/')
    return response


def uids(response) -> set[str]:
    calendar, _ = parse_both(response.data)
    return {str(e["UID"]) for e in events(calendar)}


def an_hour_ago(make, **fields):
    """A session whose data last changed an hour ago (so Last-Modified is sent: see conditional.validated)."""
    session = make.session(**fields)
    past = utcnow() - timedelta(hours=1)
    for model, row in ((type(session), session), (type(session.event), session.event),
                       (type(session.event.venue), session.event.venue)):
        column = model.changed_at if hasattr(model, "changed_at") else model.updated_at
        db.session.execute(sa.update(model).where(model.id == row.id).values({column.key: past}))
    db.session.commit()
    return session


def test_public_feed_round_trip_200_304_then_200_after_a_change(client, make):
    session = an_hour_ago(make)
    first = first_fetch(client, PUBLIC)
    assert first.headers["Last-Modified"] and first.headers["Cache-Control"] == "public, max-age=300"

    again = get(client, PUBLIC, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=300"
    by_date = get(client, PUBLIC, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304

    session.event.title = "Rencontre renommée"
    db.session.commit()
    changed = get(client, PUBLIC, **{"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert b"Rencontre renomm" in changed.data
    assert get(client, PUBLIC, **{"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_the_same_data_gives_the_same_bytes(client, make):
    an_hour_ago(make)
    first, second = first_fetch(client, PUBLIC), first_fetch(client, PUBLIC)
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert b"DTSTAMP:" in first.data  # the data's last change, not the time of the request


@pytest.mark.parametrize("change", ["reschedule", "cancel_session", "new_session", "unpublish", "venue"])
def test_every_change_a_calendar_shows_changes_the_etag(client, make, change):
    session = an_hour_ago(make)
    tag = first_fetch(client, PUBLIC).headers["ETag"]
    if change == "reschedule":
        bookings.reschedule(session.id, session.starts_at + timedelta(hours=1), session.ends_at + timedelta(hours=1))
    elif change == "cancel_session":
        bookings.cancel_session(session.id)
    elif change == "new_session":
        make.session(event=session.event, starts_in=timedelta(days=9))
    elif change == "unpublish":
        session.event.status = "draft"
    else:
        session.event.venue.address = "10 rue Neuve"
    db.session.commit()
    after = get(client, PUBLIC, **{"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag


def test_a_booking_leaves_the_public_feed_unchanged(client, make):
    """Seats are not in the feed: calendars polling it keep getting 304 through a rush of bookings."""
    session = an_hour_ago(make)
    tag = first_fetch(client, PUBLIC).headers["ETag"]
    make.registration(session)
    assert get(client, PUBLIC, **{"If-None-Match": tag}).status_code == 304


def test_a_304_is_answered_without_reading_a_session_or_building_the_body(client, make, monkeypatch):
    an_hour_ago(make)
    tag = first_fetch(client, PUBLIC).headers["ETag"]
    def refuse(*_args, **_kwargs):
        raise AssertionError("the body was built for a 304")

    monkeypatch.setattr(programme, "feed_rows", refuse)
    monkeypatch.setattr(entries, "public_feed", refuse)
    with recorded_statements() as statements:
        assert get(client, PUBLIC, **{"If-None-Match": tag}).status_code == 304
    assert len(selects(statements)) == 1, statements


def test_filtered_feeds_and_languages_have_their_own_etags(client, make):
    an_hour_ago(make, event=make.event(kind="talk"))
    an_hour_ago(make, event=make.event(kind="workshop"))
    everything = first_fetch(client, PUBLIC)
    talks = first_fetch(client, PUBLIC + "?kind=talk")
    assert talks.headers["ETag"] != everything.headers["ETag"] and len(uids(talks)) == 1
    assert get(client, PUBLIC + "?kind=talk", **{"If-None-Match": talks.headers["ETag"]}).status_code == 304
    english = get(client, PUBLIC, **{"Accept-Language": "en"})
    french = get(client, PUBLIC, **{"Accept-Language": "fr"})
    assert english.headers["ETag"] != french.headers["ETag"]
    assert get(client, PUBLIC, **{"Accept-Language": "fr", "If-None-Match": english.headers["ETag"]}).status_code == 200


def test_the_public_feed_keeps_the_past_week_only(client, make):
    last_week = make.session(starts_in=-(programme.FEED_PAST - timedelta(hours=3)))
    older = make.session(starts_in=-(programme.FEED_PAST + timedelta(hours=3)))
    coming = make.session()
    found = uids(first_fetch(client, PUBLIC))
    assert f"session-{last_week.id}@guichet.test" in found and f"session-{coming.id}@guichet.test" in found
    assert f"session-{older.id}@guichet.test" not in found


def test_a_session_leaving_the_past_window_changes_the_etag(app, make):
    """The feed's version at two moments: between them a session fell out of the past week."""
    session = make.session(starts_in=-(programme.FEED_PAST - timedelta(hours=1)))
    filters = programme.ProgrammeFilters()
    now = utcnow()
    before = programme.feed_version(filters, tz="Europe/Paris", now=now)
    after = programme.feed_version(filters, tz="Europe/Paris", now=now + timedelta(hours=2))
    assert (before.count, after.count) == (1, 0)
    assert after.last_change >= session.starts_at + programme.FEED_PAST


def personal_feed_url(make, email: str) -> str:
    feed = feeds.get_or_create_feed(email)
    db.session.commit()
    return f"/calendar/feed/{feed.token}.ics"


def test_personal_feed_round_trip_and_a_change_of_seats(client, make):
    registration = make.registration(make.session(), email="marie@example.org")
    url = personal_feed_url(make, "marie@example.org")
    first = first_fetch(client, url)
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["X-Robots-Tag"] == "noindex"

    bookings.change_seats(registration.id, 2)  # no time of its own: the digest sees it
    db.session.commit()
    changed = get(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and b"2 seats booked" in changed.data.replace(b"\r\n ", b"")
    assert get(client, url, **{"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_personal_feed_trusts_no_if_modified_since_alone(client, make):
    make.registration(make.session(), email="marie@example.org")
    url = personal_feed_url(make, "marie@example.org")
    assert get(client, url, **{"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}).status_code == 200


def test_a_new_booking_changes_the_personal_feed(client, make):
    session = make.session()
    make.registration(session, email="marie@example.org")
    url = personal_feed_url(make, "marie@example.org")
    tag = first_fetch(client, url).headers["ETag"]
    make.registration(make.session(), email="Marie@example.org")
    assert get(client, url, **{"If-None-Match": tag}).status_code == 200
