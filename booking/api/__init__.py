"""The JSON API, /api/v1."""

from flask import Flask


def register_api(app: Flask) -> None:
    """Added by the API issue."""
