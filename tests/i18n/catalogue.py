"""Reading Guichet's catalogues and extracting messages from the code, as `make translations-extract` does."""

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "booking" / "translations"
KEYWORDS = ("_l", "lazy_gettext", "lazy_pgettext:1c,2", "lazy_ngettext:1,2")  # on top of babel's defaults (_, gettext, pgettext…)


def extract(pot_path: Path) -> None:
    """Extract every marked message of booking/ and templates/ into pot_path (babel.cfg says which files)."""
    args = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot_path)]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    CommandLineInterface().run([*args, "--no-location", str(ROOT)])


def load(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def french():
    return load(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po")


def message_key(message) -> tuple[str, ...]:
    """The context (pgettext) and the msgid, plural included: what tells two messages apart."""
    ids = tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
    return (message.context or "", *ids)


def compile_catalogues(source: Path, target: Path) -> Path:
    """The .po files compiled afresh, so the pages speak the catalogue as it is now (even in a fresh clone)."""
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po, mo_path.open("wb") as mo:
            write_mo(mo, read_po(po))
    return target
