"""Dashboard pages and their CSV tables, for organisers (their teams) and admins (everything)."""

from flask import Response, abort, current_app, render_template, request, url_for
from flask_login import current_user

from booking.auth import organiser_required
from booking.dashboards import event as event_dashboard
from booking.dashboards import reach as reach_dashboard
from booking.dashboards import team as team_dashboard
from booking.dashboards.blueprint import bp
from booking.dashboards.forms import PeriodForm
from booking.dashboards.periods import Period, last_days, last_months
from booking.dashboards.queries import Scope
from booking.dashboards.tables import to_csv
from booking.extensions import db
from booking.models import utcnow
from booking.privacy.exports import log_export
from booking.services import access
from booking.services.access import event_for

TEAM_DAYS = 30
REACH_MONTHS = 12


def _filters(default: Period) -> tuple[PeriodForm, Period, Scope, bool]:
    """The filter form read from the query string; bad input falls back to the defaults."""
    form = PeriodForm(request.args, teams=access.teams_organised_by(current_user))
    if form.validate():
        return form, form.period(default), Scope(current_user, form.team_id), True
    return form, default, Scope(current_user), False


def _shown(form: PeriodForm, period: Period | None) -> PeriodForm:
    """The period fields say which days the page shows, when the person left them blank."""
    if period is not None and not form.errors:
        form.date_from.data = form.date_from.data or period.first
        form.date_to.data = form.date_to.data or period.last
    return form


def _event_dashboard_link(event_id: int) -> str:
    return url_for("dashboards.event", event_id=event_id)


def _tz() -> str:
    return current_app.config["BOOKING_TIMEZONE"]


@bp.get("/")
@organiser_required
def team():
    now = utcnow()
    form, period, scope, valid = _filters(last_days(TEAM_DAYS, _tz(), now))
    dashboard = team_dashboard.build(scope, period, now, _event_dashboard_link)
    return render_template("dashboards/team.html", form=_shown(form, period), dashboard=dashboard), 200 if valid else 400


@bp.get("/reach")
@organiser_required
def reach():
    now = utcnow()
    form, period, scope, valid = _filters(last_months(REACH_MONTHS, _tz(), now))
    dashboard = reach_dashboard.build(scope, period, now)
    return render_template("dashboards/reach.html", form=_shown(form, period), dashboard=dashboard), 200 if valid else 400


@bp.get("/events/<int:event_id>")
@organiser_required
def event(event_id: int):
    dashboard, form, valid = _event_dashboard(event_id)
    return render_template("dashboards/event.html", form=_shown(form, dashboard.period),
                           dashboard=dashboard), 200 if valid else 400


@bp.get("/tables/<key>.csv")
@organiser_required
def team_csv(key: str):
    now = utcnow()
    _form, period, scope, valid = _filters(last_days(TEAM_DAYS, _tz(), now))
    return _csv(team_dashboard.build(scope, period, now, _event_dashboard_link) if valid else None, key, "team")


@bp.get("/reach/tables/<key>.csv")
@organiser_required
def reach_csv(key: str):
    now = utcnow()
    _form, period, scope, valid = _filters(last_months(REACH_MONTHS, _tz(), now))
    return _csv(reach_dashboard.build(scope, period, now) if valid else None, key, "reach")


@bp.get("/events/<int:event_id>/tables/<key>.csv")
@organiser_required
def event_csv(event_id: int, key: str):
    dashboard, _form, valid = _event_dashboard(event_id)
    return _csv(dashboard if valid else None, key, f"event-{event_id}")


def _event_dashboard(event_id: int):
    event = event_for(current_user, event_id)
    now = utcnow()
    tz = event.venue.timezone
    form, chosen, _scope, valid = _filters(last_days(TEAM_DAYS, tz, now))
    # Without dates the event's own span is shown (first sign-up to now).
    period = chosen if valid and (form.date_from.data or form.date_to.data) else None
    return event_dashboard.build(event, period, now), form, valid


def _csv(dashboard, key: str, name: str) -> Response:
    if dashboard is None:
        abort(400)
    table = dashboard.tables.get(key) or abort(404)
    log_export(current_user, "dashboard_csv", f"{name}:{key}", len(table.rows))
    db.session.commit()
    period = dashboard.period
    span = f"-{period.first.isoformat()}-{period.last.isoformat()}" if period else ""
    return Response(to_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}-{key}{span}.csv"'})
