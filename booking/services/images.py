"""Event pictures: checked, re-encoded with Pillow, and cut into a few widths once, at upload.

No uploaded file is ever served as it came: the pixels are decoded (within size and pixel limits,
so a "decompression bomb" is refused before it is decoded), turned upright from their EXIF
orientation, flattened to RGB, and written anew as WebP and JPEG, without EXIF, GPS or any
other metadata. Each file is named after a fingerprint of its content (``<key>-<width>.<ext>``),
so a name always means the same bytes and can be cached for ever.

Where the files go is the caller's ``store`` (``booking.media.store``): the view passes the one
``settings.image_store()`` gives; this module reads no configuration.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from typing import Protocol

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from booking.models import Event
from booking.services.errors import ValidationFailed

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_MEGABYTES = 10
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_MEGAPIXELS = 40
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
MIN_SIDE = 200  # smaller cannot fill a phone's width without blurring
WIDTHS = (480, 960, 1600)  # the largest is also the widest kept
ALT_MAX = 300
KEY_LENGTH = 20
VARIANTS = (("webp", "image/webp"), ("jpg", "image/jpeg"))
CONTENT_TYPES = dict(VARIANTS)


class ImageStore(Protocol):
    def put(self, name: str, data: bytes, content_type: str) -> None: ...

    def get(self, name: str) -> bytes | None: ...


@dataclass(frozen=True)
class PreparedImage:
    key: str
    width: int
    height: int
    files: dict[str, tuple[bytes, str]] = field(repr=False)  # name -> (bytes, content type)


def widths_for(width: int) -> list[int]:
    """The widths made of a picture ``width`` pixels wide (never enlarged)."""
    return [w for w in WIDTHS if w < width] + [width]


def file_name(key: str, width: int, extension: str) -> str:
    return f"{key}-{width}.{extension}"


def _refuse(message) -> ValidationFailed:
    return ValidationFailed({"image": str(message)})


def _not_a_picture() -> ValidationFailed:
    return _refuse(_l("This file is not a picture Guichet can read. Please choose a JPEG, PNG or WebP picture."))


def _too_many_pixels() -> ValidationFailed:
    return _refuse(ngettext("This picture has too many pixels: at most %(num)d million. Please make it smaller.",
                            "This picture has too many pixels: at most %(num)d million. Please make it smaller.",
                            MAX_MEGAPIXELS))


def prepare(data: bytes, filename: str) -> PreparedImage:
    """Check an upload and make its files; ValidationFailed (on the field ``image``) says what is wrong."""
    if not (filename or "").lower().endswith(EXTENSIONS):
        raise _refuse(_l("Please choose a JPEG, PNG or WebP picture: a file whose name ends in .jpg, .jpeg, .png "
                         "or .webp."))
    if not data:
        raise _refuse(_l("This file is empty."))
    if len(data) > MAX_BYTES:
        raise _refuse(ngettext("This file is too big: at most %(num)d MB.", "This file is too big: at most %(num)d MB.",
                               MAX_MEGABYTES))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data))
            if picture.format not in FORMATS:
                raise _not_a_picture()
            width, height = picture.size  # read from the header: nothing decoded yet
            if width * height > MAX_PIXELS:
                raise _too_many_pixels()
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _not_a_picture() from error
    if min(width, height) < MIN_SIDE:
        raise _refuse(ngettext("This picture is too small: at least %(num)d pixel on each side.",
                               "This picture is too small: at least %(num)d pixels on each side.", MIN_SIDE))
    return _encode(_upright_rgb(picture))


def _upright_rgb(picture: Image.Image) -> Image.Image:
    picture = ImageOps.exif_transpose(picture)  # a phone's portrait photo stays a portrait
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        picture = picture.convert("RGBA")
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        return flat
    return picture.convert("RGB")


def _encode(picture: Image.Image) -> PreparedImage:
    """Each width as WebP and JPEG, written from the pixels alone (no EXIF, no ICC, no comments)."""
    largest = min(picture.width, WIDTHS[-1])
    height_at = {w: max(1, round(picture.height * w / picture.width)) for w in widths_for(largest)}
    encoded: dict[tuple[int, str], bytes] = {}
    for width, height in height_at.items():
        resized = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
        for extension, _type in VARIANTS:
            out = io.BytesIO()
            if extension == "webp":
                resized.save(out, "WEBP", quality=80, method=4)
            else:
                resized.save(out, "JPEG", quality=82, optimize=True, progressive=True)
            encoded[(width, extension)] = out.getvalue()
    key = hashlib.sha256(b"".join(encoded[k] for k in sorted(encoded))).hexdigest()[:KEY_LENGTH]
    files = {file_name(key, w, ext): (data, CONTENT_TYPES[ext]) for (w, ext), data in encoded.items()}
    return PreparedImage(key=key, width=largest, height=height_at[largest], files=files)


def set_event_image(event: Event, *, store: ImageStore, upload: bytes | None = None, filename: str = "",
                    alt: str = "", remove: bool = False) -> Event:
    """Give ``event`` a new picture (``upload``), change its description, or remove it.

    A picture needs its description (its ``alt`` text: what it shows, for people who cannot see it).
    Files are written to ``store`` before the caller commits; a refusal writes nothing.
    """
    alt = (alt or "").strip()
    if len(alt) > ALT_MAX:
        raise ValidationFailed({"image_alt": ngettext("At most %(num)d character.", "At most %(num)d characters.",
                                                      ALT_MAX)})
    if upload is None and remove:
        event.image_key, event.image_width, event.image_height, event.image_alt = None, None, None, ""
        return event
    if upload is None and event.image_key is None:
        event.image_alt = alt if alt else ""
        return event
    if not alt:
        raise ValidationFailed({"image_alt": str(_l("Please say in a few words what the picture shows, for people "
                                                    "who cannot see it."))})
    if upload is not None:
        prepared = prepare(upload, filename)
        for name, (data, content_type) in prepared.files.items():
            store.put(name, data, content_type)
        event.image_key, event.image_width, event.image_height = prepared.key, prepared.width, prepared.height
    event.image_alt = alt
    return event
