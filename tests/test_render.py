"""render: documents and diffs as self-contained HTML pages, checked as markup and in a browser.

The browser tests drive Debian's headless Chromium through Selenium and chromedriver, one
session for the module. Without them they skip locally and fail under CI (CI is set).
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, load_module

from plantool import Document, PlantoolError, Rules, extract
from plantool.analysis.diff import diff_documents
from plantool.analysis.track import Series, Tracking, track_pair, track_series
from plantool.model import Passage, Period, Span
from plantool.output.render import render_diff, render_document, render_series_svg, render_tracking
from plantool.output.render.charts import Point, line_chart
from plantool.output.tables import amount
from plantool.pipeline.read import Source, decode_source, read_source

pytestmark = pytest.mark.slow

SEED = "seeds/000_ac99830143e30ec3.txt"
NATIONAL_2021 = "corpus/national/2021.txt"  # a review, the 十三五's results, the 十四五's goals, then 2021's plan
CORPUS = ("corpus/national/2025.txt", "corpus/provincial-2026/河南省.txt", "corpus/provincial-2026/上海市.txt")
BROWSER_REPORTS = (SEED, "corpus/provincial-2026/河南省.txt")

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

PWN = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE = f"""青禾区2026年政府工作报告{PWN}
一、2025年工作回顾
全年地区生产总值增长6.1%{IMG}。
二、2026年主要预期目标
地区生产总值增长6.5%左右{PWN}，城镇新增就业2.2万人{IMG}，确保规模以上工业增加值增长7%。
三、2026年重点工作
（一）加快建设现代化产业体系{IMG}
力争新增高新技术企业25家{PWN}。
（二）扩大有效投资<script>alert(1)</script>
完成固定资产投资0.55万亿元<img src=x onerror=alert(1)>。
"""

OLD = """青禾区2025年政府工作报告
二、2025年主要预期目标
地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，力争规模以上工业增加值增长7%，固定资产投资增长8%。
三、2025年重点工作
（一）加快建设现代化产业体系
新增高新技术企业20家。
（二）持续改善生态环境质量
细颗粒物平均浓度下降3%。
"""
NEW = """青禾区2026年政府工作报告
二、2026年主要预期目标
地区生产总值增长6.5%左右，城镇调查失业率控制在5%以内，确保规模以上工业增加值增长7%，居民人均可支配收入增长6%。
三、2026年重点工作
（一）加快建设现代化产业体系<script>alert(1)</script>
新增高新技术企业25家。
（二）全面推进乡村振兴
新建高标准农田5万亩。
"""

# Three years of one place for track: a range, then a 左右 target of growth, a ceiling (失业率) met
# then missed, and two targets no review reports on (高新技术企业, 幼儿园).
YEARS = {
    2024: """青禾区2024年政府工作报告
二、2024年主要预期目标
地区生产总值增长5.5%－6%，城镇调查失业率控制在5.5%以内，新增高新技术企业20家。
""",
    2025: """青禾区2025年政府工作报告
一、2024年工作回顾
全年地区生产总值增长6.2%，城镇调查失业率为5.2%。
二、2025年主要预期目标
地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，新建幼儿园5所。
""",
    2026: """青禾区2026年政府工作报告
一、2025年工作回顾
全年地区生产总值增长6.1%，城镇调查失业率为5.8%。
二、2026年主要预期目标
地区生产总值增长6.5%左右。
""",
}

JUDGED = ("met", "exceeded", "missed", "unclear")  # a line with one of these in some year is in the matrix

# What the pages may contain: no element that loads or runs anything but the one inline script
# (inline SVG draws the charts: shapes and text, no image, link or script of its own).
ALLOWED_TAGS = {
    *("html", "head", "meta", "link", "title", "style", "script", "body", "header", "nav", "main", "section"),
    *("article", "details", "summary", "h1", "h2", "h3", "p", "ul", "ol", "li", "b", "span", "div", "a", "mark"),
    *("label", "select", "option", "input", "output", "table", "thead", "tbody", "tr", "th", "td"),
    *("figure", "figcaption", "svg", "g", "rect", "line", "polyline", "circle", "text"),
}
VOID = {"meta", "link", "input", "br", "img", "hr"}


class Page(HTMLParser):
    """A rendered page as the browser's parser sees it: tags, the text of the article and of each
    mark, the passages shaded in the article (attributes and text), the article as a stream of
    tokens without them, and the targets table's cells by row."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.article: list[str] = []
        self.marks: dict[str, list[str]] = {}
        self.mark_attrs: dict[str, dict[str, str | None]] = {}
        self.data: list[str] = []  # all the text outside style and script, as the parser reads it
        self.raw: dict[str, list[str]] = {"style": [], "script": []}  # the contents of style and script
        self.passages: list[tuple[dict[str, str | None], list[str]]] = []
        self.unshaded: list[tuple[str, str]] = []  # the article's tags and text, the passages' tags left out
        self.headers: list[str] = []  # the targets table's column names
        self.cells: dict[str, list[tuple[dict[str, str | None], str]]] = {}  # its rows: each cell's attributes, text
        self.counts: dict[str, str] = {}  # the figures at the top, by name
        self.shaded_as: dict[str, dict[str, str | None] | None] = {}  # each mark's passage, if shaded
        self._count: str | None = None
        self._mark: str | None = None
        self._in_article = 0
        self._spans: list[bool] = []  # each open span: is it a passage
        self._row: str | None = None
        self._cell: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "article":
            self._in_article += 1
        if tag == "mark":
            assert self._mark is None, "marks must not nest"
            self._mark = a["id"] or ""
            self.marks[self._mark] = []
            self.mark_attrs[self._mark] = a
            self.shaded_as[self._mark] = self.passages[-1][0] if any(self._spans) else None
        passage = tag == "span" and "passage" in (a.get("class") or "").split()
        if tag == "span":
            self._spans.append(passage)
        if passage:
            assert self._in_article and not any(self._spans[:-1]), "passages stand in the article, outermost"
            self.passages.append((a, []))
        elif self._in_article and tag != "article":
            self.unshaded.append(("tag", self.get_starttag_text() or ""))
        if tag == "li" and a.get("data-count"):
            self._count = a["data-count"]
        if tag == "tr" and a.get("data-id"):
            self._row = str(a["data-id"])
            self.cells[self._row] = []
        if tag == "td" and self._row:
            self.cells[self._row].append((a, ""))
            self._cell = ""
        if tag == "th" and self._in_table_head():
            self._cell = ""

    def _in_table_head(self) -> bool:
        return "thead" in self.stack and not self.cells

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "article":
            self._in_article -= 1
        if tag == "mark":
            self._mark = None
        passage = tag == "span" and self._spans.pop()
        if self._in_article and not passage:
            self.unshaded.append(("tag", f"</{tag}>"))
        if tag == "td" and self._row and self._cell is not None:
            self.cells[self._row][-1] = (self.cells[self._row][-1][0], self._cell)
            self._cell = None
        if tag == "th" and self._cell is not None:
            self.headers.append(self._cell)
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "li":
            self._count = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in self.raw:
            self.raw[self.stack[-1]].append(data)
        else:
            self.data.append(data)
        if self._in_article:
            self.article.append(data)
            if self.unshaded and self.unshaded[-1][0] == "text":  # text a passage's tag cut in two, joined
                data_before = self.unshaded.pop()[1]
                self.unshaded.append(("text", data_before + data))
            else:
                self.unshaded.append(("text", data))
            if any(self._spans):
                self.passages[-1][1].append(data)
        if self._mark is not None:
            self.marks[self._mark].append(data)
        if self._cell is not None:
            self._cell += data
        if self._count is not None and self.stack[-1] == "b":
            self.counts[self._count] = data

    def text(self) -> str:
        return "".join(self.article)

    def mark_text(self, id_: str) -> str:
        return "".join(self.marks[id_])

    def target_ids(self) -> list[str]:
        return [i for i, a in self.mark_attrs.items() if "target" in (a.get("class") or "").split()]

    def cell(self, id_: str, column: str) -> tuple[dict[str, str | None], str]:
        """A target's cell in the table: its attributes and text."""
        return self.cells[id_][self.headers.index(column)]

    def count(self, name: str) -> int:
        """A figure of the counts at the top, as shown."""
        return int(self.counts[name])


def hostile_source() -> Source:
    return decode_source(HOSTILE.encode("utf-8"), "hostile.txt")


@pytest.fixture(scope="module")
def hostile(rules: Rules) -> tuple[Document, str]:
    source = hostile_source()
    return extract(source, rules=rules), source.text


@pytest.fixture(scope="module")
def seed(shared: Path, rules: Rules) -> tuple[Document, str]:
    path = shared / SEED
    return extract(path, rules=rules), read_source(path).text


def assert_safe(html: str) -> None:
    """Only allowed tags, one script (ours), no event handler or source attribute anywhere."""
    page = Page(html)
    tags = [t for t, _ in page.tags]
    assert set(tags) <= ALLOWED_TAGS, set(tags) - ALLOWED_TAGS
    assert tags.count("script") == 1
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") or k in ("src", "srcdoc", "style") for k in attrs), (tag, attrs)
        assert tag != "a" or (attrs.get("href") or "#").startswith("#")
    assert not page.stack, f"unclosed: {page.stack}"


# --- the markup -------------------------------------------------------------------------------


def test_document_text_is_escaped(hostile: tuple[Document, str], rules: Rules) -> None:
    doc, text = hostile
    html = render_document(doc, text, rules.numerals)
    assert doc.targets, "the hostile report must have targets in the markup's way"
    assert PWN not in html and "<img" not in html and "<script>alert" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html
    assert_safe(html)
    assert Page(html).text() == text


def test_ids_and_attributes_are_escaped(seed: tuple[Document, str], rules: Rules) -> None:
    doc, text = seed
    evil = '"><img src=x onerror=alert(1)>'
    t = doc.targets[0].model_copy(update={"id": "t1" + evil, "indicator": evil, "unit": evil, "pillar": evil})
    p = doc.pillars[0].model_copy(update={"id": "p1" + evil, "title": evil})
    doc = doc.model_copy(update={"title": evil, "targets": [t, *doc.targets[1:]], "pillars": [p, *doc.pillars[1:]]})
    html = render_document(doc, text, rules.numerals)
    assert "<img" not in html
    assert_safe(html)
    page = Page(html)
    assert page.mark_attrs[t.id]["data-indicator"] == evil  # the value survives, as data
    assert page.mark_text(t.id) == t.text


@pytest.mark.parametrize("report", [SEED, *CORPUS])
def test_one_mark_per_target_at_its_span(shared: Path, rules: Rules, report: str) -> None:
    doc = extract(shared / report, rules=rules)
    text = read_source(shared / report).text
    html = render_document(doc, text, rules.numerals)
    page = Page(html)
    assert_safe(html)
    assert page.text() == text  # every character once, in order, unescaped by the parser
    assert page.target_ids() == [t.id for t in doc.targets]
    spans = {x.id: x.text for x in doc.targets} | {x.id: x.text for x in doc.results}
    spans |= {x.id: x.text for x in doc.milestones}
    assert set(page.marks) == set(spans)  # in these reports nothing overlaps: every item is marked
    for id_, quote in spans.items():
        assert page.mark_text(id_) == quote
    for t in doc.targets:
        attrs = page.mark_attrs[t.id]
        assert attrs["data-strength"] == t.strength and attrs["data-kind"] == t.kind
        assert attrs["data-unit"] == t.unit and attrs["data-indicator"] == t.indicator
        assert attrs["tabindex"] == "0" and t.indicator in (attrs["data-tip"] or "")
    ids = {a.get("id") for _, a in page.tags}
    outline = {x.id for x in doc.sections} | {x.id for x in doc.pillars} | {x.id for x in doc.measures}
    assert outline <= ids  # every outline link lands


def test_overlapping_marks_keep_the_first(seed: tuple[Document, str], rules: Rules) -> None:
    doc, text = seed
    a = doc.targets[0]
    b = a.model_copy(update={"id": "tx", "span": Span(start=a.span.start + 2, end=a.span.end + 5)})
    outside = a.model_copy(update={"id": "ty", "span": Span(start=len(text) - 1, end=len(text) + 10)})
    doc = doc.model_copy(update={"targets": [a, b, outside, *doc.targets[1:]]})
    html = render_document(doc, text, rules.numerals)
    page = Page(html)
    assert "tx" not in page.marks and "ty" not in page.marks and page.mark_text(a.id) == a.text
    assert page.text() == text
    rows = {attrs.get("data-id"): attrs for tag, attrs in page.tags if tag == "tr" and attrs.get("data-id")}
    assert rows[a.id]["data-target"] == a.id and "data-target" not in rows["tx"]


def test_a_heading_that_would_split_a_mark_becomes_an_anchor(seed: tuple[Document, str], rules: Rules) -> None:
    doc, text = seed
    t = doc.targets[0]
    m = next(x for x in doc.measures if x.id == t.measure)
    split = Span(start=t.span.start + 1, end=t.span.end + 3)
    doc = doc.model_copy(
        update={
            "measures": [
                x.model_copy(update={"title_span": split, "span": split}) if x is m else x for x in doc.measures
            ]
        }
    )
    html = render_document(doc, text, rules.numerals)
    assert f'<a class="anchor" id="{m.id}"></a><mark class="target' in html  # moved to the mark's start
    page = Page(html)
    assert page.mark_text(t.id) == t.text and page.text() == text


def test_render_is_deterministic(seed: tuple[Document, str], shared: Path, rules: Rules) -> None:
    doc, text = seed
    again = extract(shared / SEED, rules=rules)
    numerals = rules.numerals
    assert render_document(doc, text, numerals) == render_document(again, text, numerals)
    assert render_document(doc, text, numerals).encode() == render_document(doc, text, numerals).encode()


def test_passages_are_shaded_by_role_around_the_marks(shared: Path, rules: Rules) -> None:
    """National 2021: looking back, the 十四五's goals, this year's plan, each shaded in the text as
    it was read, with every mark and heading where it stands without the shading."""
    doc = extract(shared / NATIONAL_2021, rules=rules)
    text = read_source(shared / NATIONAL_2021).text
    html = render_document(doc, text, rules.numerals)
    assert_safe(html)
    page = Page(html)
    assert page.text() == text
    roles = [a["data-role"] for a, _ in page.passages]
    assert {"review", "goals", "plan"} <= set(roles) and "other" not in roles
    for a, _ in page.passages:
        assert (a["class"] or "").split() == ["passage", a["data-role"]]
        label = {"review": "review", "plan": "this year's plan", "goals": "a period's goals"}[str(a["data-role"])]
        assert (a["title"] or "").startswith(label)
        assert a["data-cue"] and f"cue: {a['data-cue']}" in (a["title"] or "")
    # the marks and headings, exactly as the page without passages has them
    bare = Page(render_document(doc.model_copy(update={"passages": []}), text, rules.numerals))
    assert bare.passages == [] and page.unshaded == bare.unshaded
    # one mark per span: the items of 国内生产总值和…比2010年翻一番 share theirs, the first marks it
    spans = {(t.span.start, t.span.end): t.id for t in reversed(doc.targets)}
    assert page.target_ids() == [t.id for t in doc.targets if spans[(t.span.start, t.span.end)] == t.id]
    assert len(doc.targets) > 0
    # the passage that sets the 十四五's goals: shaded as goals, its years in its data and its tip
    goals = [(a, "".join(t)) for a, t in page.passages if a["data-role"] == "goals"]
    first = next(((a, t) for a, t in goals if t.lstrip().startswith("“十四五”时期")), None)
    assert first is not None, [t[:20] for _, t in goals]
    assert first[0]["data-period"] == "2021–2025" and "2021–2025" in (first[0]["title"] or "")
    # the 十四五's targets stand in goals passages, the review's results in review ones
    period = [t for t in doc.targets if t.horizon == "period" and t.period == Period(start=2021, end=2025)]
    assert period
    for t in period:
        if spans[(t.span.start, t.span.end)] != t.id:
            continue  # no mark of its own
        shade = page.shaded_as[t.id] or {}
        assert (shade.get("data-role"), shade.get("data-period")) == ("goals", "2021–2025"), t.id
    # every mark is shaded as the passage it stands in was read (none in an "other" one)
    marked = [t for t in doc.targets if spans[(t.span.start, t.span.end)] == t.id]
    items: list[tuple[str, Span]] = [(x.id, x.span) for x in [*marked, *doc.results]]
    for id_, span in items + [(m.id, m.span) for m in doc.milestones]:
        roles = [p.role for p in doc.passages if p.span.start <= span.start < p.span.end]
        role = roles[-1] if roles else None  # of overlapping ones, the later
        assert (page.shaded_as[id_] or {}).get("data-role") == (None if role == "other" else role), id_
    # the table: the horizon of a period target is its years, of an annual one "annual"
    assert "Horizon" in page.headers
    for t in doc.targets:
        shown = page.cell(t.id, "Horizon")[1]
        assert shown == (
            "annual" if t.horizon == "annual" else f"{t.period.start}–{t.period.end}" if t.period else "period"
        )
    assert page.cell(period[0].id, "Horizon")[1] == "2021–2025"
    assert any(page.cell(t.id, "Horizon")[1] == "annual" for t in doc.targets)
    assert [x[1] for x in page.tags if x[0] == "tr" and x[1].get("data-horizon") == "period"] != []
    # the legend: what each shading means, the goals' years
    legend = [
        a.get("class") for tag, a in page.tags if tag == "span" and (a.get("class") or "").startswith("chip passage")
    ]
    assert legend == ["chip passage-review", "chip passage-plan", "chip passage-goals"]
    assert "period (2021–2025)" in page.data and "review" in page.data and "this year" in page.data


def test_a_passage_that_would_split_a_mark_or_heading_goes_around_it(seed: tuple[Document, str], rules: Rules) -> None:
    doc, text = seed
    t, u = doc.targets[0], doc.targets[1]
    h = next(p for p in doc.pillars if t.span.end < p.title_span.start and p.title_span.end < u.span.start)
    assert t.span.end - t.span.start > 3 and h.title_span.end - h.title_span.start > 3

    def passage(start: int, end: int, role: str = "plan") -> Passage:
        return Passage(span=Span(start=start, end=end), role=role, period=None, cue="test")  # type: ignore[arg-type]

    passages = [
        passage(0, t.span.start + 2, "review"),  # ends inside a mark: stops before it
        passage(t.span.start + 2, h.title_span.start + 1, "goals"),  # starts inside it, ends inside a heading
        passage(h.title_span.start + 1, u.span.start + 1),  # starts inside the heading, ends inside a mark
        passage(u.span.start + 1, u.span.end - 1),  # inside a mark: not shaded
        passage(u.span.end - 1, len(text) - 1, "other"),  # other: never shaded
    ]
    shaded = doc.model_copy(update={"passages": passages})
    html = render_document(shaded, text, rules.numerals)
    assert_safe(html)
    page = Page(html)
    bare = Page(render_document(doc.model_copy(update={"passages": []}), text, rules.numerals))
    assert page.unshaded == bare.unshaded and page.text() == text
    assert page.mark_text(t.id) == t.text and page.mark_text(u.id) == u.text
    got = [(a["data-role"], "".join(x)) for a, x in page.passages]
    assert got == [
        ("review", text[: t.span.start]),
        ("goals", text[t.span.end : h.title_span.start]),
        ("plan", text[h.title_span.end : u.span.start]),
    ]
    # passages that overlap: each ends where the next begins
    overlapping = [passage(0, t.span.start, "review"), passage(5, t.span.start, "goals")]
    page = Page(render_document(doc.model_copy(update={"passages": overlapping}), text, rules.numerals))
    assert [(a["data-role"], "".join(x)) for a, x in page.passages] == [
        ("review", text[:5]),
        ("goals", text[5 : t.span.start]),
    ]


def test_table_counts_and_titles(seed: tuple[Document, str], rules: Rules) -> None:
    """The counts agree with summarize (a restatement is not a second target); the table names a
    target's pillar and measure by their titles, shortened as the outline has them, whole on hover."""
    from plantool.analysis.summarize import counts

    doc, text = seed
    first = doc.targets[0]
    again = doc.targets[1].model_copy(update={"restates": first.id})
    long = [m.model_copy(update={"title": m.title * 4}) if m.id == first.measure else m for m in doc.measures]
    doc = doc.model_copy(update={"targets": [first, again, *doc.targets[2:]], "measures": long})
    page = Page(render_document(doc, text, rules.numerals))
    expected = counts(doc)
    assert expected["restatements"] == 1
    for name in ("targets", "restatements", "results", "milestones", "sections", "pillars", "measures"):
        assert page.count(name) == expected[name], name
    assert page.count("targets") == len(doc.targets) - 1
    assert sum(page.count(s) for s in ("binding", "aspirational", "planned")) == expected["targets"]
    pillars = {p.id: p.title for p in doc.pillars}
    measures = {m.id: m.title for m in doc.measures}
    assert first.measure and len(measures[first.measure]) > 40  # one shortened
    for t in doc.targets:
        for column, id_, titles in (("Pillar", t.pillar, pillars), ("Measure", t.measure, measures)):
            attrs, shown = page.cell(t.id, column)
            if id_ is None:
                assert shown == "" and "title" not in attrs
                continue
            full = titles[id_]
            assert attrs["title"] == full and shown == (full if len(full) <= 40 else full[:39] + "…")
            assert shown != id_


# Markup in every kind of value: it must show as text, escaped once, wherever the value goes.
MARKUP = """<em class="x" onclick='window.__pwned=1'>Tom & Jerry</em>"""
ENTITIES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#")


def assert_shown_as_text(html: str) -> Page:
    """MARKUP nowhere as markup (in text or attributes), and nothing escaped twice: one parse of the
    page leaves no entity in any text or attribute value."""
    assert "<em" not in html and MARKUP not in html
    assert_safe(html)
    page = Page(html)
    values = [v or "" for _, attrs in page.tags for v in attrs.values()]
    assert [x for x in [*page.data, *values] if any(e in x for e in ENTITIES)] == []
    return page


def test_values_are_escaped_by_default(
    hostile: tuple[Document, str], rules: Rules, small_diff: Any, pair: Tracking, series: Series
) -> None:
    """Autoescape: fails if the templates printed any value as it is (autoescape off)."""
    doc, text = hostile
    t = doc.targets[0].model_copy(update={"indicator": MARKUP, "unit": MARKUP, "raw": MARKUP, "text": MARKUP})
    doc = doc.model_copy(
        update={
            "title": MARKUP,
            "region": MARKUP,
            "targets": [t, *doc.targets[1:]],
            "sections": [s.model_copy(update={"title": MARKUP}) for s in doc.sections],
            "pillars": [p.model_copy(update={"title": MARKUP}) for p in doc.pillars],
            "passages": [p.model_copy(update={"cue": MARKUP}) for p in doc.passages],
        }
    )
    assert doc.sections and doc.pillars and any(p.role != "other" for p in doc.passages)
    page = assert_shown_as_text(render_document(doc, text, rules.numerals))
    assert page.data.count(MARKUP) == 4  # the title, the h1, the target's indicator and text in the table
    assert page.text() == text  # the report's own markup, shown as text
    attrs = page.mark_attrs[t.id]
    assert attrs["data-indicator"] == attrs["data-unit"] == MARKUP and MARKUP in (attrs["data-tip"] or "")
    assert page.passages and all(a["data-cue"] == MARKUP and MARKUP in (a["title"] or "") for a, _ in page.passages)
    outline = [a["title"] for tag, a in page.tags if tag == "a" and "title" in a]
    assert outline == [MARKUP] * (len(doc.sections) + len(doc.pillars))  # the outline's links, section and pillar
    assert [a["title"] for tag, a in page.tags if tag == "td" and a.get("title")] == [
        MARKUP for x in doc.targets if x.pillar
    ]

    target = small_diff.matched[0].new.model_copy(update={"indicator": MARKUP, "text": MARKUP})
    diff = small_diff.model_copy(
        update={
            "old": small_diff.old.model_copy(update={"path": MARKUP}),
            "added": [target],
            "pillars_added": [p.model_copy(update={"title": MARKUP}) for p in small_diff.pillars_added],
        }
    )
    page = assert_shown_as_text(render_diff(diff, rules))
    assert f"old: {MARKUP} · new: {diff.new.path}" in page.data
    assert page.data.count(MARKUP) == 2  # the added target's indicator and text
    assert diff.pillars_added and all(f"{p.id} {MARKUP}" in page.data for p in diff.pillars_added)
    # a matched pair in a unit of markup: its chart's axis says the unit, as text
    m = small_diff.matched[0]
    odd = {"unit": MARKUP, "text": MARKUP}
    matched = m.model_copy(update={"old": m.old.model_copy(update=odd), "new": m.new.model_copy(update=odd)})
    page = assert_shown_as_text(render_diff(small_diff.model_copy(update={"matched": [matched]}), rules))
    assert any(MARKUP in x for x in page.data) and "svg" in [tag for tag, _ in page.tags]

    # track: a plan against the next report, and a series, with markup in every text they show
    row = pair.rows[0]
    assert row.result is not None
    rows = [
        row.model_copy(
            update={
                "target": row.target.model_copy(update={"indicator": MARKUP, "text": MARKUP}),
                "result": row.result.model_copy(update={"text": MARKUP}),
                "note": MARKUP,
            }
        )
    ]
    plan = pair.plan.model_copy(update={"path": MARKUP})
    tracked = pair.model_copy(update={"rows": rows, "plan": plan, "places": [MARKUP]})
    page = assert_shown_as_text(render_tracking(tracked, MARKUP, rules))
    assert page.data.count(MARKUP) == 6  # title, h1, the indicator, the note and both texts
    assert any(x.startswith(f"plan: {MARKUP} · ") for x in page.data)
    assert f"Reports of different places compared: {MARKUP}" in page.data

    line = series.lines[0]
    cells = [
        c.model_copy(
            update={
                "target": c.target and c.target.model_copy(update={"text": MARKUP, "unit": MARKUP}),
                "result": c.result and c.result.model_copy(update={"text": MARKUP, "unit": MARKUP}),
                "note": MARKUP,
            }
        )
        for c in line.cells
    ]
    lines = [line.model_copy(update={"indicator": MARKUP, "unit": MARKUP, "cells": cells}), *series.lines[1:]]
    page = assert_shown_as_text(
        render_tracking(series.model_copy(update={"lines": lines, "region": MARKUP}), "t", rules)
    )
    tips = [a["title"] or "" for tag, a in page.tags if tag == "td" and a.get("data-verdict")]
    assert tips and all(MARKUP in tip for tip in tips[: len(line.cells)])  # the matrix's row of the line
    assert sum(MARKUP in x for x in page.data) >= 8  # the line's caption, rows, notes and texts, an axis
    assert any(x.endswith(MARKUP) and x[0].isdigit() for x in page.data)  # an axis label: 6<em…
    svg = render_series_svg(series.model_copy(update={"lines": lines, "region": MARKUP}), MARKUP, MARKUP, rules)
    assert "<em" not in svg and svg.count("&lt;em") > 3


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def test_inline_css_and_script_are_the_package_files(
    seed: tuple[Document, str], rules: Rules, small_diff: Any, pair: Tracking, series: Series
) -> None:
    """Every page inlines style.css and script.js as they are, and its CSP allows exactly those, by hash."""
    files = resources.files("plantool.output.render")
    css, js = (files.joinpath(name).read_text(encoding="utf-8") for name in ("style.css", "script.js"))
    assert "</style" not in css.lower() and "</script" not in js.lower()
    policy = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    doc, text = seed
    pages = (
        render_document(doc, text, rules.numerals),
        render_diff(small_diff, rules),
        render_tracking(pair, "title", rules),
        render_tracking(series, "title", rules),
    )
    for html in pages:
        assert html.count("<style>") == html.count("<script>") == 1
        assert f"<style>{css}</style>" in html and f"<script>{js}</script>" in html
        page = Page(html)
        assert "".join(page.raw["style"]) == css and "".join(page.raw["script"]) == js
        [csp] = [
            a["content"] for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp == policy


@pytest.fixture(scope="module")
def small_diff(rules: Rules) -> Any:
    old = extract(decode_source(OLD.encode(), "2025.txt"), rules=rules)
    new = extract(decode_source(NEW.encode(), "2026.txt"), rules=rules)
    return diff_documents(old, new, rules)


def test_diff_page(small_diff: Any, rules: Rules) -> None:
    html = render_diff(small_diff, rules)
    assert_safe(html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html == render_diff(small_diff, rules)
    page = Page(html)
    rows = [a for t, a in page.tags if t == "tr" and a.get("data-status")]
    assert len(rows) == len(small_diff.matched) + len(small_diff.added) + len(small_diff.dropped)
    directions = {a.get("data-direction") for a in rows}
    assert {"up", "down"} <= directions  # GDP raised, unemployment cap lowered
    assert "▲" in html and "▼" in html
    assert [a["data-status"] for a in rows].count("added") == len(small_diff.added) > 0
    assert [a["data-status"] for a in rows].count("dropped") == len(small_diff.dropped) > 0
    for p in [*small_diff.pillars_added, *small_diff.pillars_dropped]:
        assert p.title in html
    # a small chart of the two targets in each matched row whose targets share a unit
    charts = sum(t == "svg" and "chart" in (a.get("class") or "").split() for t, a in page.tags)
    assert charts == sum(m.old.unit == m.new.unit for m in small_diff.matched) > 0


@pytest.fixture(scope="module")
def years(rules: Rules) -> list[Document]:
    return [extract(decode_source(text.encode(), f"{year}.txt"), rules=rules) for year, text in YEARS.items()]


@pytest.fixture(scope="module")
def pair(years: list[Document], rules: Rules) -> Tracking:
    return track_pair(years[0], years[1], rules)


@pytest.fixture(scope="module")
def series(years: list[Document], rules: Rules) -> Series:
    return track_series(years, rules)


def test_pair_page_names_what_people_read(pair: Tracking, rules: Rules) -> None:
    """A plan against the next report: the indicator, the numbers as people write them and the
    sentences they come from, under names people read, not the columns of the data."""
    html = render_tracking(pair, "青禾区 2024 plan against the 2025 report", rules)
    assert_safe(html)
    assert html == render_tracking(pair, "青禾区 2024 plan against the 2025 report", rules)
    page = Page(html)
    assert page.headers == [
        "Verdict", "Indicator", "Target", "Outcome", "Difference", "Why", "The plan says", "The review says",
    ]  # fmt: skip
    assert "target_text" not in html and "result_text" not in html
    gdp = next(r for r in pair.rows if r.target.indicator == "地区生产总值")
    assert gdp.result is not None and (gdp.verdict, gdp.target.comparator) == ("exceeded", "range")
    row = page.data[page.data.index("地区生产总值") - 1 :][:8]
    numerals = rules.numerals
    assert row == [
        "exceeded", "地区生产总值", amount(gdp.target, numerals), amount(gdp.result, numerals), "+0.2个百分点",
        gdp.note, gdp.target.text, gdp.result.text,
    ]  # fmt: skip
    assert row[2:4] == ["5.5–6%", "6.2%"]
    assert [a["value"] for tag, a in page.tags if tag == "option"] == ["*", *pair.summary]


def matrix(page: Page) -> tuple[list[str], dict[str, list[str | None]]]:
    """The matrix of a series page: its years, and each row's verdicts by its line's anchor."""
    years = []
    rows: dict[str, list[str | None]] = {}
    inside = False
    for tag, a in page.tags:
        if tag == "table":
            inside = "matrix" in (a.get("class") or "")
        elif inside and tag == "tr" and a.get("data-line"):
            rows[str(a["data-line"])] = []
        elif inside and tag == "td" and rows:
            rows[list(rows)[-1]].append(a.get("data-verdict"))
    texts = page.data
    start = texts.index("Indicator", texts.index("Verdicts by year"))
    for text in texts[start + 1 :]:
        if not text.isdigit():
            break
        years.append(text)
    return years, rows


def test_series_page_is_a_matrix_of_verdicts(series: Series, rules: Rules) -> None:
    """One row per indicator judged in some year, one column per year with its verdict; an
    indicator with nothing judged is folded away (in a closed details, counted), and every row
    with a target or an outcome is in the table behind another."""
    html = render_tracking(series, "青禾区 2024–2026", rules)
    assert_safe(html)
    assert html == render_tracking(series, "青禾区 2024–2026", rules)
    page = Page(html)
    years, rows = matrix(page)
    assert years == [str(y) for y in series.years] == ["2024", "2025", "2026"]
    judged = {f"line-{k}": line for k, line in enumerate(series.lines) if any(c.verdict in JUDGED for c in line.cells)}
    assert [line.indicator for line in judged.values()] == ["地区生产总值", "城镇调查失业率"]
    assert rows == {key: [c.verdict for c in line.cells] for key, line in judged.items()}
    assert rows["line-0"] == ["exceeded", "met", "no report"] and rows["line-1"] == ["met", "missed", "no target"]
    # the folded: closed, counted, each with the years it had a target
    details = {a.get("id"): a for tag, a in page.tags if tag == "details"}
    assert "open" not in details["ui-folded"] and "open" not in details["ui-rows"]
    assert "2 indicators with nothing judged" in page.data
    assert {"高新技术企业", "幼儿园"} <= set(page.data)
    folded = page.data[page.data.index("2 indicators with nothing judged") :]
    assert "2024 not reported" in folded and "2025 not reported" in folded
    # the table: a row per year with a target or an outcome
    expected = [
        (line.indicator, c.year, c.verdict)
        for line in series.lines
        for c in line.cells
        if c.target is not None or c.result is not None
    ]
    shown = [a["data-verdict"] for tag, a in page.tags if tag == "tr" and a.get("data-verdict")]
    assert shown == [v for _, _, v in expected] and f"{len(expected)} rows with a target or an outcome" in page.data
    # every judged line has a chart, anchored where the matrix links
    figures = [a["id"] for tag, a in page.tags if tag == "figure"]
    assert figures == list(judged)
    links = [a["href"] for tag, a in page.tags if tag == "a" and a.get("href", "").startswith("#line-")]
    assert links == [f"#{key}" for key in judged]


def shapes(svg_markup: str) -> dict[str, dict[str, dict[str, str | None]]]:
    """The marks of a chart by kind (band, target, outcome) and year."""
    out: dict[str, dict[str, dict[str, str | None]]] = {"band": {}, "target": {}, "outcome": {}}
    for tag, a in Page(svg_markup).tags:
        kind = (a.get("class") or "").split()[:1]
        if tag in ("rect", "line", "circle") and kind and kind[0] in out:
            out[kind[0]][str(a["data-label"])] = a
    return out


def num(a: dict[str, str | None], key: str) -> float:
    return float(a[key] or "nan")


def test_series_chart_draws_bands_and_outcomes_in_order(series: Series, rules: Rules) -> None:
    """A range and a 左右 target are bands, the outcome a point; higher values stand higher."""
    svg = render_series_svg(series, "地区生产总值", "%", rules)
    marks = shapes(svg)
    band, outcome, target = marks["band"], marks["outcome"], marks["target"]
    assert set(band) == {"2024", "2025", "2026"}  # 5.5–6%, 6% ± 0.5, 6.5% ± 0.5
    assert set(target) == {"2025", "2026"}  # a range has no value of its own
    assert set(outcome) == {"2024", "2025"}  # 6.2% exceeded the range, 6.1% within 6% ± 0.5

    def ends(year: str) -> tuple[float, float]:
        return num(band[year], "y"), num(band[year], "y") + num(band[year], "height")

    top, bottom = ends("2024")
    assert num(outcome["2024"], "cy") < top < bottom  # 6.2 above 5.5–6
    top, bottom = ends("2025")
    assert top < num(target["2025"], "y1") < bottom and top < num(outcome["2025"], "cy") < num(target["2025"], "y1")
    assert num(outcome["2024"], "cy") < num(outcome["2025"], "cy")  # 6.2 over 6.1
    assert ends("2026")[0] < ends("2025")[0] < ends("2024")[0]  # tops: 7 over 6.5 over 6
    assert ends("2026")[1] < ends("2025")[1] == ends("2024")[1]  # feet: 6 over 5.5 and 5.5
    assert "exceeded" in (outcome["2024"]["class"] or "") and "met" in (outcome["2025"]["class"] or "")
    # the axis is labelled as people write the numbers, a title says what it shows
    assert {"5%", "6%", "7%"} <= set(Page(svg).data)
    assert "青禾区 地区生产总值 (%), 2024–2026: targets and outcomes" in Page(svg).data
    # a standalone picture: well-formed SVG with its namespace, the same bytes each time
    import xml.etree.ElementTree as ET

    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert svg == render_series_svg(series, "地区生产总值", "%", rules)
    # a ceiling (失业率 at most 5.5%) is a band open downward: to the plot's foot, one edge drawn
    ceiling = render_series_svg(series, "城镇调查失业率", "%", rules)
    low = shapes(ceiling)["band"]["2024"]
    foot = max(num(a, "y1") for tag, a in Page(ceiling).tags if tag == "line")  # the axis
    edges = [a for tag, a in Page(ceiling).tags if tag == "line" and a.get("class") == "edge"]
    assert num(low, "y") + num(low, "height") == foot and len(edges) == 2  # one each year it is set, 2024 and 2025
    with pytest.raises(PlantoolError, match="no line"):
        render_series_svg(series, "粮食产量", "%", rules)


def test_line_chart_places_values(rules: Rules) -> None:
    """The pure placing: a higher value is a smaller y, an open end runs to the plot's edge, the
    outcomes join only across consecutive years, and nothing to draw is no chart."""
    points = [
        Point("2020", (4.5, 5.5), 5, 6, "exceeded", ""),
        Point("2021", (-math.inf, 3.5), 3, 2, "met", ""),
        Point("2022", None, None, None, "no target", ""),
        Point("2023", (6, 7), None, 6.5, "met", ""),
    ]
    chart = line_chart(points, "%", rules.numerals)
    assert chart is not None
    left, top, right, bottom = chart.box
    a, b, c, d = chart.columns
    assert a.outcome is not None and b.outcome is not None and d.outcome is not None
    assert d.outcome < a.outcome < b.outcome  # 6.5, 6, 2
    assert a.band is not None and a.band[0] < (a.target or 0) < a.band[0] + a.band[1]
    assert b.band is not None and b.band[0] + b.band[1] == bottom and len(b.edges) == 1  # open below
    assert c.band is None and c.outcome is None
    assert chart.lines == [f"{a.x:g},{a.outcome:g} {b.x:g},{b.outcome:g}"]  # 2022 breaks the line
    assert [t.label for t in chart.ticks] == sorted((t.label for t in chart.ticks), key=lambda x: float(x[:-1]))
    assert all(top <= t.y <= bottom for t in chart.ticks) and left < a.x < d.x < right
    assert line_chart([Point("2020", None, None, None, "no target", "")], "%", rules.numerals) is None


def test_gdp_picture_is_current(shared: Path) -> None:
    """docs/national-gdp-1992-2019.svg, the README's picture, is what docs/gdp_chart.py draws now."""
    module = load_module(ROOT / "docs" / "gdp_chart.py", "gdp_chart")
    assert module.render() == module.OUT.read_text(encoding="utf-8"), "run python docs/gdp_chart.py"


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module; missing, it skips locally and fails under CI."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package")
    if missing:
        reason = (
            f"browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver; pip install selenium)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tmp_path_factory.mktemp("chromium-profile")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: Any, html: str, path: Path, width: int = 1280, height: int = 900) -> list[dict[str, Any]]:
    """Load a page from a file:// URL; the console's errors while it loaded."""
    driver.get_log("browser")  # drain what came before
    driver.set_window_size(width, height)
    path.write_text(html, encoding="utf-8")
    driver.get(path.as_uri())
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def visible_rows(driver: Any) -> int:
    return int(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('#ui-targets tbody tr'))"
            ".filter(r => r.getClientRects().length > 0).length"
        )
    )


def wait_for(driver: Any, script: str, *args: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: d.execute_script(script, *args))


# Records the marks whose flash animation started and ended: state for a test to wait on.
FLASHES = """
window.__flashes = {started: [], ended: []};
document.addEventListener("animationstart", e => window.__flashes.started.push(e.target.id));
document.addEventListener("animationend", e => window.__flashes.ended.push(e.target.id));
"""

IN_VIEW = """
const r = document.getElementById(arguments[0]).getBoundingClientRect();
return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
"""


@pytest.mark.parametrize("report", BROWSER_REPORTS)
def test_page_in_browser(browser: Any, shared: Path, rules: Rules, tmp_path: Path, report: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    doc = extract(shared / report, rules=rules)
    html = render_document(doc, read_source(shared / report).text, rules.numerals)
    errors = open_page(browser, html, tmp_path / "page.html")
    assert errors == []
    n = len(doc.targets)
    assert browser.execute_script("return document.querySelectorAll('#ui-text mark.target').length") == n
    assert browser.execute_script("return document.querySelectorAll('#ui-targets tbody tr').length") == n
    assert visible_rows(browser) == n
    assert f"{n} of {n} shown" in browser.find_element(By.CSS_SELECTOR, "#ui-targets output").text

    # free text narrows the table to the targets that mention it
    def mentions(q: str) -> int:
        return sum(q in t.indicator or q in t.text for t in doc.targets)

    query = min((t.indicator for t in doc.targets), key=mentions)
    box = browser.find_element(By.CSS_SELECTOR, "#ui-targets input[data-filter-text]")
    box.send_keys(query)
    assert 1 <= visible_rows(browser) == mentions(query) < n
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    assert visible_rows(browser) == n

    # a strength narrows it to the targets of that strength
    strength = Select(browser.find_element(By.CSS_SELECTOR, "#ui-targets select[data-filter=strength]"))
    for value in ("binding", "aspirational", "planned"):
        strength.select_by_value(value)
        assert visible_rows(browser) == sum(t.strength == value for t in doc.targets)
    strength.select_by_value("*")
    kind = Select(browser.find_element(By.CSS_SELECTOR, "#ui-targets select[data-filter=kind]"))
    kind.select_by_value("increase")
    assert visible_rows(browser) == sum(t.kind == "increase" for t in doc.targets)
    kind.select_by_value("*")
    pillar = doc.targets[-1].pillar or ""
    Select(browser.find_element(By.CSS_SELECTOR, "#ui-targets select[data-filter=pillar]")).select_by_value(pillar)
    assert visible_rows(browser) == sum((t.pillar or "") == pillar for t in doc.targets)
    Select(browser.find_element(By.CSS_SELECTOR, "#ui-targets select[data-filter=pillar]")).select_by_value("*")
    assert visible_rows(browser) == n

    # a row click brings its highlight into view, flashes it and focuses it (its tooltip shows);
    # the flash is seen by the animation it starts and its end, never by timing a class
    browser.execute_script(FLASHES)
    for t in (doc.targets[-1], doc.targets[0], doc.targets[n // 2]):
        cell = browser.find_element(By.CSS_SELECTOR, f'#ui-targets tr[data-id="{t.id}"] td.quote')
        browser.execute_script("window.scrollTo(0, 0); arguments[0].scrollIntoView({block: 'center'})", cell)
        if t is not doc.targets[0]:
            assert not browser.execute_script(IN_VIEW, t.id)
        cell.click()
        assert wait_for(browser, IN_VIEW, t.id)
        assert browser.execute_script("return document.activeElement.id") == t.id
        assert wait_for(browser, "return window.__flashes.started.includes(arguments[0])", t.id)
    for t in (doc.targets[-1], doc.targets[0], doc.targets[n // 2]):  # each flash ends and takes its class along
        assert wait_for(browser, "return window.__flashes.ended.includes(arguments[0])", t.id)
        assert wait_for(browser, "return !document.getElementById(arguments[0]).classList.contains('flash')", t.id)
    # the passages shaded by role, the marks in them keeping their own colours
    shading = browser.execute_script(
        "const bg = e => getComputedStyle(e).backgroundColor;"
        "const out = {};"
        "document.querySelectorAll('#ui-text .passage').forEach(p => {"
        "  (out[p.dataset.role] = out[p.dataset.role] || new Set()).add(bg(p));"
        "  p.querySelectorAll('mark').forEach(m => { if (bg(m) === bg(p)) { out.same = true; } });"
        "});"
        "return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v === true ? v : Array.from(v)]));"
    )
    roles = {p.role for p in doc.passages} - {"other"}
    assert set(shading) == roles, shading
    for role in roles & {"review", "goals"}:
        assert len(shading[role]) == 1 and shading[role][0] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    if {"review", "goals"} <= roles:
        assert shading["review"] != shading["goals"]
    assert browser.get_screenshot_as_file(str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 10_000
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_page_fits_a_phone(browser: Any, seed: tuple[Document, str], rules: Rules, tmp_path: Path) -> None:
    doc, text = seed
    assert open_page(browser, render_document(doc, text, rules.numerals), tmp_path / "phone.html", 390, 844) == []
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways on a phone: {width}"
    assert browser.execute_script("return document.querySelector('nav.outline details').open") is False
    assert browser.get_screenshot_as_file(str(tmp_path / "phone.png"))


def test_hostile_text_runs_nothing(browser: Any, hostile: tuple[Document, str], rules: Rules, tmp_path: Path) -> None:
    doc, text = hostile
    errors = open_page(browser, render_document(doc, text, rules.numerals), tmp_path / "hostile.html")
    assert errors == []
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    shown = browser.execute_script("return document.getElementById('ui-text').textContent")
    assert PWN in shown and IMG in shown
    assert browser.execute_script("return document.querySelectorAll('#ui-text mark.target').length") == len(doc.targets)


def test_diff_page_in_browser(browser: Any, small_diff: Any, rules: Rules, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    assert open_page(browser, render_diff(small_diff, rules), tmp_path / "diff.html") == []
    total = len(small_diff.matched) + len(small_diff.added) + len(small_diff.dropped)
    assert visible_rows(browser) == total
    Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter=status]")).select_by_value("added")
    assert visible_rows(browser) == len(small_diff.added)
    assert browser.execute_script("return window.__pwned") is None
    assert browser.get_screenshot_as_file(str(tmp_path / "diff.png"))


def test_series_page_in_browser(browser: Any, series: Series, rules: Rules, tmp_path: Path) -> None:
    """The matrix and the charts show; the folded parts open on demand; a matrix row leads to its
    chart; on a phone only the matrix scrolls sideways. Every step waits on the page's state."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    html = render_tracking(series, "青禾区 2024–2026", rules)
    assert open_page(browser, html, tmp_path / "series.html") == []
    # checkVisibility: the content of a closed details still has boxes (content-visibility: hidden)
    visible = "Array.from(document.querySelectorAll(arguments[0])).filter(e => e.checkVisibility()).length"
    shown = f"return {visible}"
    judged = [line for line in series.lines if any(c.verdict in JUDGED for c in line.cells)]
    assert browser.execute_script(shown, "#ui-matrix tbody tr") == len(judged)
    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ui-charts svg.chart')).map(s => s.getBoundingClientRect().height)"
    )
    assert len(charts) == len(judged) and all(h > 100 for h in charts)
    rows = [c for line in series.lines for c in line.cells if c.target is not None or c.result is not None]
    assert browser.execute_script(shown, "#ui-verdicts tbody tr") == 0  # folded
    browser.find_element(By.CSS_SELECTOR, "#ui-rows summary").click()
    assert wait_for(browser, f"return {visible} === arguments[1]", "#ui-verdicts tbody tr", len(rows))
    Select(browser.find_element(By.CSS_SELECTOR, "#ui-verdicts select[data-filter=verdict]")).select_by_value("met")
    met = sum(c.verdict == "met" for c in rows)
    assert wait_for(browser, f"return {visible} === arguments[1]", "#ui-verdicts tbody tr", met)
    assert f"{met} of {len(rows)} shown" in browser.find_element(By.CSS_SELECTOR, "#ui-verdicts output").text
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.find_element(By.CSS_SELECTOR, '#ui-matrix a[href="#line-1"]').click()
    assert wait_for(browser, IN_VIEW, "line-1")
    assert browser.execute_script("return window.__pwned") is None
    assert browser.get_screenshot_as_file(str(tmp_path / "series.png"))

    assert open_page(browser, html, tmp_path / "series-phone.html", 390, 844) == []
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways on a phone: {width}"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_series_page_shows_the_five_year_plans(rules: Rules) -> None:
    """A series with a five-year plan and the report after its period: the period's verdicts in a
    section of their own, the compound average as the outcome; a series without one has none."""
    from test_track import _five_years

    series = track_series(_five_years(rules, {2021: 8.0, 2022: 3.0, 2023: 5.2, 2024: 5.0, 2025: 5.4}), rules)
    html = render_tracking(series, "青禾区 2021–2026", rules)
    assert_safe(html)
    section = html[html.index('id="ui-periods"') : html.index('id="ui-charts"')]
    assert "Five-year plans" in section and "2021–2025" in section
    assert "5.31% a year" in section and 'data-verdict="missed"' in section
    assert 'id="ui-periods"' not in render_tracking(track_series(_five_years(rules, {})[1:], rules), "x", rules)
