"""The public feed's body is built once per ETag and kept: never a stale body, each variant on its own."""

import pytest

from booking.calendar import entries, kept
from booking.calendar.kept import KeptBodies
from booking.extensions import db
from booking.services import programme
from tests.calendar.test_feed_validators import an_hour_ago
from tests.statements import recorded_statements, selects

PUBLIC = "/calendar/events.ics"


@pytest.fixture
def no_building(monkeypatch):
    """From now on, building a feed's body fails the test."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a kept feed was built again")

    def forbid():
        monkeypatch.setattr(programme, "feed_rows", refuse)
        monkeypatch.setattr(entries, "public_feed", refuse)

    return forbid


def test_the_same_feed_is_built_once_then_served_as_kept(client, make, no_building):
    an_hour_ago(make)
    first = client.get(PUBLIC)
    no_building()
    again = client.get(PUBLIC)
    assert again.status_code == 200 and again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]


def test_after_a_change_the_full_body_is_the_new_one_never_the_kept_one(client, make):
    session = an_hour_ago(make, event=make.event(title="Rencontre d'hiver"))
    before = client.get(PUBLIC)
    assert b"SUMMARY:Rencontre d'hiver" in before.data
    session.event.title = "Rencontre de printemps"
    db.session.commit()
    after = client.get(PUBLIC)  # no conditional header: the full body
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert b"SUMMARY:Rencontre de printemps" in after.data and b"Rencontre d'hiver" not in after.data
    assert client.get(PUBLIC).data == after.data  # and that one is kept in turn


def test_filtered_feeds_and_languages_are_kept_apart(app, client, make, no_building):
    talk = an_hour_ago(make, event=make.event(kind="talk", title="Débat", title_en="Debate"))
    workshop = an_hour_ago(make, event=make.event(kind="workshop", title="Atelier", title_en="Workshop"))
    urls = [PUBLIC, PUBLIC + "?kind=talk", PUBLIC + "?kind=workshop", PUBLIC + "?lang=fr"]
    built = {url: client.get(url).data for url in urls}
    assert len(set(built.values())) == len(urls)
    assert len(kept.public_feeds()) == len(urls)
    no_building()
    for url in urls:
        assert client.get(url).data == built[url], url
    assert f"session-{talk.id}@".encode() in built[PUBLIC + "?kind=talk"]
    assert f"session-{workshop.id}@".encode() not in built[PUBLIC + "?kind=talk"]
    assert b"SUMMARY:Debate" in built[PUBLIC] and b"SUMMARY:D\xc3\xa9bat" in built[PUBLIC + "?lang=fr"]


def test_a_kept_feed_runs_the_one_statement_of_a_304(client, make):
    an_hour_ago(make)
    client.get(PUBLIC)
    with recorded_statements() as statements:
        assert client.get(PUBLIC).status_code == 200
    assert len(selects(statements)) == 1, statements


def build(body: bytes):
    calls = []

    def make_body():
        calls.append(body)
        return body

    return make_body, calls


def test_a_variant_s_new_body_replaces_its_old_one():
    store = KeptBodies()
    first, first_calls = build(b"one")
    assert store.body("all", "etag-1", first) == b"one" and store.body("all", "etag-1", first) == b"one"
    assert len(first_calls) == 1
    second, second_calls = build(b"two!")
    assert store.body("all", "etag-2", second) == b"two!"
    assert len(second_calls) == 1 and len(store) == 1 and store.size == 4


def test_the_least_recently_asked_variants_go_first():
    store = KeptBodies(max_variants=2)
    for variant in ("a", "b"):
        store.body(variant, "e", build(variant.encode())[0])
    store.body("a", "e", build(b"a")[0])  # "a" asked again: "b" is now the oldest
    store.body("c", "e", build(b"c")[0])
    again_b, calls_b = build(b"b")
    again_a, calls_a = build(b"a")
    store.body("a", "e", again_a)
    assert calls_a == [] and len(store) == 2
    store.body("b", "e", again_b)
    assert calls_b == [b"b"]


def test_bytes_are_capped_and_a_body_larger_than_the_cap_is_served_not_kept():
    store = KeptBodies(max_bytes=10)
    store.body("a", "e", build(b"x" * 6)[0])
    store.body("b", "e", build(b"y" * 6)[0])  # 12 bytes: "a" goes
    assert len(store) == 1 and store.size == 6
    huge, calls = build(b"z" * 11)
    assert store.body("c", "e", huge) == b"z" * 11 and store.body("c", "e", huge) == b"z" * 11
    assert len(calls) == 2 and store.size == 6
