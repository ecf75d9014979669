"""Rules: the packaged set loads; every problem in a user's rules names its file and key."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from plantool import PlantoolError, load_rules
from plantool.rules import MODELS, RULE_FILES, Rules, alternation
from plantool.rules.identity import result_naming, same_region
from plantool.rules.tokenizer import Vocabulary

ROOT = Path(__file__).resolve().parent.parent


def test_packaged_rules_load(rules) -> None:
    assert set(MODELS) == set(RULE_FILES)
    assert rules.units.by_surface["名"].unit == "人"
    assert rules.comparators.after["以上"] == "ge"
    assert rules.kinds.verb_kind["新增"] == "increase"


def test_alternation_tries_longest_first() -> None:
    import re

    assert re.match(alternation(["千瓦", "千瓦时", "千"]), "千瓦时").group(0) == "千瓦时"


def _load_with(tmp_path: Path, name: str, content: str):
    (tmp_path / name).write_text(content, encoding="utf-8")
    return load_rules(tmp_path)


def test_a_committing_word_inside_a_word_that_commits_nothing_is_not_counted(rules) -> None:
    commits = rules.roles.marker_patterns[1]
    assert [m.group(0) for m in commits.finditer("主要任务是要加快第一个五年计划的执行，计划新建工厂，将近一倍")] == [
        "要",
        "计划",
    ]


def test_overlay_replaces_only_given_keys(tmp_path: Path) -> None:
    rules = _load_with(tmp_path, "strength.yaml", "version: 1\nstrengths:\n  - {strength: binding, words: [务必]}\n")
    assert rules.strength.word_strength == {"务必": "binding"}
    assert rules.strength.sentence_end.pattern  # kept from the packaged file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("units.yaml", "version: 1\nunits: [\n", "units.yaml (line"),
        ("units.yaml", "version: 1\nversion: 1\n", "duplicate key 'version'"),
        ("units.yaml", "version: 1\ncolour: red\n", "units.yaml: colour: Extra inputs are not permitted"),
        ("units.yaml", "version: 1\nunits:\n  - {surface: 个}\n", "units.yaml: units[0].unit: Field required"),
        ("exclusions.yaml", "version: 1\npatterns:\n  - {name: x, pattern: '(unclosed'}\n", "patterns[0].pattern"),
        ("headings.yaml", "version: 2\n", "headings.yaml: version"),
        ("colours.yaml", "version: 1\n", "unknown rules file"),
        ("units.yaml", "- a list\n", "must be a mapping"),
        ("units.yaml", "version: 1\nunits: !!python/object:os.system {}\n", "invalid YAML"),
        ("exclusions.yaml", "version: 1\npatterns:\n  - {name: x, pattern: '(\\w+\\s?)+$'}\n", "patterns[0].pattern: Value error, a repeat inside a repeat"),
        ("numerals.yaml", "version: 1\nchinese_body: '一二X十'\n", "numerals.yaml: chinese_body: Value error, X"),
    ],
    ids=[
        "bad-yaml", "duplicate-key", "unknown-key", "missing-field", "bad-regex", "bad-version", "unknown-file",
        "not-mapping", "unsafe-tag", "catastrophic-regex", "numeral-without-value",
    ],  # fmt: skip
)
def test_bad_rules_name_file_and_key(tmp_path: Path, name: str, content: str, message: str) -> None:
    with pytest.raises(PlantoolError) as err:
        _load_with(tmp_path, name, content)
    assert message in str(err.value)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_text("version: 1\nunits:\n  - {surface: 个}\n", encoding="utf-8")
    (tmp_path / "kinds.yaml").write_text("version: 1\ncolour: red\n", encoding="utf-8")
    with pytest.raises(PlantoolError) as err:
        load_rules(tmp_path)
    assert "units.yaml" in str(err.value) and "kinds.yaml" in str(err.value)


def test_missing_rules_dir(tmp_path: Path) -> None:
    with pytest.raises(PlantoolError, match="rules directory not found"):
        load_rules(tmp_path / "nope")
    (tmp_path / "units.yaml").write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(PlantoolError, match="units.yaml: is a file, not a directory of rules files"):
        load_rules(tmp_path / "units.yaml")


def test_env_var_selects_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "strength.yaml").write_text("version: 1\nstrengths: []\n", encoding="utf-8")
    monkeypatch.setenv("PLANTOOL_RULES", str(tmp_path))
    assert load_rules().strength.word_strength == {}


def _fields(model: type[BaseModel], prefix: str = ""):
    for name, field in model.model_fields.items():
        yield prefix + name
        listed = typing.get_origin(field.annotation) is list  # items of a list are documented as key[].field
        for arg in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _fields(arg, f"{prefix}{name}{'[]' if listed else ''}.")


def test_every_rules_key_is_documented() -> None:
    readme = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    missing = [
        f"{name}.yaml: {key}"
        for name, model in MODELS.items()
        for key in _fields(model)
        if key != "version" and f"`{key}`" not in readme
    ]
    assert not missing, f"undocumented rules keys: {missing}"


def test_safe_nested_repeats_are_allowed() -> None:
    from plantool.rules.schema import _compile

    for pattern in (r"(?:x*y)*z", r"\d+(?:\s*[+×]\s*\d+)*", r"(?:[-—]\s*)?\d"):
        assert _compile(pattern).pattern == pattern


def _fresh(rules: Rules) -> Rules:
    """The rules with a tokenizer of their own, not opened yet."""
    v = rules.vocabulary
    return dataclasses.replace(rules, vocabulary=Vocabulary(v.user_dictionary, v.keep, v.min_freq))


def test_vocabulary_loaded_as_needed_segments_as_the_whole(rules, shared: Path) -> None:
    """Loading only the words that start with a character of the text changes no segmentation
    and no tag: jieba looks up nothing else."""
    lazy, whole = _fresh(rules), _fresh(rules)
    whole.load_vocabulary()
    lazy.tokenizer("新增城镇就业")
    assert 0 < len(lazy.tokenizer("").FREQ) < len(whole.tokenizer("").FREQ) / 20  # six characters' words
    assert not lazy.vocabulary.opened.tags  # tags are read only when one is asked for
    text = (shared / "corpus" / "national" / "2025.txt").read_text(encoding="utf-8")
    for clause in re.split(r"[。；\n]", text)[:400]:
        words = lazy.tokenizer(clause).lcut(clause, HMM=False)
        assert words == whole.tokenizer(clause).lcut(clause, HMM=False)
        assert [lazy.word_tag(w) for w in words] == [whole.word_tag(w) for w in words]


def test_vocabulary_is_built_once_into_the_cache(rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANTOOL_CACHE", str(tmp_path))
    _fresh(rules).tokenizer("新增就业")
    (built,) = tmp_path.glob("jieba-*.marshal")
    stamp = built.stat().st_mtime_ns
    again = _fresh(rules)
    assert again.tokenizer("新增就业").lcut("新增就业", HMM=False) == ["新增", "就业"]
    assert built.stat().st_mtime_ns == stamp and not list(tmp_path.glob("*.tmp"))


def test_remembered_words_are_bounded(rules, monkeypatch: pytest.MonkeyPatch) -> None:
    from plantool.rules.tokenizer import _Parts

    fresh = _fresh(rules)
    monkeypatch.setattr(_Parts, "REMEMBERED", 3)
    stretches = ["新增就业", "城镇新增就业", "居民收入", "粮食产量", "新增就业"]
    assert [fresh.words(s) for s in stretches] == [tuple(rules.tokenizer(s).tokenize(s, HMM=False)) for s in stretches]
    assert len(fresh.vocabulary.opened.segmented) <= 3


def test_plan_periods_are_listed_once_and_every_pattern_follows(tmp_path: Path) -> None:
    """A period added to roles.periods is known to every pattern that writes {period}; a name that
    is also a number (十五) names a period only in quotes or before 计划, 时期 …"""

    def dated(rules: Rules, text: str) -> str | None:
        return next((m.group("period") for o in rules.roles.openings if (m := o.pattern.match(text)) and m.groupdict().get("period")), None)

    packaged = load_rules()
    assert dated(packaged, "“十五五”时期主要目标任务") == "十五五"
    assert dated(packaged, "“十五”期间的奋斗目标") == "十五"
    assert dated(packaged, "“十七五”时期主要目标任务") is None
    assert not any(p.pattern.search("增加十五个") for p in packaged.exclusions.patterns if p.name == "plan_period")
    (tmp_path / "roles.yaml").write_text("periods: [{name: 十七五, start: 2036, end: 2040, bare: true}]\n", encoding="utf-8")
    overlaid = load_rules(tmp_path)
    assert dated(overlaid, "“十七五”时期主要目标任务") == "十七五"
    assert overlaid.roles.period_years["十七五"] == (2036, 2040)
    assert any(p.pattern.fullmatch("十七五") for p in overlaid.exclusions.patterns)
    assert not any("{period}" in p.pattern.pattern for p in overlaid.exclusions.patterns)


def test_region_units_are_listed_once_and_patterns_follow(tmp_path: Path) -> None:
    """A region unit added to headings.region_units is known to the title's region pattern."""
    packaged = load_rules()
    assert packaged.headings.region_pattern.search("青禾区2026年政府工作报告").group("region") == "青禾区"
    assert packaged.headings.region_pattern.search("某某苏木2026年政府工作报告") is None
    (tmp_path / "headings.yaml").write_text("region_units: [区, 苏木]\n", encoding="utf-8")
    overlaid = load_rules(tmp_path)
    assert overlaid.headings.region_pattern.search("某某苏木2026年政府工作报告").group("region") == "某某苏木"
    assert "{region_unit}" not in overlaid.headings.file_region_pattern.pattern


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("保定市清苑区", "清苑区", True),  # the same place, with the region above it
        ("河北省保定市", "保定市", True),
        ("高唐县", "唐县", False),  # a county of another name that ends like it
        ("河北省", "保定市", False),
        ("全国", "河北省", False),
        (None, "河北省", True),  # unknown: no evidence either way
    ],
)
def test_same_region(a: str | None, b: str | None, same: bool) -> None:
    assert same_region(a, b, load_rules()) is same
    assert same_region(b, a, load_rules()) is same


@pytest.mark.parametrize(
    ("a", "b", "distinct"),
    [
        ("一般公共预算收入", "占一般公共预算支出比重", True),  # 收入/支出, and the heads 收入/比重
        ("城镇登记失业率", "城镇调查失业率", True),  # contrasting qualifiers
        ("单位GDP能耗", "全省生产总值", True),  # heads 能耗 and 生产
        ("经济结构", "国内生产总值", True),  # 经济 is a synonym of 国内生产总值 only as a whole word
        ("规模以上工业增加值", "规上工业增加值", False),
        ("社会消费品零售总额", "社会消费品零售额", False),  # 总额 is said of the thing (head_tails)
        ("国家科技型中小企业", "国家科技型中小企业总数", False),
        ("城镇、农村居民人均可支配收入", "城镇居民人均可支配收入", False),  # holds both words of a contrast
        ("居民消费价格涨幅", "居民消费价格", False),  # a name verb is left off the head
    ],
)
def test_names_of_different_measured_things_are_distinct(a: str, b: str, distinct: bool) -> None:
    names = load_rules().derived(result_naming)
    assert names.distinct(names.words(a), names.words(b)) is distinct
    if distinct:
        assert names.similarity(names.words(a), names.words(b)) == 0


def test_required_strings_are_those_every_match_holds() -> None:
    """What a search for them may skip must hold no match: one of them stands in each."""
    from plantool.rules.patterns import required_strings

    assert required_strings(re.compile("(?:落实|贯彻)[^，]{0,9}?\\d+条")) == ("落实", "贯彻")
    assert required_strings(re.compile("\\d+(?:分钟|小时)[一-龥]{0,8}?圈")) == ("分钟", "小时")
    assert required_strings(re.compile("\\d+个字|\\d{2}个民族")) == ("个字", "个民族")
    assert required_strings(re.compile("\\d+[A-Za-z]+")) is None  # nothing required: searched everywhere
