"""The compiled catalogues (.mo) are part of what is installed, and must say what the .po files say.

Guichet's messages are written in English; every other language reads a
compiled catalogue (``booking/translations/<lang>/LC_MESSAGES/messages.mo``).
Those files are committed beside their ``.po`` sources, so every way of
installing Guichet (``make run``, a virtualenv and ``pip install -r
requirements.txt``, the Docker image) has them without a build step, and a
read-only container never needs to write them.

``python -m booking.catalogues`` compiles them (``make translations`` and
``make translations-extract`` call it); ``--check`` only reports. A catalogue
is compared with its source by what it translates, not byte for byte: the
bytes also carry Babel's version and the extraction date, which must not make
a correct catalogue look stale. Files are rewritten only when a translation
differs, so an up-to-date checkout stays untouched.

At start-up (``check_installed``), production refuses to run on a missing or
stale catalogue: French pages and emails would silently fall back to English.
Development warns.
"""

import io
import logging
import sys
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"  # the language of the msgids: needs no catalogue
DOMAIN = "messages"
FIX = "run `python -m booking.catalogues` (or `make translations`) and commit the .mo files"

log = logging.getLogger("guichet.catalogues")


class CatalogueError(RuntimeError):
    """A language Guichet speaks has no compiled catalogue, or an out-of-date one."""


def _translations(catalog) -> tuple[str | None, dict]:
    """What a catalogue makes gettext answer: its plural rule and each message's translation."""
    messages = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)):
                m.string if isinstance(m.string, str) else tuple(m.string) for m in catalog if m.id}
    return catalog.plural_forms, messages


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of ``po_path`` (fuzzy and empty entries left out, as ``pybabel compile`` does)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _catalogue_problem(po_path: Path, mo_path: Path) -> str | None:
    """Why ``mo_path`` does not serve what ``po_path`` says (None when it does)."""
    if not mo_path.exists():
        return f"{mo_path} is missing"
    expected = _translations(read_mo(io.BytesIO(compiled(po_path))))
    try:
        with mo_path.open("rb") as handle:
            actual = _translations(read_mo(handle))
    except Exception:  # a truncated or corrupt file is as good as missing
        return f"{mo_path} cannot be read"
    if actual == expected:
        return None
    if actual[0] != expected[0]:
        return f"{mo_path} has other plural rules than {po_path.name}"
    differing = {key for key in expected[1].keys() | actual[1].keys() if expected[1].get(key) != actual[1].get(key)}
    return f"{mo_path} is out of date with {po_path.name} ({len(differing)} message(s) differ)"


def problems(directories: Path | list[Path], languages=()) -> list[str]:
    """What is wrong with the compiled catalogues in ``directories``; empty when all is well.

    Every ``.po`` there must have a matching ``.mo``, and each of ``languages``
    (but English, the language of the code) must have a catalogue in one of them.
    """
    directories = [directories] if isinstance(directories, Path) else list(directories)
    found = []
    for language in languages:
        folders = [directory / language / "LC_MESSAGES" for directory in directories]
        if language != SOURCE_LANGUAGE and not any((f / f"{DOMAIN}.po").exists() or (f / f"{DOMAIN}.mo").exists()
                                                   for f in folders):
            found.append(f"{folders[0] / (DOMAIN + '.mo')} is missing (no catalogue for {language!r})")
    for directory in directories:
        for po_path in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            problem = _catalogue_problem(po_path, po_path.with_suffix(".mo"))
            if problem:
                found.append(problem)
    return found


def compile_all(directory: Path) -> list[Path]:
    """Compile every ``.po`` of ``directory`` whose ``.mo`` is missing or stale; returns the files written."""
    written = []
    for po_path in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if _catalogue_problem(po_path, mo_path) is None:
            continue
        temporary = mo_path.with_name(f".{mo_path.name}.tmp")
        temporary.write_bytes(compiled(po_path))
        temporary.replace(mo_path)  # a running server never reads half a file
        written.append(mo_path)
    return written


def translation_directories(app) -> list[Path]:
    """Where Flask-Babel looks for catalogues (``BABEL_TRANSLATION_DIRECTORIES``, relative to the package)."""
    setting = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations")
    return [Path(app.root_path, part) for part in setting.split(";") if part]


def check_installed(app) -> None:
    """Stop a production start on a missing or stale catalogue; warn in development; tests check their own."""
    environment = app.config.get("ENV_NAME")
    if environment not in {"production", "development"}:
        return
    found = problems(translation_directories(app), app.config["LANGUAGES"])
    if not found:
        return
    message = ("The compiled translations do not match their sources, so pages and emails would be in English: "
               + "; ".join(found) + f". To fix: {FIX}.")
    if environment == "production":
        raise CatalogueError(message)
    log.warning(message)


def main(argv: list[str]) -> int:
    from config import Config

    directory = Path(__file__).resolve().parent / "translations"
    if "--check" in argv:
        found = problems(directory, Config.LANGUAGES)
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    for path in compile_all(directory):
        print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
