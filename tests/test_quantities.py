"""quantities: numbers with units, magnitudes, ranges, comparators and exclusions."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Case, cases

from plantool import Rules
from plantool.normalize import normalize
from plantool.quantities import find_quantities, to_number


def _same(got: float | None, want: float | None) -> bool:
    if want is None or got is None:
        return got is want
    return got == pytest.approx(want, rel=1e-6)


@pytest.mark.parametrize("case", cases("quantities"))
def test_quantities_case(case: Case, rules: Rules) -> None:
    text = normalize(case.text, rules).text
    found = find_quantities(text, rules)
    want: list[dict[str, Any]] = case.expect
    shown = [(text[q.start : q.end], q.value, q.low, q.high, q.unit, q.comparator) for q in found]
    assert len(found) == len(want), f"found {shown}"
    pos = 0
    for q, w in zip(found, want):
        at = text.find(w["text"], pos)
        assert at >= 0, f"{w['text']!r} not in the normalized text after {pos}"
        assert q.start == at and q.end >= at + len(w["text"]), f"{w['text']!r} vs {text[q.start : q.end]!r}"
        got = {"value": q.value, "low": q.low, "high": q.high}
        for key in ("value", "low", "high"):
            assert _same(got[key], w.get(key)), f"{w['text']}: {key} {got[key]} != {w.get(key)}"
        assert q.unit == w["unit"]
        assert q.comparator == w["comparator"]
        pos = q.end


def test_integers_stay_integers(rules: Rules) -> None:
    """Whole values come out as int (no 2000.0), so JSON shows integers."""
    for q in find_quantities("新增就业1.2万人，安排资金3.5亿元，增长5%。", rules):
        assert isinstance(q.value, int), q


def test_to_number_applies_magnitude_exactly() -> None:
    assert to_number("1.3", 1000000000000) == 1300000000000
    assert to_number("5.66", 1000000000000) == 5660000000000
    assert to_number("一千二百") == 1200
    assert to_number("两") == 2
    assert to_number("三点五", 100000000) == 350000000


def test_quantities_are_ordered_and_disjoint(rules: Rules) -> None:
    text = "百分之五十的企业增长5%—6%，新增3至5个园区、1万多人就业，百分之五的乡镇达标。"
    found = find_quantities(text, rules)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
