"""The dashboards blueprint: reports read with the query plans reports need, dates shown one way.

Who may see which dashboard is checked by each view (organisers see their teams, admins everything).
"""

from flask import Blueprint

from booking.dashboards import queries
from booking.dashboards.tables import Column

bp = Blueprint("dashboards", __name__, url_prefix="/organiser/dashboard")


@bp.before_request
def plan_for_reports():
    queries.plan_for_reports()


@bp.context_processor
def helpers():
    return {"day": Column("", "date").show}
