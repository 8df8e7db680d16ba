"""Reading Guichet's catalogues and extracting messages from the code, as `make translations-extract` does."""

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "booking" / "translations"
KEYWORDS = ("_l", "lazy_gettext", "lazy_pgettext:1c,2")  # on top of babel's defaults (_, gettext, pgettext…)


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
