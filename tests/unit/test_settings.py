"""Services take settings as arguments: only the edge reads the app's config, through booking/settings.py."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest

import booking
from booking import settings
from booking.services.pseudonyms import PseudonymKey

ROOT = Path(booking.__file__).parent
PURE = [path for folder in ("services", "models") for path in sorted((ROOT / folder).rglob("*.py"))]


def reads_app_config(path: Path) -> list[str]:
    """Every way the module could reach the app's config: ``current_app`` imported or named, or booking.settings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names = {alias.name for alias in node.names}
            if "current_app" in names:
                found.append(f"from {node.module} import current_app")
            if node.module == "booking.settings" or (node.module == "booking" and "settings" in names):
                found.append("imports booking.settings")
        elif isinstance(node, ast.Import) and any(alias.name == "booking.settings" for alias in node.names):
            found.append("imports booking.settings")
        elif isinstance(node, ast.Attribute) and node.attr == "current_app":
            found.append("flask.current_app")
    return found


def test_the_scan_covers_the_services_and_models():
    assert ROOT / "services" / "pseudonyms.py" in PURE and ROOT / "models" / "registration.py" in PURE
    assert reads_app_config(ROOT / "settings.py") == ["from flask import current_app"]  # the scan does see one


@pytest.mark.parametrize("path", PURE, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_service_or_model_reads_the_app_config(path):
    assert reads_app_config(path) == []


def test_the_pseudonym_key_is_the_pseudonym_key_else_the_secret_key():
    assert settings.pseudonym_key({"SECRET_KEY": "s" * 32, "PSEUDONYM_KEY": None}) == PseudonymKey(b"s" * 32)
    assert settings.pseudonym_key({"SECRET_KEY": "s" * 32, "PSEUDONYM_KEY": "p" * 32}) == PseudonymKey(b"p" * 32)
    assert "s" * 32 not in repr(settings.pseudonym_key({"SECRET_KEY": "s" * 32}))


def test_the_signing_key_is_the_secret_key():
    assert settings.signing_key({"SECRET_KEY": "s" * 32, "PSEUDONYM_KEY": "p" * 32}) == "s" * 32


def test_emailed_links_last_the_minutes_configured_else_half_an_hour():
    assert settings.email_link_lifetime({"EMAIL_LINK_MINUTES": 45}) == timedelta(minutes=45)
    assert settings.email_link_lifetime({}) == timedelta(minutes=30)


def test_without_a_config_the_current_apps_is_read(app):
    assert settings.signing_key() == app.config["SECRET_KEY"]
    assert settings.email_link_lifetime() == timedelta(minutes=app.config["EMAIL_LINK_MINUTES"])
