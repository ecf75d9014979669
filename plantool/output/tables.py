"""Tables: a document's items as flat rows, and the rows of diff and track tables.

The columns of an item are derived from its model's fields, never listed by hand: a span gives
`<name>_start` and `<name>_end`, a nested model (a target's `change`) its own fields prefixed with
its name, a link to another item (`section`, `pillar`, `measure`) `<name>_id`; lists (a pillar's
measures) are left out, since the other side links back. So a field added to the model reaches
CSV, JSONL, SQLite and the query table alike. Numbers for people are shown by the one function
`NumeralRules.readable` (1.4万亿斤, +1.6万亿元); data columns keep base units, and a target's row
gains two columns for people and joins (DERIVED_COLUMNS): `readable`, its number as people write
it, and `indicator_key`, its indicator read as a name (`plantool.rules.identity`), the same for
经济增长 and 地区生产总值.
"""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from plantool.analysis.diff import Diff
from plantool.analysis.summarize import Overview
from plantool.analysis.track import Row, Series, Tracking
from plantool.model import Document, Period, Span, Target
from plantool.rules import Rules
from plantool.rules.identity import naming
from plantool.rules.schema import NumeralRules

# Fields that link to another item of the document, by id: their columns are `<name>_id`.
LINKS = ("section", "pillar", "measure")
COMPARATOR_SIGNS: dict[str, str] = {"eq": "", "approx": "≈", "ge": "≥", "le": "≤", "range": ""}

ColumnType = Literal["integer", "number", "text", "boolean"]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside an Optional, and whether it was one."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        if len(args) == 1:
            return args[0], nullable
        return Union[tuple(args)], nullable  # noqa: UP007 - a union built at run time
    return annotation, False


def _column_type(annotation: Any) -> ColumnType:
    if get_origin(annotation) is Literal or annotation is str:
        return "text"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    if annotation is float or set(get_args(annotation)) <= {int, float} and get_args(annotation):
        return "number"
    raise TypeError(f"no column type for {annotation!r}")  # a field of a new kind: say how to store it


def field_columns(model: type[BaseModel], prefix: str = "") -> list[tuple[str, ColumnType, bool]]:
    """The flat columns of a model: (name, type, nullable), in field order."""
    out: list[tuple[str, ColumnType, bool]] = []
    for name, info in model.model_fields.items():
        annotation, nullable = _unwrap(info.annotation)
        if get_origin(annotation) in (list, dict):
            continue
        if annotation is Span:
            stem = (prefix + name.removesuffix("span")).rstrip("_") or "span"
            out += [(f"{stem}_start", "integer", nullable), (f"{stem}_end", "integer", nullable)]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += [(n, t, nullable or null) for n, t, null in field_columns(annotation, f"{prefix}{name}_")]
        else:
            column = f"{prefix}{name}_id" if not prefix and name in LINKS else f"{prefix}{name}"
            out.append((column, _column_type(annotation), nullable))
    return out


def columns(model: type[BaseModel]) -> list[str]:
    return [name for name, _, _ in field_columns(model)]


def flat(item: BaseModel | None, model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """An item's values under the columns of `field_columns` (all None for a missing nested item)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation, _ = _unwrap(info.annotation)
        if get_origin(annotation) in (list, dict):
            continue
        value = getattr(item, name) if item is not None else None
        if annotation is Span:
            stem = (prefix + name.removesuffix("span")).rstrip("_") or "span"
            out[f"{stem}_start"] = value.start if value is not None else None
            out[f"{stem}_end"] = value.end if value is not None else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.update(flat(value, annotation, f"{prefix}{name}_"))
        else:
            out[f"{prefix}{name}_id" if not prefix and name in LINKS else f"{prefix}{name}"] = value
    return out


def document_fields(doc: Document) -> dict[str, Any]:
    """A document's own fields (its lists of items aside), as the first columns of its items' rows."""
    return flat(doc, Document)


# Columns a target's row gains beside its fields, for people (readable) and for joins across
# documents (indicator_key); both text.
DERIVED_COLUMNS = ("readable", "indicator_key")
# One row per target in CSV, JSONL and the query table: its document, its own fields, the derived
# columns, and the titles of the pillar and measure it stands in.
TARGET_COLUMNS: tuple[str, ...] = (
    *columns(Document),
    *columns(Target),
    *DERIVED_COLUMNS,
    "pillar_title",
    "measure_title",
)


def derived(t: Target, rules: Rules) -> dict[str, str]:
    """A target's DERIVED_COLUMNS: ≈5% or 5.66万亿元, and 生产总值 for 经济增长."""
    return {"readable": amount(t, rules.numerals), "indicator_key": "".join(rules.derived(naming).words(t.indicator))}


def target_rows(items: list[tuple[Document, Target]], rules: Rules) -> list[dict[str, Any]]:
    """Flat rows (TARGET_COLUMNS) of targets, each with its document, in the order given."""
    rows = []
    titles: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    for doc, t in items:
        if id(doc) not in titles:
            titles[id(doc)] = ({p.id: p.title for p in doc.pillars}, {m.id: m.title for m in doc.measures})
        pillars, measures = titles[id(doc)]
        rows.append(
            {
                **document_fields(doc),
                **flat(t, Target),
                **derived(t, rules),
                "pillar_title": pillars.get(t.pillar or ""),
                "measure_title": measures.get(t.measure or ""),
            }
        )
    return rows


def years(period: Period | None) -> str | None:
    """A period for people: 2026–2030."""
    return None if period is None else str(period)


def horizon(t: Target) -> str:
    """A target's horizon for people: annual, or the years of its period (period where unknown)."""
    return (years(t.period) or "period") if t.horizon == "period" else t.horizon


def amount(t: Target, numerals: NumeralRules) -> str:
    """A target's number for people, with its comparator, unit and basis: ≈5%, ≥1200万人, 5–5.5%,
    ≥6.5% a year (年均), ≥5000万人 in total (累计), 100% over 2010 (比2010年翻一番)."""
    number = (
        numerals.readable(t.value, t.unit)
        if t.value is not None
        else f"{numerals.readable(t.low)}–{numerals.readable(t.high, t.unit)}"
    )
    basis = f" over {t.base_year}" if t.basis == "relative" else BASIS_WORDS.get(t.basis, "")
    return COMPARATOR_SIGNS.get(t.comparator, "") + number + basis


BASIS_WORDS = {"annual_average": " a year", "cumulative": " in total"}


def change(x: float | None, unit: str, numerals: NumeralRules) -> str:
    """A difference for people, signed: +1.6万亿元; between two percentages, in points (-1个百分点)."""
    return numerals.readable(x, "个百分点" if unit == "%" else unit, signed=True)


DIFF_COLUMNS = ["status", "old_indicator", "new_indicator", "old", "new", "difference", "changes", "old_text", "new_text"]


def diff_rows(diff: Diff, numerals: NumeralRules) -> list[dict[str, object]]:
    """The diff as rows, one per target (matched, added, dropped), numbers as people write them."""
    rows: list[dict[str, object]] = []
    for m in diff.matched:
        value = next((c for c in m.changes if c.field == "value"), None)
        rows.append(
            {
                "status": m.status,
                "old_indicator": m.old.indicator,
                "new_indicator": m.new.indicator,
                "old": amount(m.old, numerals),
                "new": amount(m.new, numerals),
                "difference": change(value.difference, m.new.unit, numerals) if value else "",
                "changes": ", ".join(
                    f"{c.field} {_changed(c.old, m.old.unit, c.field, numerals)} → "
                    f"{_changed(c.new, m.new.unit, c.field, numerals)}"
                    for c in m.changes
                ),
                "old_text": m.old.text,
                "new_text": m.new.text,
            }
        )
    for status, targets in (("added", diff.added), ("dropped", diff.dropped)):
        for t in targets:
            old, new = (None, t) if status == "added" else (t, None)
            rows.append(
                {
                    "status": status,
                    "old_indicator": old.indicator if old else "",
                    "new_indicator": new.indicator if new else "",
                    "old": amount(old, numerals) if old else "",
                    "new": amount(new, numerals) if new else "",
                    "difference": "",
                    "changes": "",
                    "old_text": old.text if old else "",
                    "new_text": new.text if new else "",
                }
            )
    return rows


def _changed(value: object, unit: str, field: str, numerals: NumeralRules) -> str:
    if field in ("value", "low", "high") and isinstance(value, int | float):
        return numerals.readable(value, unit)
    return "–" if value is None else str(value)


TRACKING_COLUMNS = ["verdict", "indicator", "target", "result", "difference", "note", "target_text", "result_text"]
SERIES_COLUMNS = ["indicator", "year", "verdict", "target", "result", "difference", "note"]


def tracking_rows(tracking: Tracking, numerals: NumeralRules) -> list[dict[str, object]]:
    """The tracking as rows, one per target, numbers as people write them."""
    return [
        {
            "verdict": r.verdict,
            "indicator": r.target.indicator,
            "target": amount(r.target, numerals),
            "result": outcome(r, numerals),
            "difference": change(r.difference, r.target.unit, numerals),
            "note": r.note,
            "target_text": r.target.text,
            "result_text": r.result.text if r.result else "",
        }
        for r in tracking.rows
    ]


def outcome(row: Row, numerals: NumeralRules) -> str:
    """What a target was judged by, for people: its result, or the compound yearly average of a
    series (5.75% a year)."""
    if row.result is not None:
        return amount(row.result, numerals)
    return "" if row.average is None else numerals.readable(row.average, "%") + BASIS_WORDS["annual_average"]


def series_rows(series: Series, numerals: NumeralRules) -> list[dict[str, object]]:
    """The series as rows, one per indicator and year, numbers as people write them; then one per
    target of a five-year plan judged against the report after its period, its years as its year."""
    periods = [
        {column: str(tracking.period) if column == "year" else row[column] for column in SERIES_COLUMNS}
        for tracking in series.periods
        for row in tracking_rows(tracking, numerals)
    ]
    return [*_year_rows(series, numerals), *periods]


def _year_rows(series: Series, numerals: NumeralRules) -> list[dict[str, object]]:
    return [
        {
            "indicator": line.indicator,
            "year": c.year,
            "verdict": c.verdict,
            "target": amount(c.target, numerals) if c.target else "",
            "result": amount(c.result, numerals) if c.result else "",
            "difference": change(c.difference, line.unit, numerals),
            "note": c.note,
        }
        for line in series.lines
        for c in line.cells
    ]


OVERVIEW_COLUMNS = [
    "document", "title", "year", "region", "targets", "restatements", "results", "annual", "period", "headline", "flag",
]  # fmt: skip


def overview_rows(overviews: list[Overview], numerals: NumeralRules) -> list[dict[str, object]]:
    """One row per document: its counts, targets by horizon, its headline target as people write
    it (≈5%), and a flag for a report that yields no target."""
    return [
        {
            "document": o.path,
            "title": o.title or "",
            "year": o.year,
            "region": o.region or "",
            "targets": o.counts["targets"],
            "restatements": o.counts["restatements"],
            "results": o.counts["results"],
            "annual": o.by_horizon.get("annual", 0),
            "period": o.by_horizon.get("period", 0),
            "headline": amount(o.headline, numerals) if o.headline else "",
            "flag": "no targets" if o.no_targets else "",
        }
        for o in overviews
    ]
