"""Charts as plain shapes, drawn as SVG by templates/dashboards/_charts.html.

Geometry is computed here from plain values (no Flask), so it is tested
without an app. Charts are drawn 360 units wide, about a phone's width in CSS
pixels: on a phone text stays at its natural size, and wider screens cap the
width in CSS. Colours come from CSS classes (no inline style, for the CSP),
and every series also differs by shape or dash, never by colour alone.
"""

import math
from dataclasses import dataclass, field
from typing import ClassVar

WIDTH = 360
LEFT = 34  # room for the y-axis labels
RIGHT = 8
TOP = 12
AXIS_LABELS_HEIGHT = 20
LEGEND_ROW = 18
MAX_X_LABELS = 5  # each label gets about 70 units: room for "22 nov." or "janv. 2026"


@dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"
    x: float
    y: float
    width: float
    height: float
    css: str
    tip: str = ""


@dataclass(frozen=True)
class Hit:
    """A see-through link over a row (its label and bar) to ``url``, a finger's height tall."""

    kind: ClassVar[str] = "hit"
    x: float
    y: float
    width: float
    height: float
    url: str
    tip: str


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    x: float
    y: float
    text: str
    css: str = "chart-label"
    anchor: str = "start"


@dataclass(frozen=True)
class Line:
    kind: ClassVar[str] = "line"
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass(frozen=True)
class Polyline:
    kind: ClassVar[str] = "polyline"
    points: str
    css: str


@dataclass(frozen=True)
class Chart:
    """An SVG picture: ``title`` and ``description`` are its text alternative."""

    key: str
    title: str
    description: str
    height: float
    shapes: list = field(default_factory=list)
    width: int = WIDTH

    @property
    def linked(self) -> bool:
        return any(shape.kind == "hit" for shape in self.shapes)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


@dataclass(frozen=True)
class FillRow:
    label: str
    filled: float  # 0..1 (capped when drawn)
    value_text: str
    css: str = "chart-fill"
    url: str = ""  # where a click on the row leads (its event), if anywhere


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _round(value: float) -> float:
    return round(value, 1)


def _y_axis(top: float, plot_height: float, y_max: float) -> list:
    shapes = []
    for fraction in (0, 0.5, 1):
        y = _round(top + plot_height * (1 - fraction))
        shapes.append(Line(LEFT, y, WIDTH - RIGHT, y, "chart-grid"))
        shapes.append(Text(LEFT - 4, y + 4, _number(y_max * fraction), "chart-label", "end"))
    return shapes


def _x_labels(labels: list[str], slot: float, y: float) -> list:
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    shapes = []
    for index in range(0, len(labels), every):
        x, anchor = LEFT + slot * (index + 0.5), "middle"
        if x - LEFT < 30:  # the first label would spill over the axis: align it on its bar instead
            x, anchor = LEFT + slot * index, "start"
        elif WIDTH - RIGHT - x < 30:
            x, anchor = LEFT + slot * (index + 1), "end"
        shapes.append(Text(_round(x), y, labels[index], "chart-label", anchor))
    return shapes


def _legend(series_names: list[str], y: float, css_of) -> list:
    shapes = []
    for index, name in enumerate(series_names):
        row_y = y + index * LEGEND_ROW
        shapes.append(Rect(LEFT, row_y - 9, 18, 10, css_of(index)))
        shapes.append(Text(LEFT + 24, row_y, name))
    return shapes


def column_chart(key: str, title: str, description: str, labels: list[str], series: list[Series], *,
                 stacked: bool = False, plot_height: float = 150) -> Chart:
    """Vertical bars per label: one series, several side by side, or stacked."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))] if stacked else []
    peak = max(totals or [v for s in series for v in s.values] or [0])
    y_max = nice_ceiling(peak)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    gap = min(2.0, slot * 0.2)
    shapes = _y_axis(TOP, plot_height, y_max)
    base = TOP + plot_height
    for index, label in enumerate(labels):
        x0, offset = LEFT + slot * index + gap / 2, 0.0
        width = (slot - gap) if stacked else (slot - gap) / len(series)
        for number, one in enumerate(series):
            value = one.values[index]
            height = plot_height * value / y_max
            x = x0 if stacked else x0 + width * number
            y = base - offset - height
            tip = f"{label}: {_number(value)}" if len(series) == 1 else f"{label}, {one.name}: {_number(value)}"
            shapes.append(Rect(_round(x), _round(y), _round(width), _round(height), f"chart-series-{number}", tip))
            if stacked:
                offset += height
    shapes += _x_labels(labels, slot, base + 14)
    height = base + AXIS_LABELS_HEIGHT
    if len(series) > 1:
        shapes += _legend([s.name for s in series], height + 6, lambda n: f"chart-series-{n}")
        height += 6 + LEGEND_ROW * len(series)
    return Chart(key, title, description, _round(height), shapes)


def line_chart(key: str, title: str, description: str, labels: list[str], series: list[Series], *,
               plot_height: float = 160) -> Chart:
    """One line per series over the labels (e.g. cumulative sign-ups per session)."""
    y_max = nice_ceiling(max([v for s in series for v in s.values] or [0]))
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    shapes = _y_axis(TOP, plot_height, y_max)
    base = TOP + plot_height
    for number, one in enumerate(series):
        points = " ".join(
            f"{_round(LEFT + slot * (i + 0.5))},{_round(base - plot_height * v / y_max)}" for i, v in enumerate(one.values)
        )
        shapes.append(Polyline(points, f"chart-line chart-line-{number % 8}"))
    shapes += _x_labels(labels, slot, base + 14)
    height = base + AXIS_LABELS_HEIGHT + 6
    for index, one in enumerate(series):
        row_y = height + index * LEGEND_ROW
        shapes.append(Line(LEFT, row_y - 4, LEFT + 22, row_y - 4, f"chart-line chart-line-{index % 8}"))
        shapes.append(Text(LEFT + 28, row_y, one.name))
    return Chart(key, title, description, _round(height + LEGEND_ROW * len(series)), shapes)


def fill_bars(key: str, title: str, description: str, rows: list[FillRow]) -> Chart:
    """One labelled horizontal bar per row, filled to a fraction of its full length."""
    track = WIDTH - 2 * RIGHT
    shapes, y = [], TOP
    for row in rows:
        # Label, then figures, then the bar: each on its own line, so long titles never run into the figures.
        shapes.append(Text(RIGHT, y + 10, row.label))
        shapes.append(Text(RIGHT, y + 25, row.value_text, "chart-label chart-value"))
        shapes.append(Rect(RIGHT, y + 30, track, 12, "chart-track"))
        filled = _round(track * min(1.0, max(0.0, row.filled)))
        shapes.append(Rect(RIGHT, y + 30, filled, 12, row.css, row.value_text))
        if row.url:
            shapes.append(Hit(RIGHT, y, track, 44, row.url, row.label))  # 44 units: a finger's worth on a phone
        y += 54
    return Chart(key, title, description, _round(y), shapes)


def bar_list(key: str, title: str, description: str, rows: list[tuple[str, float]]) -> Chart:
    """Horizontal bars for totals per category, the longest for the largest value."""
    peak = max([value for _, value in rows] or [0]) or 1
    return fill_bars(key, title, description,
                     [FillRow(label, value / peak, _number(value), "chart-series-0") for label, value in rows])
