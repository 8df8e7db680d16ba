"""Chart geometry and local-day arithmetic, from plain values (no database)."""

from datetime import UTC, date, datetime

import pytest
from werkzeug.datastructures import MultiDict

from booking.dashboards import charts
from booking.dashboards.forms import PeriodForm
from booking.dashboards.periods import Period, last_months, local_day_of_hour, per_local_day, per_step

PARIS = "Europe/Paris"


def epoch_hour(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


@pytest.mark.parametrize("value, ceiling", [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (24, 25), (180, 200),
                                            (0.3, 0.5)])
def test_axis_ends_on_a_round_number(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_columns_are_as_tall_as_their_share_of_the_axis():
    chart = charts.column_chart("c", "Sign-ups", "0, 5 and 10", ["a", "b", "c"], [charts.Series("n", [0, 5, 10])],
                                plot_height=150)

    bars = [shape for shape in chart.shapes if shape.kind == "rect"]
    assert [bar.height for bar in bars] == [0, 75, 150]
    assert bars[2].y == charts.TOP  # the tallest reaches the top of the axis
    assert [bar.tip for bar in bars] == ["a: 0", "b: 5", "c: 10"]
    assert all(bar.x + bar.width <= charts.WIDTH for bar in bars)


def test_stacked_columns_sit_on_each_other_and_get_a_legend():
    chart = charts.column_chart("c", "People", "d", ["May"], [charts.Series("New", [3]), charts.Series("Back", [2])],
                                stacked=True, plot_height=100)

    new, back = [shape for shape in chart.shapes if shape.kind == "rect" and shape.tip]
    assert (new.height, back.height) == (60, 40)  # axis up to 5
    assert back.y + back.height == new.y
    assert {"New", "Back"} <= {shape.text for shape in chart.shapes if shape.kind == "text"}


def test_a_fill_bar_never_runs_past_its_track():
    chart = charts.fill_bars("f", "Fill", "d", [charts.FillRow("over", 1.4, "14/10"), charts.FillRow("half", 0.5, "5/10")])

    track, over, _track2, half = [shape for shape in chart.shapes if shape.kind == "rect"]
    assert over.width == track.width
    assert half.width == track.width / 2


def test_lines_pass_through_each_value():
    chart = charts.line_chart("l", "Cumulative", "d", ["1", "2"], [charts.Series("A", [0, 10])], plot_height=100)

    line = next(shape for shape in chart.shapes if shape.kind == "polyline")
    (x1, y1), (x2, y2) = [map(float, point.split(",")) for point in line.points.split()]
    assert (y1, y2) == (charts.TOP + 100, charts.TOP)


def test_utc_hours_fall_on_the_local_day_across_daylight_saving_changes():
    # 22:00 UTC is midnight in Paris in summer, 23:00 in winter.
    assert local_day_of_hour(epoch_hour(datetime(2026, 7, 1, 22, tzinfo=UTC)), PARIS) == date(2026, 7, 2)
    assert local_day_of_hour(epoch_hour(datetime(2026, 1, 1, 22, tzinfo=UTC)), PARIS) == date(2026, 1, 1)
    assert local_day_of_hour(epoch_hour(datetime(2026, 1, 1, 23, tzinfo=UTC)), PARIS) == date(2026, 1, 2)
    rows = [(epoch_hour(datetime(2026, 3, 28, 22, tzinfo=UTC)), 2, 3), (epoch_hour(datetime(2026, 3, 29, 21, tzinfo=UTC)), 1, 1)]
    assert per_local_day(rows, PARIS, width=2) == {date(2026, 3, 28): (2, 3), date(2026, 3, 29): (1, 1)}


def test_a_period_includes_both_ends_and_cuts_at_local_midnights():
    period = Period(date(2026, 3, 30), date(2026, 4, 2), PARIS)

    assert period.days == [date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 2)]
    assert period.months() == [date(2026, 3, 1), date(2026, 4, 1)]
    assert period.month_boundaries() == [datetime(2026, 3, 29, 22, tzinfo=UTC), datetime(2026, 3, 31, 22, tzinfo=UTC),
                                         datetime(2026, 4, 2, 22, tzinfo=UTC)]


def test_twelve_months_start_on_the_first_of_the_month_eleven_months_back():
    period = last_months(12, PARIS, datetime(2026, 2, 10, 12, tzinfo=UTC))

    assert (period.first, period.last) == (date(2025, 3, 1), date(2026, 2, 10))
    assert len(period.months()) == 12


@pytest.mark.parametrize("args, first, last", [
    ({}, date(2026, 5, 2), date(2026, 5, 31)),
    ({"date_from": "2026-04-01"}, date(2026, 4, 1), date(2026, 5, 31)),
    ({"date_to": "2026-05-10"}, date(2026, 5, 2), date(2026, 5, 10)),
    ({"date_to": "2026-04-10"}, date(2026, 4, 10), date(2026, 4, 10)),
    ({"date_from": "2020-01-01"}, date(2020, 1, 1), date(2020, 1, 30)),  # one far date: the default span from it
])
def test_the_period_form_completes_a_missing_date_from_the_default(app, args, first, last):
    default = Period(date(2026, 5, 2), date(2026, 5, 31), PARIS)
    with app.test_request_context():
        form = PeriodForm(MultiDict(args))
        assert form.validate()
        period = form.period(default)

    assert (period.first, period.last) == (first, last)


def test_long_periods_step_by_week_from_monday():
    period = Period(date(2026, 1, 7), date(2026, 3, 20), PARIS)  # a Wednesday to a Friday, 73 days

    steps = period.steps()

    assert period.weekly
    assert steps[0] == (date(2026, 1, 7), date(2026, 1, 11))
    assert steps[1] == (date(2026, 1, 12), date(2026, 1, 18))
    assert steps[-1] == (date(2026, 3, 16), date(2026, 3, 20))
    assert sum((last - first).days + 1 for first, last in steps) == 73


def test_steps_add_up_their_days():
    per_day = {date(2026, 1, 7): (1, 2), date(2026, 1, 11): (3, 4), date(2026, 1, 12): (5, 6)}
    steps = [(date(2026, 1, 7), date(2026, 1, 11)), (date(2026, 1, 12), date(2026, 1, 18))]

    assert per_step(per_day, steps, width=2) == [(date(2026, 1, 7), 4, 6), (date(2026, 1, 12), 5, 6)]
