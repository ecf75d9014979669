"""diff: two plans of one place, last year's and this year's, and what changed between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantool import Document, PlantoolError, Rules, extract, extract_text
from plantool.analysis.diff import Diff, Match, diff_documents
from plantool.output.serialize import to_json
from plantool.workflows.inputs import load_document

OLD = """青禾区2025年政府工作报告
一、2024年工作回顾
全年地区生产总值增长5.8%。
二、2025年主要预期目标
地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，新增就业2万人，力争规模以上工业增加值增长7%，固定资产投资增长8%。
三、2025年重点工作
（一）加快建设现代化产业体系
新增高新技术企业20个。
（二）持续改善生态环境质量
细颗粒物平均浓度下降3%。
（三）扩大有效投资
完成固定资产投资5000亿元。
"""

# GDP raised and named 经济增长; 新增就业 now 城镇新增就业; 力争 now 确保; 个 now 家; 亿元 now
# 万亿元; a new income target and a restatement; PM2.5 and investment growth gone; one pillar
# renamed, one dropped, one added.
NEW = """青禾区2026年政府工作报告
一、2025年工作回顾
全年地区生产总值增长6.1%。
二、2026年主要预期目标
经济增长6.5%左右，城镇调查失业率控制在5.5%以内，城镇新增就业2.2万人，确保规模以上工业增加值增长7%，居民人均可支配收入增长6%。
经济增长预期目标为6.5%左右，主要考虑是稳就业、防风险。
三、2026年重点工作
（一）加快建设现代化产业体系，培育壮大新质生产力
新增高新技术企业25家。
（二）扩大有效投资
完成固定资产投资0.55万亿元。
（三）全面推进乡村振兴
新建高标准农田5万亩。
"""


@pytest.fixture(scope="module")
def old(rules: Rules) -> Document:
    return extract_text(OLD, name="2025.txt", rules=rules)


@pytest.fixture(scope="module")
def new(rules: Rules) -> Document:
    return extract_text(NEW, name="2026.txt", rules=rules)


@pytest.fixture(scope="module")
def diff(old: Document, new: Document, rules: Rules) -> Diff:
    return diff_documents(old, new, rules)


def _by_new(diff: Diff, indicator: str) -> Match:
    found = [m for m in diff.matched if m.new.indicator == indicator]
    assert len(found) == 1, [(m.old.indicator, m.new.indicator) for m in diff.matched]
    return found[0]


def _changes(m: Match) -> dict[str, tuple[object, object, object]]:
    return {c.field: (c.old, c.new, c.difference) for c in m.changes}


def test_documents_are_named(diff: Diff) -> None:
    assert (diff.old.path, diff.old.year, diff.old.region) == ("2025.txt", 2025, "青禾区")
    assert (diff.new.path, diff.new.year, diff.new.title) == ("2026.txt", 2026, "青禾区2026年政府工作报告")


def test_changed_value_with_difference_across_synonyms(diff: Diff) -> None:
    m = _by_new(diff, "经济增长")  # 经济增长6.5%左右 is the 地区生产总值 of last year
    assert m.old.indicator == "地区生产总值"
    assert m.status == "changed"
    assert _changes(m) == {"value": (6, 6.5, 0.5)}
    assert m.similarity == 1.0


def test_renamed_indicator_is_matched(diff: Diff) -> None:
    m = _by_new(diff, "城镇新增就业")
    assert m.old.text == "新增就业2万人"
    assert _changes(m) == {"value": (20000, 22000, 2000)}


def test_unchanged_target(diff: Diff) -> None:
    m = _by_new(diff, "城镇调查失业率")
    assert (m.status, m.changes, m.old.value, m.new.value) == ("unchanged", [], 5.5, 5.5)


def test_strength_change(diff: Diff) -> None:
    m = _by_new(diff, "规模以上工业增加值")
    assert m.status == "changed"
    assert _changes(m) == {"strength": ("aspirational", "binding", None)}


def test_unit_change_within_a_family(diff: Diff) -> None:
    m = _by_new(diff, "高新技术企业")
    assert _changes(m) == {"value": (20, 25, None), "unit": ("个", "家", None)}  # no difference across units


def test_magnitudes_compare_in_base_units(diff: Diff) -> None:
    m = _by_new(diff, "固定资产投资")  # 5000亿元 → 0.55万亿元: the unit is 元 on both sides
    assert (m.old.unit, m.new.unit) == ("元", "元")
    assert _changes(m) == {"value": (5e11, 5.5e11, 5e10)}


def test_added_and_dropped_in_document_order(diff: Diff) -> None:
    assert [t.indicator for t in diff.added] == ["居民人均可支配收入", "高标准农田"]
    # 固定资产投资增长8% is a percent: it never pairs with the money target of the same name
    assert [t.indicator for t in diff.dropped] == ["固定资产投资", "细颗粒物平均浓度"]
    assert diff.dropped[0].unit == "%"
    assert diff.same is False


def test_restatements_are_left_out(diff: Diff, new: Document) -> None:
    restated = {t.id for t in new.targets if t.restates}
    assert restated  # 经济增长预期目标为6.5%左右
    shown = {m.new.id for m in diff.matched} | {t.id for t in diff.added}
    assert not restated & shown
    assert shown == {t.id for t in new.targets} - restated


def test_matched_in_new_order(diff: Diff, new: Document) -> None:
    order = [t.id for t in new.targets]
    ids = [order.index(m.new.id) for m in diff.matched]
    assert ids == sorted(ids)


def test_pillars(diff: Diff) -> None:
    assert [p.title for p in diff.pillars_added] == ["全面推进乡村振兴"]
    assert [p.title for p in diff.pillars_dropped] == ["持续改善生态环境质量"]
    assert [(r.old.title, r.new.title) for r in diff.pillars_renamed] == [
        ("加快建设现代化产业体系", "加快建设现代化产业体系，培育壮大新质生产力")
    ]  # 扩大有效投资 is the same pillar: in none of the lists


def test_a_document_is_the_same_as_itself(new: Document, rules: Rules) -> None:
    d = diff_documents(new, new, rules)
    assert d.same is True
    assert all(m.status == "unchanged" and m.old.id == m.new.id for m in d.matched)
    assert not (d.added or d.dropped or d.pillars_added or d.pillars_dropped or d.pillars_renamed)


def test_same_from_an_extraction_file(new: Document, rules: Rules, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    path.write_text(to_json(new), encoding="utf-8")
    assert diff_documents(load_document(path, rules), new, rules).same is True


def test_deterministic_and_serializable(old: Document, new: Document, rules: Rules, diff: Diff) -> None:
    again = diff_documents(old, new, rules)
    assert to_json(again) == to_json(diff)
    assert Diff.model_validate_json(to_json(diff)) == diff


def test_range_bounds_and_deadline(rules: Rules) -> None:
    old = extract_text("地区生产总值增长5%—5.5%。到2027年，森林覆盖率达到45%。", rules=rules)
    new = extract_text("地区生产总值增长6%-6.5%。到2030年，森林覆盖率达到45%。", rules=rules)
    d = diff_documents(old, new, rules)
    gdp, forest = d.matched
    assert _changes(gdp) == {"low": (5, 6, 1), "high": (5.5, 6.5, 1)}
    assert _changes(forest) == {"deadline": (2027, 2030, None)}


def test_unlike_names_and_other_families_never_match(rules: Rules) -> None:
    old = extract_text("粮改饲试点面积10万亩。完成固定资产投资5000亿元。", rules=rules)
    new = extract_text("耕地轮作休耕试点面积20万亩。固定资产投资增长8%。", rules=rules)
    d = diff_documents(old, new, rules)  # the names share 0.47 of their characters; 元 is no %
    assert d.matched == []
    assert [t.indicator for t in d.added] == ["耕地轮作休耕试点面积", "固定资产投资"]
    assert [t.indicator for t in d.dropped] == ["粮改饲试点面积", "固定资产投资"]


def test_equal_numbers_break_ties(rules: Rules) -> None:
    old = extract_text("新建充电桩300个。", rules=rules)
    new = extract_text("新建充电桩200个。新建充电桩300个。", rules=rules)
    d = diff_documents(old, new, rules)
    assert [(m.new.id, m.status) for m in d.matched] == [("t2", "unchanged")]
    assert [t.value for t in d.added] == [200]


def test_the_same_kind_is_preferred(rules: Rules) -> None:
    old = extract_text("粮食播种面积稳定在100万亩。新增粮食播种面积5万亩。", rules=rules)
    new = extract_text("新增粮食播种面积6万亩。粮食播种面积稳定在101万亩。", rules=rules)
    d = diff_documents(old, new, rules)
    assert [(m.old.value, m.new.value) for m in d.matched] == [(50000, 60000), (1000000, 1010000)]


def test_pillar_context_breaks_ties(rules: Rules) -> None:
    old = extract_text(
        "某县2025年政府工作报告\n一、2025年重点工作\n（一）推进教育现代化\n改造提升校园运动场10个。\n"
        "（二）加快文化旅游发展\n改造提升校园运动场3个。\n",
        rules=rules,
    )
    new = extract_text(
        "某县2026年政府工作报告\n一、2026年重点工作\n（一）加快文化旅游融合发展\n改造提升校园运动场4个。\n"
        "（二）推进教育现代化\n改造提升校园运动场12个。\n",
        rules=rules,
    )
    d = diff_documents(old, new, rules)
    assert [(m.old.value, m.new.value) for m in d.matched] == [(3, 4), (10, 12)]


# --- the corpus: national 2024 → 2025 ---------------------------------------------------------

# indicator (as both years name it), old value, new value, difference, status
NATIONAL = [
    ("国内生产总值", 5, 5, None, "unchanged"),
    ("城镇调查失业率", 5.5, 5.5, None, "unchanged"),
    ("城镇新增就业", 12_000_000, 12_000_000, None, "unchanged"),
    ("居民消费价格涨幅", 3, 2, -1, "changed"),
    ("粮食产量", 1.3e12, 1.4e12, 1e11, "changed"),  # 斤; 以上 → 左右
    ("单位国内生产总值能耗", 2.5, 3, 0.5, "changed"),
    ("赤字率", 3, 4, 1, "changed"),  # 拟按3% → 拟按4%左右
    ("赤字规模", 4.06e12, 5.66e12, 1.6e12, "changed"),
    ("一般公共预算支出规模", 2.85e13, 2.97e13, 1.2e12, "changed"),
    ("地方政府专项债券", 3.9e12, 4.4e12, 5e11, "changed"),
    ("中央预算内投资", 7e11, 7.35e11, 3.5e10, "changed"),
]


@pytest.fixture(scope="module")
def national(shared: Path, rules: Rules) -> Diff:
    corpus = shared / "corpus" / "national"
    return diff_documents(extract(corpus / "2024.txt", rules=rules), extract(corpus / "2025.txt", rules=rules), rules)


@pytest.mark.parametrize(("indicator", "old", "new", "difference", "status"), NATIONAL, ids=[n[0] for n in NATIONAL])
def test_national_main_targets_are_matched(
    national: Diff, indicator: str, old: float, new: float, difference: float | None, status: str
) -> None:
    m = _by_new(national, indicator)
    assert m.old.indicator == indicator
    assert (m.old.value, m.new.value) == (pytest.approx(old), pytest.approx(new))
    assert m.status == status
    if difference is not None:
        assert _changes(m)["value"][2] == pytest.approx(difference)


def test_national_reworded_targets_are_matched(national: Diff) -> None:
    pension = _by_new(national, "城乡居民基础养老金最低标准")
    assert (pension.old.indicator, pension.old.value, pension.new.value) == ("城乡居民基础养老金月最低标准", 20, 20)
    insurance = [m for m in national.matched if m.old.indicator == "居民医保人均财政补助标准"]
    # 居民医保和基本公共卫生服务经费人均财政补助标准分别再提高30元、5元: each item its own indicator
    assert [(m.new.indicator, m.new.value) for m in insurance] == [("居民医保人均财政补助标准", 30)]


def test_national_comparator_changes(national: Diff) -> None:
    assert _changes(_by_new(national, "赤字率"))["comparator"][:2] == ("eq", "approx")
    assert _changes(_by_new(national, "粮食产量"))["comparator"][:2] == ("ge", "approx")


def test_national_unmatched_are_none_of_the_main_targets(national: Diff) -> None:
    main = {n[0] for n in NATIONAL}
    assert not main & {t.indicator for t in [*national.added, *national.dropped]}
    assert national.same is False


def test_national_pillars(national: Diff) -> None:
    renamed = {(r.old.title, r.new.title) for r in national.pillars_renamed}
    assert ("坚持不懈抓好“三农”工作，扎实推进乡村全面振兴", "着力抓好“三农”工作，深入推进乡村全面振兴") in renamed
    assert (
        "大力推进现代化产业体系建设，加快发展新质生产力",
        "因地制宜发展新质生产力，加快建设现代化产业体系",
    ) in renamed
    assert len(national.pillars_renamed) + len(national.pillars_added) == 10  # every new pillar is one or the other


def test_a_years_target_pairs_with_a_years_and_a_periods_with_a_periods(rules: Rules) -> None:
    """The 2026 plan's growth target meets the 2025 plan's, its 十五五 average meets the 十四五
    average it follows, never the other way round, though the numbers would pair them."""
    old = extract_text(
        "青禾区2025年政府工作报告\n今年地区生产总值增长5.5%左右。\n今后五年，地区生产总值年均增长5%左右。\n",
        name="2025.txt",
        rules=rules,
    )
    new = extract_text(
        "青禾区2026年政府工作报告\n今后五年，地区生产总值年均增长5.5%左右。\n今年地区生产总值增长5%左右。\n",
        name="2026.txt",
        rules=rules,
    )
    result = diff_documents(old, new, rules)
    pairs = {(m.old.horizon, m.new.horizon, m.old.value, m.new.value) for m in result.matched}
    assert pairs == {("annual", "annual", 5.5, 5), ("period", "period", 5, 5.5)}


def test_plans_of_different_places_are_refused_unless_allowed(new: Document, rules: Rules) -> None:
    other = new.model_copy(update={"region": "乙省" if new.region != "乙省" else "丙省"})
    with pytest.raises(PlantoolError, match="different places.*--allow-regions"):
        diff_documents(new, other, rules)
    assert diff_documents(new, other, rules, allow_regions=True).places == [new.region, other.region]


def test_period_layer_compares_five_year_plans(shared: Path, rules: Rules) -> None:
    """--horizon period: 十三五 (2016) against 十四五 (2021), the bases beside the numbers."""
    old, new = (extract(shared / "corpus" / "national" / f"{y}.txt", rules=rules) for y in (2016, 2021))
    d = diff_documents(old, new, rules, horizon="period")
    assert d.horizon == "period"
    every = [*(m.old for m in d.matched), *(m.new for m in d.matched), *d.added, *d.dropped]
    assert every and all(t.horizon == "period" for t in every)
    energy = next(m for m in d.matched if m.new.indicator == "单位国内生产总值能耗")
    assert (energy.old.value, energy.new.value) == (15, 13.5)
    assert any(t.basis == "annual_average" for t in d.added)  # 研发经费投入年均增长7%以上


def test_an_unknown_horizon_is_refused(rules: Rules) -> None:
    doc = extract_text("今年地区生产总值增长6%左右。", rules=rules)
    with pytest.raises(PlantoolError, match="horizon 'yearly' is not one of annual, period"):
        diff_documents(doc, doc, rules, horizon="yearly")  # type: ignore[arg-type]
