"""Ground: the stages' findings -> the Document, every span mapped back into the original text.

Offsets of the stages are into the normalized text; here each becomes a span of the original
decoded text with the exact text there, and items are linked by ids (s1, p1, m1, t1, r1).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any, get_args

from plantool.model import Document
from plantool.pipeline.milestones import FoundMilestone
from plantool.pipeline.normalize import OffsetMap
from plantool.pipeline.quantities import Quantity
from plantool.pipeline.read import Source
from plantool.pipeline.roles import Roles
from plantool.pipeline.structure import Block, Structure
from plantool.pipeline.targets import Change as FoundChange
from plantool.pipeline.targets import Extraction, Found
from plantool.rules import Rules


class _Grounder:
    """Maps normalized offsets to original spans (as the model's fields) and their text: the
    original text there, without the page debris normalization dropped inside it."""

    def __init__(self, source: Source, omap: OffsetMap, debris: list[tuple[int, int]]) -> None:
        self.text = source.text
        self.map = omap
        self.debris = sorted(debris)
        self.debris_starts = [s for s, _ in self.debris]

    def span(self, start: int, end: int) -> dict[str, int]:
        s, e = self.map.span(start, end)
        return {"start": s, "end": e}

    def text_at(self, span: dict[str, int]) -> str:
        start, end = span["start"], span["end"]
        pieces, pos = [], start
        for s, e in self.debris[bisect_left(self.debris_starts, start) :]:
            if s >= end:
                break
            if e <= end:  # debris wholly inside the span (one may hold another: a line break a page number)
                pieces.append(self.text[pos : max(pos, s)])
                pos = max(pos, e)
        pieces.append(self.text[pos:end])
        return "".join(pieces)


Fields = dict[str, Any]


def _one_line(text: str, rules: Rules) -> str:
    """A title as one line: a page may break it (政府工作报 / 告) or hold invisible marks in it
    (normalize.invisible). White space inside a line stays, so that a title of one line is the
    text as written."""
    return "".join(line.strip() for line in rules.normalize.invisible.sub("", text).splitlines())


class Grounded:
    """A report's findings, each item grounded in the original text and linked by ids as it is
    read: as a whole Document, or list by list, so that a large report can be written out an item
    at a time without its Document (whose models take a dozen times the report's size) ever being
    held. Each list is grounded afresh each time it is read."""

    def __init__(
        self,
        source: Source,
        omap: OffsetMap,
        debris: list[tuple[int, int]],
        structure: Structure,
        roles: Roles,
        extraction: Extraction,
        milestones: tuple[FoundMilestone, ...],
        year: int | None,
        region: str | None,
        rules: Rules,
    ) -> None:
        self._source = source
        self._structure = structure
        self._roles = roles
        self._extraction = extraction
        self._found_milestones = milestones
        self._year = year
        self._region = region
        self._rules = rules
        self._g = _Grounder(source, omap, debris)
        # the number of measures before each pillar's, for their ids (m1, m2, … across pillars)
        self._first_measure = list(accumulate((len(p.measures) for p in structure.pillars), initial=0))
        # the Document's lists, in its order, each grounding its items as they are read
        self.lists: dict[str, Callable[[], Iterator[Fields]]] = {
            "sections": self._sections,
            "passages": self._passages,
            "pillars": self._pillars,
            "measures": self._measures,
            "targets": self._targets,
            "results": self._results,
            "milestones": self._milestones,
            "diagnostics": self._diagnostics,
        }

    def _header(self) -> Fields:
        """The document's fields that are no list of items."""
        g, source, title = self._g, self._source, self._structure.title
        return {
            "source": {
                "path": source.path,
                "sha256": source.sha256,
                "encoding": source.encoding,
                "format": source.format,
            },
            "title": _one_line(g.text_at(g.span(*title)), self._rules) if title else None,
            "year": self._year,
            "region": self._region,
        }

    @property
    def restatements(self) -> int:
        """How many targets state an earlier one again."""
        return sum(f.restates is not None for f in self._extraction.targets)

    def outline(self) -> Document:
        """The Document without its items: every list empty."""
        return Document.model_validate({**self._header(), **{name: [] for name in self.lists}})

    def items(self, name: str) -> Iterator[Any]:
        """The items of the list `name`, each validated as the model the Document's field holds."""
        model = get_args(Document.model_fields[name].annotation)[0]
        return (model.model_validate(fields) for fields in self.lists[name]())

    def document(self) -> Document:
        """The whole Document, validated in one call: pydantic checks the lot at once instead of
        one call per item. The items are listed first: pydantic would turn a KeyboardInterrupt
        raised inside a generator it iterates into a ValidationError, and Ctrl-C into a failure."""
        return Document.model_validate({**self._header(), **{name: list(items()) for name, items in self.lists.items()}})

    def _sections(self) -> Iterator[Fields]:
        g = self._g
        for i, s in enumerate(self._structure.sections):
            title_span = g.span(s.title_start, s.title_end)
            yield {
                "id": f"s{i + 1}",
                "title": g.text_at(title_span),
                "role": s.role,
                "span": g.span(s.start, s.end),
                "title_span": title_span,
            }

    def _passages(self) -> Iterator[Fields]:
        for p in self._roles.passages:
            yield {
                "span": self._g.span(p.start, p.end),
                "role": p.role,
                "period": None if p.period is None else {"start": p.period[0], "end": p.period[1]},
                "cue": p.cue,
            }

    def _pillars(self) -> Iterator[Fields]:
        g = self._g
        for i, p in enumerate(self._structure.pillars):
            title_span = g.span(p.title_start, p.title_end)
            yield {
                "id": f"p{i + 1}",
                "title": g.text_at(title_span),
                "style": p.style,
                "section": None if p.section is None else f"s{p.section + 1}",
                "span": g.span(p.start, p.end),
                "title_span": title_span,
                "measures": [self._measure_id(i, j) for j in range(len(p.measures))],
            }

    def _measures(self) -> Iterator[Fields]:
        for i, p in enumerate(self._structure.pillars):
            for j, m in enumerate(p.measures):
                yield _measure(self._g, self._measure_id(i, j), f"p{i + 1}", m)

    def _measure_id(self, pillar: int, measure: int) -> str:
        return f"m{self._first_measure[pillar] + measure + 1}"

    def _targets(self) -> Iterator[Fields]:
        for i, f in enumerate(self._extraction.targets):
            yield _target(self._g, f"t{i + 1}", f, self._measure_of(f))

    def _results(self) -> Iterator[Fields]:
        for i, f in enumerate(self._extraction.results):
            yield _target(self._g, f"r{i + 1}", f, self._measure_of(f), result=True)

    def _measure_of(self, f: Found) -> str | None:
        return None if f.pillar is None or f.measure is None else self._measure_id(f.pillar, f.measure)

    def _milestones(self) -> Iterator[Fields]:
        for i, m in enumerate(self._found_milestones):
            yield _milestone(self._g, f"ms{i + 1}", m)

    def _diagnostics(self) -> Iterator[Fields]:
        g = self._g
        for d in self._extraction.diagnostics:
            span = g.span(d.start, d.end)
            yield {"span": span, "text": g.text_at(span), "message": d.message, "level": d.level}


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


def _target(g: _Grounder, tid: str, f: Found, measure: str | None, result: bool = False) -> Fields:
    q = f.quantity
    span = g.span(f.start, f.end)
    indicator_span = g.span(*f.indicator)
    raw_span = g.span(q.start, q.end)
    shared_span = None if f.shared is None else g.span(*f.shared)
    indicator = g.text_at(indicator_span)
    if shared_span is not None:  # an item of 分别: the shared head before its own words, or the tail after
        shared = g.text_at(shared_span)
        head = f.shared[0] < f.indicator[0] and not f.shared_follows  # type: ignore[index]
        indicator = shared + indicator if head else indicator + shared
    return {
        "id": tid,
        "span": span,
        "text": g.text_at(span),
        "indicator": indicator,
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
        "basis": f.basis,
        "base_year": f.base_year,
        "shared_span": shared_span,
        "change": _change(g, f.change) if f.change else None,
        "restates": None if f.restates is None else f"{tid[0]}{f.restates + 1}",
        "section": None if f.section is None else f"s{f.section + 1}",
        "pillar": None if f.pillar is None else f"p{f.pillar + 1}",
        "measure": measure,
    }
