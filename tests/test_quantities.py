"""quantities: numbers with units, magnitudes, ranges, comparators and exclusions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Case, cases
from hypothesis import given, settings
from hypothesis import strategies as st

from plantool import Rules, extract_text
from plantool.pipeline.normalize import normalize
from plantool.pipeline.quantities import find_quantities, to_number


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


def test_to_number_applies_magnitude_exactly(rules: Rules) -> None:
    n = rules.numerals
    assert to_number("1.3", n, "万亿") == 1300000000000
    assert to_number("5.66", n, "万亿") == 5660000000000
    assert to_number("三点五", n, "亿") == 350000000
    assert to_number("零点五", n) == 0.5


@pytest.mark.parametrize(
    ("numeral", "magnitude", "value"),
    [
        ("两", "", 2), ("十五", "", 15), ("一千二百", "", 1200), ("一百零五", "", 105), ("二千零十七", "", 2017),
        ("一万零五", "", 10005), ("一万五", "", 15000), ("三百五", "", 350), ("两千三", "", 2300),
        ("二〇二五", "", 2025), ("1万6千", "", 16000), ("390万65", "", 3900065),
        ("七百六十六亿四千", "万", 76640000000), ("十六亿九千二百四十五", "万", 1692450000),
        ("二", "万亿", 2000000000000), ("一万二千", "亿", 1200000000000), ("三", "千万", 30000000),
        ("一二十", "", None), ("十百", "", None), ("一点", "", None), ("二〇二五", "万", None),
    ],
)  # fmt: skip
def test_chinese_numerals_read_by_place(rules: Rules, numeral: str, magnitude: str, value: float | None) -> None:
    assert to_number(numeral, rules.numerals, magnitude) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=99))
def test_chinese_numerals_agree_with_cn2an(rules: Rules, whole: int, hundredths: int) -> None:
    """Every numeral cn2an writes reads back as its number (cn2an is the reference, not a dependency)."""
    cn2an = pytest.importorskip("cn2an")
    assert to_number(cn2an.an2cn(whole), rules.numerals) == whole
    if hundredths:
        decimal = f"{whole}.{hundredths:02d}".rstrip("0")
        assert to_number(cn2an.an2cn(decimal), rules.numerals) == float(decimal)


def test_quantities_are_ordered_and_disjoint(rules: Rules) -> None:
    text = "百分之五十的企业增长5%—6%，新增3至5个园区、1万多人就业，百分之五的乡镇达标。"
    found = find_quantities(text, rules)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_exclusions_near_numbers_are_those_of_the_whole_text(rules: Rules, shared: Path) -> None:
    """Running the exclusions over the sentences around numbers only, and only over those that
    hold a string each match requires, changes nothing a number sees."""
    from plantool.pipeline.quantities import _patterns, excluded_mask

    pats = rules.derived(_patterns)
    for name in ("national/1955.txt", "national/2025.txt", "provincial-2026/广东省.txt"):
        text = normalize((shared / "corpus" / name).read_text(encoding="utf-8"), rules).text
        near = [m.span() for m in pats.quantity.finditer(text)] + [m.span() for m in pats.percent_words.finditer(text)]
        whole = bytearray(len(text))
        for pattern, _, _ in pats.exclusions:
            for m in pattern.finditer(text):
                whole[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        mask = excluded_mask(text, rules, near)
        assert [any(mask[s:e]) for s, e in near] == [any(whole[s:e]) for s, e in near]
        assert sum(any(whole[s:e]) for s, e in near) > 10


def test_a_sign_no_unit_reads_is_warned_until_an_overlay_reads_it(rules: Rules, placeholder_rules: Rules) -> None:
    text = "青禾区2026年政府工作报告\n一、2026年重点工作\n生产总值增长6_M_M_，财政收入增长5_M_M_，投资增长8_M_M_，楼宇3#、4#、5#交付。\n"
    [warning] = [d for d in extract_text(text, rules=rules).diagnostics if d.level == "warning"]
    assert warning.text == "_M_M_" and warning.message.startswith("3 numbers are followed by “_M_M_”")
    read = extract_text(text, rules=placeholder_rules)
    assert [t.unit for t in read.targets] == ["%", "%", "%"]
    assert not [d for d in read.diagnostics if d.level == "warning"]
