"""The team dashboard: how the coming sessions fill, sign-ups, and who turned up."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from booking.dashboards import charts, team_queries
from booking.dashboards.charts import Chart
from booking.dashboards.periods import Period
from booking.dashboards.queries import Scope
from booking.dashboards.tables import Column, Link, Table, percent, when
from booking.labels import kind_label

UPCOMING_DAYS = 30
RISK_WITHIN = timedelta(days=7)
RISK_BELOW = 0.30  # "at risk": under 30 % full a week or less before the start
OVERFLOW_SHARE = 0.20  # "overflowing": seats waiting reach 20 % of capacity...
OVERFLOW_MIN_SEATS = 5  # ...and at least this many
FILL_CHART_ROWS = 15


@dataclass
class TeamDashboard:
    period: Period
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    summary: dict[str, float | int | None] = field(default_factory=dict)


def is_at_risk(row: team_queries.UpcomingSession, now: datetime) -> bool:
    return row.capacity > 0 and row.starts_at - now <= RISK_WITHIN and row.seats_taken / row.capacity < RISK_BELOW


def is_overflowing(row: team_queries.UpcomingSession) -> bool:
    return row.waiting_seats >= max(OVERFLOW_MIN_SEATS, math.ceil(OVERFLOW_SHARE * row.capacity))


def build(scope: Scope, period: Period, now: datetime, event_link: Callable[[int], str]) -> TeamDashboard:
    """The team dashboard; ``event_link`` gives the link to an event's own dashboard (the edge knows its routes)."""
    dashboard = TeamDashboard(period)
    _upcoming(dashboard, team_queries.upcoming_sessions(scope, now, now + timedelta(days=UPCOMING_DAYS)), now,
              event_link)
    _signups(dashboard, team_queries.signups_per_step(scope, period))
    _totals(dashboard, team_queries.signups_by_kind_and_venue(scope, period.starts_at, period.ends_at))
    _attendance(dashboard, team_queries.attendance_by_kind(scope, period.starts_at, period.ends_at, now))
    return dashboard


def short_day(day: date) -> str:
    return format_skeleton("MMMd", day, locale=get_locale() or "fr")


def _session_label(row: team_queries.UpcomingSession) -> str:
    title = row.title if len(row.title) <= 28 else row.title[:27] + "…"
    return f"{when(row.starts_at, row.timezone)} · {title}"


def _upcoming(dashboard: TeamDashboard, rows: list[team_queries.UpcomingSession], now: datetime,
              event_link: Callable[[int], str]) -> None:
    columns = [Column(_("Event")), Column(_("Starts"), "datetime"), Column(_("Venue")),
               Column(_("Seats booked"), "int"), Column(_("Capacity"), "int"), Column(_("Fill rate"), "percent"),
               Column(_("Parties waiting"), "int"), Column(_("Seats waiting"), "int")]

    urls: dict[int, str] = {}  # one per event, not per session: an admin may see hundreds of sessions

    def cells(row):
        if row.event_id not in urls:
            urls[row.event_id] = event_link(row.event_id)
        return [Link(row.title, urls[row.event_id]), row.starts_at.astimezone(ZoneInfo(row.timezone)), row.venue,
                row.seats_taken, row.capacity, percent(row.seats_taken, row.capacity), row.waiting_parties,
                row.waiting_seats]

    table_rows = {row.id: cells(row) for row in rows}
    risky = [row for row in rows if is_at_risk(row, now)]
    risky_ids = {row.id for row in risky}
    overflowing = [row for row in rows if is_overflowing(row)]
    tables = dashboard.tables
    tables["upcoming"] = Table("upcoming", ngettext("Sessions in the next %(num)d day",
                                                         "Sessions in the next %(num)d days", UPCOMING_DAYS), columns,
                               list(table_rows.values()))
    tables["at_risk"] = Table("at_risk", _("Sessions at risk"), columns, [table_rows[row.id] for row in risky])
    hint = Column(_("Suggestion"))
    tables["overflowing"] = Table("overflowing", _("Sessions with a long waiting list"), [*columns, hint],
                                  [[*table_rows[row.id], ngettext(
                                      "Add a session: %(num)d seat is asked for on the waiting list.",
                                      "Add a session: %(num)d seats are asked for on the waiting list.",
                                      row.waiting_seats)]
                                   for row in overflowing])

    shown = rows[:FILL_CHART_ROWS]
    fill_rows = []
    for row in shown:
        figures = _("%(taken)d/%(capacity)d, %(waiting)d waiting", taken=row.seats_taken, capacity=row.capacity,
                    waiting=row.waiting_parties)
        at_risk = row.id in risky_ids
        fill_rows.append(charts.FillRow(
            _session_label(row), row.seats_taken / row.capacity if row.capacity else 0,
            _("%(figures)s · at risk", figures=figures) if at_risk else figures,
            "chart-fill chart-fill-risk" if at_risk else "chart-fill", urls[row.event_id]))
    # One count per sentence, so each agrees with its own number (issue 15: no "1 séances").
    description = " ".join((
        ngettext("Seats booked against capacity for the next %(num)d session out of %(total)d coming.",
                 "Seats booked against capacity for the next %(num)d sessions out of %(total)d coming.",
                 len(shown), total=len(rows)) if shown else _("No session is coming up."),
        ngettext("%(num)d session is at risk of staying nearly empty.",
                 "%(num)d sessions are at risk of staying nearly empty.", len(risky))
        if risky else _("No session is at risk of staying nearly empty."),
        ngettext("%(num)d session has a long waiting list.", "%(num)d sessions have a long waiting list.",
                 len(overflowing))
        if overflowing else _("No session has a long waiting list."),
    ))
    dashboard.charts["upcoming"] = charts.fill_bars("upcoming", _("How the coming sessions fill"), description,
                                                    fill_rows)


def _signups(dashboard: TeamDashboard, rows: list[team_queries.SignupStep]) -> None:
    period = dashboard.period
    total = sum(row.registrations for row in rows)
    dashboard.tables["signups"] = Table(
        "signups", _("Sign-ups per week") if period.weekly else _("Sign-ups per day"),
        [Column(step_label(period), "date"), Column(_("Sign-ups"), "int"), Column(_("Seats asked for"), "int")],
        [list(row) for row in rows], [_("Total"), total, sum(row.seats for row in rows)])
    busiest = max(rows, key=lambda row: row.registrations) if rows else None
    description = ngettext("%(num)d sign-up from %(first)s to %(last)s.", "%(num)d sign-ups from %(first)s to %(last)s.",
                           total, first=short_day(period.first), last=short_day(period.last))
    if busiest and busiest.registrations:
        description += " " + _("Busiest: %(day)s with %(count)d.", day=short_day(busiest.first), count=busiest.registrations)
    dashboard.summary["signups"] = total
    dashboard.charts["signups"] = charts.column_chart(
        "signups", dashboard.tables["signups"].title, description, [short_day(row.first) for row in rows],
        [charts.Series(_("Sign-ups"), [row.registrations for row in rows])])


def step_label(period: Period) -> str:
    return _("Week starting") if period.weekly else _("Day")


def _totals(dashboard: TeamDashboard, rows: list[team_queries.SignupTotals]) -> None:
    columns_after = [Column(_("Sign-ups"), "int"), Column(_("Seats booked"), "int"), Column(_("Seats waiting"), "int"),
                     Column(_("Cancelled sign-ups"), "int")]
    by_kind: dict[str, list[int]] = {}
    by_venue: dict[str, list[int]] = {}
    for row in rows:
        figures = (row.registrations, row.confirmed_seats, row.waiting_seats, row.cancelled)
        for totals, key in ((by_kind, kind_label(row.kind)), (by_venue, row.venue)):
            current = totals.setdefault(key, [0, 0, 0, 0])
            for index, value in enumerate(figures):
                current[index] += int(value)
    for key, title, label, totals in (("by_kind", _("Sign-ups by kind of event"), _("Kind of event"), by_kind),
                                      ("by_venue", _("Sign-ups by venue"), _("Venue"), by_venue)):
        ordered = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))
        table = Table(key, title, [Column(label), *columns_after], [[name, *figures] for name, figures in ordered],
                      [_("Total"), *[sum(figures[i] for _name, figures in ordered) for i in range(4)]])
        dashboard.tables[key] = table
        description = "; ".join(f"{name}: {figures[0]}" for name, figures in ordered) or _("No sign-ups.")
        dashboard.charts[key] = charts.bar_list(key, title, description,
                                                [(name, figures[0]) for name, figures in ordered])


def _attendance(dashboard: TeamDashboard, rows: list[team_queries.KindAttendance]) -> None:
    columns = [Column(_("Kind of event")), Column(_("Past sessions"), "int"),
               Column(_("Sessions with check-in"), "int"), Column(_("Seats booked (with check-in)"), "int"),
               Column(_("Seats checked in"), "int"), Column(_("Attendance"), "percent"),
               Column(_("No-shows"), "percent")]

    def figures(label, sessions, checked, confirmed, arrived):
        rate = percent(arrived, confirmed)
        return [label, sessions, checked, confirmed, arrived, rate, None if rate is None else 1 - rate]

    ordered = sorted(rows, key=lambda row: kind_label(row.kind))
    table_rows = [figures(kind_label(row.kind), row.sessions, row.checked_sessions, row.confirmed_seats,
                          row.arrived_seats) for row in ordered]
    footer = figures(_("Total"), *[sum(int(row[i]) for row in table_rows) for i in range(1, 5)])
    dashboard.tables["attendance"] = Table("attendance", _("Attendance of past sessions"), columns, table_rows, footer)
    dashboard.summary.update(attendance=footer[5], no_show=footer[6], unchecked_sessions=footer[1] - footer[2])
    description = (
        ngettext("Over %(num)d past session where people were checked in: %(rate)s attended, "
                 "%(no_show)s did not come.",
                 "Over %(num)d past sessions where people were checked in: %(rate)s attended, "
                 "%(no_show)s did not come.",
                 footer[2], rate=columns[5].show(footer[5]), no_show=columns[6].show(footer[6]))
        if footer[5] is not None else _("No past session with check-in in this period.")
    )
    dashboard.charts["attendance"] = charts.fill_bars(
        "attendance", _("Attendance by kind of event"), description,
        [charts.FillRow(row[0], row[5] or 0, _("%(rate)s present", rate=columns[5].show(row[5])))
         for row in [*table_rows, footer] if row[5] is not None])
