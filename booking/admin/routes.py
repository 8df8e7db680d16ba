"""The admin blueprint: who may enter (admins only, checked once for every page) and the home page."""

import sqlalchemy as sa
from flask import Blueprint, render_template

from booking.admin.forms import role_label
from booking.auth import admin_required
from booking.extensions import db
from booking.mail import monitoring
from booking.models import Team, User, Venue

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def only_admins():
    """Anonymous visitors are sent to sign in; signed-in people without the role get a 403."""
    return None


@bp.app_template_global("role_label")
def _role_label(role: str) -> str:
    return role_label(role)


@bp.get("/")
def index():
    counts = {name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for name, model in (("teams", Team), ("venues", Venue), ("accounts", User))}
    counts["mail"] = sum(monitoring.how_many())
    return render_template("admin/index.html", counts=counts)


# The views register themselves on ``bp``.
from booking.admin import mail, people, teams, venues  # noqa: E402, F401
