"""track: one year's plan against the next year's report, and several years as a series."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_main

from plantool import Document, PlantoolError, Rules, extract, extract_text
from plantool.analysis.track import Cell, Line, Row, Series, Tracking, track_pair, track_series
from plantool.output.tables import SERIES_COLUMNS, TRACKING_COLUMNS, series_rows, tracking_rows

PLAN = """青禾区2025年政府工作报告
一、2024年工作回顾
全年地区生产总值增长5.8%。
二、2025年主要预期目标
地区生产总值增长6%左右，城镇调查失业率5.5%左右，城镇新增就业2万人以上，居民消费价格涨幅3%左右，规模以上工业增加值增长6%—7%，单位地区生产总值能耗降低3%左右，外贸进出口增长3%。
经济增长预期目标为6%左右，主要考虑是稳就业。
三、2025年重点工作
（一）加快建设现代化产业体系
新增高新技术企业20家。完成固定资产投资500亿元。
（二）全面推进乡村振兴
新建高标准农田5万亩。到2030年，森林覆盖率达到40%。
"""

# Each target of PLAN gets a verdict: GDP met, unemployment and CPI under their ceilings (met),
# jobs exceeded beyond the tolerance, industry above its range, energy intensity a bigger fall
# than the floor (met), trade fell where it was to grow, enterprises short, investment in 万亿元
# against 亿元, farmland not reported; a five-year average is no outcome.
NEXT = """青禾区2026年政府工作报告
一、2025年工作回顾
全年地区生产总值增长6.2%，城镇调查失业率平均为4.8%，城镇新增就业2.3万人，居民消费价格上涨0.5%，规模以上工业增加值增长7.5%，单位地区生产总值能耗下降4.2%，外贸进出口下降2%。
新增高新技术企业18家，完成固定资产投资0.05万亿元。“十四五”时期地区生产总值年均增长6.8%。
二、2026年主要预期目标
地区生产总值增长6%左右。
三、2026年重点工作
（一）加快建设现代化产业体系
新增高新技术企业25家。
"""


@pytest.fixture(scope="module")
def tracking(rules: Rules) -> Tracking:
    plan = extract_text(PLAN, name="2025.txt", rules=rules)
    following = extract_text(NEXT, name="2026.txt", rules=rules)
    return track_pair(plan, following, rules)


def _row(tracking: Tracking, target_text: str) -> Row:
    found = [r for r in tracking.rows if target_text in r.target.text]
    assert len(found) == 1, [r.target.text for r in tracking.rows]
    return found[0]


def test_reports_are_named(tracking: Tracking) -> None:
    assert (tracking.plan.path, tracking.plan.year, tracking.plan.region) == ("2025.txt", 2025, "青禾区")
    assert (tracking.next.path, tracking.next.year, tracking.review_year) == ("2026.txt", 2026, 2025)


@pytest.mark.parametrize(
    ("target", "result", "verdict", "difference"),
    [
        pytest.param("地区生产总值增长6%左右", "全年地区生产总值增长6.2%", "met", 0.2, id="approx-met"),
        pytest.param("城镇调查失业率5.5%左右", "城镇调查失业率平均为4.8%", "met", -0.7, id="ceiling"),
        pytest.param("城镇新增就业2万人以上", "城镇新增就业2.3万人", "exceeded", 3000, id="ge-beyond-tolerance"),
        pytest.param("居民消费价格涨幅3%左右", "居民消费价格上涨0.5%", "met", -2.5, id="cpi-ceiling"),
        pytest.param("规模以上工业增加值增长6%—7%", "规模以上工业增加值增长7.5%", "exceeded", 0.5, id="range-above"),
        pytest.param("单位地区生产总值能耗降低3%左右", "单位地区生产总值能耗下降4.2%", "met", 1.2, id="bigger-fall"),
        pytest.param("外贸进出口增长3%", "外贸进出口下降2%", "missed", -5, id="fall-against-growth"),
        pytest.param("新增高新技术企业20家", "新增高新技术企业18家", "missed", -2, id="count-short"),
        pytest.param("完成固定资产投资500亿元", "完成固定资产投资0.05万亿元", "met", 0, id="yi-vs-wanyi"),
    ],
)
def test_verdicts_of_a_plan(tracking: Tracking, target: str, result: str, verdict: str, difference: float) -> None:
    row = _row(tracking, target)
    assert row.result is not None and row.result.text == result
    assert (row.verdict, row.difference) == (verdict, difference)


def test_not_reported_and_no_multi_year_figure(tracking: Tracking) -> None:
    assert _row(tracking, "新建高标准农田5万亩").verdict == "not reported"
    assert _row(tracking, "新建高标准农田5万亩").result is None
    # the five-year average (年均增长6.8%) is never taken for the year's growth
    assert all(r.result is None or "年均" not in r.result.text for r in tracking.rows)


def test_restatements_and_later_deadlines_are_left_out(tracking: Tracking) -> None:
    skipped = {s.target.text: s.reason for s in tracking.skipped}
    assert skipped["经济增长预期目标为6%左右"] == "restatement"
    assert skipped["森林覆盖率达到40%"] == "later deadline"
    assert not any(r.target.text in skipped for r in tracking.rows)


def test_tolerances_are_in_the_output(tracking: Tracking, rules: Rules) -> None:
    assert tracking.tolerances == list(rules.track.tolerances)
    assert _row(tracking, "地区生产总值增长6%左右").tolerance == 0.5  # percentage points
    assert _row(tracking, "城镇新增就业2万人以上").tolerance == 1000  # 5% of 2万人
    assert tracking.summary["exceeded"] == 2
    assert sum(tracking.summary.values()) == len(tracking.rows)


# One target, one review sentence: the rules of each comparator at their edges.
PLAN_ONE = """青禾区2025年政府工作报告
一、2024年工作回顾
全年地区生产总值增长5.8%。
二、2025年主要预期目标
{target}。
三、2025年重点工作
（一）加快建设现代化产业体系
推动制造业高质量发展。
"""
NEXT_ONE = """青禾区2026年政府工作报告
一、2025年工作回顾
{result}。
二、2026年主要预期目标
地区生产总值增长6%左右。
三、2026年重点工作
（一）加快建设现代化产业体系
推动制造业高质量发展。
"""


def _one(rules: Rules, target: str, result: str, plan_year: int = 2025) -> Row:
    plan = extract_text(PLAN_ONE.format(target=target), name="plan.txt", rules=rules, year=plan_year)
    following = extract_text(NEXT_ONE.format(result=result), name="2026.txt", rules=rules)
    tracking = track_pair(plan, following, rules)
    assert len(tracking.rows) == 1, [r.target.text for r in tracking.rows]
    return tracking.rows[0]


@pytest.mark.parametrize(
    ("target", "result", "verdict"),
    [
        # approx: ±0.5 percentage points for %
        ("地区生产总值增长6%左右", "地区生产总值增长6.5%", "met"),
        ("地区生产总值增长6%左右", "地区生产总值增长5.2%", "missed"),
        ("地区生产总值增长6%左右", "地区生产总值增长7%", "exceeded"),
        # range: its bounds exactly
        ("规模以上工业增加值增长6%—7%", "规模以上工业增加值增长6.5%", "met"),
        ("规模以上工业增加值增长6%—7%", "规模以上工业增加值增长5.5%", "missed"),
        # ge: met from the value, exceeded beyond value + 5%
        ("城镇新增就业2万人以上", "城镇新增就业2.05万人", "met"),
        ("城镇新增就业2万人以上", "城镇新增就业1.9万人", "missed"),
        ("粮食产量稳定在30万吨以上", "粮食产量达到32万吨", "exceeded"),
        # le: met up to the value, exceeded (beaten) below value − tolerance
        ("一般性支出控制在100亿元以内", "一般性支出为98亿元", "met"),
        ("一般性支出控制在100亿元以内", "一般性支出为103亿元", "missed"),
        ("一般性支出控制在100亿元以内", "一般性支出为90亿元", "exceeded"),
        # a ceiling (rules/track.yaml ceilings), 以内 or 左右: met anywhere under it, missed above
        ("城镇调查失业率控制在5.5%以内", "城镇调查失业率为5.1%", "met"),
        ("城镇调查失业率控制在5.5%以内", "城镇调查失业率为4.5%", "met"),
        ("城镇调查失业率控制在5.5%以内", "城镇调查失业率为5.8%", "missed"),
        ("城镇调查失业率5.5%左右", "城镇调查失业率平均为5.1%", "met"),
        ("城镇调查失业率5.5%左右", "城镇调查失业率平均为6.2%", "missed"),
        ("居民消费价格涨幅3%左右", "居民消费价格上涨2%", "met"),
        ("居民消费价格涨幅3%左右", "居民消费价格上涨3.6%", "missed"),
        ("赤字率拟按3%左右安排", "赤字率为2.8%", "met"),
        # a ceiling's decrease is a floor: the size of the fall, never exceeded
        ("单位地区生产总值能耗降低3%左右", "单位地区生产总值能耗下降2.1%", "missed"),
        ("单位地区生产总值能耗降低3%左右", "单位地区生产总值能耗下降5%", "met"),
        ("细颗粒物平均浓度下降3%以上", "细颗粒物平均浓度下降6%", "met"),
        # eq counts: more is exceeded
        ("新增高新技术企业20家", "新增高新技术企业20家", "met"),
        ("新增高新技术企业20家", "新增高新技术企业25家", "exceeded"),
        # 万亿元 against 亿元: values are in base units
        ("完成固定资产投资500亿元", "完成固定资产投资0.06万亿元", "exceeded"),
        # synonyms: 经济增长 is the 地区生产总值
        ("经济增长6%左右", "地区生产总值增长6.1%", "met"),
    ],
)
def test_comparators(rules: Rules, target: str, result: str, verdict: str) -> None:
    row = _one(rules, target, result)
    assert row.result is not None and row.result.text == result
    assert row.verdict == verdict, row.note


def test_a_bound_as_result(rules: Rules) -> None:
    # 降幅超过3.5%: every number it stands for is beyond the floor of 2.5
    row = _one(rules, "单位地区生产总值能耗降低3%左右", "单位地区生产总值能耗降幅超过3.5%")
    assert (row.verdict, row.difference) == ("met", 0.5)
    assert "at least 3.5%" in row.note
    # 增长5%以上 could be below the band 5.5–6.5, in it or above it
    assert _one(rules, "地区生产总值增长6%左右", "地区生产总值增长5%以上").verdict == "unclear"


def test_growth_stated_beside_a_level(rules: Rules) -> None:
    row = _one(rules, "地区生产总值增长6%左右", "地区生产总值完成160.5亿元，同比增长6.3%")
    assert row.result is not None and (row.part, row.result.value, row.result.unit) == ("change", 6.3, "%")
    assert (row.verdict, row.difference) == ("met", 0.3)


def test_an_amount_added_is_no_level(rules: Rules) -> None:
    row = _one(rules, "新增规模以上工业企业5家", "规模以上工业企业达到31家")
    assert row.verdict == "unclear" and row.difference is None


@pytest.mark.parametrize(
    ("target", "result"),
    [
        # 收入 is not 支出, nor a share of it (比重)
        ("一般公共预算收入增长5.5%", "民生支出占一般公共预算支出比重达81.2%"),
        # a registered rate is not a surveyed one
        ("城镇登记失业率控制在4.5%以内", "城镇调查失业率为5.1%"),
        # the heads differ: energy use per unit of output is not output
        ("单位地区生产总值能耗下降3%", "地区生产总值增长6.2%"),
    ],
)
def test_only_the_same_measured_thing_answers(rules: Rules, target: str, result: str) -> None:
    row = _one(rules, target, result)
    assert (row.verdict, row.result) == ("not reported", None), row.note


@pytest.mark.parametrize(
    ("result", "why"),
    [
        # a five-year total judges no year
        ("过去五年城镇新增就业12万人", "a figure of several years"),
        # a change since a year before the last is no year's growth
        ("地区生产总值达到500亿元，比2020年增长40%", "a change since 2020"),
    ],
)
def test_a_figure_of_several_years_is_shown_unclear(rules: Rules, result: str, why: str) -> None:
    target = "城镇新增就业2万人" if "就业" in result else "地区生产总值增长6%左右"
    row = _one(rules, target, result)
    assert row.result is not None and row.result.text in result
    assert (row.verdict, row.difference) == ("unclear", None)
    assert row.note.startswith(why), row.note


def test_a_review_that_says_not_achieved_is_missed(rules: Rules) -> None:
    # the review repeats the target's number, inside a denial: never met
    row = _one(rules, "单位地区生产总值能耗降低3%左右", "全区没有实现年初确定的单位地区生产总值能耗降低3%左右的目标")
    assert (row.verdict, row.difference) == ("missed", None)
    assert "not achieved (没有实现)" in row.note


def test_a_ceiling_says_so(rules: Rules) -> None:
    row = _one(rules, "居民消费价格涨幅3%左右", "居民消费价格上涨0.2%")
    assert row.note == "a ceiling (track.ceilings): met up to 3.5%"
    assert row.direction == "lower"


def test_years_must_follow(rules: Rules) -> None:
    """A report two years on reviews neither the plan's year nor a period the plan sets."""
    plan = extract_text(PLAN_ONE.format(target="地区生产总值增长6%左右"), name="plan.txt", rules=rules)
    later = extract_text(NEXT_ONE.format(result="地区生产总值增长6.2%"), name="x.txt", rules=rules, year=2027)
    with pytest.raises(PlantoolError, match=r"does not review .*: give the 2026 report$"):
        track_pair(plan, later, rules)


# The national reports: the 2024 plan against the review of 2024 in the 2025 report.


@pytest.fixture(scope="module")
def national(shared: Path, rules: Rules) -> dict[int, Document]:
    years = [2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025]
    return {y: extract(shared / "corpus" / "national" / f"{y}.txt", rules=rules) for y in years}


@pytest.fixture(scope="module")
def national_2024(national: dict[int, Document], rules: Rules) -> Tracking:
    return track_pair(national[2024], national[2025], rules)


@pytest.mark.parametrize(
    ("target", "result", "verdict"),
    [
        pytest.param("国内生产总值增长5%左右", "增长5%", "met", id="gdp"),
        # 3%左右 of a price rise is a ceiling: prices rose far less, and the cap was kept
        pytest.param("居民消费价格涨幅3%左右", "居民消费价格上涨0.2%", "met", id="cpi"),
        # 1256万 is above 1200万 but within 5% of it
        pytest.param("城镇新增就业1200万人以上", "城镇新增就业1256万人", "met", id="jobs"),
        # unemployment is a ceiling (rules/track.yaml ceilings), 5.1% is under 5.5+0.5
        pytest.param("城镇调查失业率5.5%左右", "城镇调查失业率平均为5.1%", "met", id="unemployment"),
        # 降幅超过3%: a fall of more than 3% against a floor of 2.5%−0.5
        pytest.param("单位国内生产总值能耗降低2.5%左右", "单位国内生产总值能耗降幅超过3%", "met", id="energy"),
        # 跃上…新台阶 says a level is reached: the indicator is 粮食产量, not 新台阶 (kinds.level_nouns);
        # 1.4万亿 is more than 5% above 1.3万亿
        pytest.param("粮食产量1.3万亿斤以上", "粮食产量首次跃上1.4万亿斤", "exceeded", id="grain"),
    ],
)
def test_national_2024_against_2025(national_2024: Tracking, target: str, result: str, verdict: str) -> None:
    row = _row(national_2024, target)
    assert row.result is not None and row.result.text == result, row.result
    assert row.verdict == verdict, row.note


def test_national_2024_shows_both_numbers(national_2024: Tracking) -> None:
    jobs = _row(national_2024, "城镇新增就业1200万人以上")
    assert (jobs.target.value, jobs.result and jobs.result.value, jobs.difference) == (12000000, 12560000, 560000)
    cpi = _row(national_2024, "居民消费价格涨幅3%左右")
    assert (cpi.target.value, cpi.result and cpi.result.value, cpi.difference) == (3, 0.2, -2.8)
    assert [s.target.text for s in national_2024.skipped] == ["经济增长预期目标为5%左右"]


@pytest.fixture(scope="module")
def national_series(national: dict[int, Document], rules: Rules) -> Series:
    return track_series(list(reversed(national.values())), rules)  # any order


def _line(series: Series, indicator: str, unit: str, kind: str) -> Line:
    found = [
        line
        for line in series.lines
        if line.unit == unit
        and any(c.target and c.target.indicator == indicator and c.target.kind == kind for c in line.cells)
    ]
    assert len(found) == 1, [line.indicator for line in found]
    return found[0]


def _cells(line: Line) -> dict[int, Cell]:
    return {c.year: c for c in line.cells}


def test_flat_rows_show_both_numbers(national_2024: Tracking, national_series: Series, rules: Rules) -> None:
    rows = tracking_rows(national_2024, rules.numerals)
    assert all(list(r) == TRACKING_COLUMNS for r in rows)
    jobs = next(r for r in rows if r["target_text"] == "城镇新增就业1200万人以上")
    assert (jobs["verdict"], jobs["target"], jobs["result"], jobs["difference"]) == ("met", "≥1200万人", "1256万人", "+56万人")
    cells = series_rows(national_series, rules.numerals)
    assert all(list(c) == SERIES_COLUMNS for c in cells)
    # a row per indicator and year, then one per target of each five-year plan judged (2016 → 2021)
    periods = [r for t in national_series.periods for r in t.rows]
    assert [str(t.period) for t in national_series.periods] == ["2016–2020"] and periods
    assert len(cells) == len(national_series.lines) * len(national_series.years) + len(periods)
    assert [c["year"] for c in cells[-len(periods) :]] == ["2016–2020"] * len(periods)


def test_national_gdp_growth_series(national_series: Series) -> None:
    assert national_series.years == list(range(2016, 2026))
    assert national_series.region == "全国"
    gdp = _cells(_line(national_series, "国内生产总值", "%", "increase"))
    # year: (target value or (low, high), comparator, outcome, verdict), read from the reports
    expected: dict[int, tuple[object, str | None, float | None, str]] = {
        2016: ((6.5, 7), "range", 6.7, "met"),
        2017: (6.5, "approx", 6.9, "met"),  # the 2018 report's 刚刚过去的2017年, not the five-year 年均7.1%
        2018: (6.5, "approx", 6.6, "met"),
        2019: ((6, 6.5), "range", None, "no report"),  # the 2020 report is missing
        2020: (None, None, 2.3, "no report"),  # no 2020 plan; the outcome from the 2021 report
        2021: (6, "ge", 8.1, "exceeded"),
        2022: (5.5, "approx", 3, "missed"),
        2023: (5, "approx", 5.2, "met"),
        2024: (5, "approx", 5, "met"),
        2025: (5, "approx", None, "no report"),  # no 2026 report
    }
    for year, (target, comparator, outcome, verdict) in expected.items():
        cell = gdp[year]
        t = cell.target
        planned = None if t is None else t.value if t.value is not None else (t.low, t.high)
        assert (planned, t and t.comparator) == (target, comparator), year
        assert (cell.result and cell.result.value, cell.verdict) == (outcome, verdict), (year, cell.note)
    assert "no 2020 report" in gdp[2019].note and "no 2020 report" in gdp[2020].note


@pytest.fixture(scope="module")
def national_1992_2019(shared: Path, rules: Rules) -> Series:
    folder = shared / "corpus" / "national"
    return track_series(
        [extract(p, rules=rules) for p in sorted(folder.glob("*.txt")) if 1992 <= int(p.stem) <= 2019], rules
    )


@pytest.mark.slow
def test_national_gdp_growth_1992_to_2019(national_1992_2019: Series) -> None:
    """Was each year's growth target met? Read from the reports by hand: the target of each plan,
    the growth the next report gives for that year."""
    series = national_1992_2019
    assert series.years == list(range(1992, 2020))
    # every growth target is on one line, however worded (国民生产总值, 经济增长速度, 经济增长预期目标)
    growth = [
        line
        for line in series.lines
        if any(
            c.target
            and c.target.unit == "%"
            and c.target.kind != "decrease"
            and "增长" in c.target.text
            and any(w in c.target.indicator for w in ("生产总值", "经济增长"))
            for c in line.cells
        )
    ]
    assert len(growth) == 1, [line.indicator for line in growth]
    gdp = _cells(growth[0])
    expected: dict[int, tuple[object, float | None, str]] = {
        1992: (6, 12.8, "exceeded"),
        1993: (8, 13.4, "exceeded"),
        1994: (9, 11.8, "exceeded"),
        1995: ((8, 9), None, "no report"),  # 百分之八至九, after 宏观调控目标，; no 1996 report to judge it
        1996: (None, 9.7, "no report"),  # the 1996 report is not in the corpus; the 1997 one reviews 1996
        1997: (8, 11, "unclear"),  # the 1998 report gives only the five-year average (平均每年增长11％)
        1998: (8, 7.8, "met"),
        1999: (7, None, "not reported"),  # the 2000 report says the target was reached, with no figure
        2000: (None, None, "no target"),  # the reports of 2000–2002 set no growth target in their text
        2001: (None, None, "no target"),
        2002: (None, None, "no target"),
        2003: (7, 9.1, "exceeded"),
        2004: (7, 9.5, "exceeded"),
        2005: (8, 9.9, "exceeded"),
        2006: (8, 10.7, "exceeded"),
        2007: (8, 65.5, "unclear"),  # the 2008 report gives the growth since 2002 only
        2008: (8, 9, "exceeded"),
        2009: (8, 8.7, "exceeded"),
        2010: (8, 10.3, "exceeded"),
        2011: (8, 9.2, "exceeded"),
        2012: (7.5, 7.8, "met"),
        2013: (7.5, 7.7, "met"),
        2014: (7.5, 7.4, "met"),
        2015: (7, 6.9, "met"),
        2016: ((6.5, 7), 6.7, "met"),
        2017: (6.5, 6.9, "met"),
        2018: (6.5, 6.6, "met"),
        2019: ((6, 6.5), None, "no report"),  # no 2020 report
    }
    for year, (target, outcome, verdict) in expected.items():
        cell = gdp[year]
        t = cell.target
        planned = None if t is None else t.value if t.value is not None else (t.low, t.high)
        assert planned == target, year
        assert (cell.result and cell.result.value, cell.verdict) == (outcome, verdict), (year, cell.note)


@pytest.mark.slow
def test_national_ceilings_and_denials(national_1992_2019: Series) -> None:
    def line(word: str) -> dict[int, Cell]:
        found = [x for x in national_1992_2019.lines if x.indicator.endswith(word)]
        assert len(found) == 1, [x.indicator for x in national_1992_2019.lines if word in x.indicator]
        return _cells(found[0])

    # a price rise under its cap keeps the target: 2.6% against 3.5%左右, 2% against 3%左右
    cpi = line("居民消费价格涨幅")
    for year in (2013, 2014, 2016, 2018):
        assert cpi[year].verdict == "met", (year, cpi[year].note)
        assert cpi[year].note.startswith("a ceiling")
    # the 2007 report: 全国没有实现年初确定的单位国内生产总值能耗降低4%左右…的目标
    energy = line("单位国内生产总值能耗")
    assert (energy[2006].verdict, energy[2006].difference) == ("missed", None)
    assert "not achieved" in energy[2006].note


def test_county_series(shared: Path, rules: Rules) -> None:
    folder = shared / "corpus-hebei" / "county"
    docs = [extract(folder / f"清苑-{y}.txt", rules=rules) for y in range(2020, 2026)]
    series = track_series(docs, rules)
    assert series.years == list(range(2020, 2026))
    judged = [c for line in series.lines for c in line.cells if c.verdict in ("met", "missed", "exceeded")]
    assert len(judged) >= 20
    gdp = _cells(_line(series, "地区生产总值", "%", "increase"))
    # 2021: 增长9% planned, the 2022 report: 完成160.5亿元，同比增长7%
    assert gdp[2021].result is not None and (gdp[2021].part, gdp[2021].result.value) == ("change", 7)
    assert (gdp[2021].verdict, gdp[2021].difference) == ("missed", -2)
    assert gdp[2024].verdict == "met"
    assert gdp[2025].verdict == "no report"


def test_series_refuses_two_reports_of_a_year(rules: Rules) -> None:
    plan = extract_text(PLAN, name="2025.txt", rules=rules)
    with pytest.raises(PlantoolError, match="two reports of 2025"):
        track_series([plan, plan], rules)


def test_reports_of_different_places_are_refused_unless_allowed(rules: Rules) -> None:
    plan = extract_text(PLAN, name="2025.txt", rules=rules)
    other = extract_text(NEXT.replace("青禾区", "红河县"), name="2026.txt", rules=rules)
    with pytest.raises(PlantoolError, match="different places: 青禾区 .*红河县.*--allow-regions"):
        track_pair(plan, other, rules)
    with pytest.raises(PlantoolError, match="different places"):
        track_series([plan, other], rules)
    assert track_pair(plan, other, rules, allow_regions=True).places == ["青禾区", "红河县"]
    assert track_series([plan, other], rules, allow_regions=True).places == ["青禾区", "红河县"]
    # the same place named with the region above it is one place
    same = extract_text(NEXT.replace("青禾区", "某市青禾区"), name="2026.txt", rules=rules)
    assert track_pair(plan, same, rules).places == []


def test_cli_refuses_different_places_or_warns_and_marks_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, other = tmp_path / "2025.txt", tmp_path / "2026.txt"
    plan.write_text(PLAN, encoding="utf-8")
    other.write_text(NEXT.replace("青禾区", "红河县"), encoding="utf-8")
    for command in ("track", "diff"):
        code, out, err = run_main(monkeypatch, capsys, command, str(plan), str(other))
        assert (code, out) == (2, "") and err.count("\n") == 1, err
        assert err.startswith("Error: reports of different places: 青禾区") and "--allow-regions" in err
        code, out, err = run_main(monkeypatch, capsys, command, str(plan), str(other), "--allow-regions", "-f", "csv")
        assert code in (0, 1) and out, err
        assert "warning: reports of different places compared: 青禾区, 红河县" in err
        page = tmp_path / f"{command}.html"
        code, out, err = run_main(monkeypatch, capsys, command, str(plan), str(other), "--allow-regions", "-o", str(page))
        assert code in (0, 1) and out == "" and "warning: reports of different places" in err
        assert 'class="warning"' in page.read_text(encoding="utf-8")


# A five-year plan against the report after its period: national 2016 (十三五) and 2021.


def test_national_five_year_plan_against_its_review(national: dict[int, Document], rules: Rules) -> None:
    tracking = track_pair(national[2016], national[2021], rules)
    assert tracking.period is not None and (tracking.period.start, tracking.period.end) == (2016, 2020)
    assert tracking.review_year == 2020
    judged = {r.target.indicator: r for r in tracking.rows if r.verdict in ("met", "exceeded", "missed")}
    assert len(judged) >= 4, sorted(judged)
    jobs = judged["城镇新增就业"]
    # a five-year total against the period's total; a floor passed by any margin is met
    assert (jobs.verdict, jobs.target.basis, jobs.result.basis) == ("met", "cumulative", "cumulative")
    assert jobs.note.startswith("the period's total the review states")
    assert all(r.target.horizon == "period" for r in tracking.rows)
    assert {s.reason for s in tracking.skipped} >= {"annual"}


def test_a_yearly_average_is_judged_by_an_average_only(national: dict[int, Document], rules: Rules) -> None:
    """经济年均增长6.5%以上: the 2021 review states no average for 2016–2020, and its total (超过100万亿元)
    is no average."""
    tracking = track_pair(national[2016], national[2021], rules)
    growth = next(r for r in tracking.rows if r.target.basis == "annual_average")
    assert growth.verdict == "not reported" and growth.result is None


def test_a_period_review_needs_the_report_after_the_period(national: dict[int, Document], rules: Rules) -> None:
    with pytest.raises(PlantoolError, match=r"give the 2017 report, or the 2021 report for 2016–2020$"):
        track_pair(national[2016], national[2022], rules)


# A series with every year of a five-year plan: a yearly average no review states is judged by the
# compound average of the annual results.

YEAR_REPORT = """青禾区{year}年政府工作报告
一、{last}年工作回顾
全年地区生产总值增长{growth}%。
二、{year}年主要预期目标
地区生产总值增长6%左右。{goals}
三、{year}年重点工作
（一）加快建设现代化产业体系
推动制造业高质量发展。
"""
GOALS = "“十四五”时期，地区生产总值年均增长6%左右，城镇新增就业50万人以上。"


def _five_years(rules: Rules, growths: dict[int, float], review: str = "") -> list[Document]:
    docs = []
    for year in range(2021, 2027):
        text = YEAR_REPORT.format(
            year=year, last=year - 1, growth=growths.get(year - 1, 6), goals=GOALS if year == 2021 else ""
        )
        if year == 2026:
            text = text.replace("一、2025年工作回顾\n", f"一、2025年工作回顾\n{review}")
        docs.append(extract_text(text, name=f"{year}.txt", rules=rules))
    return docs


def test_a_series_judges_a_yearly_average_by_the_compound_average(rules: Rules) -> None:
    growths = {2021: 8.0, 2022: 3.0, 2023: 5.2, 2024: 5.0, 2025: 5.4}
    series = track_series(_five_years(rules, growths), rules)
    assert [str(p.period) for p in series.periods] == ["2021–2025"]
    rows = {r.target.indicator: r for r in series.periods[0].rows}
    gdp = rows["地区生产总值"]
    # (1.08 × 1.03 × 1.052 × 1.05 × 1.054) ** (1/5) − 1 = 5.31%, below 6% − 0.5: missed
    assert gdp.average == 5.31 and [r.value for r in gdp.yearly] == [8, 3, 5.2, 5, 5.4]
    assert gdp.verdict == "missed" and gdp.result is None
    assert gdp.note.startswith("the compound average of the annual results of 2021–2025 (8%, 3%, 5.2%, 5%, 5.4%): 5.31%")
    assert rows["城镇新增就业"].verdict == "not reported"  # no five-year total in the review
    csv = [r for r in series_rows(series, rules.numerals) if r["year"] == "2021–2025"]
    assert [(r["indicator"], r["result"]) for r in csv] == [("地区生产总值", "5.31% a year"), ("城镇新增就业", "")]


def test_a_stated_average_wins_over_the_compound_one(rules: Rules) -> None:
    review = "过去五年，地区生产总值年均增长6.2%，城镇新增就业累计达到56万人。\n"
    series = track_series(_five_years(rules, {2022: 3.0}, review), rules)
    rows = {r.target.indicator: r for r in series.periods[0].rows}
    assert (rows["地区生产总值"].verdict, rows["地区生产总值"].average) == ("met", None)
    assert rows["地区生产总值"].note.startswith("the period's stated yearly average")
    assert rows["城镇新增就业"].verdict == "met"  # 56万 in total against 50万以上


def test_national_2016_five_year_targets_read_as_the_plan_means_them(national: dict[int, Document]) -> None:
    """十三五 in the 2016 report: the yearly average with its period, and the 分别 triple as three
    targets each with its own indicator."""
    growth = next(t for t in national[2016].targets if "年均增长保持在6.5%以上" in t.text)
    assert (growth.basis, growth.horizon, growth.kind) == ("annual_average", "period", "increase")
    assert growth.period is not None and (growth.period.start, growth.period.end) == (2016, 2020)
    triple = [t for t in national[2016].targets if t.horizon == "period" and t.value in (23, 15, 18) and t.unit == "%"]
    assert [t.indicator for t in triple] == [
        "单位国内生产总值用水量", "单位国内生产总值能耗", "单位国内生产总值二氧化碳排放量",
    ]  # fmt: skip
    assert all("、" not in t.indicator and t.kind == "decrease" for t in triple)
    doubling = [t for t in national[2016].targets if t.basis == "relative"]
    assert [(t.indicator, t.value, t.base_year) for t in doubling] == [
        ("国内生产总值", 100, 2010), ("城乡居民人均收入", 100, 2010),
    ]  # fmt: skip


def test_a_provinces_five_year_plan_against_its_review(shared: Path, rules: Rules) -> None:
    """河北省: the 2021 report's 十四五 targets against the 2026 report's review of 2021–2025."""
    plan = extract(shared / "corpus-hebei" / "city-province" / "河北省-2021.txt", rules=rules)
    review = extract(shared / "corpus" / "provincial-2026" / "河北省.txt", rules=rules)
    tracking = track_pair(plan, review, rules)
    assert tracking.period is not None and str(tracking.period) == "2021–2025"
    jobs = next(r for r in tracking.rows if "就业" in r.target.indicator)
    assert (jobs.verdict, jobs.target.value, jobs.result and jobs.result.value) == ("met", 4000000, 4520000)
