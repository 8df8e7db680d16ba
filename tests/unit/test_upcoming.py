"""``Session.is_upcoming``: one rule for "still to come", the same in Python and in SQL."""

from datetime import timedelta

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Session


def test_a_session_is_upcoming_until_it_ends(app, make):
    session = make.session()
    assert session.is_upcoming(session.starts_at + timedelta(minutes=1))  # started, not over: still listed
    assert not session.is_upcoming(session.ends_at)


def test_sql_says_the_same_as_python(app, make):
    session = make.session()

    def upcoming_ids(now):
        return list(db.session.scalars(sa.select(Session.id).where(Session.is_upcoming(now))))

    assert upcoming_ids(session.ends_at - timedelta(seconds=1)) == [session.id]
    assert upcoming_ids(session.ends_at) == []
