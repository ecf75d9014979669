"""The pages: what each template is given, and the report's text with its marks (_markup).

The markup is in the Jinja templates beside this module, rendered with autoescape on, so every
value a template prints is escaped unless it is already markup. The one string marked safe here is
the body of a report's page, built by _markup from text it escapes itself and from the tags of
marks.html. The CSS and script are the package files style.css and script.js, inlined by the
templates and allowed by the Content-Security-Policy by their hashes, computed from those files.
"""

from __future__ import annotations

import base64
import hashlib
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from html import escape
from importlib import resources
from typing import Any, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from plantool.analysis.diff import Diff, FieldChange, Match
from plantool.analysis.summarize import counts as item_counts
from plantool.analysis.track import Cell, Line, Row, Series, Tracking
from plantool.analysis.verdict import Verdict, band
from plantool.errors import PlantoolError
from plantool.model import Document, Kind, Milestone, Number, Passage, Pillar, Span, Strength, Target
from plantool.output.render.charts import Chart, Point, line_chart
from plantool.output.tables import amount, change, horizon, outcome, years
from plantool.rules import Rules, Tolerance
from plantool.rules.schema import NumeralRules

NAV_TITLE_CHARS = 40  # measure lead sentences run long; the nav shows their start
LABEL_CHARS = 6  # a plan's name under a diff's small chart: its year, or the start of its title
ASSETS = ("style.css", "script.js")
SHADED = {"review": "review", "plan": "this year's plan", "goals": "a period's goals"}  # the roles shaded, for people
# A verdict in the matrix of a series, one character or two: the legend spells them out.
SIGNS: dict[Verdict, str] = {
    "met": "✓",
    "exceeded": "✓+",
    "missed": "✗",
    "unclear": "?",
    "not reported": "–",
    "no report": "·",
    "no target": "",
}
JUDGED = ("met", "exceeded", "missed", "unclear")  # a line with none of these in any year folds away
_PACKAGE = __name__.rpartition(".")[0]  # plantool.output.render: the templates and assets are its files


def render_document(doc: Document, text: str, numerals: NumeralRules) -> str:
    """A page of the report's text with its targets, results and milestones marked in place and its
    passages shaded by what they were read as (review, this year's plan, a period's goals), an
    outline of its sections, pillars and measures, and a filterable table of the targets.

    `text` is the original decoded text the spans index (`read_source(path).text`); marks that
    would overlap an earlier one are left out, so that the markup always nests.
    """
    tags = _templates().marks
    marks = [
        _Element(t.id, t.span, tags.target(t, _tip(t, t.strength or "", numerals)), "</mark>") for t in doc.targets
    ]
    marks += [_Element(r.id, r.span, tags.result(r, _tip(r, "result", numerals)), "</mark>") for r in doc.results]
    marks += [_Element(m.id, m.span, tags.milestone(m, _milestone_tip(m)), "</mark>") for m in doc.milestones]
    headings = [_Element(s.id, s.title_span, tags.heading("section", s.id), "</span>") for s in doc.sections]
    headings += [_Element(p.id, p.title_span, tags.heading("pillar", p.id), "</span>") for p in doc.pillars]
    headings += [_Element(m.id, m.title_span, tags.heading("measure", m.id), "</span>") for m in doc.measures]
    anchors = {s.id: s.span.start for s in doc.sections}
    anchors.update({p.id: p.span.start for p in doc.pillars})
    anchors.update({m.id: m.span.start for m in doc.measures})
    passages = [
        _Element("", span, tags.passage(p, years(p.period), _passage_tip(p)), "</span>")
        for p, span in _passage_spans(doc.passages)
        if p.role in SHADED
    ]
    body, placed = _markup(text, marks, headings, anchors, passages)
    periods = dict.fromkeys(years(p.period) for p in doc.passages if p.role == "goals" and p.period is not None)

    # The counts every command shows (summarize.counts): a restatement is not a second target.
    n = item_counts(doc)
    strengths = Counter(t.strength for t in doc.targets if t.restates is None)
    counts = [
        ("targets", n["targets"], ""),
        ("restatements", n["restatements"], ""),
        *((s, strengths[s], s) for s in get_args(Strength)),
        ("results", n["results"], "result"),
        ("milestones", n["milestones"], "milestone"),
        ("sections", n["sections"], ""),
        ("pillars", n["pillars"], ""),
        ("measures", n["measures"], ""),
    ]
    # The outline: sections, the pillars in them (or in none) and the measures in those.
    pillars: dict[str, Pillar] = {}
    for p in doc.pillars:
        pillars.setdefault(p.id, p)  # an id names its first pillar
    measures = {m.id: m for m in doc.measures}
    section_ids = {s.id for s in doc.sections}
    pillar_options = [(p.id, f"{p.id} {_short(p.title)}") for p in doc.pillars]
    if any(t.pillar is None for t in doc.targets):
        pillar_options.append(("", "(outside any pillar)"))
    horizons = Counter(t.horizon for t in doc.targets)
    return _render(
        "document.html",
        title=doc.title or doc.source.path,
        meta=" · ".join(x for x in (doc.source.path, f"year {doc.year}" if doc.year else "", doc.region or "") if x),
        doc=doc,
        counts=counts,
        loose_pillars=[pillars[p.id] for p in doc.pillars if p.section not in section_ids],
        sections=[(s, [pillars[p.id] for p in doc.pillars if p.section == s.id]) for s in doc.sections],
        measures_of={p.id: [measures[m] for m in p.measures if m in measures] for p in pillars.values()},
        targets_per_pillar=Counter(t.pillar for t in doc.targets),
        pillar_titles={id_: p.title for id_, p in pillars.items()},
        measure_titles={id_: m.title for id_, m in measures.items()},
        pillar_options=pillar_options,
        kind_options=[(k, k) for k in get_args(Kind)],
        strength_options=[(s, s) for s in get_args(Strength)],
        horizon_options=[(h, h) for h in ("annual", "period") if horizons[h]],
        strengths=get_args(Strength),
        horizon=horizon,
        periods=list(periods),  # the legend's chip for goals, one per period the text is read with
        placed=placed,
        body=body,
        amount=partial(amount, numerals=numerals),
    )


def render_diff(diff: Diff, rules: Rules) -> str:
    """A page of two plans' targets side by side: matched ones on one row with what changed
    (up or down by arrow and colour, and as a small chart of the two targets where they share a
    unit), then those added and dropped, and the pillar changes."""
    numerals = rules.numerals
    old, new = diff.old, diff.new
    old_name, new_name = _doc_name(old.title, old.year, old.path), _doc_name(new.title, new.year, new.path)
    changed = sum(m.status == "changed" for m in diff.matched)
    counts = [
        ("matched", len(diff.matched)),
        ("changed", changed),
        ("unchanged", len(diff.matched) - changed),
        ("added", len(diff.added)),
        ("dropped", len(diff.dropped)),
        ("pillars added", len(diff.pillars_added)),
        ("pillars dropped", len(diff.pillars_dropped)),
        ("pillars renamed", len(diff.pillars_renamed)),
    ]
    return _render(
        "diff.html",
        title=f"{old_name} → {new_name}",
        diff=diff,
        old_name=old_name,
        new_name=new_name,
        counts=counts,
        status_options=[(s, s) for s in ("changed", "unchanged", "added", "dropped")],
        matched=[_match_row(m, (old_name, new_name), rules) for m in diff.matched],
        one_sided=[("added", t) for t in diff.added] + [("dropped", t) for t in diff.dropped],
        amount=partial(amount, numerals=numerals),
    )


def render_tracking(tracking: Tracking | Series, title: str, rules: Rules) -> str:
    """A page of verdicts (plantool track), filterable by verdict and text.

    Of a plan against the next report: a row per target, its verdict as a coloured chip. Of a
    series: a matrix of verdicts, indicator by year, of the indicators judged in some year, each
    with a chart of its targets and outcomes; those with nothing judged folded away, and every
    row with a target or an outcome in a table that opens on demand.
    """
    numerals = rules.numerals
    if isinstance(tracking, Tracking):
        rows = [_verdict_row(r, r.target.indicator, r.target.unit, None, numerals) for r in tracking.rows]
        subtitle = f"plan: {tracking.plan.path} · next report: {tracking.next.path}"
        if tracking.period is not None:
            subtitle = f"plan: {tracking.plan.path} · its {tracking.period} targets · review: {tracking.next.path}"
        return _render(
            "tracking.html",
            title=title,
            subtitle=f"{subtitle} · {_tolerances(tracking.tolerances)}",
            places=tracking.places,
            counts=[(v, n, v) for v, n in tracking.summary.items()],
            rows=rows,
            verdict_options=[(v, v) for v in tracking.summary],
        )
    lines = [_line(f"line-{k}", line, rules) for k, line in enumerate(tracking.lines)]
    judged = [x for x in lines if x.judged]
    verdicts = Counter(c.verdict for line in tracking.lines for c in line.cells)
    shown = [v for v in get_args(Verdict) if verdicts[v] and v != "no target"]
    rows = [
        _verdict_row(c, line.indicator, line.unit, c.year, numerals)
        for line in tracking.lines
        for c in line.cells
        if c.target is not None or c.result is not None
    ]
    periods = [
        _verdict_row(r, r.target.indicator, r.target.unit, str(p.period), numerals)
        for p in tracking.periods
        for r in p.rows
    ]
    reports = f"{len(tracking.reports)} reports" + (f" of {tracking.region}" if tracking.region else "")
    return _render(
        "tracking_series.html",
        title=title,
        subtitle=f"{reports} · {_tolerances(tracking.tolerances)}",
        places=tracking.places,
        counts=[("indicators judged", len(judged), ""), *((v, verdicts[v], v) for v in shown)],
        years=tracking.years,
        signs=[(v, SIGNS[v]) for v in get_args(Verdict) if v != "no target"],
        signs_of=SIGNS,
        judged=judged,
        folded=[x for x in lines if not x.judged],
        rows=rows,
        verdict_options=[(v, v) for v in shown],
        periods=periods,
        period_options=[(v, v) for v in dict.fromkeys(r.verdict for r in periods)],
    )


def render_series_svg(series: Series, indicator: str, unit: str, rules: Rules) -> str:
    """The chart of one indicator of a series (the first line of that name and unit) as an SVG
    file: the same picture the page draws, with a title and a legend, on a white ground."""
    line = next((x for x in series.lines if x.indicator == indicator and x.unit == unit), None)
    if line is None:
        raise PlantoolError(f"no line {indicator} ({unit}) in the series: see the indicators of its page")
    place = f"{series.region} " if series.region else ""
    title = f"{place}{indicator} ({unit}), {series.years[0]}–{series.years[-1]}: targets and outcomes"
    chart = line_chart(_points(line, rules), unit, rules.numerals, title)
    if chart is None:
        raise PlantoolError(f"{indicator} ({unit}): no year has a number to draw")
    return str(_templates().charts.chart(chart, standalone=True)) + "\n"


# --- templates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Templates:
    environment: Environment
    marks: Any  # the macros of marks.html, each giving an opening tag as markup
    charts: Any  # the macros of charts.html
    hashes: dict[str, str]  # each of ASSETS: its sha256-… hash as the CSP names it (page.html adds the quotes)


@cache
def _templates() -> _Templates:
    environment = Environment(
        loader=PackageLoader(_PACKAGE, "."),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=lambda value: "" if value is None else value,  # a missing value prints as nothing
    )
    environment.filters["short"] = _short
    environment.filters["data_number"] = _num
    hashes = {}
    for name in ASSETS:
        source = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        # page.html includes the file as template source: it must come out as it is, the text hashed.
        if environment.get_template(name).render() != source:
            raise ValueError(f"{name} holds Jinja syntax: the page would not carry it as its CSP hash says")
        hashes[name] = _hash(source)
    marks, charts = (environment.get_template(name).module for name in ("marks.html", "charts.html"))
    return _Templates(environment, marks, charts, hashes)


def _render(template: str, **context: object) -> str:
    templates = _templates()
    page: Template = templates.environment.get_template(template)
    return page.render(style_hash=templates.hashes["style.css"], script_hash=templates.hashes["script.js"], **context)


def _hash(source: str) -> str:
    """The CSP hash of an inline style or script: 'sha256-…' without the quotes."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


# --- the report's text with its marks -----------------------------------------------------------


@dataclass(frozen=True)
class _Element:
    """Markup around a span of the text: a highlight or a heading (its tags from marks.html)."""

    id: str
    span: Span
    open: str
    close: str


def _markup(
    text: str,
    marks: Sequence[_Element],
    headings: Sequence[_Element],
    anchors: dict[str, int],
    passages: Sequence[_Element] = (),
) -> tuple[Markup, set[str]]:
    """The escaped text with marks, headings and passages inserted, and the ids of the marks placed.

    Marks are placed in the order given, each only where it overlaps none placed before (so
    the targets, given first, are never crowded out). A heading is placed, carrying its item's
    id, where it nests with every placed element; an item whose heading cannot be gets an empty
    anchor with its id at its start instead (moved to the start of a mark it would split).
    Passages (disjoint, in order) are the outermost layer, placed after the rest so that they
    move nothing: one whose end would fall inside a mark or heading stops before it, one whose
    start would, starts after it (the element stays unshaded), one inside an element is left out.
    """
    size = len(text)
    placed: list[_Element] = []
    for m in marks:
        if _valid(m.span, size) and all(_disjoint(m.span, p.span) for p in placed):
            placed.append(m)
    marked = list(placed)
    for h in headings:
        if _valid(h.span, size) and all(_disjoint(h.span, p.span) or _nested(h.span, p.span) for p in placed):
            placed.append(h)
    with_heading = {h.id for h in placed[len(marked) :]}
    points: dict[int, list[str]] = {}
    for id_, offset in anchors.items():
        if id_ in with_heading:
            continue
        offset = min(max(offset, 0), size)
        offset = next((m.span.start for m in marked if m.span.start < offset < m.span.end), offset)
        points.setdefault(offset, []).append(_templates().marks.anchor(id_))
    inner = len(placed)
    placed += _around(passages, placed, size)
    # Outer before inner where two start together: a passage, then a heading, then a mark of the same span.
    layer = [0 if k >= inner else 2 if k < len(marked) else 1 for k in range(len(placed))]
    order = sorted(range(len(placed)), key=lambda k: (placed[k].span.start, -placed[k].span.end, layer[k], k))
    opens = [placed[k] for k in order]
    stops = sorted({0, size, *points, *(e.span.start for e in placed), *(e.span.end for e in placed)})
    out: list[str] = []
    stack: list[_Element] = []
    pos = i = 0
    for stop in stops:
        out.append(escape(text[pos:stop]))
        pos = stop
        while stack and stack[-1].span.end == stop:
            out.append(stack.pop().close)
        out.extend(points.get(stop, []))
        while i < len(opens) and opens[i].span.start == stop:
            out.append(opens[i].open)
            stack.append(opens[i])
            i += 1
    # The one Markup of the render package: every piece of the report's text was escaped just
    # above (html.escape), and the tags between them come from the autoescaped macros of marks.html.
    return Markup("".join(out)), {m.id for m in marked}


def _around(passages: Sequence[_Element], placed: Sequence[_Element], size: int) -> list[_Element]:
    """The passages cut to nest with every placed element (which nest with each other): each ends
    before an element its end would fall inside and starts after one its start would."""
    # The outermost elements: disjoint, in order; every element lies in one of them.
    tops: list[Span] = []
    for e in sorted(placed, key=lambda e: (e.span.start, -e.span.end)):
        if not tops or e.span.start >= tops[-1].end:
            tops.append(e.span)
    starts = [t.start for t in tops]

    def around(x: int) -> Span | None:
        """The outermost element that x falls strictly inside, if any."""
        k = bisect_right(starts, x - 1) - 1  # the last starting before x
        return tops[k] if k >= 0 and tops[k].end > x else None

    out: list[_Element] = []
    for p in passages:
        if not _valid(p.span, size):
            continue
        start, end = p.span.start, p.span.end
        if (top := around(start)) is not None:
            start = top.end
        if (top := around(end)) is not None:
            end = min(end, top.start)
        if start < end:
            out.append(_Element(p.id, Span(start=start, end=end), p.open, p.close))
    return out


def _passage_spans(passages: Sequence[Passage]) -> list[tuple[Passage, Span]]:
    """The passages in order of their starts, each ending where the next begins if they overlap
    (so that they never nest), those left empty left out."""
    ordered = sorted(passages, key=lambda p: p.span.start)  # stable: equal starts keep their order
    out = []
    for k, p in enumerate(ordered):
        end = min(p.span.end, ordered[k + 1].span.start) if k + 1 < len(ordered) else p.span.end
        if p.span.start < end:
            out.append((p, Span(start=p.span.start, end=end)))
    return out


def _valid(span: Span, size: int) -> bool:
    return 0 <= span.start < span.end <= size


def _disjoint(a: Span, b: Span) -> bool:
    return a.end <= b.start or b.end <= a.start


def _nested(a: Span, b: Span) -> bool:
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _tip(t: Target, label: str, numerals: NumeralRules) -> str:
    """What a highlight says on hover or focus: the parsed target, its number as people write it."""
    lines = [f"{t.id} · {label}" if label else t.id, t.indicator, f"{amount(t, numerals)}  (as written: {t.raw})"]
    detail = [f"comparator {t.comparator}", f"kind {t.kind}"]
    if t.deadline is not None:
        detail.append(f"by {t.deadline}")
    lines.append(" · ".join(detail))
    if t.change is not None:
        lines.append(f"change: {t.change.text}")
    if t.restates:
        lines.append(f"restates {t.restates}")
    return "\n".join(lines)


def _milestone_tip(m: Milestone) -> str:
    return f"{m.id} · milestone · {m.strength}\n{m.verb} {m.object}"


def _passage_tip(p: Passage) -> str:
    """What a shaded passage says on hover: what it was read as, its years, and why."""
    span = years(p.period)
    return f"{SHADED.get(p.role, p.role)}{f' · {span}' if span else ''}\ncue: {p.cue}"


def _num(x: Number | None) -> str | None:
    """A number as the JSON output writes it: integral floats without .0, others shortest."""
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


def _short(title: str, size: int = NAV_TITLE_CHARS) -> str:
    title = " ".join(title.split())
    return title if len(title) <= size else title[: size - 1] + "…"


# --- the diff's rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _MatchRow:
    """A matched pair of targets as the diff table shows it."""

    match: Match
    direction: str  # up, down or empty
    difference: str  # the value's change as people write it, signed
    changes: list[tuple[str, str, str]]  # (field, old, new) for people
    chart: Chart | None  # the two targets, where they share a unit


def _doc_name(title: str | None, year: int | None, path: str) -> str:
    return str(year) if year else (title or path)


def _match_row(m: Match, names: tuple[str, str], rules: Rules) -> _MatchRow:
    numerals = rules.numerals
    value = next((c for c in m.changes if c.field == "value" and c.difference is not None), None)
    unit = m.new.unit
    chart = None
    if m.old.unit == unit:
        sides = zip(names, (m.old, m.new))
        points = [
            Point(_short(name, LABEL_CHARS), band(t, rules), _number(t.value), None, "", amount(t, numerals))
            for name, t in sides
        ]
        chart = line_chart(points, unit, numerals, compact=True)
    return _MatchRow(
        match=m,
        direction=_direction(m.old, m.new),
        difference=_signed(value, unit, numerals),
        changes=[(c.field, _value(c.old, unit, numerals), _value(c.new, unit, numerals)) for c in m.changes],
        chart=chart,
    )


def _direction(old: Target, new: Target) -> str:
    """up or down when the level moved in the same unit (a range counts at its middle), else empty."""
    a, b = _level(old), _level(new)
    if a is None or b is None or old.unit != new.unit or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    return "up" if b > a else "down"


def _level(t: Target) -> float | None:
    if t.value is not None:
        return float(t.value)
    bounds = [float(x) for x in (t.low, t.high) if x is not None]
    return sum(bounds) / len(bounds) if bounds else None


def _signed(field: FieldChange | None, unit: str, numerals: NumeralRules) -> str:
    if field is None or not isinstance(field.difference, int | float):
        return ""
    return change(field.difference, unit, numerals)


def _value(x: Number | str | None, unit: str, numerals: NumeralRules) -> str:
    if x is None:
        return "–"
    return x if isinstance(x, str) else numerals.readable(x, unit)


# --- the verdicts of track ----------------------------------------------------------------------


@dataclass(frozen=True)
class _VerdictRow:
    """A target (of a year, or of a five-year plan's years, in a series) and its outcome as the
    verdicts table shows them."""

    indicator: str
    year: int | str | None
    verdict: str
    target: str  # the numbers as people write them
    outcome: str
    difference: str
    note: str
    target_text: str  # the sentences they were read from
    outcome_text: str


@dataclass(frozen=True)
class _Line:
    """An indicator of a series as its page shows it."""

    id: str  # the anchor of its chart
    indicator: str
    unit: str
    judged: bool  # some year has a verdict (met, exceeded, missed, unclear)
    cells: list[tuple[str, str]]  # a year's verdict and what it says on hover, for each year
    seen: list[tuple[int, str]]  # (year, verdict) of each year with a target or an outcome
    chart: Chart | None


def _verdict_row(
    item: Row | Cell, indicator: str, unit: str, year: int | str | None, numerals: NumeralRules
) -> _VerdictRow:
    t, r = item.target, item.result
    return _VerdictRow(
        indicator=indicator,
        year=year,
        verdict=item.verdict,
        target=amount(t, numerals) if t else "",
        outcome=outcome(item, numerals) if isinstance(item, Row) else amount(r, numerals) if r else "",
        difference=change(item.difference, unit, numerals),
        note=item.note,
        target_text=t.text if t else "",
        outcome_text=r.text if r else "",
    )


def _line(id_: str, line: Line, rules: Rules) -> _Line:
    points = _points(line, rules)
    judged = any(c.verdict in JUDGED for c in line.cells)
    return _Line(
        id=id_,
        indicator=line.indicator,
        unit=line.unit,
        judged=judged,
        cells=[(c.verdict, p.tip) for c, p in zip(line.cells, points)],
        seen=[(c.year, c.verdict) for c in line.cells if c.target is not None or c.result is not None],
        chart=line_chart(points, line.unit, rules.numerals) if judged else None,
    )


def _year_tip(c: Cell, numerals: NumeralRules) -> str:
    """What a year of a line says on hover: its verdict, target and outcome, and why."""
    lines = [f"{c.year}: {c.verdict}"]
    if c.target is not None:
        lines.append(f"target {amount(c.target, numerals)} ({c.target.text})")
    if c.result is not None:
        lines.append(f"outcome {amount(c.result, numerals)} ({c.result.text})")
    lines.append(c.note)
    return "\n".join(lines)


def _points(line: Line, rules: Rules) -> list[Point]:
    """The years of a line to chart, each target and outcome drawn where it is in the line's unit."""
    points = []
    for c in line.cells:
        t = c.target if c.target is not None and c.target.unit == line.unit else None
        points.append(
            Point(
                label=str(c.year),
                band=band(t, rules) if t else None,
                target=_number(t.value) if t else None,
                outcome=_outcome(c, line.unit),
                tone=c.verdict,
                tip=_year_tip(c, rules.numerals),
            )
        )
    return points


def _outcome(c: Cell, unit: str) -> float | None:
    """The outcome to draw: the result's number where the verdict measured it (a fall against a
    rise read negative, as the verdict reads it), or, in a year with no plan among the inputs,
    the number the next report gives; none for a figure of several years or of another unit."""
    t, r = c.target, c.result
    if r is None or r.value is None or r.unit != unit or (c.difference is None and c.verdict != "no report"):
        return None
    opposite = t is not None and {t.kind, r.kind} == {"increase", "decrease"}
    return -float(r.value) if opposite else float(r.value)


def _number(x: Number | None) -> float | None:
    return None if x is None else float(x)


def _tolerances(tolerances: list[Tolerance]) -> str:
    """The tolerances applied, for people: tolerances percent: ±0.5; other: ±5%."""
    shown = (
        f"{t.unit_family or 'other'}: ±{t.absolute if t.absolute is not None else f'{t.relative or 0:.0%}'}"
        for t in tolerances
    )
    return "tolerances " + "; ".join(shown)
