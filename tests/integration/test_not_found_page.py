"""One app-wide 404 for the services' NotFound: every HTML page answers it the same way, after a rollback."""

import re

import sqlalchemy as sa

from booking.extensions import db
from booking.models import Team
from booking.services.errors import NotFound


def test_not_found_from_any_html_view_is_the_plain_404_page_and_writes_nothing(app, client):
    @app.get("/test/not-found")
    def refuses():
        db.session.add(Team(name="Half-written", slug="half-written"))
        db.session.flush()
        raise NotFound()

    refused = client.get("/test/not-found")
    unknown = client.get("/no-such-page")

    assert refused.status_code == unknown.status_code == 404
    assert refused.mimetype == "text/html"
    assert same_page(refused.text, "/test/not-found") == same_page(unknown.text, "/no-such-page")
    assert db.session.scalar(sa.select(Team).where(Team.name == "Half-written")) is None


def same_page(page: str, path: str) -> str:
    """The page without what changes with each request: its nonces and its own path (the language switch)."""
    return re.sub(r'nonce="[^"]*"', "", page).replace(path, "PATH")
