"""Track: plans against outcomes. Each target of one year's plan is set beside the figure the
next year's report gives for it in its review part, with a verdict: met, missed or exceeded.

Targets meet results through the diff's matching (`plantool.analysis.diff.match_targets`: indicator words,
synonyms, one unit family), with a few more words for how a result is worded beside its target
(rules/track.yaml). A verdict places the result against the band the target sets: its comparator, a
tolerance (rules/track.yaml) and the side that is better (more, except for a level of something to keep
low, such as unemployment). Values are in base units, so 1.4万亿斤 meets 1.3万亿斤 and 万亿元 meets 亿元.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable
from typing import Literal, NamedTuple, get_args

from pydantic import BaseModel, Field

from plantool.analysis.diff import TargetRef, match_targets, readable, target_ref
from plantool.errors import PlantoolError
from plantool.model import Comparator, Document, Kind, Number, Target
from plantool.rules import Rules, Tolerance

Verdict = Literal["met", "missed", "exceeded", "unclear", "not reported", "no report", "no target"]
Direction = Literal["higher", "lower"]
Part = Literal["value", "change"]
End = tuple[float, int]  # an end of the numbers a result stands for: (value, nudge), see _result_ends


# Families whose numbers are rates or shares: there a growth (增长5%) and a level (上涨0.2%, as the
# extraction reads it) are the same measure; elsewhere an amount added is not a level reached.
RATE_FAMILIES = ("percent", "percentage_point")


class ReportRef(BaseModel):
    path: str
    year: int | None
    region: str | None


class ResultSide(BaseModel):
    """A result of the next report's review part, as a tracking row shows it."""

    id: str
    part: Part = Field(
        description="The number used: the result's value, or the change beside it (完成160.5亿元，同比增长7%)."
    )
    indicator: str
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    comparator: Comparator = Field(description="ge/le: the report gives a bound (超过3%), not the figure.")
    kind: Kind
    text: str


class Row(BaseModel):
    target: TargetRef
    result: ResultSide | None
    verdict: Verdict
    direction: Direction = Field(description="Which side of the target is better.")
    difference: Number | None = Field(
        description="The result (its bound, if it gives one) minus the target's value, in base units; for a range "
        "target, minus the nearer bound (0 inside). A result of the opposite kind counts negative (下降2% against 增长)."
    )
    tolerance: Number | None = Field(description="The tolerance applied, in the target's unit (rules/track.yaml).")
    similarity: float | None = Field(description="How alike the indicators are, 0-1, as the diff scores them.")
    note: str = Field(description="Why the verdict: the band, the direction, a bound, a missing report.")


class Skipped(BaseModel):
    target: TargetRef
    reason: Literal["restatement", "later deadline"]


class Tracking(BaseModel):
    """One year's plan against the next year's report."""

    plan: ReportRef
    next: ReportRef
    review_year: int = Field(description="The year the next report reviews: the plan's year.")
    tolerances: list[Tolerance]
    summary: dict[str, int] = Field(description="Rows per verdict.")
    rows: list[Row] = Field(description="One per target of the plan, in its order.")
    skipped: list[Skipped] = Field(description="Restatements, and targets due after the review year (到2027年).")


class Cell(BaseModel):
    """One year of one indicator in a series."""

    year: int
    target: TargetRef | None
    result: ResultSide | None
    verdict: Verdict
    difference: Number | None
    note: str


class Line(BaseModel):
    """One indicator followed across the years."""

    indicator: str = Field(description="As the latest target names it.")
    unit: str
    unit_family: str
    cells: list[Cell] = Field(description="One per year of the series, in order.")


class Series(BaseModel):
    """Several years of one place: per indicator, the target and the outcome year by year."""

    region: str | None = Field(description="As the latest report that names one gives it.")
    regions: list[str] = Field(description="Every region named, in year order: more than one form is worth a look.")
    years: list[int] = Field(description="From the first report's year to the last, missing ones included.")
    reports: list[ReportRef]
    tolerances: list[Tolerance]
    lines: list[Line] = Field(description="In order of first appearance.")


def track_pair(plan: Document, next_report: Document, rules: Rules) -> Tracking:
    """Every target of `plan` with the result the next year's report gives for it, and a verdict."""
    review_year = _check_pair(plan, next_report)
    kept, skipped = _split(plan, review_year)
    rows = _rows(kept, next_report, review_year + 1, _track_rules(rules))
    return Tracking(
        plan=_ref(plan),
        next=_ref(next_report),
        review_year=review_year,
        tolerances=list(rules.track.tolerances),
        summary=_summary(rows),
        rows=rows,
        skipped=skipped,
    )


def track_series(docs: list[Document], rules: Rules) -> Series:
    """Per indicator, target and outcome year by year, for reports of one place.

    Indicators are followed from each plan to the one before (or, for a target that skipped a
    year, to its last appearance). A year whose plan or next report is missing says so
    (`no report`); when only the plan is missing, the outcome is still shown where the next
    report gives one for the indicator.
    """
    by_year = _by_year(docs)
    trules = _track_rules(rules)
    kept = {y: _split(d, y)[0] for y, d in by_year.items()}
    rows = {y: _rows(kept[y], by_year.get(y + 1), y + 1, trules) for y in by_year}
    chains = _chains(by_year, kept, trules)
    years = list(range(min(by_year), max(by_year) + 1))
    lines = []
    for chain in chains:
        last_year = max(chain)
        latest = kept[last_year][chain[last_year]]
        cells = [_cell(y, chain, by_year, kept, rows, trules) for y in years]
        lines.append(Line(indicator=latest.indicator, unit=latest.unit, unit_family=latest.unit_family, cells=cells))
    regions = list(dict.fromkeys(d.region for d in by_year.values() if d.region))
    return Series(
        region=regions[-1] if regions else None,
        regions=regions,
        years=years,
        reports=[_ref(by_year[y]) for y in sorted(by_year)],
        tolerances=list(rules.track.tolerances),
        lines=lines,
    )


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
    direction = _direction(target, rules)
    if result.unit != target.unit:
        return Judgement("unclear", direction, None, None, f"units differ: {target.unit} against {result.unit}")
    if target.unit_family not in RATE_FAMILIES and _is_change(target, rules) != _is_change(result, rules):
        added, reached = (target, result) if _is_change(target, rules) else (result, target)
        return Judgement(
            "unclear", direction, None, None, f"an amount added ({added.text}) against a level ({reached.text})"
        )
    tolerance = _tolerance(target, rules)
    band = _band(target, tolerance)
    if band is None:
        return Judgement("unclear", direction, None, tolerance, "the target gives no number")
    low, high = band
    ends, number, notes = _result_ends(target, result)
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
    notes.insert(0, _band_note(target, low, high, tolerance, direction))
    return Judgement(verdict, direction, _difference(target, number), tolerance, "; ".join(notes))


def _check_pair(plan: Document, next_report: Document) -> int:
    """The review year; an error unless the reports are of consecutive years."""
    year, next_year = _year(plan), _year(next_report)
    if next_year != year + 1:
        raise PlantoolError(
            f"{next_report.source.path} ({next_year}) does not review {plan.source.path} ({year}): "
            f"give the {year + 1} report"
        )
    return year


def _year(doc: Document) -> int:
    if doc.year is None:
        raise PlantoolError(f"{doc.source.path}: the report's year is not known; give it with --year")
    return doc.year


def _by_year(docs: Iterable[Document]) -> dict[int, Document]:
    by_year: dict[int, Document] = {}
    for doc in docs:
        year = _year(doc)
        if year in by_year:
            raise PlantoolError(f"{by_year[year].source.path} and {doc.source.path}: two reports of {year}")
        by_year[year] = doc
    if not by_year:
        raise PlantoolError("no reports to track")
    return dict(sorted(by_year.items()))


def _split(plan: Document, review_year: int) -> tuple[list[Target], list[Skipped]]:
    """The targets the next review can report on; restatements and later deadlines apart."""
    kept, skipped = [], []
    for t in plan.targets:
        if t.restates is not None:
            skipped.append(Skipped(target=target_ref(t), reason="restatement"))
        elif t.deadline is not None and t.deadline > review_year:
            skipped.append(Skipped(target=target_ref(t), reason="later deadline"))
        else:
            kept.append(t)
    return kept, skipped


def _track_rules(rules: Rules) -> Rules:
    """The rules with TRACK_WORDS added to the matching words, so the diff's matching reads them.

    The copy shares the original's tokenizer (dataclasses.replace passes it on).
    """
    k = rules.kinds
    synonyms = [list(g) for g in k.synonyms]
    for extra in rules.track.synonyms:
        group = next((g for g in synonyms if set(g) & set(extra)), None)
        if group is None:
            synonyms.append(list(extra))
        else:
            group.extend(w for w in extra if w not in group)
    kinds = k.model_copy(update={"restate_cut": [*k.restate_cut, *rules.track.result_cut], "synonyms": synonyms})
    return dataclasses.replace(rules, kinds=kinds)


def _unmatched(t: Target, verdict: Verdict, note: str, rules: Rules) -> Row:
    """A row of a target no result answers."""
    return Row(
        target=target_ref(t),
        result=None,
        verdict=verdict,
        direction=_direction(t, rules),
        difference=None,
        tolerance=None,
        similarity=None,
        note=note,
    )


def _rows(kept: list[Target], next_report: Document | None, next_year: int, trules: Rules) -> list[Row]:
    if next_report is None:
        return [_unmatched(t, "no report", f"no {next_year} report among the inputs", trules) for t in kept]
    results, parts = _candidates(next_report.results, trules)
    pairs = {p.old: p for p in match_targets(kept, results, [], [], trules)}
    reviews = {s.id: s.title for s in next_report.sections}
    rows = []
    for i, t in enumerate(kept):
        if i not in pairs:
            rows.append(
                _unmatched(t, "not reported", "no result of this indicator and unit family in the review", trules)
            )
            continue
        r = results[pairs[i].new]
        j = judge(t, r, trules)
        note = j.note
        review = reviews.get(r.section or "")
        if review is not None and trules.track.multi_year_review.search(review):
            note += f"; from a review of several years ({review}): the figure may be of them all"
        rows.append(
            Row(
                target=target_ref(t),
                result=_result_side(r, parts[pairs[i].new]),
                verdict=j.verdict,
                direction=j.direction,
                difference=j.difference,
                tolerance=j.tolerance,
                similarity=round(pairs[i].similarity, 4),
                note=note,
            )
        )
    return rows


def _candidates(results: list[Target], rules: Rules) -> tuple[list[Target], list[Part]]:
    """The figures a review gives for its year: each result, and the change against last year
    stated beside one (地区生产总值完成160.5亿元，同比增长7%: the growth a 增长7% target asks for),
    as a result of its own. Results of several years (年均, 累计) say nothing of one and are left out.
    """
    families = {u.unit: u.family for u in rules.units.units}
    out: list[Target] = []
    parts: list[Part] = []
    for r in results:
        if any(w in r.text for w in rules.track.multi_year):
            continue
        out.append(r)
        parts.append("value")
        c = r.change
        if c is not None and c.basis == "previous" and c.unit in families:
            update = {"value": c.value, "low": c.low, "high": c.high, "unit": c.unit, "kind": c.kind}
            out.append(
                r.model_copy(update={**update, "unit_family": families[c.unit], "comparator": "eq", "change": None})
            )
            parts.append("change")
    return out, parts


def _chains(by_year: dict[int, Document], kept: dict[int, list[Target]], trules: Rules) -> list[dict[int, int]]:
    """Indicators across years, each a map year → index of its target among that year's kept ones.

    A target continues the chain of the previous plan's target it matches (pillars as tie-breakers),
    else that of a chain last seen earlier, else starts one.
    """
    chains: list[dict[int, int]] = []
    previous: int | None = None
    for year, doc in by_year.items():
        news = kept[year]
        taken: dict[int, dict[int, int]] = {}
        if previous is not None:
            alive = [c for c in chains if previous in c]
            olds = [kept[previous][c[previous]] for c in alive]
            for p in match_targets(olds, news, by_year[previous].pillars, doc.pillars, trules):
                taken[p.new] = alive[p.old]
            resting = [c for c in chains if previous not in c]
            rest = [j for j in range(len(news)) if j not in taken]
            olds = [kept[max(c)][c[max(c)]] for c in resting]
            for p in match_targets(olds, [news[j] for j in rest], [], [], trules):
                taken[rest[p.new]] = resting[p.old]
        for j in range(len(news)):
            chain = taken.get(j)
            if chain is None:
                chain = {}
                chains.append(chain)
            chain[year] = j
        previous = year
    return chains


def _cell(
    year: int,
    chain: dict[int, int],
    by_year: dict[int, Document],
    kept: dict[int, list[Target]],
    rows: dict[int, list[Row]],
    trules: Rules,
) -> Cell:
    if year in chain:
        row = rows[year][chain[year]]
        return Cell(
            year=year,
            target=row.target,
            result=row.result,
            verdict=row.verdict,
            difference=row.difference,
            note=row.note,
        )
    if year in by_year:
        return Cell(
            year=year,
            target=None,
            result=None,
            verdict="no target",
            difference=None,
            note=f"the {year} plan sets no target for this",
        )
    note = f"no {year} report among the inputs"
    result = None
    if year + 1 in by_year:
        # the outcome, found with the nearest year's target as a probe; nothing to judge it by
        nearest = min(chain, key=lambda y: (abs(y - year), -y))
        results, parts = _candidates(by_year[year + 1].results, trules)
        pairs = match_targets([kept[nearest][chain[nearest]]], results, [], [], trules)
        if pairs:
            result = _result_side(results[pairs[0].new], parts[pairs[0].new])
            note += f"; the outcome as the {year + 1} report gives it"
    return Cell(year=year, target=None, result=result, verdict="no report", difference=None, note=note)


def _is_change(t: Target, rules: Rules) -> bool:
    """Whether a number is an amount added or taken away (新增, 城镇新增就业) rather than a level
    reached (达到, 由450元提高到610元)."""
    if t.change is not None and t.change.basis == "from":
        return False
    return t.kind != "level" or any(v in t.indicator for v in rules.kinds.name_verbs)


def _direction(t: Target, rules: Rules) -> Direction:
    if t.comparator in ("ge", "le"):
        return "higher" if t.comparator == "ge" else "lower"
    if t.kind == "level" and any(w in t.indicator for w in rules.track.lower_is_better):
        return "lower"
    return "higher"


def _tolerance(t: Target, rules: Rules) -> Number | None:
    """The tolerance in the target's unit; none for a range, which is met within its bounds."""
    if t.comparator == "range" or t.value is None:
        return None
    rule = next(x for x in rules.track.tolerances if x.unit_family in (t.unit_family, None))
    if rule.absolute is not None:
        return rule.absolute
    return _number(abs(t.value) * (rule.relative or 0))


def _band(t: Target, tolerance: Number | None) -> tuple[float, float] | None:
    """The results that meet the target: from low to high (either may be infinite)."""
    if t.comparator == "range":
        return None if t.low is None or t.high is None else (t.low, t.high)
    if t.value is None or tolerance is None:
        return None
    if t.comparator == "ge":
        return t.value, t.value + tolerance
    if t.comparator == "le":
        return t.value - tolerance, t.value
    return t.value - tolerance, t.value + tolerance


def _result_ends(target: Target, result: Target) -> tuple[tuple[End, End] | None, float | None, list[str]]:
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
            notes.append(f"the result is at least {readable(x)}{result.unit}")
        elif result.comparator == "le":
            ends = ((-math.inf, 0), (x, -1))
            notes.append(f"the result is at most {readable(x)}{result.unit}")
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


def _band_note(t: Target, low: float, high: float, tolerance: Number | None, direction: Direction) -> str:
    if t.comparator == "range":
        band = f"met within {readable(low)}–{readable(high)}{t.unit}"
    elif t.comparator == "ge":
        band = f"met from {readable(low)}{t.unit}, exceeded above {readable(high)}{t.unit}"
    elif t.comparator == "le":
        band = f"met up to {readable(high)}{t.unit}, exceeded below {readable(low)}{t.unit}"
    else:
        band = f"met within {readable(t.value)}±{readable(tolerance)}{t.unit}"
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
        return _number(number - t.high if number > t.high else number - t.low if number < t.low else 0)
    return None if t.value is None else _number(number - t.value)


def _number(x: float) -> Number:
    """A number without float noise (5.1 − 5.5 is −0.4), an integral one as an int."""
    rounded = round(float(x), 9)
    return int(rounded) if rounded.is_integer() else rounded


def _summary(rows: list[Row]) -> dict[str, int]:
    counts = Counter(r.verdict for r in rows)
    return {v: counts[v] for v in get_args(Verdict) if counts[v]}


def _result_side(r: Target, part: Part) -> ResultSide:
    fields = set(ResultSide.model_fields) - {"part"}
    return ResultSide(part=part, **r.model_dump(include=fields))


def _ref(doc: Document) -> ReportRef:
    return ReportRef(path=doc.source.path, year=doc.year, region=doc.region)


TRACKING_COLUMNS = [
    "verdict",
    "indicator",
    "target",
    "result",
    "difference",
    "unit",
    "note",
    "target_text",
    "result_text",
]
SERIES_COLUMNS = ["indicator", "year", "verdict", "target", "result", "difference", "unit", "note"]


def tracking_rows(tracking: Tracking) -> list[dict[str, object]]:
    """The tracking as flat rows, one per target, for tables and CSV (numbers as people write them)."""
    return [
        {
            "verdict": r.verdict,
            "indicator": r.target.indicator,
            "target": _targetreadable(r.target),
            "result": _resultreadable(r.result),
            "difference": r.difference,
            "unit": r.target.unit,
            "note": r.note,
            "target_text": r.target.text,
            "result_text": r.result.text if r.result else "",
        }
        for r in tracking.rows
    ]


def series_rows(series: Series) -> list[dict[str, object]]:
    """The series as flat rows, one per indicator and year, for tables and CSV."""
    return [
        {
            "indicator": line.indicator,
            "year": c.year,
            "verdict": c.verdict,
            "target": _targetreadable(c.target) if c.target else "",
            "result": _resultreadable(c.result),
            "difference": c.difference,
            "unit": line.unit,
            "note": c.note,
        }
        for line in series.lines
        for c in line.cells
    ]


def _targetreadable(t: TargetRef) -> str:
    number = readable(t.value) if t.value is not None else f"{readable(t.low)}–{readable(t.high)}"
    return f"{number}{t.unit} {t.comparator}"


def _resultreadable(r: ResultSide | None) -> str:
    if r is None:
        return ""
    number = readable(r.value) if r.value is not None else f"{readable(r.low)}–{readable(r.high)}"
    return f"{number}{r.unit}" + ("" if r.comparator in ("eq", "approx") else f" {r.comparator}")
