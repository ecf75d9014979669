"""Ground: the stages' findings -> the Document, every span mapped back into the original text.

Offsets of the stages are into the normalized text; here each becomes a span of the original
decoded text with the exact text there, and items are linked by ids (s1, p1, m1, t1, r1).
"""

from __future__ import annotations

from typing import Any

from plantool.model import Document
from plantool.pipeline.milestones import FoundMilestone
from plantool.pipeline.normalize import Normalized
from plantool.pipeline.quantities import Quantity
from plantool.pipeline.read import Source
from plantool.pipeline.roles import Roles
from plantool.pipeline.structure import Block, Structure
from plantool.pipeline.targets import Change as FoundChange
from plantool.pipeline.targets import Extraction, Found
from plantool.rules import Rules


class _Grounder:
    """Maps normalized offsets to original spans (as the model's fields) and their text."""

    def __init__(self, source: Source, norm: Normalized) -> None:
        self.text = source.text
        self.norm = norm

    def span(self, start: int, end: int) -> dict[str, int]:
        s, e = self.norm.span(start, end)
        return {"start": s, "end": e}

    def text_at(self, span: dict[str, int]) -> str:
        return self.text[span["start"] : span["end"]]


Fields = dict[str, Any]


def _one_line(text: str, rules: Rules) -> str:
    """A title as one line: a page may break it (政府工作报 / 告) or hold invisible marks in it
    (normalize.invisible)."""
    return "".join(rules.normalize.invisible.sub("", text).split())


def build_document(
    source: Source,
    norm: Normalized,
    structure: Structure,
    roles: Roles,
    extraction: Extraction,
    milestones: tuple[FoundMilestone, ...],
    year: int | None,
    region: str | None,
    rules: Rules,
) -> Document:
    """Ground every object of the stages in the original text and link them by ids.

    The objects are gathered as plain fields and validated once, as a whole document:
    pydantic checks the lot in one call instead of one per span, target and pillar."""
    g = _Grounder(source, norm)
    sections = []
    for i, s in enumerate(structure.sections):
        title_span = g.span(s.title_start, s.title_end)
        sections.append(
            {
                "id": f"s{i + 1}",
                "title": g.text_at(title_span),
                "role": s.role,
                "span": g.span(s.start, s.end),
                "title_span": title_span,
            }
        )
    pillars: list[Fields] = []
    measures: list[Fields] = []
    measure_ids: dict[tuple[int, int], str] = {}
    for i, p in enumerate(structure.pillars):
        pid = f"p{i + 1}"
        ids = []
        for j, m in enumerate(p.measures):
            mid = f"m{len(measures) + 1}"
            measure_ids[(i, j)] = mid
            ids.append(mid)
            measures.append(_measure(g, mid, pid, m))
        title_span = g.span(p.title_start, p.title_end)
        pillars.append(
            {
                "id": pid,
                "title": g.text_at(title_span),
                "style": p.style,
                "section": None if p.section is None else f"s{p.section + 1}",
                "span": g.span(p.start, p.end),
                "title_span": title_span,
                "measures": ids,
            }
        )
    return Document.model_validate(
        {
            "source": {
                "path": source.path,
                "sha256": source.sha256,
                "encoding": source.encoding,
                "format": source.format,
            },
            "title": _one_line(g.text_at(g.span(*structure.title)), rules) if structure.title else None,
            "year": year,
            "region": region,
            "sections": sections,
            "passages": [
                {
                    "span": g.span(p.start, p.end),
                    "role": p.role,
                    "period": None if p.period is None else {"start": p.period[0], "end": p.period[1]},
                    "cue": p.cue,
                }
                for p in roles.passages
            ],
            "pillars": pillars,
            "measures": measures,
            "targets": [_target(g, f"t{i + 1}", f, measure_ids) for i, f in enumerate(extraction.targets)],
            "results": [_target(g, f"r{i + 1}", f, measure_ids, result=True) for i, f in enumerate(extraction.results)],
            "milestones": [_milestone(g, f"ms{i + 1}", m) for i, m in enumerate(milestones)],
            "diagnostics": [
                {"span": (sp := g.span(d.start, d.end)), "text": g.text_at(sp), "message": d.message, "level": d.level}
                for d in extraction.diagnostics
            ],
        }
    )


def _measure(g: _Grounder, mid: str, pid: str, m: Block) -> Fields:
    title_span = g.span(m.title_start, m.title_end)
    return {
        "id": mid,
        "title": g.text_at(title_span),
        "style": m.style,
        "pillar": pid,
        "span": g.span(m.start, m.end),
        "title_span": title_span,
    }


def _milestone(g: _Grounder, mid: str, m: FoundMilestone) -> Fields:
    span, object_span = g.span(m.start, m.end), g.span(*m.object)
    return {
        "id": mid,
        "span": span,
        "text": g.text_at(span),
        "verb": g.text_at(g.span(*m.verb)),
        "object": g.text_at(object_span),
        "object_span": object_span,
        "strength": m.strength,
        "section": None if m.section is None else f"s{m.section + 1}",
        "pillar": None if m.pillar is None else f"p{m.pillar + 1}",
    }


def _amount(q: Quantity) -> Fields:
    """The number fields shared by targets, results and changes."""
    return {"value": q.value, "low": q.low, "high": q.high, "unit": q.unit}


def _change(g: _Grounder, c: FoundChange) -> Fields:
    span = g.span(c.start, c.end)
    return {
        "text": g.text_at(span),
        "span": span,
        **_amount(c.quantity),
        "kind": c.kind,
        "basis": c.basis,
        "since": c.since,
    }


def _target(g: _Grounder, tid: str, f: Found, measure_ids: dict[tuple[int, int], str], result: bool = False) -> Fields:
    q = f.quantity
    span = g.span(f.start, f.end)
    indicator_span = g.span(*f.indicator)
    raw_span = g.span(q.start, q.end)
    return {
        "id": tid,
        "span": span,
        "text": g.text_at(span),
        "indicator": g.text_at(indicator_span),
        "indicator_span": indicator_span,
        **_amount(q),
        "unit_family": q.family,
        "comparator": q.comparator,
        "kind": f.kind,
        "strength": None if result else f.strength,
        "raw": g.text_at(raw_span),
        "deadline": f.deadline,
        "horizon": f.horizon,
        "period": None if f.period is None else {"start": f.period[0], "end": f.period[1]},
        "change": _change(g, f.change) if f.change else None,
        "restates": None if f.restates is None else f"{tid[0]}{f.restates + 1}",
        "section": None if f.section is None else f"s{f.section + 1}",
        "pillar": None if f.pillar is None else f"p{f.pillar + 1}",
        "measure": measure_ids.get((f.pillar, f.measure)) if f.pillar is not None and f.measure is not None else None,
    }
