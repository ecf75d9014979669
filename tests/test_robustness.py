"""Failure-proofing: whatever it is given, plantool answers with a grounded, valid, deterministic
Document or with one PlantoolError line, never another exception, a wrong span or a hang.

- property tests (hypothesis, derandomized, no example database) over arbitrary Unicode,
  report-like text, arbitrary bytes and mutated corpus reports;
- hostile inputs one by one: empty, binary, truncated or mixed encodings, NULs, a 1 MB line,
  10,000 pillars, absurd numbers;
- the CLI on bad input files: exit 2, one `Error:` line, no output file;
- the extraction files read by diff, query, summarize, export and validate: YAML loaded safely,
  a schema problem named by the path of the bad field.

A test that shows a bug still open is marked xfail(strict=True) with the reason, so that the
suite stays green and the fix turns it into a failure that asks for the mark to go.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import as_read, run_main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantool import Document, Measure, Pillar, PlantoolError, Section, extract, extract_text
from plantool.output.serialize import json_schema, to_json, to_yaml
from plantool.pipeline.read import Source, decode_source

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample.txt"

# Deterministic in CI: the same examples on every run, nothing read from or written to a database.
FAST = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=30)  # examples that extract a whole report

# A guard against a hang, not a timing assertion: the 1 MB line needs a few seconds when the
# pipeline is linear; this only stops a run that would otherwise go on for hours.
HANG_GUARD_SECONDS = 60

# Reports of the shared corpus that the mutation tests start from: national plans old and new
# (numbered parts, （一） pillars), provincial ones (bare section headings, long lines).
MUTATED_REPORTS = (
    "national/2025.txt",
    "national/1982.txt",
    "national/1960.txt",
    "provincial-2026/河北省.txt",
    "provincial-2026/广东省.txt",
    "provincial-2026/上海市.txt",
)


# ---------------------------------------------------------------------------------------------
# The guarantees, checked on every Document


def decoded(text: str) -> str:
    """The text the spans of `extract_text(text)` point into: decoded, BOM removed, newlines \\n."""
    return decode_source(text.encode("utf-8"), "<text>").text


def span_problems(doc: Document, text: str) -> list[str]:
    """Every span inside the text, and the text there equal to the object's text or title."""
    problems: list[str] = []
    n = len(text)

    def check(where: str, span: Any, surface: str | None = None) -> None:
        if not 0 <= span.start <= span.end <= n:
            problems.append(f"{where}: span {span.start}-{span.end} is outside the text (length {n})")
        elif surface is not None and as_read(text[span.start : span.end]) != as_read(surface):
            problems.append(f"{where}: the text at the span is {text[span.start : span.end]!r}, not {surface!r}")

    def inside(where: str, inner: Any, outer: Any) -> None:
        if not outer.start <= inner.start <= inner.end <= outer.end:
            problems.append(f"{where}: {inner.start}-{inner.end} is not inside {outer.start}-{outer.end}")

    blocks: list[Section | Pillar | Measure] = [*doc.sections, *doc.pillars, *doc.measures]
    for block in blocks:
        check(f"{block.id}.span", block.span)
        check(f"{block.id}.title_span", block.title_span, block.title)
        inside(f"{block.id}.title_span", block.title_span, block.span)
    for t in [*doc.targets, *doc.results]:
        check(f"{t.id}.span", t.span, t.text)
        if t.shared_span is None:
            check(f"{t.id}.indicator_span", t.indicator_span, t.indicator)
        else:  # an item of 分别: its own words and the words it shares with the others
            check(f"{t.id}.shared_span", t.shared_span)
            own = text[t.indicator_span.start : t.indicator_span.end]
            shared = text[t.shared_span.start : t.shared_span.end]
            if as_read(t.indicator) not in (as_read(shared + own), as_read(own + shared)):
                problems.append(f"{t.id}.indicator: {t.indicator!r} is not {shared!r} with {own!r}")
        if t.raw not in t.text:
            problems.append(f"{t.id}.raw: {t.raw!r} is not in its text {t.text!r}")
        if t.change is not None:
            check(f"{t.id}.change.span", t.change.span, t.change.text)
    for m in doc.milestones:
        check(f"{m.id}.span", m.span, m.text)
        check(f"{m.id}.object_span", m.object_span, m.object)
        if m.verb not in m.text:
            problems.append(f"{m.id}.verb: {m.verb!r} is not in its text {m.text!r}")
    for i, d in enumerate(doc.diagnostics):
        check(f"diagnostics[{i}].span", d.span, d.text)
    if doc.title is not None and doc.title not in text:
        problems.append(f"title: {doc.title!r} is not in the text")
    return problems


def link_problems(doc: Document) -> list[str]:
    """Ids unique, and every id an item names is an item of the document."""
    problems: list[str] = []
    lists: dict[str, list[Any]] = {
        "sections": doc.sections,
        "pillars": doc.pillars,
        "measures": doc.measures,
        "targets": doc.targets,
        "results": doc.results,
        "milestones": doc.milestones,
    }
    for name, items in lists.items():
        ids = [item.id for item in items]
        if len(ids) != len(set(ids)):
            problems.append(f"{name}: duplicate ids")
    sections = {s.id for s in doc.sections}
    pillars = {p.id: p for p in doc.pillars}
    measures = {m.id: m for m in doc.measures}

    def known(where: str, ref: str | None, pool: Any) -> None:
        if ref is not None and ref not in pool:
            problems.append(f"{where}: {ref} names no item")

    for p in doc.pillars:
        known(f"{p.id}.section", p.section, sections)
        for mid in p.measures:
            if mid not in measures or measures[mid].pillar != p.id:
                problems.append(f"{p.id}.measures: {mid} is not one of its measures")
    for m in doc.measures:
        known(f"{m.id}.pillar", m.pillar, pillars)
    for items in (doc.targets, doc.results):
        earlier: set[str] = set()
        for t in items:
            known(f"{t.id}.section", t.section, sections)
            known(f"{t.id}.pillar", t.pillar, pillars)
            known(f"{t.id}.measure", t.measure, measures)
            if t.measure is not None and t.measure in measures and measures[t.measure].pillar != t.pillar:
                problems.append(f"{t.id}: measure {t.measure} is not in pillar {t.pillar}")
            if t.restates is not None and t.restates not in earlier:
                problems.append(f"{t.id}.restates: {t.restates} is no earlier item")
            earlier.add(t.id)
    for ms in doc.milestones:
        known(f"{ms.id}.section", ms.section, sections)
        known(f"{ms.id}.pillar", ms.pillar, pillars)
    return problems


@pytest.fixture(scope="module")
def schema() -> jsonschema.protocols.Validator:
    published = json.loads(json_schema())
    jsonschema.Draft202012Validator.check_schema(published)
    return jsonschema.Draft202012Validator(published)


_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def check_document(
    doc: Document, text: str, schema: jsonschema.protocols.Validator | None, *, with_yaml: bool = True
) -> str:
    """All the output guarantees; returns the JSON. (YAML is slow on big documents: `with_yaml`.)"""
    assert span_problems(doc, text) == []
    assert link_problems(doc) == []
    out = to_json(doc)
    data = json.loads(out)
    assert Document.model_validate(data) == doc
    if with_yaml:
        assert Document.model_validate(yaml.load(to_yaml(doc), Loader=_YAML_LOADER)) == doc
    if schema is not None:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema.iter_errors(data)]
        assert errors == []
    return out


def test_the_checks_catch_broken_output(schema: jsonschema.protocols.Validator) -> None:
    """The checkers above are no rubber stamps: each kind of broken output is reported."""
    text = SAMPLE.read_text(encoding="utf-8")
    doc = extract_text(text)
    assert span_problems(doc, text) == [] and link_problems(doc) == [] and doc.targets and doc.measures

    def broken(change: Callable[[Document], None]) -> Document:
        copy = doc.model_copy(deep=True)
        change(copy)
        return copy

    def shift(d: Document) -> None:
        d.targets[0].span.start += 1

    def beyond(d: Document) -> None:
        d.pillars[0].title_span.end = len(text) + 5

    def outside(d: Document) -> None:
        d.measures[0].title_span.start = d.measures[0].span.end + 1

    def dangling(d: Document) -> None:
        d.targets[0].measure = "m999"

    def forward(d: Document) -> None:
        d.targets[0].restates = d.targets[1].id

    for change in (shift, beyond, outside):
        assert span_problems(broken(change), text), change.__name__
    for change in (dangling, forward):
        assert link_problems(broken(change)), change.__name__
    data = json.loads(to_json(doc))
    data["targets"][0]["value"] = "many"
    assert list(schema.iter_errors(data))


def assert_one_line(exc: PlantoolError) -> None:
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message, repr(message)


def extract_checked(
    text: str, schema: jsonschema.protocols.Validator | None, *, with_yaml: bool = True, twice: bool = True
) -> Document | None:
    """extract_text(text) twice: a PlantoolError only for a text the reader refuses; else a
    Document that keeps every guarantee and the same JSON both times."""
    try:
        doc = extract_text(text)
    except PlantoolError as exc:
        assert_one_line(exc)
        with pytest.raises(PlantoolError):  # the input was bad: the reader alone refuses it
            decode_source(text.encode("utf-8"), "<text>")
        return None
    out = check_document(doc, decoded(text), schema, with_yaml=with_yaml)
    if twice:
        assert to_json(extract_text(text)) == out, "two runs give different JSON"
    return doc


def extract_bytes_checked(data: bytes, schema: jsonschema.protocols.Validator | None) -> Document | None:
    """decode_source then extract: PlantoolError (one line) from the reader, or a sound Document."""
    try:
        src = decode_source(data, "r.txt")
    except PlantoolError as exc:
        assert_one_line(exc)
        return None
    doc = extract(src)
    check_document(doc, src.text, schema)
    assert to_json(extract(src)) == to_json(doc), "two runs give different JSON"
    return doc


# ---------------------------------------------------------------------------------------------
# 1. Property tests

ANY_CHAR = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
REPORT_WORDS = (
    "地区生产总值", "增长", "下降", "提高", "降低", "达到", "控制在", "稳定在", "突破", "以上", "以下", "左右",
    "以内", "不低于", "超过", "约", "力争", "确保", "争取", "努力", "必须", "城镇新增就业", "居民人均可支配收入",
    "万人", "亿元", "万亿元", "万元", "%", "％", "个百分点", "百分点", "家", "个", "所", "公里", "万元/人",
    "元", "人", "亩", "吨", "人次", "微克/立方米", "。", "，", "；", "：", "、", "！", "？", "—", "——", "-",
    "~", "至", "到", "\n", "\n\n", " ", "\u3000", "\t", "\r\n", "一、", "二、", "三、", "十一、", "九十九、",
    "（一）", "（二）", "（十二）", "(三)", "第一，", "第二、", "一是", "二是", "三要", "（1）", "1.", "2、",
    "2025年工作回顾", "2026年重点工作", "主要预期目标", "总体要求", "今年", "过去一年", "一年来", "各位代表！",
    "各位代表：", "结束语", "名词解释", "青禾区2026年政府工作报告", "政府工作报告", "我代表国务院", "青禾区", "河北省",
    "2026年", "到2027年", "“十五五”", "十四五", "比上年", "由", "提高到", "百分之", "分之", "三分之一",
    "一半", "多", "余", "建成投用", "创建", "开工建设", "“", "”", "1+6+N", "地铁10号线", "第三污水处理厂",
    "千方百计", "万", "亿", "千", "百", "十", "零", "〇", "点", "两", ".", ",", "．", "，",
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.builds("{}.{}".format, st.integers(0, 10**6), st.integers(0, 10**6)),
    st.integers(1000, 10**9).map("{:,}".format),
    st.text(alphabet="零〇一二两三四五六七八九十百千万亿点", min_size=1, max_size=8),
    st.text(alphabet="０１２３４５６７８９．％", min_size=1, max_size=6),
)
REPORT_TEXT = st.lists(
    st.one_of(st.sampled_from(REPORT_WORDS), NUMBERS, st.text(CJK, max_size=4), st.text(ANY_CHAR, max_size=3)),
    max_size=80,
).map("".join)
ANY_TEXT = st.one_of(st.text(ANY_CHAR, max_size=400), st.text(st.one_of(ANY_CHAR, CJK), max_size=400))

# Reports in miniature, line by line: part headings, pillar headings, measures, target sentences
# (with changes, ranges, deadlines, strength words), milestones, review sentences and some noise.
PARTS = (
    "一、2025年工作回顾", "二、2026年经济社会发展主要预期目标", "三、2026年重点工作", "2025年工作回顾",
    "2026年重点工作", "今年政府工作任务", "四、加强政府自身建设", "结束语", "名词解释", "过去五年工作回顾",
    "一年来，我们主要做了以下工作。", "各位代表！",
)  # fmt: skip
PILLAR_MARKS = ("（一）", "（二）", "（十一）", "一、", "十二、", "第一，", "第三、", "")
MEASURE_MARKS = ("一是", "二是", "三要", "（1）", "（2）", "1.", "2、", "")
INDICATORS = (
    "地区生产总值", "城镇新增就业", "城镇调查失业率", "居民人均可支配收入", "研发投入强度", "粮食产量",
    "高新技术企业", "常住人口城镇化率", "单位地区生产总值能耗", "一般公共预算收入", "固定资产投资", "新建5G基站",
)  # fmt: skip
VERBS = ("增长", "下降", "达到", "提高到", "控制在", "新增", "稳定在", "突破", "降低", "保持在", "", "为")
UNITS = ("%", "％", "个百分点", "万人", "人", "亿元", "万亿元", "万元", "元", "家", "个", "万吨", "亩", "公里", "万元/人")  # fmt: skip
AFTER = ("", "", "左右", "以上", "以下", "以内")
STRENGTH = ("", "", "力争", "确保", "争取", "努力", "到2027年", "今年")
CHANGES = ("", "", "，比上年提高1个百分点", "，比上年下降0.5个百分点", "，由60%提高到65%")
CLAUSE = st.builds(
    lambda strength, indicator, verb, number, more, unit, after, change: (
        f"{strength}{indicator}{verb}{number}{more}{unit}{after}{change}"
    ),
    st.sampled_from(STRENGTH),
    st.sampled_from(INDICATORS),
    st.sampled_from(VERBS),
    st.one_of(NUMBERS, st.builds("{}{}{}".format, NUMBERS, st.sampled_from(["—", "-", "至", "~"]), NUMBERS)),
    st.sampled_from(["", "", "多", "余"]),
    st.sampled_from(UNITS),
    st.sampled_from(AFTER),
    st.sampled_from(CHANGES),
)
SENTENCE = st.builds(
    lambda mark, clauses, end: mark + "，".join(clauses) + end,
    st.sampled_from(MEASURE_MARKS),
    st.lists(CLAUSE, min_size=1, max_size=4),
    st.sampled_from(["。", "；", "", "。", "！"]),
)
MILESTONE = st.builds(
    "{}{}{}。".format,
    st.sampled_from(["", "确保", "力争"]),
    st.sampled_from(["建成投用", "创建", "开工建设", "建成"]),
    st.text(CJK, min_size=2, max_size=10),
)
LINE = st.one_of(
    st.sampled_from(PARTS),
    st.builds("{}{}{}".format, st.sampled_from(PILLAR_MARKS), st.text(CJK, min_size=1, max_size=20),
              st.sampled_from(["", "。", "。全年新增就业1万人。"])),
    st.builds(lambda ss: "".join(ss), st.lists(st.one_of(SENTENCE, MILESTONE), min_size=1, max_size=4)),
    REPORT_TEXT,
)  # fmt: skip
REPORT_LINES = st.builds(
    lambda title, lines, sep: title + sep.join(lines),
    st.sampled_from(["", "青禾区2026年政府工作报告\n", "2026年河北省政府工作报告\n\n"]),
    st.lists(LINE, max_size=30),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)


@FAST
@given(text=ANY_TEXT)
def test_any_unicode_text(text: str, schema: jsonschema.protocols.Validator) -> None:
    extract_checked(text, schema)


@FAST
@given(text=REPORT_TEXT)
def test_report_like_text(text: str, schema: jsonschema.protocols.Validator) -> None:
    extract_checked(text, schema)


@FAST
@given(text=REPORT_LINES)
def test_miniature_reports(text: str, schema: jsonschema.protocols.Validator) -> None:
    extract_checked(text, schema)


@FAST
@given(text=st.one_of(REPORT_TEXT, REPORT_LINES))
def test_spans_index_the_callers_string(text: str) -> None:
    """Without \\r or a leading BOM the decoded text is the caller's string, so spans index it."""
    if "\r" in text or text.startswith("\ufeff"):
        return
    try:
        src = decode_source(text.encode("utf-8"), "<text>")
    except PlantoolError:
        return
    if getattr(src, "format", "text") != "text":
        return  # a web page or PDF given as text is read by its reader: spans index what it reads
    assert src.text == text


def _truncate(data: bytes, cut: int) -> bytes:
    return data[: max(0, len(data) - cut)]


BYTES = st.one_of(
    st.binary(max_size=300),
    REPORT_TEXT.map(lambda t: t.encode("utf-8")),
    REPORT_TEXT.map(lambda t: t.encode("utf-8-sig")),
    REPORT_TEXT.map(lambda t: t.encode("gb18030")),
    REPORT_TEXT.map(lambda t: t.encode("utf-16")),
    REPORT_TEXT.map(lambda t: t.encode("utf-32")),
    st.builds(_truncate, REPORT_TEXT.map(lambda t: t.encode("utf-8")), st.integers(1, 3)),
    st.builds(_truncate, REPORT_TEXT.map(lambda t: t.encode("utf-16")), st.integers(1, 3)),
    st.builds(lambda a, b: a.encode("utf-8") + b.encode("gb18030"), REPORT_TEXT, REPORT_TEXT),
    st.builds(lambda a, b: a.encode("gb18030") + b"\x00" + b.encode("utf-8"), REPORT_TEXT, REPORT_TEXT),
)


@FAST
@given(data=BYTES)
def test_any_bytes(data: bytes, schema: jsonschema.protocols.Validator) -> None:
    extract_bytes_checked(data, schema)


@FAST
@given(text=REPORT_TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"]))
def test_decoding_gives_back_the_text(text: str, codec: str) -> None:
    """What decode_source returns is the text that was encoded (newlines as \\n, BOM gone)."""
    if text.startswith("\ufeff"):
        return
    try:
        src = decode_source(text.encode(codec), "r.txt")
    except PlantoolError as exc:
        assert_one_line(exc)
        return
    if codec == "gb18030" and src.encoding != "gb18030":
        return  # GB18030 bytes that are also valid UTF-8 (ASCII) are read as UTF-8
    assert src.text == text.replace("\r\n", "\n").replace("\r", "\n")


# Mutations of real reports ---------------------------------------------------------------------

HALF_TO_FULL = dict(zip(",.;:!?()%-~0123456789 ", "，。；：！？（）％－～０１２３４５６７８９\u3000"))
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()}
NOISE = st.one_of(
    st.sampled_from(list("万亿%％0123456789.。，、；：（）()—-一二十百千\n\r\t \u3000\u200b\ufeff\xa0\u2028\x85\x0b")),
    ANY_CHAR,
)


@pytest.fixture(scope="module")
def reports(shared: Path) -> list[str]:
    with (shared / "corpus" / "index.csv").open(encoding="utf-8") as fh:
        indexed = {row["file"] for row in csv.DictReader(fh)}
    assert set(MUTATED_REPORTS) <= indexed
    return [decode_source((shared / "corpus" / f).read_bytes(), f).text for f in MUTATED_REPORTS]


def shuffle_lines(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    data.draw(st.randoms(use_true_random=False)).shuffle(lines)
    return "\n".join(lines)


def truncate_mid_number(data: st.DataObject, text: str) -> str:
    numbers: list[re.Match[str] | None] = [m for m in re.finditer(r"\d+(?:\.\d+)?", text) if m.end() > m.start() + 1]
    numbers = numbers or [None]
    m = data.draw(st.sampled_from(numbers))
    if m is None:
        return text[: data.draw(st.integers(0, len(text)))]
    return text[: data.draw(st.integers(m.start() + 1, m.end() - 1))]


def swap_width(data: st.DataObject, text: str) -> str:
    table = data.draw(st.sampled_from([HALF_TO_FULL, FULL_TO_HALF, {**HALF_TO_FULL, **FULL_TO_HALF}]))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    return text[:start] + text[start:end].translate({ord(k): v for k, v in table.items()}) + text[end:]


def insert_noise(data: st.DataObject, text: str) -> str:
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.text(NOISE, min_size=1, max_size=4)) + text[at:]
    return text


def duplicate_lines(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start + 1, min(len(lines), start + 20)))
    times = data.draw(st.integers(2, 5))
    return "\n".join(lines[:start] + lines[start:end] * times + lines[end:])


def join_lines(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start + 1, min(len(lines), start + 30)))
    return "\n".join(lines[:start] + ["".join(lines[start:end])] + lines[end:])


MUTATIONS: dict[str, Callable[[st.DataObject, str], str]] = {
    "shuffle_lines": shuffle_lines,
    "truncate_mid_number": truncate_mid_number,
    "swap_width": swap_width,
    "insert_noise": insert_noise,
    "duplicate_lines": duplicate_lines,
    "join_lines": join_lines,
}


@SLOW
@given(data=st.data())
def test_mutated_reports(reports: list[str], data: st.DataObject, schema: jsonschema.protocols.Validator) -> None:
    text = data.draw(st.sampled_from(reports), label="report")
    for name in data.draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=4), label="mutations"):
        text = MUTATIONS[name](data, text)
    extract_checked(text, schema, with_yaml=False)  # YAML round trips: the small-text properties


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@settings(SLOW, max_examples=12)
@given(data=st.data())
def test_each_mutation_alone(
    reports: list[str], name: str, data: st.DataObject, schema: jsonschema.protocols.Validator
) -> None:
    text = MUTATIONS[name](data, data.draw(st.sampled_from(reports), label="report"))
    extract_checked(text, schema, with_yaml=False)


def test_same_json_in_processes_with_other_hash_seeds(shared: Path) -> None:
    """Byte-identical output does not depend on set or dict order: this process hashes strings
    with a random seed, the child with PYTHONHASHSEED=0; the JSON is the same."""
    paths = [str(SAMPLE), *(str(shared / "corpus" / f) for f in MUTATED_REPORTS[:3])]
    expected = [to_json(extract(p)) for p in paths]
    script = (
        "import json, sys\nfrom plantool import extract\nfrom plantool.output.serialize import to_json\n"
        "print(json.dumps([to_json(extract(p)) for p in sys.argv[1:]]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", script, *paths], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    for path, want, have in zip(paths, expected, json.loads(out.stdout), strict=True):
        assert have == want, f"{path}: the JSON differs in a process with another hash seed"


# ---------------------------------------------------------------------------------------------
# 2. Hostile inputs, one by one

S = "全市地区生产总值增长5%左右，城镇新增就业1.2万人，居民人均可支配收入增长6%。"
REPORT = (
    "青禾区2026年政府工作报告\n一、2026年重点工作\n（一）稳住经济大盘\n"
    + S
    + "\n（二）保障民生\n力争新增学位3600个。\n"
)

BAD_BYTES = {
    "empty": b"",
    "whitespace": b" \r\n\t \n\r",
    "ideographic-space": "\u3000\u3000\n\u00a0\u2028\u3000".encode(),
    "bom-only": b"\xef\xbb\xbf",
    "utf16-bom-only": b"\xff\xfe",
    "binary-with-nuls": bytes(random.Random(1).randbytes(4096)) + b"\x00\x00",
    "elf-header": b"\x7fELF\x02\x01\x01\x00" + bytes(200),
    "control-characters": bytes(range(1, 32)) * 20 + S.encode(),
    "nul-inside-utf8": S.encode() + b"\x00" + S.encode(),
    "nul-inside-gbk": S.encode("gbk") + b"\x00" + S.encode("gbk"),
    "truncated-utf8": ("一、2026年重点工作\n" + S + "今").encode()[:-1],
    "truncated-utf8-two-bytes": ("一、2026年重点工作\n" + S + "今").encode()[:-2],
    "truncated-utf16": REPORT.encode("utf-16")[:-1],
    "mixed-utf8-then-gbk": REPORT.encode() + REPORT.encode("gbk"),
    "mixed-gbk-then-utf8": REPORT.encode("gbk") + REPORT.encode(),
    "undecodable": b"\x81\x30\xff\xfe\x80" * 5,
}


@pytest.mark.parametrize("data", BAD_BYTES.values(), ids=BAD_BYTES.keys())
def test_bad_bytes_are_one_plantool_error(data: bytes) -> None:
    with pytest.raises(PlantoolError) as err:
        extract(decode_source(data, "r.txt"))
    assert_one_line(err.value)


# Bytes a reader may take or refuse; either way no other exception and sound output.
ODD_BYTES = {
    "utf16-with-a-nul-char": ("a\x00b" + S).encode("utf-16"),
    "utf32": REPORT.encode("utf-32"),
    "utf16-be": b"\xfe\xff" + REPORT.encode("utf-16-be"),
    "cr-newlines": REPORT.replace("\n", "\r").encode(),
    "crlf-newlines": REPORT.replace("\n", "\r\n").encode("gbk"),
    "double-bom": b"\xef\xbb\xbf" + ("\ufeff" + REPORT).encode(),
    "zero-width-only": "\u200b\ufeff\u200b".encode(),
    "few-control-characters": b"\x0b\x0c" * 3 + REPORT.encode(),
    "line-separators": REPORT.replace("\n", "\u2028").encode(),
    "next-line-char": REPORT.replace("\n", "\x85").encode(),
}


@pytest.mark.parametrize("data", ODD_BYTES.values(), ids=ODD_BYTES.keys())
def test_odd_bytes_give_a_sound_document_or_one_error(data: bytes, schema: jsonschema.protocols.Validator) -> None:
    extract_bytes_checked(data, schema)


# A text that is valid UTF-8 but for its last character, cut in the middle, is no GB18030 text:
# reading it as GB18030 gives mojibake ("各位代表：今年" → "鍚勪綅浠ｈ〃锛氫粖骞") and a Document
# of nothing, silently. Same for UTF-8 and GBK halves made only of Chinese characters.
MISREAD_BYTES = {
    "truncated-utf8-pure-chinese": pytest.param("各位代表：今年".encode()[:-1]),
    "truncated-utf8-two-chars": pytest.param("今年".encode()[:-2]),
    "truncated-utf8-report": pytest.param("今年新增就业1万人。今".encode()[:-2]),
    "mixed-pure-chinese": pytest.param("各位代表".encode() + "各位代表".encode("gbk")),
    "truncated-utf8-with-ascii": pytest.param(("一、2026年重点工作\n" + S + "今").encode()[:-1]),
}


@pytest.mark.parametrize("data", MISREAD_BYTES.values(), ids=MISREAD_BYTES.keys())
def test_broken_utf8_is_never_read_as_mojibake(data: bytes) -> None:
    """Refused, or read as UTF-8 up to the cut; never decoded as another encoding."""
    try:
        src = decode_source(data, "r.txt")
    except PlantoolError as exc:
        assert_one_line(exc)
        return
    assert data.decode("utf-8", errors="ignore").startswith(src.text.rstrip()), (src.encoding, src.text)


# Numbers that are no numbers, or absurd ones, in report sentences.
ODD_NUMBERS = [
    "1.2.3万",
    "99999999999999999亿",
    "1e309",
    "1E+309",
    "0.000000001%",
    "一千二百三十四万五千六百七十八亿",
    "百分之百分之",
    "百分之百分之五",
    "百分之一百万",
    "零分之一",
    "三分之零",
    "〇〇〇〇〇%",
    "1.5万亿亿",
    "5%—3%",
    "0%—0.0000001%",
    "１２３４５．６７８％",
    "1,2,3,4万",
    "12,345,678.9亿",
    "999999999999999999999999999999.5%",
    "NaN%",
    "inf%",
    "−5%",
    "5%%%%",
    "万亿亿万",
    "点五%",
    "三点%",
    "十十十十%",
    "两两两万",
    "9" * 400 + "元",
]


@pytest.mark.parametrize("number", ODD_NUMBERS, ids=[n[:24] for n in ODD_NUMBERS])
@pytest.mark.parametrize(
    "frame",
    [
        "地区生产总值增长{}。",
        "力争新增就业{}人，达到{}元。",
        "一、2026年重点工作\n（一）发展\n确保投资达到{}元以上。\n",
    ],
)
def test_odd_numbers_give_a_sound_document(number: str, frame: str, schema: jsonschema.protocols.Validator) -> None:
    assert extract_checked(frame.replace("{}", number), schema) is not None


BIG_NUMBERS = {
    "decimal-beyond-28-digits": pytest.param(
        "地区生产总值增长" + "1" * 23 + ".5%。",
    ),
    "integer-of-4300-digits": pytest.param(
        "地区生产总值增长" + "9" * 4300 + "%。",
    ),
}


@pytest.mark.parametrize("text", BIG_NUMBERS.values(), ids=BIG_NUMBERS.keys())
def test_huge_numbers_give_a_sound_document(text: str, schema: jsonschema.protocols.Validator) -> None:
    assert extract_checked(text, schema) is not None


def _numbers(doc: Document) -> Iterator[tuple[str, float | int | None]]:
    for t in [*doc.targets, *doc.results]:
        yield from ((f"{t.id}.value", t.value), (f"{t.id}.low", t.low), (f"{t.id}.high", t.high))
        if t.change is not None:
            c = t.change
            yield from (
                (f"{t.id}.change.value", c.value),
                (f"{t.id}.change.low", c.low),
                (f"{t.id}.change.high", c.high),
            )


@pytest.mark.parametrize("number", ["1.0000001%", "0.000000001%", "0%—0.0000001%"])
def test_integers_are_written_without_point_zero(number: str) -> None:
    """README: numbers are JSON numbers, integers without `.0`."""
    doc = extract_text(f"地区生产总值增长{number}。")
    assert doc.targets
    floats = {where: v for where, v in _numbers(doc) if isinstance(v, float) and math.isfinite(v) and v.is_integer()}
    assert floats == {}
    assert not re.search(r'"(?:value|low|high)": -?\d+\.0\b', to_json(doc))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("全年新增就业一万二千人。", 12000),
        ("全年新增就业三万五千人。", 35000),
        ("全年新增就业1万2千人。", 12000),
        ("地区生产总值达到一万二千亿元。", 1_200_000_000_000),
        ("地区生产总值达到一千二百三十四万五千六百七十八亿元。", 1_234_567_800_000_000),
    ],
)
def test_chinese_numerals_with_wan_inside_are_read_whole(text: str, value: int) -> None:
    [target] = extract_text(text).targets
    assert target.value == value, (target.raw, target.indicator)


# The 1 MB line shows normalize._layout_breaks is quadratic in the length of a line: its pattern
# `([^\n]*\S)([ \t]*\n\s*)(?=\S)` scans to the end of the line from every start position when no
# newline follows (10 kB: ~1 s, 30 kB: ~9 s, 100 kB: ~100 s; 1 MB: hours).
def test_a_megabyte_on_one_line_completes(tmp_path: Path, schema: jsonschema.protocols.Validator) -> None:
    """1 MB of report sentences with no newline: extracted (by the CLI, in a child process that
    the guard can stop), every span grounded."""
    body = "".join(SAMPLE.read_text(encoding="utf-8").split("\n")[4:])
    text = (body * (1_000_000 // len(body) + 1))[:1_000_000]
    report, out = tmp_path / "long.txt", tmp_path / "long.json"
    report.write_text(text, encoding="utf-8")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "plantool", "extract", str(report), "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"1 MB on one line: no output after {HANG_GUARD_SECONDS} s (a hang, or quadratic time)")
    assert run.returncode == 0, run.stderr
    doc = Document.model_validate_json(out.read_bytes())
    assert doc.targets
    assert span_problems(doc, text) == []
    assert link_problems(doc) == []


_CN = "一二三四五六七八九"


def chinese(n: int) -> str:
    """1..99 in Chinese numerals (十一, 九十九)."""
    tens, units = divmod(n, 10)
    return ((_CN[tens - 1] if tens > 1 else "") + "十" if tens else "") + (_CN[units - 1] if units else "")


@pytest.mark.parametrize(
    ("head", "pillar"),
    [
        ("一、2026年重点工作", "（{n}）推进第{i}项重点任务。全年新增就业1万人，地区生产总值增长5%。"),
        ("2026年重点工作", "{n}、推进第{i}项重点任务。全年新增就业1万人，地区生产总值增长5%。"),
        ("一、2026年重点工作", "推进第{i}项重点任务建设\n全年新增就业1万人，地区生产总值增长5%。"),
    ],
    ids=["parenthesized", "numbered-under-bare-section", "bare-heading-lines"],
)
def test_ten_thousand_pillars(head: str, pillar: str) -> None:
    lines = ["青禾区2026年政府工作报告", head]
    lines += [pillar.format(n=chinese(i % 99 + 1), i=i + 1) for i in range(10_000)]
    text = "\n".join(lines) + "\n"
    # one run, and no JSON Schema or YAML round trip: for 10,000 pillars those take 20 s
    doc = extract_checked(text, None, with_yaml=False, twice=False)
    assert doc is not None
    assert len(doc.pillars) == 10_000


# ---------------------------------------------------------------------------------------------
# 3. The CLI on bad input files




CLI_BAD = {
    **{k: pytest.param(v, id=k) for k, v in BAD_BYTES.items()},
    "truncated-utf8-pure-chinese": pytest.param("各位代表：今年".encode()[:-1], id="truncated-utf8-pure-chinese"),
    "mixed-pure-chinese": pytest.param("各位代表".encode() + "各位代表".encode("gbk"), id="mixed-pure-chinese"),
}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize("data", CLI_BAD.values())
def test_cli_bad_input_is_one_error_line_exit_2_and_no_output(
    data: bytes, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(data)
    out = tmp_path / f"out{suffix}"
    code, stdout, stderr = run_main(monkeypatch, capsys, "extract", str(report), "-o", str(out))
    assert (code, stdout) == (2, ""), stderr
    assert stderr.startswith("Error: ") and stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"], "an output or temporary file was left"


def test_cli_bad_input_on_stdout_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(BAD_BYTES["binary-with-nuls"])
    code, stdout, stderr = run_main(monkeypatch, capsys, "extract", str(report), "-f", "json")
    assert (code, stdout) == (2, "") and stderr.startswith("Error: ") and stderr.count("\n") == 1


CLI_NUMBERS = {
    "long-decimal": pytest.param(
        "地区生产总值增长" + "1" * 23 + ".5%。",
    ),
    "4300-digits": pytest.param(
        "地区生产总值增长" + "9" * 4300 + "%。",
    ),
    "odd-numbers": pytest.param("地区生产总值增长" + "，".join(ODD_NUMBERS[:-1]) + "。"),
}


@pytest.mark.parametrize("text", CLI_NUMBERS.values(), ids=CLI_NUMBERS.keys())
def test_cli_absurd_numbers_are_no_internal_error(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report, out = tmp_path / "report.txt", tmp_path / "out.json"
    report.write_text(text, encoding="utf-8")
    code, _, stderr = run_main(monkeypatch, capsys, "extract", str(report), "-o", str(out))
    assert code == 0, stderr
    Document.model_validate_json(out.read_bytes())


# ---------------------------------------------------------------------------------------------
# 4. Extraction files read by diff, query, summarize, export and validate


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    """The sample's extraction as plain data."""
    return json.loads(to_json(extract(SAMPLE)))


def _write(path: Path, data: Any) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.dump(data, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


EVIL = {
    "apply-os-system": '!!python/object/apply:os.system ["touch {marker}"]',
    "new-os-system": '!!python/object/new:os.system ["touch {marker}"]',
    "apply-subprocess": "!!python/object/apply:subprocess.check_call [[touch, '{marker}']]",
    "name-os-system": "!!python/name:os.system",
    "object-in-a-field": "{{schema_version: '1.0', title: !!python/object/apply:os.system ['touch {marker}']}}",
}
COMMANDS = {
    "validate": lambda evil, good, tmp: ["validate", evil],
    "query": lambda evil, good, tmp: ["query", evil, "-f", "json"],
    "summarize": lambda evil, good, tmp: ["summarize", evil, "-f", "json"],
    "diff-old": lambda evil, good, tmp: ["diff", evil, good, "-f", "json"],
    "diff-new": lambda evil, good, tmp: ["diff", good, evil, "-f", "json"],
    "export": lambda evil, good, tmp: ["export", evil, "--to", str(tmp / "rows.jsonl")],
}


@pytest.mark.parametrize("command", COMMANDS.keys())
@pytest.mark.parametrize("payload", EVIL.values(), ids=EVIL.keys())
def test_yaml_tags_are_never_code(
    command: str,
    payload: str,
    good: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.yaml"
    evil.write_text(payload.format(marker=marker) + "\n", encoding="utf-8")
    ok = _write(tmp_path / "good.yaml", good)
    code, stdout, stderr = run_main(monkeypatch, capsys, *COMMANDS[command](str(evil), str(ok), tmp_path))
    assert code != 0
    assert not marker.exists(), "the YAML tag ran code"
    assert "python/" in stdout + stderr  # the tag is named as what is wrong
    assert "internal error" not in stderr and "Traceback" not in stderr
    if command == "validate":
        assert code == 1
    else:
        assert code == 2 and stderr.startswith("Error: ") and stderr.count("\n") == 1
    assert not (tmp_path / "rows.jsonl").exists()


def test_yaml_alias_bomb_is_refused_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    names = "abcdefghi"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in itertools.pairwise(names)]
    lines += ["targets: *i", "pillars: *i", "measures: *i"]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, _ = run_main(monkeypatch, capsys, "validate", str(bomb))
    assert code == 1 and "targets" in stdout


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = re.findall(r"\w+", path)
    node: Any = data
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value


_DELETE = object()
CHANGE_WITH_BAD_VALUE = {
    "text": "x", "span": {"start": 0, "end": 1}, "value": "x", "low": None, "high": None, "unit": "%",
    "kind": "increase", "basis": "previous",
}  # fmt: skip
# (what is set, to what, the path the report must name)
INVALID = {
    "value-not-a-number": pytest.param("targets[0].value", "many", "targets[0].value"),
    "change-value-not-a-number": pytest.param("targets[0].change", CHANGE_WITH_BAD_VALUE, "targets[0].change.value"),
    "value-nan": pytest.param("targets[0].value", float("nan"), "targets[0].value"),
    "high-infinity": pytest.param("targets[0].high", float("inf"), "targets[0].high"),
    "negative-span": pytest.param("targets[0].span.start", -1, "targets[0].span.start"),
    "missing-unit": pytest.param("targets[1].unit", _DELETE, "targets[1].unit"),
    "unknown-field": pytest.param("pillars[0].bogus", 1, "pillars[0].bogus"),
    "bad-kind": pytest.param("targets[2].kind", "sideways", "targets[2].kind"),
    "year-not-a-number": pytest.param("year", "soon", "year"),
    "measures-not-a-list": pytest.param("pillars[0].measures", "m1", "pillars[0].measures"),
    "span-not-a-mapping": pytest.param("sections[0].span", [0, 1], "sections[0].span"),
}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize(("path", "value", "where"), INVALID.values(), ids=INVALID.keys())
def test_validate_names_the_bad_field(
    path: str,
    value: Any,
    where: str,
    suffix: str,
    good: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(json.dumps(good))
    _set(data, path, value)
    bad = _write(tmp_path / f"bad{suffix}", data)
    code, stdout, _ = run_main(monkeypatch, capsys, "validate", str(bad))
    assert code == 1
    assert [line for line in stdout.splitlines() if line.startswith(f"{bad}: {where}: ")], stdout
    # the path of the document, not of pydantic's schema (targets[0].value.int)
    assert not re.search(rf"{re.escape(where)}\.(?:int|float|str|bool|dict|list|none)\b", stdout), stdout


@pytest.mark.parametrize("command", ["query", "summarize", "diff"])
def test_analyst_commands_name_the_bad_field(
    command: str,
    good: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(json.dumps(good))
    _set(data, "targets[1].unit", _DELETE)
    bad = _write(tmp_path / "bad.yaml", data)
    args = ["diff", str(_write(tmp_path / "good.yaml", good)), str(bad)] if command == "diff" else [command, str(bad)]
    code, stdout, stderr = run_main(monkeypatch, capsys, *args)
    assert (code, stdout) == (2, "")
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1
    assert "targets[1].unit" in stderr


def test_a_valid_extraction_validates(
    good: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [_write(tmp_path / "good.yaml", good), _write(tmp_path / "good.json", good)]
    code, stdout, _ = run_main(monkeypatch, capsys, "validate", *map(str, files))
    assert (code, stdout) == (0, "")


def test_sources_decode_to_what_extract_reads(tmp_path: Path) -> None:
    """extract(path) and extract(decode_source(bytes)) are the same document (but for the path)."""
    data = REPORT.replace("\n", "\r\n").encode("gbk")
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    src: Source = decode_source(data, str(path))
    assert to_json(extract(path)) == to_json(extract(src))


def test_ctrl_c_while_items_are_grounded_stays_an_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt raised while the items are made is no ValidationError: pydantic turns an
    exception inside a generator it iterates into one, and a batch would report Ctrl-C as a failed
    report (test_batch's interrupted batch, which only sometimes lands there)."""
    from plantool.pipeline import ground

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(ground, "_target", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extract_text("今年地区生产总值增长6%左右。")
