"""Event pictures: uploaded on the event form, checked, re-encoded without metadata, cut into widths once,
served under fingerprinted names with long cache headers, shown on the programme and the event's page."""

import io
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from PIL import Image

from booking import settings
from booking.extensions import db
from booking.media.store import LocalStore, S3Store, store_from_url
from booking.models import Event
from tests.auth import sign_in_as

GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


def jpeg_with_exif(size=(900, 600), orientation=6) -> bytes:
    """A phone's photo: EXIF with the camera, a GPS position, and "turn me a quarter" (6)."""
    picture = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 0.0)
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(2000, 1000), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def bomb() -> bytes:
    """A tiny PNG whose header claims 30 000 × 30 000 pixels: decoded, it would take gigabytes."""
    data = bytearray(png((10, 10), "RGB"))
    ihdr = struct.pack(">II", 30_000, 30_000) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.fixture
def editor(client, make, team_a, organiser_a, venue):
    event = make.event(team=team_a, venue=venue, title="Atelier gravure")
    sign_in_as(client, organiser_a)

    def save(data: bytes | None, filename="photo.jpg", alt="Deux enfants impriment une linogravure", **extra):
        form = {"title": event.title, "kind": event.kind, "venue_id": str(event.venue_id), "description": "",
                "audience_notes": "", "image_alt": alt, **extra}
        if data is not None:
            form["image"] = (io.BytesIO(data), filename)
        return client.post(f"/organiser/events/{event.id}/edit", data=form, content_type="multipart/form-data")

    save.event = event
    return save


def stored_files(app) -> list[str]:
    root = Path(app.config["IMAGE_STORE_PATH"])
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_a_phone_photo_is_turned_upright_and_rewritten_without_its_exif(app, client, editor):
    response = editor(jpeg_with_exif())

    assert response.status_code == 302
    event = db.session.get(Event, editor.event.id)
    # 900 × 600 turned a quarter: 600 wide, 900 high; 480 and 600 wide files, in WebP and JPEG.
    assert (event.image_width, event.image_height) == (600, 900)
    assert event.image_alt == "Deux enfants impriment une linogravure"
    key = event.image_key
    assert stored_files(app) == sorted(f"{key}-{w}.{ext}" for w in (480, 600) for ext in ("jpg", "webp"))
    for name in stored_files(app):
        served = client.get(f"/media/images/{name}")
        assert served.status_code == 200
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert served.mimetype == ("image/webp" if name.endswith("webp") else "image/jpeg")
        picture = Image.open(io.BytesIO(served.data))
        assert not picture.getexif() and "exif" not in picture.info
        assert b"PhoneMaker" not in served.data
        assert picture.width in (480, 600)


def test_a_large_png_is_cut_into_three_widths_its_transparency_flattened(app, editor):
    assert editor(png(), filename="affiche.PNG").status_code == 302

    event = db.session.get(Event, editor.event.id)
    assert (event.image_width, event.image_height) == (1600, 800)
    assert [n.split("-")[1] for n in stored_files(app) if n.endswith(".jpg")] == ["1600.jpg", "480.jpg", "960.jpg"]
    largest = Image.open(Path(app.config["IMAGE_STORE_PATH"]) / f"{event.image_key}-1600.webp")
    assert largest.mode == "RGB" and largest.size == (1600, 800)


def test_the_same_name_always_means_the_same_bytes(client, editor):
    editor(png())
    first = db.session.get(Event, editor.event.id).image_key
    editor(png((1200, 900), "RGB"))
    second = db.session.get(Event, editor.event.id).image_key

    assert first != second
    served = client.get(f"/media/images/{first}-960.webp")
    assert served.status_code == 200  # the old files stay valid for pages cached with them
    assert client.get(f"/media/images/{first}-960.webp", headers={"If-None-Match": served.headers["ETag"]}
                      ).status_code == 304


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"GIF89a not really", "photo.gif", "a file whose name ends in .jpg, .jpeg, .png or .webp"),
    (png((400, 300), "RGB"), "photo.svg", "a file whose name ends in .jpg, .jpeg, .png or .webp"),
    (b"<html><script>alert(1)</script></html>", "photo.jpg", "This file is not a picture Guichet can read"),
    (png((400, 300), "RGB")[:200], "coupe.png", "This file is not a picture Guichet can read"),
    (b"", "vide.jpg", "This file is empty."),
    (bomb(), "bombe.png", "This picture has too many pixels: at most 40 million."),
    (png((150, 600), "RGB"), "mince.png", "This picture is too small: at least 200 pixels on each side."),
    (b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "enorme.jpg", "This file is too big: at most 10 MB."),
])
def test_bad_files_get_a_clear_message_on_the_form_and_nothing_is_kept(app, editor, data, filename, message):
    response = editor(data, filename=filename)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(Event, editor.event.id).image_key is None
    assert stored_files(app) == []


def test_a_gif_in_disguise_is_refused_as_not_a_picture(editor):
    out = io.BytesIO()
    Image.new("RGB", (300, 300)).save(out, "GIF")

    response = editor(out.getvalue(), filename="photo.png")

    assert response.status_code == 422 and "not a picture Guichet can read" in response.text


def test_a_picture_needs_its_description(app, editor):
    response = editor(png(), alt="  ")

    assert response.status_code == 422
    assert "what the picture shows" in response.get_data(as_text=True)
    assert stored_files(app) == [] and db.session.get(Event, editor.event.id).image_key is None


def test_a_body_far_over_the_limit_answers_413(client, editor):
    response = editor(b"0" * (21 * 1024 * 1024), filename="x.jpg")

    assert response.status_code == 413


def test_the_picture_is_shown_on_the_programme_and_the_event_page(client, make, editor):
    editor(png())
    event = db.session.get(Event, editor.event.id)
    make.session(event=event)
    key = event.image_key

    for url in ("/", f"/events/{event.id}"):
        page = client.get(url).get_data(as_text=True)
        assert f'srcset="/media/images/{key}-480.webp 480w, /media/images/{key}-960.webp 960w, ' \
               f'/media/images/{key}-1600.webp 1600w"' in page
        assert f'src="/media/images/{key}-960.jpg"' in page
        assert 'width="1600" height="800" alt="Deux enfants impriment une linogravure"' in page
        assert 'loading="lazy"' in page


def test_the_picture_can_be_removed_and_its_description_changed(client, editor):
    editor(png())
    editor(None, alt="Une affiche bleue")
    assert db.session.get(Event, editor.event.id).image_alt == "Une affiche bleue"

    editor(None, alt="", remove_image="y")

    event = db.session.get(Event, editor.event.id)
    assert (event.image_key, event.image_alt) == (None, "")
    assert "<picture" not in client.get(f"/events/{event.id}").text


def test_a_copy_of_the_event_keeps_its_picture(client, editor):
    editor(png())
    original = db.session.get(Event, editor.event.id)

    client.post(f"/organiser/events/{original.id}/duplicate", data={"title": "Atelier gravure (2)"})

    copy = db.session.scalar(sa.select(Event).where(Event.title == "Atelier gravure (2)"))
    assert (copy.image_key, copy.image_width, copy.image_alt) == (
        original.image_key, original.image_width, original.image_alt)


def test_names_that_are_not_pictures_answer_404(client):
    for name in ("../guichet.db", "0123456789abcdef0123-480.webp", "x.webp", "0123456789abcdef0123-480.svg"):
        assert client.get(f"/media/images/{name}").status_code == 404


# -- An S3-compatible store: boto3's client faked at the boundary --------------------------------------


class FakeS3:
    """The two calls Guichet makes of boto3's S3 client, over a dict."""

    class NoSuchKey(Exception):
        pass

    def __init__(self):
        self.objects: dict[tuple[str, str], dict] = {}
        self.exceptions = SimpleNamespace(NoSuchKey=self.NoSuchKey)

    def put_object(self, *, Bucket, Key, Body, ContentType, CacheControl):  # noqa: N803 (boto3's names)
        self.objects[(Bucket, Key)] = {"Body": Body, "ContentType": ContentType, "CacheControl": CacheControl}

    def get_object(self, *, Bucket, Key):  # noqa: N803
        if (Bucket, Key) not in self.objects:
            raise self.NoSuchKey(Key)
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)]["Body"])}


def test_the_setting_picks_the_store(tmp_path):
    assert isinstance(store_from_url("", tmp_path), LocalStore)
    bucket = store_from_url("s3://guichet-media/pictures/", tmp_path)
    assert isinstance(bucket, S3Store) and (bucket.bucket, bucket.prefix) == ("guichet-media", "pictures")
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        store_from_url("ftp://elsewhere", tmp_path)


@pytest.mark.parametrize("app_config", [{"IMAGE_STORE_URL": "s3://guichet-media/pictures"}])
def test_with_a_bucket_the_files_go_there_and_are_served_from_it(app, client, editor, monkeypatch, app_config):
    fake = FakeS3()
    monkeypatch.setattr("boto3.client", lambda service, **kwargs: fake if service == "s3" else None)
    monkeypatch.setattr(settings, "_stores", {})

    assert editor(png((1000, 500), "RGB")).status_code == 302

    key = db.session.get(Event, editor.event.id).image_key
    assert sorted(k for _b, k in fake.objects) == sorted(
        f"pictures/{key}-{w}.{ext}" for w in (480, 960, 1000) for ext in ("jpg", "webp"))
    assert {b for b, _k in fake.objects} == {"guichet-media"}
    assert fake.objects[("guichet-media", f"pictures/{key}-960.webp")]["ContentType"] == "image/webp"
    assert stored_files(app) == []
    served = client.get(f"/media/images/{key}-960.webp")
    assert served.status_code == 200 and Image.open(io.BytesIO(served.data)).size == (960, 480)
    assert client.get(f"/media/images/{key}-480.webp".replace(key, "f" * 20)).status_code == 404
