"""Charts: where the marks of a small SVG chart of targets and outcomes go, year by year.

A chart is columns on a shared value axis: in each, the band of values that meet a target (open
to the plot's edge on the side a ceiling leaves open), the target's own value, and the outcome;
the outcomes are joined from year to year. This module only places things (numbers in,
coordinates out, so a test can check that a higher value stands higher); charts.html draws them,
autoescaped like every template here. Coordinates are rounded to a tenth of a pixel and labels
written by `NumeralRules.readable`, so the same numbers give the same bytes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from plantool.rules.schema import NumeralRules

STEP = 30.0  # px per column: room for a year under the axis
PLOT_HEIGHT = 160.0
TICKS = 5  # about this many labelled values on the axis
COMPACT = (48.0, 56.0, 3)  # (step, plot height, ticks) of a chart in a table cell
FONT = 11.0  # px, of the axis labels (the years one less)


@dataclass(frozen=True)
class Point:
    """One column to draw, in the chart's unit: a year's target and outcome (or one plan's target)."""

    label: str  # under the axis: 2016
    band: tuple[float, float] | None  # the values that meet the target, low to high; an end may be infinite
    target: float | None  # the target's own value; none for a range
    outcome: float | None
    tone: str  # what colours the outcome: its verdict
    tip: str  # what the column says on hover


@dataclass(frozen=True)
class Column:
    """A point placed: its middle and the sides of its band (x), and the y of its marks."""

    x: float
    left: float
    right: float
    label: str
    band: tuple[float, float] | None  # the band's top y and height, within the plot
    edges: tuple[float, ...]  # the y of each end of the band (none for an open side)
    target: float | None
    outcome: float | None
    tone: str
    tip: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str
    baseline: float  # of the label, level with the tick


@dataclass(frozen=True)
class Chart:
    """A chart placed: its size, the plot's box (left, top, right, bottom), the axis, the columns,
    and the outcomes' lines (each "x,y x,y …", broken where a year has none). Every coordinate is
    computed here, the template only writes them."""

    title: str
    width: float
    height: float
    box: tuple[float, float, float, float]
    ticks: list[Tick]
    columns: list[Column]
    lines: list[str]
    tick_x: float  # where the value labels end, left of the plot
    label_y: float  # the baseline of the labels under the plot
    band_width: float


def line_chart(
    points: Sequence[Point], unit: str, numerals: NumeralRules, title: str = "", compact: bool = False
) -> Chart | None:
    """The chart of `points` with a value axis labelled as people write the numbers; none when no
    point has a number to draw. `title` is drawn above the plot (a standalone picture's heading)."""
    values = [x for p in points for x in (*(p.band or ()), p.target, p.outcome) if x is not None and math.isfinite(x)]
    if not values:
        return None
    step, plot_height, count = COMPACT if compact else (STEP, PLOT_HEIGHT, TICKS)
    low, high, ticks = _axis(min(values), max(values), count)
    labels = [numerals.readable(t, unit) for t in ticks]
    left = math.ceil(max(_text_width(x) for x in labels)) + 10.0
    top = 30.0 if title else 8.0
    box = (left, top, left + step * len(points), top + plot_height)

    def y(value: float) -> float:
        clipped = min(max(value, low), high)
        return _round(box[3] - (clipped - low) / (high - low) * plot_height)

    columns = []
    for k, p in enumerate(points):
        x = left + step * (k + 0.5)
        band = None
        if p.band is not None:
            band = (y(max(p.band)), _round(y(min(p.band)) - y(max(p.band))))
        columns.append(
            Column(
                x=_round(x),
                left=_round(x - step * 0.3),
                right=_round(x + step * 0.3),
                label=p.label,
                band=band,
                edges=tuple(y(e) for e in p.band or () if math.isfinite(e)),
                target=None if p.target is None else y(p.target),
                outcome=None if p.outcome is None else y(p.outcome),
                tone=p.tone,
                tip=p.tip,
            )
        )
    lines: list[list[str]] = []
    for k, c in enumerate(columns):
        if c.outcome is None:
            continue
        if k == 0 or columns[k - 1].outcome is None:
            lines.append([])
        lines[-1].append(f"{c.x:g},{c.outcome:g}")
    return Chart(
        title=title,
        width=box[2] + 8.0,
        height=box[3] + 22.0,
        box=box,
        ticks=[Tick(y(t), label, _round(y(t) + 4)) for t, label in zip(ticks, labels)],
        columns=columns,
        lines=[" ".join(line) for line in lines if len(line) > 1],
        tick_x=left - 6.0,
        label_y=box[3] + 15.0,
        band_width=_round(step * 0.6),
    )


def _axis(low: float, high: float, count: int) -> tuple[float, float, list[float]]:
    """The axis's ends and labelled values: round numbers (1, 2 or 5 times a power of ten apart)
    from below `low` to above `high` with a little room (so that an open band, which runs to the
    edge, stands out from a closed one), about `count` of them."""
    pad = (high - low) * 0.05 if high - low > 1e-9 * max(1.0, abs(high)) else abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    ticks = [_tidy(k * step) for k in range(first, last + 1)]
    return ticks[0], ticks[-1], ticks


def _tidy(x: float) -> float:
    """A tick without float noise (0.30000000000000004 is 0.3), integral ones as ints."""
    x = round(x, 10)
    return int(x) if x.is_integer() else x


def _round(x: float) -> float:
    return round(x, 1) + 0.0  # + 0.0: never -0.0


def _text_width(text: str) -> float:
    """About how wide a label is drawn at FONT px: a CJK character a full em, others near half."""
    return sum(FONT if unicodedata.east_asian_width(c) in "WF" else FONT * 0.6 for c in text)
