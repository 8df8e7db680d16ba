"""The site works offline on a local network: no page loads a script, style, font or image from elsewhere.

Read from the HTML with the test client, so it runs without a browser; the
browser tests also refuse and report any request that leaves the server.
"""

import re
from html.parser import HTMLParser

import pytest

EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


class ResourceLinks(HTMLParser):
    """Addresses the browser would fetch by itself: scripts, stylesheets, icons, fonts, images, frames."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
            self.found.append(attrs.get("href") or "")
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
            self.found.append(attrs.get("src") or "")
        elif tag == "object":
            self.found.append(attrs.get("data") or "")


def _external_resources(html: str) -> list[str]:
    parser = ResourceLinks()
    parser.feed(html)
    inline_css = re.findall(r"url\(\s*['\"]?([^'\")]+)", html) + re.findall(r"@import\s+['\"]([^'\"]+)", html)
    return [url for url in parser.found + inline_css if EXTERNAL.match(url.strip())]


@pytest.fixture
def pages(app, make, client):
    team = make.team()
    venue = make.venue()
    event = make.event(team=team, venue=venue)
    session = make.session(event=event)
    registration = make.registration(session, seats=2)
    return ["/", "/?q=atelier", f"/events/{event.id}", f"/sessions/{session.id}/book", f"/r/{registration.manage_token}",
            f"/r/{registration.manage_token}/booked", f"/r/{registration.manage_token}/cancel", "/account/login",
            "/account/signup", "/privacy", "/api/v1/docs", "/no-such-page"]


def test_no_page_loads_anything_from_another_site(client, pages):
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert "<html" in html, path
        assert _external_resources(html) == [], path


def test_bootstrap_and_our_styles_are_served_by_guichet(client, pages):
    html = client.get("/").get_data(as_text=True)
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assert any("bootstrap" in href for href in stylesheets)
    for href in stylesheets:
        response = client.get(href)
        assert response.status_code == 200, href
        css = response.get_data(as_text=True)
        imported = re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s]+)", css)
        fonts = re.findall(r"url\(\s*['\"]?(https?:[^'\")]+)", css)
        assert not [u for u in imported if EXTERNAL.match(u)] and not fonts, href
