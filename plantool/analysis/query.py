"""Query: the targets of many documents that pass every filter given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from plantool.errors import PlantoolError
from plantool.model import Document, Horizon, Kind, Strength, Target
from plantool.rules.identity import Naming

# The filters whose values are one of the model's words, each with its vocabulary.
VOCABULARIES = {"kind": Kind, "strength": Strength, "horizon": Horizon}


@dataclass(frozen=True)
class Filters:
    """Filters compose: a target is kept when it passes all that are set."""

    indicator: str | None = None  # the same measured thing (plantool.rules.identity): 生产总值 finds 经济增长 too
    indicator_contains: str | None = None  # a substring of the indicator
    pillar: str | None = None  # substring of its pillar's title
    unit: str | None = None  # its unit or its unit family
    kind: str | None = None
    strength: str | None = None
    horizon: str | None = None  # annual (the plan year's) or period (a multi-year plan's)
    min: float | None = None  # on the value (a range counts if it overlaps)
    max: float | None = None
    year: int | None = None
    region: str | None = None  # substring of the document's region
    text: str | None = None  # substring of the target's text
    restatements: bool = False  # keep targets that restate another

    def __post_init__(self) -> None:
        for name in VOCABULARIES:
            check_word(name, getattr(self, name))


def check_word(name: str, value: str | None) -> None:
    """A word outside the model's vocabulary (of kind, strength, horizon) would match nothing,
    silently: refuse it."""
    vocabulary = get_args(VOCABULARIES[name])
    if value is not None and value not in vocabulary:
        raise PlantoolError(f"{name} {value!r} is not one of {', '.join(vocabulary)}")


def query(docs: list[Document], filters: Filters, naming: Naming | None = None) -> list[tuple[Document, Target]]:
    """Each kept target with its document, in document and target order.

    The indicator filter keeps the targets that measure the same thing, as `naming` reads names
    (`plantool.rules.identity`: 生产总值 finds 地区生产总值 and 经济增长预期目标, not 海洋生产总值 or a
    share of 地区生产总值); without `naming`, the same name exactly.
    """
    found = []
    for doc in docs:
        if filters.year is not None and doc.year != filters.year:
            continue
        if filters.region and filters.region not in (doc.region or ""):
            continue
        pillars = {p.id: p.title for p in doc.pillars}
        found += [(doc, t) for t in doc.targets if _keep(t, pillars.get(t.pillar or "", ""), filters, naming)]
    return found


def _keep(t: Target, pillar: str, f: Filters, naming: Naming | None) -> bool:
    if t.restates and not f.restatements:
        return False
    if f.indicator and not (naming.same(t.indicator, f.indicator) if naming else t.indicator == f.indicator):
        return False
    if f.indicator_contains and f.indicator_contains not in t.indicator:
        return False
    if f.pillar and f.pillar not in pillar:
        return False
    if f.unit and f.unit not in (t.unit, t.unit_family):
        return False
    if f.kind and t.kind != f.kind or f.strength and t.strength != f.strength:
        return False
    if f.horizon and t.horizon != f.horizon:
        return False
    if f.text and f.text not in t.text:
        return False
    low = t.value if t.value is not None else t.low
    high = t.value if t.value is not None else t.high
    if f.min is not None and (high is None or high < f.min):
        return False
    return not (f.max is not None and (low is None or low > f.max))
