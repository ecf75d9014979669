"""Summarize: what a plan commits to, at a glance; several plans, one row each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pydantic import BaseModel, Field

from plantool.model import Document, Section, Target
from plantool.rules import Rules
from plantool.rules.identity import naming


class PillarSummary(BaseModel):
    id: str
    title: str
    measures: int
    targets: int
    milestones: int


class PartSummary(BaseModel):
    id: str
    title: str
    heading_role: str = Field(description="The role its heading gives (rules/sections.yaml).")
    read_as: list[str] = Field(description="The roles its passages were read as, in order (review, goals, plan).")
    targets: int
    results: int


class Summary(BaseModel):
    path: str
    title: str | None
    year: int | None
    region: str | None
    counts: dict[str, int]
    parts: list[PartSummary]
    by_horizon: dict[str, int] = Field(description="Targets (restatements aside) of the plan year and of a period.")
    pillars: list[PillarSummary]
    by_kind: dict[str, int]
    by_strength: dict[str, int]
    by_unit_family: dict[str, int]


# The lists of a document that are counted, in the order they are shown.
COUNTED = ("sections", "pillars", "measures", "targets", "results", "milestones")


def counts(doc: Document) -> dict[str, int]:
    """How many of each item a document holds: the one definition every command shows."""
    return counted({name: len(getattr(doc, name)) for name in COUNTED}, sum(t.restates is not None for t in doc.targets))


def counted(lengths: Mapping[str, int], restatements: int) -> dict[str, int]:
    """The counts shown, from the lengths of the COUNTED lists and the number of restatements
    among the targets (for a document written out item by item, never held whole). Targets are
    counted once: a restatement (经济增长预期目标为5%左右 after 国内生产总值增长5%左右) is counted apart."""
    out: dict[str, int] = {}
    for name in COUNTED:
        out[name] = lengths[name] - (restatements if name == "targets" else 0)
        if name == "targets":
            out["restatements"] = restatements
    return out


def summarize(doc: Document) -> Summary:
    """Counts of everything, the role of each part, a row per pillar, and the targets by horizon,
    kind, strength and unit family (restatements counted apart, so a target stated twice counts once).
    """
    targets = [t for t in doc.targets if t.restates is None]
    per_pillar = Counter(t.pillar for t in targets)
    milestones = Counter(m.pillar for m in doc.milestones)
    return Summary(
        path=doc.source.path,
        title=doc.title,
        year=doc.year,
        region=doc.region,
        counts=counts(doc),
        parts=[_part(doc, s) for s in doc.sections],
        by_horizon=_sorted(Counter(t.horizon for t in targets)),
        pillars=[
            PillarSummary(
                id=p.id, title=p.title, measures=len(p.measures), targets=per_pillar[p.id], milestones=milestones[p.id]
            )
            for p in doc.pillars
        ],
        by_kind=_sorted(Counter(t.kind for t in targets)),
        by_strength=_sorted(Counter(t.strength or "" for t in targets)),
        by_unit_family=_sorted(Counter(t.unit_family for t in targets)),
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    """Most first, ties by name: the same order on every run."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _part(doc: Document, section: Section) -> PartSummary:
    """A part of the report: what its heading says, and what its passages were read as."""
    inside: list[str] = [p.role for p in doc.passages if section.span.start <= p.span.start < section.span.end]
    read_as = [r for i, r in enumerate(inside) if r != "other" and (i == 0 or r != inside[i - 1])]
    return PartSummary(
        id=section.id,
        title=section.title,
        heading_role=section.role,
        read_as=list(dict.fromkeys(read_as)) if len(read_as) > 3 else read_as,
        targets=sum(t.section == section.id and t.restates is None for t in doc.targets),
        results=sum(r.section == section.id for r in doc.results),
    )


class Overview(BaseModel):
    """One document in a row, for reading many side by side."""

    path: str
    title: str | None
    year: int | None
    region: str | None
    counts: dict[str, int] = Field(description="As `counts` gives them.")
    by_horizon: dict[str, int] = Field(description="Targets (restatements aside) of the plan year and of a period.")
    headline: Target | None = Field(
        description="The plan year's target of `kinds.headline` (生产总值: the growth target), the first stated."
    )
    no_targets: bool = Field(description="The report yields no target: worth a look (a review only? a lost plan?).")


def overview(doc: Document, rules: Rules) -> Overview:
    """A document's row: counts, targets by horizon, its headline target, and whether it has none."""
    names = rules.derived(naming)
    key = names.words(rules.kinds.headline.indicator)
    headline = next(
        (
            t
            for t in doc.targets
            if t.restates is None
            and t.horizon == "annual"
            and t.unit == rules.kinds.headline.unit
            and names.words(t.indicator) == key
        ),
        None,
    )
    n = counts(doc)
    return Overview(
        path=doc.source.path,
        title=doc.title,
        year=doc.year,
        region=doc.region,
        counts=n,
        by_horizon=_sorted(Counter(t.horizon for t in doc.targets if t.restates is None)),
        headline=headline,
        no_targets=n["targets"] == 0,
    )
