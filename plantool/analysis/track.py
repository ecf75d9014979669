"""Track: plans against outcomes. Each target of one year's plan is set beside the figure the
next year's report gives for it in its review part, with a verdict: met, missed or exceeded; each
target of a five-year plan beside the figure the report after the period gives for the period.

Targets meet results through the matching of `plantool.analysis.match` (indicator words,
synonyms, one unit family), with the names read as results word them (`identity.result_naming`);
`plantool.analysis.verdict` places each result against the band its target sets.
"""


from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Literal, NamedTuple, get_args

from pydantic import BaseModel, Field

from plantool.analysis.match import match_targets, places, tidy
from plantool.analysis.verdict import Direction, Verdict, direction_of, judge
from plantool.errors import PlantoolError
from plantool.model import Document, DocumentRef, Number, Period, Target
from plantool.rules import Rules, Tolerance
from plantool.rules.identity import Naming, result_naming

Part = Literal["value", "change"]


class Row(BaseModel):
    target: Target
    result: Target | None = Field(description="The result of the next report's review that answers the target.")
    part: Part | None = Field(
        description="The number of the result used: its value, or the change beside it (完成160.5亿元，同比增长7%)."
    )
    verdict: Verdict
    direction: Direction = Field(description="Which side of the target is better.")
    difference: Number | None = Field(
        description="The result (its bound, if it gives one) minus the target's value, in base units; for a range "
        "target, minus the nearer bound (0 inside). A result of the opposite kind counts negative (下降2% against 增长)."
    )
    tolerance: Number | None = Field(description="The tolerance applied, in the target's unit (rules/track.yaml).")
    similarity: float | None = Field(description="How alike the indicators are, 0-1, as the diff scores them.")
    note: str = Field(description="Why the verdict: the band, the direction, a bound, a missing report.")
    yearly: list[Target] = Field(
        default_factory=list,
        description="For a yearly average judged in a series without a stated one: the annual result of each year "
        "of the period, whose compound average judged it.",
    )
    average: Number | None = Field(
        default=None, description="That compound yearly average, in %, rounded to 2 decimals; null otherwise."
    )


class Skipped(BaseModel):
    target: Target
    reason: Literal["restatement", "later deadline", "period", "annual", "other period"]


class Tracking(BaseModel):
    """One year's plan against the next year's report, or a plan's period targets against the report
    that reviews the period."""

    plan: DocumentRef
    next: DocumentRef
    review_year: int = Field(description="The year the next report reviews: the plan's year, or the period's last.")
    period: Period | None = Field(
        default=None,
        description="The plan period judged, when the next report reviews a period the plan sets (2016 → 2021: "
        "2016–2020); null for a year.",
    )
    tolerances: list[Tolerance]
    summary: dict[str, int] = Field(description="Rows per verdict.")
    rows: list[Row] = Field(description="One per target of the plan, in its order.")
    skipped: list[Skipped] = Field(
        description="Restatements, targets due after the review year (到2027年) and a period's targets (今后五年); "
        "for a period, the plan year's targets and those of other periods."
    )
    places: list[str] = Field(
        default_factory=list,
        description="The places compared when they are not one (only with allow_regions: 保定市, 河北省); empty for one.",
    )


class Cell(BaseModel):
    """One year of one indicator in a series."""

    year: int
    target: Target | None
    result: Target | None
    part: Part | None = Field(description="The number of the result used: its value or the change beside it.")
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
    reports: list[DocumentRef]
    tolerances: list[Tolerance]
    lines: list[Line] = Field(description="In order of first appearance.")
    periods: list[Tracking] = Field(
        default_factory=list,
        description="Each plan's period targets against the report after the period, where both are among the "
        "reports (the 2016 plan's 2016–2020 targets against the 2021 report), in plan order.",
    )
    places: list[str] = Field(
        default_factory=list,
        description="The places compared when they are not one (only with allow_regions: 保定市, 河北省); empty for one.",
    )


def track_pair(plan: Document, next_report: Document, rules: Rules, allow_regions: bool = False) -> Tracking:
    """Every target of `plan` with the result the next year's report gives for it, and a verdict;
    or, where the next report is the one after a period the plan sets (2016 → 2021), every target
    of that period with the figure the report gives for the period. Reports of two places only
    with `allow_regions`."""
    mixed = places([plan, next_report], rules, allow_regions)
    period = _check_pair(plan, next_report)
    if period is not None:
        return _track_period(plan, next_report, period, rules, mixed)
    review_year = _year(plan)
    kept, skipped = _split(plan, review_year)
    rows = _rows(kept, next_report, review_year + 1, rules)
    return _tracking(plan, next_report, review_year, None, rows, skipped, rules, mixed)


def _tracking(
    plan: Document,
    review: Document,
    review_year: int,
    period: Period | None,
    rows: list[Row],
    skipped: list[Skipped],
    rules: Rules,
    mixed: list[str],
) -> Tracking:
    return Tracking(
        plan=DocumentRef.of(plan),
        next=DocumentRef.of(review),
        review_year=review_year,
        period=period,
        tolerances=list(rules.track.tolerances),
        summary=_summary(rows),
        rows=rows,
        skipped=skipped,
        places=mixed,
    )


def _track_period(
    plan: Document,
    review: Document,
    period: Period,
    rules: Rules,
    mixed: list[str],
    by_year: dict[int, Document] | None = None,
) -> Tracking:
    """The targets `plan` sets for `period` against the report after it (`review`); with the
    reports of a series (`by_year`), a yearly average the review does not state is judged by the
    compound average of the period's annual results."""
    kept, skipped = _split_period(plan, period)
    rows = _period_rows(kept, review, period, rules, by_year or {})
    return _tracking(plan, review, period.end, period, rows, skipped, rules, mixed)


def track_series(docs: list[Document], rules: Rules, allow_regions: bool = False) -> Series:
    """Per indicator, target and outcome year by year, for reports of one place (of several only
    with `allow_regions`).

    Indicators are followed from each plan to the one before (or, for a target that skipped a
    year, to its last appearance). A year whose plan or next report is missing says so
    (`no report`); when only the plan is missing, the outcome is still shown where the next
    report gives one for the indicator.
    """
    mixed = places(docs, rules, allow_regions)
    by_year = _by_year(docs)
    kept = {y: _split(d, y)[0] for y, d in by_year.items()}
    rows = {y: _rows(kept[y], by_year.get(y + 1), y + 1, rules) for y in by_year}
    chains = _chains(by_year, kept, rules.derived(result_naming))
    years = list(range(min(by_year), max(by_year) + 1))
    lines = []
    for chain in chains:
        last_year = max(chain)
        latest = kept[last_year][chain[last_year]]
        cells = [_cell(y, chain, by_year, kept, rows, rules) for y in years]
        lines.append(Line(indicator=latest.indicator, unit=latest.unit, unit_family=latest.unit_family, cells=cells))
    regions = list(dict.fromkeys(d.region for d in by_year.values() if d.region))
    periods = [
        _track_period(doc, by_year[period.end + 1], period, rules, mixed, by_year)
        for doc in by_year.values()
        for period in _periods(doc)
        if period.end + 1 in by_year
    ]
    return Series(
        region=regions[-1] if regions else None,
        regions=regions,
        years=years,
        reports=[DocumentRef.of(by_year[y]) for y in sorted(by_year)],
        tolerances=list(rules.track.tolerances),
        lines=lines,
        periods=periods,
        places=mixed,
    )


def _periods(plan: Document) -> list[Period]:
    """The periods a plan sets targets for, in order of first mention."""
    periods: dict[tuple[int, int], Period] = {}
    for t in plan.targets:
        if t.horizon == "period" and t.period is not None:
            periods.setdefault((t.period.start, t.period.end), t.period)
    return list(periods.values())


def _check_pair(plan: Document, next_report: Document) -> Period | None:
    """None for reports of consecutive years; the period the plan sets that ends the year before the
    next report (its review); else an error."""
    year, next_year = _year(plan), _year(next_report)
    if next_year == year + 1:
        return None
    periods = {p.end: p for p in _periods(plan)}
    if next_year - 1 in periods:
        return periods[next_year - 1]
    ends = ", ".join(f"the {end + 1} report for {periods[end]}" for end in sorted(periods))
    raise PlantoolError(
        f"{next_report.source.path} ({next_year}) does not review {plan.source.path} ({year}): "
        f"give the {year + 1} report" + (f", or {ends}" if ends else "")
    )


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
    """The targets the next review can report on; restatements, later deadlines and a period's
    targets (今后五年…年均增长7.5%) apart."""
    kept, skipped = [], []
    for t in plan.targets:
        if t.restates is not None:
            skipped.append(Skipped(target=t, reason="restatement"))
        elif t.deadline is not None and t.deadline > review_year:
            skipped.append(Skipped(target=t, reason="later deadline"))
        elif t.horizon == "period":
            skipped.append(Skipped(target=t, reason="period"))
        else:
            kept.append(t)
    return kept, skipped


def _split_period(plan: Document, period: Period) -> tuple[list[Target], list[Skipped]]:
    """The targets of `period` the review of it can report on; restatements, the plan year's
    targets and other periods' apart."""
    kept, skipped = [], []
    for t in plan.targets:
        if t.restates is not None:
            skipped.append(Skipped(target=t, reason="restatement"))
        elif t.horizon != "period":
            skipped.append(Skipped(target=t, reason="annual"))
        elif t.period != period:
            skipped.append(Skipped(target=t, reason="other period"))
        else:
            kept.append(t)
    return kept, skipped


# How a period's targets meet the figures of its review: an average yearly change with an average,
# a change against a base year with one, a level or a sum with a level or a sum.
_BASIS_CLASS = {"annual_average": "average", "relative": "relative", "end_level": "amount", "cumulative": "amount"}
_BASIS_NOTE = {
    "annual_average": "the period's stated yearly average",
    "relative": "the change since the base year the review states",
    "end_level": "the level the review states for the period's end",
    "cumulative": "the period's total the review states",
}


def _period_rows(
    kept: list[Target], review: Document, period: Period, rules: Rules, by_year: dict[int, Document]
) -> list[Row]:
    """A row per period target, judged by the figure of the same basis the review gives for the
    period (年均增长 by a yearly average, 新增就业5000万人 by the five years' total); a yearly
    average the review does not state, by the compound average of the annual results where
    `by_year` has every year's review."""
    figures = [r for r in review.results if r.horizon == "period" and r.period in (None, period)]
    names = rules.derived(result_naming)
    rows: dict[int, Row] = {}
    for kind in dict.fromkeys(_BASIS_CLASS.values()):
        waiting = [i for i, t in enumerate(kept) if _BASIS_CLASS[t.basis] == kind]
        results = [r for r in figures if _BASIS_CLASS[r.basis] == kind]
        for p in match_targets([kept[i] for i in waiting], results, [], [], names):
            t, r = kept[waiting[p.old]], results[p.new]
            row = _judged(t, Figure(r, "value", None), p.similarity, rules)
            update = {"note": f"{_BASIS_NOTE[t.basis]}: {row.note}"}
            if row.verdict == "exceeded" and t.comparator in ("ge", "le"):
                # a five-year plan's bound (5000万人以上) is a minimum it commits to: passing it is meeting it
                update |= {"verdict": "met", "note": update["note"] + "; a bound of the plan, passed: met"}
            rows[waiting[p.old]] = row.model_copy(update=update)
    for i, t in enumerate(kept):
        compound = _compound_row(t, period, by_year, rules) if i not in rows and t.basis == "annual_average" else None
        if compound is not None:
            rows[i] = compound
    none = f"no figure of {period} for this indicator, unit family and basis in the review"
    return [rows.get(i) or _unmatched(t, "not reported", none, rules) for i, t in enumerate(kept)]


def _annual_figure(t: Target, review: Document, year: int, rules: Rules) -> Figure | None:
    """The figure `review` gives for `year` alone of what `t` measures (of any horizon), if any."""
    figures = [f for f in _candidates(review.results, year, rules) if f.several is None]
    pairs = match_targets([t], [f.result for f in figures], [], [], rules.derived(result_naming), any_horizon=True)
    return figures[pairs[0].new] if pairs else None


def _compound_row(t: Target, period: Period, by_year: dict[int, Document], rules: Rules) -> Row | None:
    """A yearly average target judged by the compound average of the annual results of every year
    of the period (each from the next year's review); None where a year's review or rate is missing."""
    yearly: list[Target] = []
    for year in range(period.start, period.end + 1):
        review = by_year.get(year + 1)
        figure = None if review is None else _annual_figure(t, review, year, rules)
        if figure is None or figure.result.unit != "%" or figure.result.value is None:
            return None
        yearly.append(figure.result)
    rates = [float(r.value or 0) * (-1 if r.kind == "decrease" else 1) for r in yearly]
    average = round((math.prod(1 + x / 100 for x in rates) ** (1 / len(rates)) - 1) * 100, 2)
    judged_by = yearly[-1].model_copy(update={"value": average, "kind": "increase", "comparator": "eq"})
    row = _judged(t, Figure(judged_by, "value", None), 1.0, rules)
    shown = ", ".join(f"{tidy(x)}%" for x in rates)
    note = f"the compound average of the annual results of {period} ({shown}): {average}%; {row.note}"
    return row.model_copy(
        update={"result": None, "part": None, "similarity": None, "note": note, "yearly": yearly, "average": average}
    )


def _unmatched(t: Target, verdict: Verdict, note: str, rules: Rules) -> Row:
    """A row of a target no result answers."""
    return Row(
        target=t,
        result=None,
        part=None,
        verdict=verdict,
        direction=direction_of(t, rules),
        difference=None,
        tolerance=None,
        similarity=None,
        note=note,
    )


def _rows(kept: list[Target], next_report: Document | None, next_year: int, rules: Rules) -> list[Row]:
    """A row per target: judged by the figure the review gives for the year; where it gives one of
    several years only (过去五年, 比2002年), shown but `unclear`."""
    if next_report is None:
        return [_unmatched(t, "no report", f"no {next_year} report among the inputs", rules) for t in kept]
    figures = _candidates(next_report.results, next_year - 1, rules)
    names = rules.derived(result_naming)
    rows: dict[int, Row] = {}
    for annual in (True, False):
        results = [f for f in figures if (f.several is None) == annual]
        waiting = [i for i in range(len(kept)) if i not in rows]
        found = match_targets([kept[i] for i in waiting], [f.result for f in results], [], [], names, not annual)
        for p in found:
            rows[waiting[p.old]] = _judged(kept[waiting[p.old]], results[p.new], p.similarity, rules)
    none = "no result of this indicator and unit family in the review"
    return [rows.get(i) or _unmatched(t, "not reported", none, rules) for i, t in enumerate(kept)]


def _judged(t: Target, figure: Figure, similarity: float, rules: Rules) -> Row:
    j = judge(t, figure.result, rules)
    verdict, note = j.verdict, j.note
    if figure.several is not None:
        verdict, note = "unclear", f"{figure.several}, not of the plan's year alone: nothing to judge it by"
    return Row(
        target=t,
        result=figure.result,
        part=figure.part,
        verdict=verdict,
        direction=j.direction,
        difference=j.difference if figure.several is None else None,
        tolerance=j.tolerance,
        similarity=round(similarity, 4),
        note=note,
    )


class Figure(NamedTuple):
    """A number a review gives: a result's value, or the change beside it, and what makes it a
    figure of several years (None for one of the year reviewed)."""

    result: Target
    part: Part
    several: str | None


def _candidates(results: list[Target], year: int, rules: Rules) -> list[Figure]:
    """The figures a review gives: each result, and the change stated beside one (地区生产总值完成
    160.5亿元，同比增长7%: the growth a 增长7% target asks for) as a figure of its own. A result of
    several years (过去五年, 年均, 累计), or a change against a year before the last (比2002年),
    says nothing of `year` alone."""
    families = {u.unit: u.family for u in rules.units.units}
    out: list[Figure] = []
    for r in results:
        several = None if r.horizon == "annual" else f"a figure of several years ({r.period or r.text})"
        out.append(Figure(r, "value", several))
        c = r.change
        if c is not None and c.basis == "previous" and c.unit in families:
            update = {"value": c.value, "low": c.low, "high": c.high, "unit": c.unit, "kind": c.kind}
            figure = r.model_copy(
                update={**update, "unit_family": families[c.unit], "comparator": "eq", "change": None}
            )
            since = None if c.since in (None, year - 1) else f"a change since {c.since}"
            out.append(Figure(figure, "change", several or since))
    return out


def _chains(by_year: dict[int, Document], kept: dict[int, list[Target]], names: Naming) -> list[dict[int, int]]:
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
            for p in match_targets(olds, news, by_year[previous].pillars, doc.pillars, names):
                taken[p.new] = alive[p.old]
            resting = [c for c in chains if previous not in c]
            rest = [j for j in range(len(news)) if j not in taken]
            olds = [kept[max(c)][c[max(c)]] for c in resting]
            for p in match_targets(olds, [news[j] for j in rest], [], [], names):
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
    rules: Rules,
) -> Cell:
    if year in chain:
        row = rows[year][chain[year]]
        return Cell(
            year=year,
            target=row.target,
            result=row.result,
            part=row.part,
            verdict=row.verdict,
            difference=row.difference,
            note=row.note,
        )
    if year in by_year:
        return Cell(
            year=year,
            target=None,
            result=None,
            part=None,
            verdict="no target",
            difference=None,
            note=f"the {year} plan sets no target for this",
        )
    note = f"no {year} report among the inputs"
    result: Target | None = None
    part: Part | None = None
    if year + 1 in by_year:
        # the outcome, found with the nearest year's target as a probe; nothing to judge it by
        nearest = min(chain, key=lambda y: (abs(y - year), -y))
        figure = _annual_figure(kept[nearest][chain[nearest]], by_year[year + 1], year, rules)
        if figure is not None:
            result, part = figure.result, figure.part
            note += f"; the outcome as the {year + 1} report gives it"
    return Cell(year=year, target=None, result=result, part=part, verdict="no report", difference=None, note=note)


def _summary(rows: list[Row]) -> dict[str, int]:
    counts = Counter(r.verdict for r in rows)
    return {v: counts[v] for v in get_args(Verdict) if counts[v]}
