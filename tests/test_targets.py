"""targets: the whole pipeline, from a small document to its targets and results."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Case, as_read, cases

from plantool import Document, Rules, Target, extract_text

FIELDS = (
    "indicator", "value", "low", "high", "unit", "comparator", "kind", "strength", "deadline", "restates", "pillar",
    "measure", "horizon", "basis", "base_year",
)
KEYS = {*FIELDS, "quote", "change", "period"}
NUMBERS = ("value", "low", "high")


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
        return bool(got == pytest.approx(want, rel=1e-6))
    return bool(got == want)


def _shown(t: Target) -> str:
    change = t.change and (t.change.text, t.change.value, t.change.unit, t.change.kind, t.change.basis)
    return (
        f"{t.text!r} indicator={t.indicator!r} value={t.value} low={t.low} high={t.high} unit={t.unit} "
        f"{t.comparator} {t.kind} {t.strength} deadline={t.deadline} change={change} {t.pillar}/{t.measure}"
    )


def _check(found: list[Target], want: list[dict[str, Any]], what: str) -> None:
    shown = "\n".join(_shown(t) for t in found)
    assert len(found) == len(want), f"{what}: {len(found)} found, {len(want)} expected:\n{shown}"
    for i, (t, w) in enumerate(zip(found, want)):
        where = f"{what}[{i}] {_shown(t)}"
        assert not set(w) - KEYS, f"{where}: expectations no test reads: {sorted(set(w) - KEYS)}"
        if "quote" in w:
            assert w["quote"] in t.text, where
        if "period" in w:
            got = None if t.period is None else [t.period.start, t.period.end]
            assert got == w["period"], f"{where}: period {got} != {w['period']}"
        for field in FIELDS:
            if field in w:
                assert _same(getattr(t, field), w[field]), f"{where}: {field} {getattr(t, field)!r} != {w[field]!r}"
        if "change" in w:
            if w["change"] is None:
                assert t.change is None, where
            else:
                assert t.change is not None, where
                for field, value in w["change"].items():
                    assert _same(getattr(t.change, field), value), f"{where}: change.{field}"


@pytest.mark.parametrize("case", cases("targets"))
def test_targets_case(case: Case) -> None:
    doc = extract_text(case.text)
    want: dict[str, Any] = case.expect
    _check(doc.targets, want["targets"], "targets")
    if "results" in want:
        _check(doc.results, want["results"], "results")
    for field in ("title", "year", "region"):
        if field in want:
            assert getattr(doc, field) == want[field]


def _grounded(doc: Document, text: str) -> None:
    """Every object's text is the input at its span; a target's span covers its number."""
    for t in [*doc.targets, *doc.results]:
        assert 0 <= t.span.start < t.span.end <= len(text)
        assert as_read(t.text) == as_read(text[t.span.start : t.span.end]), _shown(t)
        assert "\n" not in t.text, _shown(t)  # the text as read: a layout break is joined
        own = as_read(text[t.indicator_span.start : t.indicator_span.end])
        shared = "" if t.shared_span is None else as_read(text[t.shared_span.start : t.shared_span.end])
        assert as_read(t.indicator) in (shared + own, own + shared), _shown(t)  # an item of 分别 keeps the shared words
        assert t.raw in t.text, _shown(t)
        if t.change is not None:
            assert as_read(t.change.text) == as_read(text[t.change.span.start : t.change.span.end])
    spans = sorted((t.span.start, t.span.end) for t in doc.targets)
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0] or a == b, f"targets overlap: {text[a[0]:a[1]]!r} and {text[b[0]:b[1]]!r}"
    for s in doc.sections:
        assert s.title == text[s.title_span.start : s.title_span.end]
    for p in doc.pillars:
        assert p.title == text[p.title_span.start : p.title_span.end]
    for m in doc.measures:
        assert m.title == text[m.title_span.start : m.title_span.end]


# every case text, without the case's xfail mark: the span invariant must hold whatever is found
TEXTS = [pytest.param(p.values[0].text, id=p.id) for p in cases("targets")]


@pytest.mark.parametrize("text", TEXTS)
def test_target_text_is_the_input_at_its_span(text: str) -> None:
    _grounded(extract_text(text), text)


def test_spans_point_into_the_original_text() -> None:
    """With debris, full-width digits, separators and a broken line, spans still ground in the input."""
    text = (
        "下载\n打印\n云溪县2026年政府工作报告\n"
        "二、2026年重点工作\n"
        "（一）扩大有效投资\n"
        "坚持项目为王，全年安排县级重点项目1,200个，完成投资\n２５０亿元，"
        "确保重点项目开工率达到９５％以上。\n"
    )
    doc = extract_text(text)
    _grounded(doc, text)
    assert [t.raw for t in doc.targets] == ["1,200个", "２５０亿元", "９５％以上"]
    assert [t.value for t in doc.targets] == [1200, 25000000000, 95]


def test_results_have_no_strength() -> None:
    doc = extract_text("一、2025年工作回顾\n全年新增城镇就业1.1万人。\n")
    assert doc.targets == []
    assert [r.strength for r in doc.results] == [None]


def test_a_small_count_in_words_left_out_says_so() -> None:
    """三件大事 is no target, and a diagnostic says why: no quantity is dropped without a word."""
    doc = extract_text("抓好三件大事，新建三所幼儿园。")
    assert [t.raw for t in doc.targets] == ["三所"]
    [said] = [d for d in doc.diagnostics if d.text == "三件"]
    assert "no verb governs" in said.message


def test_a_rough_amount_and_a_hypothetical_say_why_they_are_left_out() -> None:
    """几十座 is said only roughly; 只要…就可以… is arithmetic on a condition; 这六十个 points back:
    none is a target, and each says why."""
    doc = extract_text("今年要修建水坝几十座，新建六十个项目。这六十个项目投产后，能耗只要降低2%，一年就可以节省开支三十亿元。")
    assert [t.raw for t in doc.targets] == ["六十个"]
    messages = {d.text: d.message for d in doc.diagnostics}
    assert "roughly" in messages["十座"]
    assert "named before" in messages["六十个"]
    assert "condition" in messages["2%"] and "condition" in messages["三十亿元"]


def test_a_placeholder_for_a_sign_stays_in_the_text_as_written(placeholder_rules: Rules) -> None:
    """With a site's stand-in added by an overlay, 13.3_M_M_ reads as 13.3%, and the target's text
    is the page's, the whole placeholder held."""
    [target] = extract_text("今年地区生产总值增长13.3_M_M_。", rules=placeholder_rules).targets
    assert (target.value, target.unit, target.text) == (13.3, "%", "今年地区生产总值增长13.3_M_M_")


def test_a_count_its_noun_and_a_count_are_two_counts() -> None:
    """12个小区360户的改造: the estates and the households whose homes are renovated (改造 after 的 is
    the work measured); a threshold before a noun and a count only qualifies it, and says so."""
    doc = extract_text("今年完成12个小区360户的改造，新开工10亿元以上项目5个。")
    assert [(t.value, t.unit) for t in doc.targets] == [(12, "个"), (360, "户"), (5, "个")]
    qualifier = next(d for d in doc.diagnostics if d.text == "10亿元以上")
    assert "qualifies the noun after it" in qualifier.message
