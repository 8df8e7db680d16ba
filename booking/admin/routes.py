"""The admin home page: how many of each thing there is, and what the mail is doing."""

import sqlalchemy as sa
from flask import render_template

from booking.admin.blueprint import bp
from booking.extensions import db
from booking.mail import monitoring
from booking.models import Team, User, Venue


@bp.get("/")
def index():
    counts = {name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for name, model in (("teams", Team), ("venues", Venue), ("accounts", User))}
    counts["mail"] = sum(monitoring.how_many())
    return render_template("admin/index.html", counts=counts)
