"""Track: plans against outcomes. Each target of one year's plan is set beside the figure the
next year's report gives for it in its review part, with a verdict: met, missed or exceeded.

Targets meet results through the matching of `plantool.analysis.match` (indicator words,
synonyms, one unit family), with the names read as results word them (`identity.result_naming`);
`plantool.analysis.verdict` places each result against the band its target sets.
"""


from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal, get_args

from pydantic import BaseModel, Field

from plantool.analysis.match import match_targets
from plantool.analysis.verdict import Direction, Verdict, direction_of, judge
from plantool.errors import PlantoolError
from plantool.model import Document, DocumentRef, Number, Target
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


class Skipped(BaseModel):
    target: Target
    reason: Literal["restatement", "later deadline"]


class Tracking(BaseModel):
    """One year's plan against the next year's report."""

    plan: DocumentRef
    next: DocumentRef
    review_year: int = Field(description="The year the next report reviews: the plan's year.")
    tolerances: list[Tolerance]
    summary: dict[str, int] = Field(description="Rows per verdict.")
    rows: list[Row] = Field(description="One per target of the plan, in its order.")
    skipped: list[Skipped] = Field(description="Restatements, and targets due after the review year (到2027年).")


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


def track_pair(plan: Document, next_report: Document, rules: Rules) -> Tracking:
    """Every target of `plan` with the result the next year's report gives for it, and a verdict."""
    review_year = _check_pair(plan, next_report)
    kept, skipped = _split(plan, review_year)
    rows = _rows(kept, next_report, review_year + 1, rules)
    return Tracking(
        plan=DocumentRef.of(plan),
        next=DocumentRef.of(next_report),
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
    return Series(
        region=regions[-1] if regions else None,
        regions=regions,
        years=years,
        reports=[DocumentRef.of(by_year[y]) for y in sorted(by_year)],
        tolerances=list(rules.track.tolerances),
        lines=lines,
    )


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
            skipped.append(Skipped(target=t, reason="restatement"))
        elif t.deadline is not None and t.deadline > review_year:
            skipped.append(Skipped(target=t, reason="later deadline"))
        else:
            kept.append(t)
    return kept, skipped


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
    if next_report is None:
        return [_unmatched(t, "no report", f"no {next_year} report among the inputs", rules) for t in kept]
    results, parts = _candidates(next_report.results, rules)
    pairs = {p.old: p for p in match_targets(kept, results, [], [], rules.derived(result_naming))}
    rows = []
    for i, t in enumerate(kept):
        if i not in pairs:
            rows.append(
                _unmatched(t, "not reported", "no result of this indicator and unit family in the review", rules)
            )
            continue
        r = results[pairs[i].new]
        j = judge(t, r, rules)
        note = j.note
        rows.append(
            Row(
                target=t,
                result=r,
                part=parts[pairs[i].new],
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
    as a result of its own. Results of several years (过去五年, 年均, 累计) say nothing of one and are left out.
    """
    families = {u.unit: u.family for u in rules.units.units}
    out: list[Target] = []
    parts: list[Part] = []
    for r in results:
        if r.horizon != "annual":
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
        results, parts = _candidates(by_year[year + 1].results, rules)
        pairs = match_targets([kept[nearest][chain[nearest]]], results, [], [], rules.derived(result_naming))
        if pairs:
            result, part = results[pairs[0].new], parts[pairs[0].new]
            note += f"; the outcome as the {year + 1} report gives it"
    return Cell(year=year, target=None, result=result, part=part, verdict="no report", difference=None, note=note)


def _summary(rows: list[Row]) -> dict[str, int]:
    counts = Counter(r.verdict for r in rows)
    return {v: counts[v] for v in get_args(Verdict) if counts[v]}
