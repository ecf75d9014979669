"""structure: title, sections with roles, pillars and their measures."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Case, cases

from plantool import Rules
from plantool.pipeline.normalize import normalize
from plantool.pipeline.structure import Structure, parse_structure


def _outline(text: str, s: Structure) -> dict[str, Any]:
    """The structure as plain data, for a readable failure message."""
    return {
        "title": text[s.title[0] : s.title[1]] if s.title else None,
        "sections": [{"title": text[x.title_start : x.title_end], "role": x.role} for x in s.sections],
        "pillars": [
            {
                "title": text[p.title_start : p.title_end],
                "measures": [text[m.title_start : m.title_end] for m in p.measures],
            }
            for p in s.pillars
        ],
    }


@pytest.mark.parametrize("case", cases("structure"))
def test_structure_case(case: Case, rules: Rules) -> None:
    text = normalize(case.text, rules).text
    s = parse_structure(text, rules)
    want: dict[str, Any] = case.expect
    got = _outline(text, s)
    if "title" in want:
        assert got["title"] == want["title"], got
    if "sections" in want:
        assert got["sections"] == want["sections"], got
    if "pillars" in want:
        assert [p["title"] for p in got["pillars"]] == [p["title"] for p in want["pillars"]], got
        for p, g, w in zip(s.pillars, got["pillars"], want["pillars"]):
            assert len(p.measures) == w["measures"], (w["title"], g["measures"])
            if "measure_titles" in w:
                assert g["measures"] == w["measure_titles"], w["title"]
            if "section" in w:
                assert p.section is not None, w["title"]
                sec = s.sections[p.section]
                assert text[sec.title_start : sec.title_end] == w["section"]
            if "ends_before" in w:
                assert w["ends_before"] in text
                assert p.end <= text.index(w["ends_before"]), (w["title"], text[p.start : p.end])


# every case text, without the case's xfail mark: nesting must hold whatever the parse
TEXTS = [pytest.param(p.values[0].text, id=p.id) for p in cases("structure")]


@pytest.mark.parametrize("original", TEXTS)
def test_blocks_nest(original: str, rules: Rules) -> None:
    """Sections do not overlap; pillars and measures lie inside their parents; titles inside blocks."""
    text = normalize(original, rules).text
    s = parse_structure(text, rules)
    for a, b in zip(s.sections, s.sections[1:]):
        assert a.end <= b.start
    for a, b in zip(s.pillars, s.pillars[1:]):
        assert a.end <= b.start
    for p in s.pillars:
        assert p.start <= p.title_start <= p.title_end <= p.end
        if p.section is not None:
            sec = s.sections[p.section]
            assert sec.start <= p.start and p.end <= sec.end
        for m in p.measures:
            assert p.start <= m.start <= m.title_start <= m.title_end <= m.end <= p.end
        for m1, m2 in zip(p.measures, p.measures[1:]):
            assert m1.end <= m2.start
