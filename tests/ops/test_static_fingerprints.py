"""Static files carry a fingerprint in their name and are cached for a year; a changed file gets a new name."""

import hashlib
import re
from pathlib import Path

from flask import url_for

from booking import assets

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "guichet.css"


def test_pages_link_fingerprinted_files_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    digest = hashlib.sha256(CSS.read_bytes()).hexdigest()[:12]
    assert f'href="/static/css/guichet.{digest}.css"' in html
    response = client.get(f"/static/css/guichet.{digest}.css")
    assert response.status_code == 200 and response.data == CSS.read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Type"].startswith("text/css")


def test_plain_names_and_stale_fingerprints_are_revalidated(client):
    plain = client.get("/static/css/guichet.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache" and plain.headers["ETag"]
    stale = client.get("/static/css/guichet.0123456789ab.css")  # a page from before a release
    assert stale.status_code == 200 and stale.data == CSS.read_bytes()
    assert stale.headers["Cache-Control"] == "no-cache"


def test_unknown_files_and_paths_outside_the_folder_answer_404(client):
    for path in ("/static/css/nothing.0123456789ab.css", "/static/nothing.css",
                 "/static/../config.0123456789ab.py", "/static/%2e%2e/config.py"):
        assert client.get(path).status_code == 404, path


def test_a_changed_file_gets_a_new_name(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black; }")
    fingerprints = assets.Fingerprints(str(tmp_path))
    first = fingerprints.name("site.css")
    (tmp_path / "site.css").write_text("body { color: navy; }  ")
    second = fingerprints.name("site.css")
    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", first) and first != second
    assert fingerprints.name("missing.css") == "missing.css"
    assert fingerprints.name("../outside.css") == "../outside.css"


def test_vendored_scripts_keep_their_folder(app):
    with app.test_request_context():
        assert re.fullmatch(r"/static/vendor/jsqr/jsQR\.[0-9a-f]{12}\.js", url_for("static", filename="vendor/jsqr/jsQR.js"))
