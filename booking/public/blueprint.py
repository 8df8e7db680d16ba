"""The public blueprint: no guard, every page is for anyone. The views register themselves on ``bp``."""

from flask import Blueprint

bp = Blueprint("public", __name__)
