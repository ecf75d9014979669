"""Verdict: a result placed against the band its target sets: met, missed, exceeded or unclear.

The band is the target's comparator (≥, ≤, ≈ within a tolerance of rules/track.yaml, a range
within its bounds) on the side that is better. A target of something kept low (a price rise,
unemployment, a deficit ratio, energy use: `track.ceilings`) is a ceiling, kept by staying under
it (or, for a decrease, by falling at least as far). A review that says the target was not
achieved (没有实现…目标: `track.not_achieved`) makes it missed, whatever number it repeats. Values
are in base units, so 1.4万亿斤 meets 1.3万亿斤 and 万亿元 meets 亿元.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

from plantool.analysis.match import tidy
from plantool.model import Number, Target
from plantool.rules import Rules

Verdict = Literal["met", "missed", "exceeded", "unclear", "not reported", "no report", "no target"]
Direction = Literal["higher", "lower"]
End = tuple[float, int]  # an end of the numbers a result stands for: (value, nudge), see _result_ends

# Families whose numbers are rates or shares: there a growth (增长5%) and a level (上涨0.2%, as the
# extraction reads it) are the same measure; elsewhere an amount added is not a level reached.
RATE_FAMILIES = ("percent", "percentage_point")


class Judgement(NamedTuple):
    verdict: Verdict
    direction: Direction
    difference: Number | None
    tolerance: Number | None
    note: str


def judge(target: Target, result: Target, rules: Rules) -> Judgement:
    """Place a result against the band its target sets.

    ge: met from the value up, exceeded beyond value + tolerance, missed below. le: the mirror.
    approx, eq: met within ± tolerance; range: met within its bounds; outside, the better side
    (`direction`) is exceeded and the other missed. A decrease target's value is the size of the
    fall, so a bigger fall is better. A result given as a bound (超过3%) stands for the numbers
    beyond it: they must all fall on one side, except that a bound that is met at least is met.
    Outside percentages, an amount added (新增5家) and a level reached (达到31家) do not compare.
    """
    direction = direction_of(target, rules)
    denial = rules.track.not_achieved.search(result.text)
    if denial is not None:
        return Judgement("missed", direction, None, None, f"the review says it was not achieved ({denial.group(0)})")
    if result.unit != target.unit:
        return Judgement("unclear", direction, None, None, f"units differ: {target.unit} against {result.unit}")
    if target.unit_family not in RATE_FAMILIES and is_change(target, rules) != is_change(result, rules):
        added, reached = (target, result) if is_change(target, rules) else (result, target)
        return Judgement(
            "unclear", direction, None, None, f"an amount added ({added.text}) against a level ({reached.text})"
        )
    tolerance = _tolerance(target, rules)
    ceiling = is_ceiling(target, rules)
    band = _band(target, tolerance, ceiling)
    if band is None:
        return Judgement("unclear", direction, None, tolerance, "the target gives no number")
    low, high = band
    ends, number, notes = _result_ends(target, result, rules)
    if ends is None:
        return Judgement("unclear", direction, None, tolerance, "the result gives no number")
    zones = range(_zone(*ends[0], low, high), _zone(*ends[1], low, high) + 1)
    verdicts = {_zone_verdict(z, direction) for z in zones}
    if len(verdicts) == 1:
        verdict: Verdict = verdicts.pop()
    elif verdicts == {"met", "exceeded"}:
        verdict = "met"
        notes.append("met at least")
    else:
        verdict = "unclear"
        notes.append("the bound falls on both sides of the band")
    notes.insert(0, _band_note(target, low, high, tolerance, direction, ceiling, rules))
    return Judgement(verdict, direction, _difference(target, number), tolerance, "; ".join(notes))


def is_change(t: Target, rules: Rules) -> bool:
    """Whether a number is an amount added or taken away (新增, 城镇新增就业) rather than a level
    reached (达到, 由450元提高到610元)."""
    if t.change is not None and t.change.basis == "from":
        return False
    return t.kind != "level" or any(v in t.indicator for v in rules.kinds.name_verbs)


def direction_of(t: Target, rules: Rules) -> Direction:
    if t.comparator in ("ge", "le"):
        return "higher" if t.comparator == "ge" else "lower"
    return "lower" if is_ceiling(t, rules) and t.kind != "decrease" else "higher"


def is_ceiling(t: Target, rules: Rules) -> bool:
    """Whether a target caps what it measures (`track.ceilings`: 居民消费价格涨幅3%左右 is kept at 2%;
    能耗降低4%左右 by any fall from 3.5%), unless its comparator says otherwise (失业率5%以上)."""
    against = "ge" if t.kind != "decrease" else "le"
    return t.comparator != against and any(w in t.indicator for w in rules.track.ceilings)


def band(t: Target, rules: Rules) -> tuple[float, float] | None:
    """The results that meet a target, as `judge` places them: ± its tolerance, within a range,
    open on the side a ceiling leaves open; None where the target gives no number."""
    return _band(t, _tolerance(t, rules), is_ceiling(t, rules))


def _tolerance(t: Target, rules: Rules) -> Number | None:
    """The tolerance in the target's unit; none for a range, which is met within its bounds."""
    if t.comparator == "range" or t.value is None:
        return None
    rule = next(x for x in rules.track.tolerances if x.unit_family in (t.unit_family, None))
    if rule.absolute is not None:
        return rule.absolute
    return tidy(abs(t.value) * (rule.relative or 0))


def _band(t: Target, tolerance: Number | None, ceiling: bool) -> tuple[float, float] | None:
    """The results that meet the target: from low to high (either may be infinite); a ceiling's
    band is open on its better side."""
    if t.comparator == "range":
        band = None if t.low is None or t.high is None else (float(t.low), float(t.high))
    elif t.value is None or tolerance is None:
        band = None
    elif t.comparator == "ge":
        band = t.value, t.value + tolerance
    elif t.comparator == "le":
        band = t.value - tolerance, t.value
    else:
        band = t.value - tolerance, t.value + tolerance
    if band is None or not ceiling:
        return band
    return (band[0], math.inf) if t.kind == "decrease" else (-math.inf, band[1])


def _result_ends(target: Target, result: Target, rules: Rules) -> tuple[tuple[End, End] | None, float | None, list[str]]:
    """The numbers a result stands for, as its two ends (value, nudge: −1 just below, +1 just
    above, 0 the value itself), the result's number, and notes. A result of the opposite kind
    (下降 against 增长) is read negative."""
    notes: list[str] = []
    ends: tuple[End, End]
    number: float | None
    if result.comparator == "range":
        if result.low is None or result.high is None:
            return None, None, notes
        ends = ((float(result.low), 0), (float(result.high), 0))
        number = None
    elif result.value is None:
        return None, None, notes
    else:
        x = float(result.value)
        number = x
        if result.comparator == "ge":
            ends = ((x, 1), (math.inf, 0))
            notes.append(f"the result is at least {rules.numerals.readable(x, result.unit)}")
        elif result.comparator == "le":
            ends = ((-math.inf, 0), (x, -1))
            notes.append(f"the result is at most {rules.numerals.readable(x, result.unit)}")
        else:
            ends = ((x, 0), (x, 0))
    if {target.kind, result.kind} == {"increase", "decrease"}:
        ends = ((-ends[1][0], -ends[1][1]), (-ends[0][0], -ends[0][1]))
        number = None if number is None else -number
        notes.append(f"a result of {result.kind} against a target of {target.kind}, read negative")
    return ends, number, notes


def _zone(x: float, nudge: int, low: float, high: float) -> int:
    """Where x (or the numbers just beside it, by nudge) falls: −1 below the band, 0 in it, 1 above."""
    eps = 1e-9 * max(1.0, abs(low) if math.isfinite(low) else 1.0, abs(high) if math.isfinite(high) else 1.0)
    if nudge > 0:
        return 1 if x >= high - eps else 0 if x >= low - eps else -1
    if nudge < 0:
        return -1 if x <= low + eps else 0 if x <= high + eps else 1
    return -1 if x < low - eps else 1 if x > high + eps else 0


def _zone_verdict(zone: int, direction: Direction) -> Verdict:
    if zone == 0:
        return "met"
    return "exceeded" if (zone > 0) == (direction == "higher") else "missed"


def _band_note(
    t: Target, low: float, high: float, tolerance: Number | None, direction: Direction, ceiling: bool, rules: Rules
) -> str:
    shown = rules.numerals.readable
    if ceiling:
        if t.kind == "decrease":
            return f"a ceiling (track.ceilings): met by a decrease from {shown(low, t.unit)}"
        return f"a ceiling (track.ceilings): met up to {shown(high, t.unit)}"
    if t.comparator == "range":
        band = f"met within {shown(low)}–{shown(high, t.unit)}"
    elif t.comparator == "ge":
        band = f"met from {shown(low, t.unit)}, exceeded above {shown(high, t.unit)}"
    elif t.comparator == "le":
        band = f"met up to {shown(high, t.unit)}, exceeded below {shown(low, t.unit)}"
    else:
        band = f"met within {shown(t.value)}±{shown(tolerance, t.unit)}"
    if t.comparator not in ("ge", "le") and direction == "lower":
        band += ", lower is better"
    elif t.kind == "decrease":
        band += ", a bigger decrease is better"
    return band


def _difference(t: Target, number: float | None) -> Number | None:
    if number is None:
        return None
    if t.comparator == "range":
        if t.low is None or t.high is None:
            return None
        return tidy(number - t.high if number > t.high else number - t.low if number < t.low else 0)
    return None if t.value is None else tidy(number - t.value)
