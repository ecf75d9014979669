"""Summarize: what a plan commits to, at a glance."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from plantool.model import Document


class PillarSummary(BaseModel):
    id: str
    title: str
    measures: int
    targets: int
    milestones: int


class Summary(BaseModel):
    path: str
    title: str | None
    year: int | None
    region: str | None
    counts: dict[str, int]
    pillars: list[PillarSummary]
    by_kind: dict[str, int]
    by_strength: dict[str, int]
    by_unit_family: dict[str, int]


def summarize(doc: Document) -> Summary:
    """Counts of everything, a row per pillar, and the targets by kind, strength and unit family.

    Restatements are counted apart, so that a target stated twice counts once.
    """
    targets = [t for t in doc.targets if t.restates is None]
    per_pillar = Counter(t.pillar for t in targets)
    milestones = Counter(m.pillar for m in doc.milestones)
    return Summary(
        path=doc.source.path,
        title=doc.title,
        year=doc.year,
        region=doc.region,
        counts={
            "sections": len(doc.sections),
            "pillars": len(doc.pillars),
            "measures": len(doc.measures),
            "targets": len(targets),
            "restatements": len(doc.targets) - len(targets),
            "results": len(doc.results),
            "milestones": len(doc.milestones),
        },
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
