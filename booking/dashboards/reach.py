"""Reach, for funders: people reached each month, first-timers and returning people, groups.

A person is an email address, case ignored, counted by its keyed pseudonym
(``Registration.person_ref``): bookings anonymised by erasure or the retention
purge still count as the same person's.
Someone is reached in a month when they held a confirmed booking for a session
held that month; a first-timer when that was their first session ever among
the events in view.
"""

from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_skeleton
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from booking.dashboards import charts, reach_queries
from booking.dashboards.charts import Chart
from booking.dashboards.periods import Period
from booking.dashboards.queries import Scope
from booking.dashboards.tables import Column, Table, percent
from booking.labels import kind_label

STRUCTURES_CHARTED = 10


@dataclass
class ReachDashboard:
    period: Period
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    summary: dict[str, int | float | None] = field(default_factory=dict)


def build(scope: Scope, period: Period, now: datetime) -> ReachDashboard:
    dashboard = ReachDashboard(period)
    months = period.months()
    until = min(period.ends_at, now)  # only sessions already held count
    cuts = [cut for cut in period.month_boundaries()[:-1] if cut < until]
    cuts = [*cuts, until] if cuts else []
    reach = reach_queries.people_reached(scope, cuts) if len(cuts) > 1 else reach_queries.Reach([], [], 0)
    _people(dashboard, months, dict(enumerate(reach.reached)), dict(enumerate(reach.first_time)), reach.total)
    _groups(dashboard, reach_queries.group_bookings(scope, cuts[0], cuts[-1]) if len(cuts) > 1 else [])
    _partners(dashboard, reach_queries.partner_seats(scope, cuts[0], cuts[-1]) if len(cuts) > 1 else [])
    _reconfirmation(dashboard, reach_queries.reconfirmation_effect(scope, cuts[0], cuts[-1]) if len(cuts) > 1 else [])
    dashboard.summary["wheelchair_spaces"] = (
        reach_queries.wheelchair_spaces_used(scope, cuts[0], cuts[-1]) if len(cuts) > 1 else 0)
    return dashboard


def _reconfirmation(dashboard: ReachDashboard, rows: list[reach_queries.ReconfirmationEffect]) -> None:
    """What reconfirm or release did: seats freed from people who would not have come, and re-filled."""
    table = Table("reconfirmation", _("Reconfirmation: seats released and re-filled"),
                  [Column(_("Kind of event")), Column(_("Sessions asking"), "int"), Column(_("Bookings asked"), "int"),
                   Column(_("Reconfirmed"), "int"), Column(_("Seats released"), "int"),
                   Column(_("Seats re-filled from the waiting list"), "int"), Column(_("Share re-filled"), "percent")],
                  [[kind_label(row.kind), row.sessions, row.asked, row.reconfirmed, row.released_seats,
                    row.refilled_seats, percent(row.refilled_seats, row.released_seats)] for row in rows])
    if table.rows:
        totals = [sum(row[i] for row in table.rows) for i in range(1, 6)]
        table.footer = [_("Total"), *totals, percent(totals[4], totals[3])]
    dashboard.tables["reconfirmation"] = table
    dashboard.summary.update(released_seats=table.footer[4] if table.footer else 0,
                             refilled_seats=table.footer[5] if table.footer else 0)


def _month_label(month, first: bool) -> str:
    """"mars", with the year on the first month and on each January: "janv. 2026"."""
    return format_skeleton("yMMM" if first or month.month == 1 else "MMM", month, locale=get_locale() or "fr")


def _people(dashboard: ReachDashboard, months: list, reached: dict, first: dict, total: int) -> None:
    rows = []
    for index, month in enumerate(months):
        people, newcomers = reached.get(index, 0), first.get(index, 0)
        rows.append([month, people, newcomers, people - newcomers, percent(newcomers, people)])
    first_total = sum(first.values())
    footer = [_("Whole period (each person counted once)"), total, first_total, total - first_total,
              percent(first_total, total)]
    table = Table("people", _("People reached per month"),
                  [Column(_("Month"), "month"), Column(_("People reached"), "int"), Column(_("First time"), "int"),
                   Column(_("Returning"), "int"), Column(_("Share of first-timers"), "percent")], rows, footer)
    dashboard.tables["people"] = table
    dashboard.summary.update(people=total, first_timers=first_total, returning=total - first_total,
                             first_share=footer[4])
    description = (
        ngettext("%(num)d person attended at least one session in this period.",
                 "%(num)d people attended at least one session in this period.", total)
        + " " + _("First time: %(first)d; had come before: %(returning)d.", first=first_total,
                  returning=total - first_total))
    dashboard.charts["people"] = charts.column_chart(
        "people", table.title, description, [_month_label(row[0], index == 0) for index, row in enumerate(rows)],
        [charts.Series(_("First time"), [row[2] for row in rows]), charts.Series(_("Returning"), [row[3] for row in rows])],
        stacked=True)


def _groups(dashboard: ReachDashboard, rows: list[reach_queries.GroupBookings]) -> None:
    table = Table("groups", _("Group bookings by partner structure"),
                  [Column(_("Partner structure")), Column(_("Bookings"), "int"), Column(_("Sessions"), "int"),
                   Column(_("Seats booked"), "int"), Column(_("Seats checked in"), "int")],
                  [[row.structure, row.bookings, row.sessions, row.seats, row.arrived_seats] for row in rows])
    if table.rows:
        table.footer = [_("Total"), *[sum(row[i] for row in table.rows) for i in range(1, 5)]]
    dashboard.tables["groups"] = table
    charted = table.rows[:STRUCTURES_CHARTED]
    description = (
        ngettext("Seats booked for groups by %(num)d partner structure: %(seats)d in all.",
                 "Seats booked for groups by %(num)d partner structures: %(seats)d in all.",
                 len(table.rows), seats=table.footer[3])
        if table.rows else _("No group booking in this period.")
    )
    dashboard.charts["groups"] = charts.bar_list("groups", _("Seats booked by partner structures"), description,
                                                 [(row[0], row[3]) for row in charted])


def _partners(dashboard: ReachDashboard, rows: list[reach_queries.PartnerSeats]) -> None:
    """Seats held for partners (allocations) and how many they used."""
    table = Table("partners", _("Seats offered to partners"),
                  [Column(_("Partner")), Column(_("Sessions"), "int"), Column(_("Seats offered"), "int"),
                   Column(_("Seats used"), "int"), Column(_("Share used"), "percent")],
                  [[row.partner, row.sessions, row.offered, row.used, percent(row.used, row.offered)] for row in rows])
    if table.rows:
        offered, used = sum(row.offered for row in rows), sum(row.used for row in rows)
        table.footer = [_("Total"), sum(row.sessions for row in rows), offered, used, percent(used, offered)]
    dashboard.tables["partners"] = table
