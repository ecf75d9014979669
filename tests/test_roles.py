"""Roles: what each passage is for, from its own words; the warning when a plan may be lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Case, cases, run_main

from plantool import extract, extract_text


@pytest.mark.parametrize("case", cases("roles"))
def test_roles_case(case: Case, rules) -> None:
    doc = extract_text(case.text, name="r.txt", rules=rules)
    found = sorted(
        [(r.span.start, r.raw, "review", r.horizon, r.period) for r in doc.results]
        + [(t.span.start, t.raw, t.horizon, t.horizon, t.period) for t in doc.targets]
    )
    got: list[dict[str, Any]] = [
        {"raw": raw, "role": role, "horizon": horizon, "period": [p.start, p.end] if p else None}
        for _, raw, role, horizon, p in found
    ]
    want: list[dict[str, Any]] = case.expect
    assert [g["raw"] for g in got] == [w["raw"] for w in want], got
    for g, w in zip(got, want):
        assert {k: g[k] for k in w} == w, got


def test_every_passage_is_grounded_and_the_passages_cover_the_text(rules) -> None:
    text = "青禾区2026年政府工作报告\n一、2025年工作回顾\n一年来，新增就业2万人。\n二、2026年重点工作\n今年新增就业2.2万人。\n"
    doc = extract_text(text, rules=rules)
    spans = [(p.span.start, p.span.end) for p in doc.passages]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert {p.role for p in doc.passages} >= {"review", "plan", "other"}
    review = next(p for p in doc.passages if p.role == "review")
    assert text[review.span.start : review.span.end].startswith("一年来") and review.cue == "一年来"


def test_a_report_given_late_in_a_year_is_dated_to_the_year_it_plans(rules) -> None:
    """Its title (or delivery date, or file name) names the year it was given; the plan is the next
    year's. A plan heading that names its year is read as it stands."""
    late = "青禾区1981年政府工作报告\n明年经济发展的主要任务是：巩固成果。\n"
    assert extract_text(late, rules=rules).year == 1982
    assert extract_text(late.replace("明年经济发展的", "今年经济发展的"), rules=rules).year == 1981
    autumn = "青禾区1981年政府工作报告\n今年一月到九月，新增就业2万人。\n"  # it speaks of this year's months so far
    assert extract_text(autumn, rules=rules).year == 1982
    assert extract_text(autumn.replace("一月到九月", "一月到三月"), rules=rules).year == 1981
    headed = "青禾区1981年政府工作报告\n一、1981年的主要任务\n明年经济发展的主要任务是：巩固成果。\n"
    assert extract_text(headed, rules=rules).year == 1981


def test_a_report_that_commits_but_yields_no_target_is_warned(rules) -> None:
    text = "青禾区2026年政府工作报告\n一、2025年工作回顾\n一年来，新增就业2万人。\n二、2026年重点工作\n今年要全力稳增长、促发展。\n"
    doc = extract_text(text, rules=rules)
    assert not doc.targets
    [warning] = [d for d in doc.diagnostics if d.level == "warning"]
    assert "no target" in warning.message and warning.text.startswith("今年要")


def test_a_review_only_report_is_warned(rules) -> None:
    text = "青禾区2026年政府工作报告\n一、2025年工作回顾\n一年来，新增就业2万人，城镇化率达到70%。\n"
    doc = extract_text(text, rules=rules)
    [warning] = [d for d in doc.diagnostics if d.level == "warning"]
    assert "looks back" in warning.message


def test_warnings_reach_stderr_and_fail_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "青禾区-2026.txt"
    report.write_text("青禾区2026年政府工作报告\n一、2025年工作回顾\n一年来，新增就业2万人。\n", encoding="utf-8")
    code, _, err = run_main(monkeypatch, capsys, "extract", str(report), "-o", str(tmp_path / "out.json"))
    assert code == 0 and "warning: every passage looks back" in err
    code, _, err = run_main(
        monkeypatch, capsys, "extract", str(report), "-o", str(tmp_path / "strict.json"), "--strict"
    )
    assert code == 1 and not (tmp_path / "strict.json").exists()


@pytest.mark.slow
def test_national_2021_sets_the_fourteenth_plan_and_its_year(shared: Path, rules) -> None:
    """The part on the 十三五 achievements and the 十四五 goals: the goals are period targets of
    2021–2025, the year's targets stay annual."""
    doc = extract(shared / "corpus" / "national" / "2021.txt", rules=rules)
    period = [
        t for t in doc.targets if t.horizon == "period" and t.period and (t.period.start, t.period.end) == (2021, 2025)
    ]
    named = (
        "城镇调查失业率",
        "研发经费投入",
        "城镇化率",
        "森林覆盖率",
        "能耗",
        "二氧化碳",
        "受教育年限",
        "粮食综合生产能力",
    )
    found = [name for name in named if any(name in t.indicator or name in t.text for t in period)]
    assert len(found) >= 7, found  # 受教育年限 11.3年 counts years, a unit plantool does not read
    gdp = next(t for t in doc.targets if t.text.startswith("国内生产总值增长6%以上"))
    assert gdp.horizon == "annual" and gdp.period is None


@pytest.mark.slow
def test_every_province_has_one_annual_growth_target(shared: Path, rules) -> None:
    from plantool.analysis.query import Filters, query
    from plantool.rules.identity import naming

    docs = [extract(p, rules=rules) for p in sorted((shared / "corpus" / "provincial-2026").glob("*.txt"))]
    found = query(docs, Filters(indicator="生产总值", unit="%", horizon="annual"), rules.derived(naming))
    regions = [doc.region for doc, _ in found]
    assert len(regions) == 31 and len(set(regions)) == 31
    by_region = {doc.region: t for doc, t in found}
    assert (by_region["安徽省"].comparator, by_region["安徽省"].low, by_region["安徽省"].high) == ("range", 5, 5.5)
    assert by_region["山东省"].comparator == "ge" and by_region["上海市"].comparator == "approx"
    assert by_region["福建省"].comparator == "approx" and by_region["天津市"].comparator == "eq"
