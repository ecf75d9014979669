"""Query: the targets of many documents that pass every filter given, as flat rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plantool.model import Document, Target
from plantool.rules import KindRules
from plantool.rules.identity import indicator_key

COLUMNS = [
    "path", "year", "region", "pillar", "measure", "id", "indicator", "value", "low", "high", "unit",
    "unit_family", "comparator", "kind", "strength", "deadline", "restates", "text",
]  # fmt: skip


@dataclass(frozen=True)
class Filters:
    """Filters compose: a target is kept when it passes all that are set."""

    indicator: str | None = None  # substring of the indicator
    pillar: str | None = None  # substring of its pillar's title
    unit: str | None = None  # its unit or its unit family
    kind: str | None = None
    strength: str | None = None
    min: float | None = None  # on the value (a range counts if it overlaps)
    max: float | None = None
    year: int | None = None
    region: str | None = None  # substring of the document's region
    text: str | None = None  # substring of the target's text
    restatements: bool = False  # keep targets that restate another


def query(docs: list[Document], filters: Filters, kinds: KindRules | None = None) -> list[dict[str, Any]]:
    """One row per kept target, in document and target order.

    The indicator filter matches as a substring, or as a whole name through the synonyms of
    the rules (rules/kinds.yaml): 生产总值 finds 经济增长预期目标 too.
    """
    key = (lambda s: indicator_key(s, kinds.restate_cut, kinds.synonyms)) if kinds else (lambda s: s)
    rows = []
    for doc in docs:
        if filters.year is not None and doc.year != filters.year:
            continue
        if filters.region and filters.region not in (doc.region or ""):
            continue
        pillars = {p.id: p.title for p in doc.pillars}
        measures = {m.id: m.title for m in doc.measures}
        for t in doc.targets:
            pillar = pillars.get(t.pillar or "", "")
            if _keep(t, pillar, filters, key):
                rows.append(_row(doc, t, pillar, measures.get(t.measure or "", "")))
    return rows


def _keep(t: Target, pillar: str, f: Filters, key: Callable[[str], str]) -> bool:
    if t.restates and not f.restatements:
        return False
    if f.indicator and f.indicator not in t.indicator and key(t.indicator) != key(f.indicator):
        return False
    if f.pillar and f.pillar not in pillar:
        return False
    if f.unit and f.unit not in (t.unit, t.unit_family):
        return False
    if f.kind and t.kind != f.kind or f.strength and t.strength != f.strength:
        return False
    if f.text and f.text not in t.text:
        return False
    low = t.value if t.value is not None else t.low
    high = t.value if t.value is not None else t.high
    if f.min is not None and (high is None or high < f.min):
        return False
    return not (f.max is not None and (low is None or low > f.max))


def _row(doc: Document, t: Target, pillar: str, measure: str) -> dict[str, Any]:
    data = t.model_dump(mode="json")
    return {
        "path": doc.source.path,
        "year": doc.year,
        "region": doc.region,
        "pillar": pillar,
        "measure": measure,
        **{k: data[k] for k in COLUMNS if k in data},
    }
