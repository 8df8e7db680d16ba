"""The event dashboard: sign-ups per session over time, cancellations, the waiting list, answers."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext

from booking.dashboards import charts, event_queries
from booking.dashboards.charts import Chart
from booking.dashboards.periods import (
    MAX_PERIOD_DAYS,
    Period,
    local_day_of_hour,
    local_today,
    per_local_day,
    per_step,
)
from booking.dashboards.tables import Column, Table, percent, when
from booking.dashboards.team import short_day, step_label
from booking.models import Event, QuestionKind
from booking.services.questions import NO, YES, answer_key

LINES_SHOWN = 8  # more lines than this on a phone-sized chart is a tangle; the table has every session


@dataclass
class EventDashboard:
    event: Event
    period: Period | None
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    answer_charts: list[Chart] = field(default_factory=list)


def default_period(tz: str, sessions: list[event_queries.EventSession],
                   signup_rows: list[event_queries.SessionSignupHour], now: datetime) -> Period | None:
    """From the first sign-up to the last one, or on to today while sessions are still ahead."""
    if not signup_rows:
        return None
    days = [local_day_of_hour(row.hour, tz) for row in signup_rows]
    last_session_day = max((s.starts_at.astimezone(ZoneInfo(tz)).date() for s in sessions), default=max(days))
    last = max(max(days), min(local_today(tz, now), last_session_day))
    first = max(min(days), last - timedelta(days=MAX_PERIOD_DAYS - 1))  # a long-running event: its latest two years
    return Period(first, last, tz)


def build(event: Event, period: Period | None, now: datetime) -> EventDashboard:
    tz = event.venue.timezone
    sessions = event_queries.event_sessions(event.id)
    signup_rows = event_queries.signups_by_hour(event.id)
    dashboard = EventDashboard(event, period or default_period(tz, sessions, signup_rows, now))
    labels = {row.id: when(row.starts_at, tz, with_year=True) for row in sessions}
    _sessions(dashboard, sessions, labels)
    _no_shows(dashboard, sessions, labels, now)
    _signups(dashboard, sessions, signup_rows, labels)
    _waitlist(dashboard, sessions, labels, event_queries.waitlist_by_hour(event.id))
    questions = [q for q in event.questions if q.kind in (QuestionKind.CHOICE, QuestionKind.YES_NO)]
    _answers(dashboard, questions, event_queries.answer_counts(event.id, {q.id: answer_key(q) for q in questions}))
    _accessibility(dashboard, labels, event_queries.accessibility_needs(event.id))
    return dashboard


def _sessions(dashboard: EventDashboard, sessions: list[event_queries.EventSession], labels: dict) -> None:
    columns = [Column(_("Session")), Column(_("Status")), Column(_("Seats booked"), "int"),
               Column(_("Capacity"), "int"), Column(_("Fill rate"), "percent"), Column(_("Parties waiting"), "int"),
               Column(_("Cancelled by the person"), "int"), Column(_("Cancelled by an organiser"), "int"),
               Column(_("Cancelled with the session"), "int"),
               Column(_("Not reconfirmed or offer not taken in time"), "int")]
    rows = [[labels[s.id], _("Cancelled") if s.status == "cancelled" else _("Scheduled"), s.seats_taken, s.capacity,
             percent(s.seats_taken, s.capacity), s.waiting_parties, s.cancelled_by_attendee,
             s.cancelled_by_organiser, s.cancelled_with_session, s.let_go] for s in sessions]
    footer = [_("Total"), "", *[sum(row[i] for row in rows) for i in (2, 3)],
              percent(sum(row[2] for row in rows), sum(row[3] for row in rows)),
              *[sum(row[i] for row in rows) for i in range(5, 10)]]
    dashboard.tables["sessions"] = Table("sessions", _("Sessions and cancellations"), columns, rows, footer)
    dashboard.charts["fill"] = charts.fill_bars(
        "fill", _("How each session fills"),
        ngettext("Seats booked against capacity for the %(num)d session.",
                 "Seats booked against capacity for each of the %(num)d sessions.", len(rows)),
        [charts.FillRow(row[0], row[4] or 0, _("%(taken)d/%(capacity)d", taken=row[2], capacity=row[3]))
         for row in rows])
    cancelled = [(labels[s.id], s.cancelled) for s in sessions]
    dashboard.charts["cancellations"] = charts.bar_list(
        "cancellations", _("Cancellations per session"),
        ngettext("%(num)d cancellation in all.", "%(num)d cancellations in all.",
                 sum(count for _label, count in cancelled)), cancelled)


def no_show_rate(session: event_queries.EventSession, now: datetime) -> float | None:
    """Share of the seats booked that did not come, for a past session where check-in was used; else None."""
    if session.starts_at > now or session.status == "cancelled" or not session.arrived_parties:
        return None
    rate = percent(session.arrived_seats, session.confirmed_seats_now)
    return None if rate is None else max(0.0, 1 - rate)


def _no_shows(dashboard: EventDashboard, sessions: list[event_queries.EventSession], labels: dict,
              now: datetime) -> None:
    """No-shows per session (past sessions where people were checked in), and what reconfirmation freed."""
    columns = [Column(_("Session")), Column(_("Seats booked"), "int"), Column(_("Seats checked in"), "int"),
               Column(_("No-shows"), "percent"), Column(_("Bookings marked as no-shows"), "int"),
               Column(_("Seats released (not reconfirmed)"), "int")]
    rows = [[labels[s.id], s.confirmed_seats_now, s.arrived_seats, no_show_rate(s, now), s.marked_no_shows,
             s.released_seats] for s in sessions]
    checked = [row for row in rows if row[3] is not None]
    came = percent(sum(row[2] for row in checked), sum(row[1] for row in checked))
    footer = [_("Total"), sum(row[1] for row in rows), sum(row[2] for row in rows),
              None if came is None else max(0.0, 1 - came), sum(row[4] for row in rows), sum(row[5] for row in rows)]
    dashboard.tables["no_shows"] = Table("no_shows", _("No-shows and reconfirmation"), columns, rows, footer)


def _signups(dashboard: EventDashboard, sessions: list[event_queries.EventSession],
             rows: list[event_queries.SessionSignupHour], labels: dict) -> None:
    period = dashboard.period
    first_column = Column(step_label(period) if period else _("Day"), "date")
    table = Table("signups", _("Sign-ups so far, per session"),
                  [first_column, *[Column(labels[s.id], "int") for s in sessions], Column(_("All sessions"), "int")])
    dashboard.tables["signups"] = table
    if period is None:
        dashboard.charts["signups"] = charts.line_chart("signups", table.title, _("Nobody has signed up yet."), [], [])
        return
    per_session_day: dict[int, dict[date, tuple[int]]] = {}
    for row in rows:
        days = per_session_day.setdefault(row.session_id, {})
        day = local_day_of_hour(row.hour, period.tz)
        days[day] = (days.get(day, (0,))[0] + row.registrations,)
    steps = period.steps()
    # Running totals: sign-ups made before the period count too.
    running = [sum(n for day, (n,) in per_session_day.get(s.id, {}).items() if day < period.first) for s in sessions]
    increments = [per_step(per_session_day.get(s.id, {}), steps) for s in sessions]
    for index, (first, _last) in enumerate(steps):
        running = [total + increments[n][index][1] for n, total in enumerate(running)]
        table.rows.append([first, *running, sum(running)])
    shown = sessions[:LINES_SHOWN]
    series = [charts.Series(labels[s.id], [row[1 + index] for row in table.rows]) for index, s in enumerate(shown)]
    description = _("Sign-ups made so far for each session, from %(first)s to %(last)s: %(total)d in all.",
                    first=short_day(period.first), last=short_day(period.last),
                    total=table.rows[-1][-1] if table.rows else 0)
    if len(sessions) > LINES_SHOWN:
        description += " " + ngettext("The chart shows the first %(num)d session; the table has them all.",
                                      "The chart shows the first %(num)d sessions; the table has them all.", LINES_SHOWN)
    dashboard.charts["signups"] = charts.line_chart("signups", table.title, description,
                                                    [short_day(row[0]) for row in table.rows], series)


def _waitlist(dashboard: EventDashboard, sessions: list[event_queries.EventSession], labels: dict,
              moves: list[event_queries.WaitlistMove]) -> None:
    columns = [Column(_("Session")), Column(_("Joined the waiting list"), "int"), Column(_("Promoted"), "int"),
               Column(_("Left while waiting"), "int"), Column(_("Still waiting"), "int")]
    rows = [[labels[s.id], s.joined_waitlist, s.promoted, s.left_waitlist, s.waiting_parties] for s in sessions]
    footer = [_("Total"), *[sum(row[i] for row in rows) for i in range(1, 5)]]
    dashboard.tables["waitlist"] = Table("waitlist", _("Waiting list, per session"), columns, rows, footer)
    period = dashboard.period
    steps_table = Table("waitlist_days", _("Waiting list movement"),
                        [Column(step_label(period) if period else _("Day"), "date"), Column(_("Joined"), "int"),
                         Column(_("Promoted"), "int")])
    dashboard.tables["waitlist_days"] = steps_table
    if period is None:
        return
    joined = per_local_day([(m.hour, m.parties) for m in moves if m.move == "joined"], period.tz)
    promoted = per_local_day([(m.hour, m.parties) for m in moves if m.move == "promoted"], period.tz)
    steps = period.steps()
    steps_table.rows = [[first, joined_n, promoted_n] for (first, joined_n), (_first, promoted_n)
                        in zip(per_step(joined, steps), per_step(promoted, steps), strict=True)]
    steps_table.footer = [_("Total"), *[sum(row[i] for row in steps_table.rows) for i in (1, 2)]]
    dashboard.charts["waitlist"] = charts.column_chart(
        "waitlist", steps_table.title,
        ngettext("From %(first)s to %(last)s: %(num)d party joined the waiting list.",
                 "From %(first)s to %(last)s: %(num)d parties joined the waiting list.", steps_table.footer[1],
                 first=short_day(period.first), last=short_day(period.last))
        + " " + ngettext("%(num)d party was promoted.", "%(num)d parties were promoted.", steps_table.footer[2]),
        [short_day(row[0]) for row in steps_table.rows],
        [charts.Series(_("Joined"), [row[1] for row in steps_table.rows]),
         charts.Series(_("Promoted"), [row[2] for row in steps_table.rows])])


def _answers(dashboard: EventDashboard, questions: list, rows: list[event_queries.AnswerCount]) -> None:
    counts: dict[tuple[int, str], tuple[int, int]] = {}
    for row in rows:
        key = (row.question_id, _answer_text(row.answer))
        before = counts.get(key, (0, 0))
        counts[key] = (before[0] + row.parties, before[1] + (row.seats or 0))
    table = Table("answers", _("Answers to the booking questions"),
                  [Column(_("Question")), Column(_("Answer")), Column(_("Bookings"), "int"), Column(_("Seats"), "int")])
    for question in questions:
        options = question.choices if question.kind == QuestionKind.CHOICE else [YES, NO]
        seen = list(options) + sorted(
            str(a) for (qid, a) in counts if qid == question.id and a not in options and a != "")
        answered = []
        for option in [*seen, ""]:
            parties, seats = counts.get((question.id, option), (0, 0))
            shown = {YES: _("Yes"), NO: _("No"), "": _("No answer")}.get(option, option)
            table.rows.append([question.label, shown, parties, seats])
            answered.append((shown, parties))
        dashboard.answer_charts.append(charts.bar_list(
            f"answers-{question.id}", question.label,
            "; ".join(f"{label}: {parties}" for label, parties in answered), answered))
    dashboard.tables["answers"] = table


def _answer_text(answer) -> str:
    """Answers as stored; None (no answer) becomes ""."""
    return "" if answer is None else str(answer)


def _accessibility(dashboard: EventDashboard, labels: dict, rows: list[event_queries.AccessibilityNeed]) -> None:
    table = Table("accessibility", _("Accessibility needs to plan for"),
                  [Column(_("Session")), Column(_("Need")), Column(_("Bookings"), "int"), Column(_("People"), "int")],
                  [[labels.get(row.session_id, ""), row.needs, row.parties, row.seats] for row in rows])
    if table.rows:
        table.footer = [_("Total"), "", sum(row[2] for row in table.rows), sum(row[3] for row in table.rows)]
    dashboard.tables["accessibility"] = table
