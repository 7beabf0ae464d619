"""Small line charts drawn on the server as inline SVG: no script, no library, no request off the site.

``line_chart`` draws lines of (x, y) points (x in years, e.g. 2023.75 for 30 September 2023) with axes,
gridlines and labels, and markers (points with a hover title, each optionally a link) on top. The council
page (db/council_page.py) draws the DfE workforce series with it.
"""

import datetime
import math
from dataclasses import dataclass, field

from markupsafe import Markup

WIDTH, HEIGHT = 460, 220
MARGIN = {"left": 44, "right": 12, "top": 14, "bottom": 30}


@dataclass
class Line:
    label: str
    points: list  # (x, y), y None for a gap: the line is drawn through the points that have a value
    css_class: str = "series"


@dataclass
class Marker:
    x: float
    y: float
    title: str
    href: str | None = None
    css_class: str = "claim"


@dataclass
class Scale:
    """Maps data values in [low, high] onto pixels in [start, end]."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return round(self.start + (value - self.low) / span * (self.end - self.start), 1)


@dataclass
class Chart:
    title: str
    lines: list
    markers: list = field(default_factory=list)
    unit: str = ""


def year_fraction(day: str | None) -> float | None:
    """``"2023-09-30"`` -> 2023.75 (near enough); ``"2023-09"`` -> the 15th; ``"2023"`` -> 1 July."""
    if not day:
        return None
    parts = (str(day)[:10].split("-") + ["", ""])[:3]
    try:
        year = int(parts[0])
        month = int(parts[1] or 7)
        date = datetime.date(year, month, int(parts[2] or (1 if not parts[1] else 15)))
    except ValueError:
        return None
    return round(year + (date.timetuple().tm_yday - 1) / 365, 3)


def nice_step(span: float, ticks: int = 4) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) giving about ``ticks`` lines over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def y_ticks(values: list) -> list:
    """Gridline values from 0 to just above the largest value."""
    step = nice_step(max(values, default=1) or 1)
    top = step * math.ceil((max(values, default=1) or 1) / step)
    return [round(i * step, 6) for i in range(int(round(top / step)) + 1)]


def label(value: float, unit: str = "") -> str:
    return f"{value:g}{unit}"


def all_points(chart: Chart) -> list:
    points = [(x, y) for line in chart.lines for x, y in line.points if y is not None]
    return points + [(m.x, m.y) for m in chart.markers]


def polyline(line: Line, sx: Scale, sy: Scale) -> Markup:
    points = " ".join(f"{sx(x)},{sy(y)}" for x, y in line.points if y is not None)
    dots = Markup("").join(
        Markup('<circle class="{}" cx="{}" cy="{}" r="2.5"><title>{}: {}</title></circle>').format(
            line.css_class, sx(x), sy(y), line.label, label(y)
        )
        for x, y in line.points
        if y is not None
    )
    return Markup('<polyline class="{}" points="{}"><title>{}</title></polyline>{}').format(
        line.css_class, points, line.label, dots
    )


def marker(m: Marker, sx: Scale, sy: Scale) -> Markup:
    dot = Markup('<circle class="{}" cx="{}" cy="{}" r="5"><title>{}</title></circle>').format(
        m.css_class, sx(m.x), sy(m.y), m.title
    )
    return Markup('<a href="{}">{}</a>').format(m.href, dot) if m.href else dot


def axes(xs: range, ys: list, sx: Scale, sy: Scale, unit: str) -> Markup:
    """Horizontal gridlines labelled with their value, and a tick labelled with each year on the x axis."""
    parts = [
        Markup(
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="y" x="{}" y="{}">{}</text>'
        ).format(sx.start, sx.end, sy(y), sy(y), sx.start - 4, sy(y) + 4, label(y, unit))
        for y in ys
    ]
    step = 1 if len(xs) <= 10 else 2
    parts += [
        Markup(
            '<line class="tick" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="x" x="{}" y="{}">{}</text>'
        ).format(sx(x), sx(x), sy.start, sy.start + 4, sx(x), sy.start + 16, x)
        for x in xs[::step]
    ]
    return Markup("").join(parts)


def line_chart(chart: Chart, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    """The chart as an ``<svg>`` element, x from the first year to the year after the last point."""
    points = all_points(chart)
    if not points:
        return Markup("")
    first, last = math.floor(min(x for x, _ in points)), math.floor(max(x for x, _ in points)) + 1
    ys = y_ticks([y for _, y in points])
    sx = Scale(first, last, MARGIN["left"], width - MARGIN["right"])
    sy = Scale(0, ys[-1], height - MARGIN["bottom"], MARGIN["top"])
    body = Markup("").join(
        [axes(range(first, last + 1), ys, sx, sy, chart.unit)]
        + [polyline(line, sx, sy) for line in chart.lines if any(y is not None for _, y in line.points)]
        + [marker(m, sx, sy) for m in chart.markers]
    )
    return Markup(
        '<svg class="line-chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>'
    ).format(width, height, chart.title, chart.title, body)
