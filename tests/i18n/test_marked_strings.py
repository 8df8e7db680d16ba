"""Every word a person reads goes through the catalogue: templates and Python code alike.

Templates: once every Jinja construct is blanked out, what is left is the
literal text of the page; none of it may hold words, except a few names
that are never translated. Python: flash messages, form labels and
validation messages must be wrapped in _() or _l().
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
WORDS = re.compile(r"[^\W\d_]{2,}")  # two letters or more
# Names, each shown as is in every language (a language's own name is written in that language).
NEVER_TRANSLATED = {"Guichet", "Français", "English", "UpConf", "OpenAPI", "JSON", "CSV", "QR", "ics", "iCal", "webcal",
                    "Google", "Outlook", "com"}
# Scripts, styles and code samples (JSON, URLs) are not prose.
UNTRANSLATED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp"}
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription", "label"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNTRANSLATED_ELEMENTS:
            self._hidden_depth += 1
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or (tag == "input" and name == "value")):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in UNTRANSLATED_ELEMENTS:
            self._hidden_depth = max(0, self._hidden_depth - 1)

    def handle_data(self, data):
        if not self._hidden_depth:
            self.texts.append(data)


def untranslated_text(source: str, *, html: bool) -> list[str]:
    blanked = JINJA.sub(" \x00 ", source)  # spaces keep a tag a tag: <td{% if x %} class="y"{% endif %}>
    if html:
        parser = VisibleText()
        parser.feed(blanked)
        texts = parser.texts
    else:
        texts = blanked.split("\x00")
    found = []
    for text in texts:
        words = [w for w in WORDS.findall(text.replace("\x00", " ")) if w not in NEVER_TRANSLATED]
        if words:
            found.append(" ".join(text.replace("\x00", "…").split()))
    return found


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_text_is_marked_for_translation(path):
    found = untranslated_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    assert not found, f"{path.relative_to(ROOT)}: text outside {{{{ _() }}}}: {found}"


def test_the_check_finds_a_forgotten_string():
    assert untranslated_text('<p>{{ _("Booked") }}</p><p>Full</p>', html=True) == ["Full"]
    assert untranslated_text('<input placeholder="Search">', html=True) == ["Search"]
    assert untranslated_text('<a href="{{ url }}">{{ _("Home") }}</a> · Guichet', html=True) == []
    assert untranslated_text('<p>{{ _("Shape:") }} <code>{"error": "…"}</code></p>', html=True) == []
    assert untranslated_text("{{ _('Hello') }}\nSee you soon", html=False) == ["See you soon"]


# -- Python ---------------------------------------------------------------------------

MARKERS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "str"}
FIELD_CLASS = re.compile(r"^[A-Z]\w*Field$")
MESSAGE_CALLS = {"flash", "ValidationError", "StopValidation"}
MESSAGE_KEYWORDS = {"message", "label", "description"}


def _literal_with_words(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORDS.search(node.value))


def unmarked_python_strings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        candidates = []
        if name in MESSAGE_CALLS or FIELD_CLASS.match(name):
            candidates += node.args[:1]
        if FIELD_CLASS.match(name) or name in MESSAGE_CALLS or name in {"DataRequired", "InputRequired", "Length",
                                                                      "NumberRange", "Email", "EqualTo", "Optional"}:
            candidates += [k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS]
        found += [f"line {n.lineno}: {n.value!r}" for n in candidates if _literal_with_words(n)]
    return found


def _python_files():
    # The JSON API speaks to programs, in English, like the libraries it is built on.
    return sorted(p for p in (ROOT / "booking").rglob("*.py") if "api" not in p.relative_to(ROOT).parts)


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_messages_are_marked_for_translation(path):
    found = unmarked_python_strings(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: wrap these in _() or _l(): {found}"


def test_the_python_check_finds_a_forgotten_string():
    source = 'flash("Saved")\nname = StringField("Name", validators=[DataRequired(message="Required")])\nflash(_("Ok"))'
    assert unmarked_python_strings(source) == ["line 1: 'Saved'", "line 2: 'Name'", "line 2: 'Required'"]
