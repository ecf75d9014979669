"""Milestones: qualitative commitments, kept apart from the targets and grounded in the text."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Case, cases

from plantool import extract_text


@pytest.mark.parametrize("case", cases("milestones"))
def test_milestones_case(case: Case) -> None:
    doc = extract_text(case.text)
    want: list[dict[str, Any]] = case.expect
    got = [{"verb": m.verb, "object": m.object, "strength": m.strength} for m in doc.milestones]
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert {k: g[k] for k in w} == w, got
    for m in doc.milestones:
        assert m.text == case.text[m.span.start : m.span.end]
        assert m.object == case.text[m.object_span.start : m.object_span.end]
        assert not any(t.span.start < m.span.end and m.span.start < t.span.end for t in doc.targets)
