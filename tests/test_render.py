"""render: documents and diffs as self-contained HTML pages, checked as markup and in a browser.

The browser tests drive Debian's headless Chromium through Selenium and chromedriver, one
session for the module. Without them they skip locally and fail under CI (CI is set).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from plantool import Document, Rules, extract
from plantool.analysis.diff import diff_documents
from plantool.model import Passage, Period, Span
from plantool.output.render import render_diff, render_document, render_tracking
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

# What the pages may contain: no element that loads or runs anything but the one inline script.
ALLOWED_TAGS = {
    *("html", "head", "meta", "link", "title", "style", "script", "body", "header", "nav", "main", "section"),
    *("article", "details", "summary", "h1", "h2", "h3", "p", "ul", "ol", "li", "b", "span", "div", "a", "mark"),
    *("label", "select", "option", "input", "output", "table", "thead", "tbody", "tr", "th", "td"),
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
    assert page.target_ids() == [t.id for t in doc.targets] and len(doc.targets) > 0
    # the passage that sets the 十四五's goals: shaded as goals, its years in its data and its tip
    goals = [(a, "".join(t)) for a, t in page.passages if a["data-role"] == "goals"]
    first = next(((a, t) for a, t in goals if t.lstrip().startswith("“十四五”时期")), None)
    assert first is not None, [t[:20] for _, t in goals]
    assert first[0]["data-period"] == "2021–2025" and "2021–2025" in (first[0]["title"] or "")
    # the 十四五's targets stand in goals passages, the review's results in review ones
    period = [t for t in doc.targets if t.horizon == "period" and t.period == Period(start=2021, end=2025)]
    assert period
    for t in period:
        shade = page.shaded_as[t.id] or {}
        assert (shade.get("data-role"), shade.get("data-period")) == ("goals", "2021–2025"), t.id
    # every mark is shaded as the passage it stands in was read (none in an "other" one)
    items: list[tuple[str, Span]] = [(x.id, x.span) for x in [*doc.targets, *doc.results]]
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


def test_values_are_escaped_by_default(hostile: tuple[Document, str], rules: Rules, small_diff: Any) -> None:
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
    page = assert_shown_as_text(render_diff(diff, rules.numerals))
    assert f"old: {MARKUP} · new: {diff.new.path}" in page.data
    assert page.data.count(MARKUP) == 2  # the added target's indicator and text
    assert diff.pillars_added and all(f"{p.id} {MARKUP}" in page.data for p in diff.pillars_added)

    columns = ["verdict", "indicator"]
    page = assert_shown_as_text(
        render_tracking(MARKUP, MARKUP, [{"verdict": MARKUP, "indicator": MARKUP}], columns, [MARKUP])
    )
    assert [a["data-verdict"] for tag, a in page.tags if tag == "tr" and "data-verdict" in a] == [MARKUP]
    assert [a["value"] for tag, a in page.tags if tag == "option"] == ["*", MARKUP]


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def test_inline_css_and_script_are_the_package_files(seed: tuple[Document, str], rules: Rules, small_diff: Any) -> None:
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
        render_diff(small_diff, rules.numerals),
        render_tracking("title", "subtitle", [{"verdict": "met"}], ["verdict"], []),
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
    html = render_diff(small_diff, rules.numerals)
    assert_safe(html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html == render_diff(small_diff, rules.numerals)
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

    # a row click brings its highlight into view, flashes it and focuses it (its tooltip shows)
    for t in (doc.targets[-1], doc.targets[0], doc.targets[n // 2]):
        cell = browser.find_element(By.CSS_SELECTOR, f'#ui-targets tr[data-id="{t.id}"] td.quote')
        browser.execute_script("window.scrollTo(0, 0); arguments[0].scrollIntoView({block: 'center'})", cell)
        if t is not doc.targets[0]:
            assert not browser.execute_script(IN_VIEW, t.id)
        cell.click()
        assert wait_for(browser, IN_VIEW, t.id)
        assert browser.execute_script("return document.activeElement.id") == t.id
        assert browser.execute_script(f"return document.getElementById('{t.id}').classList.contains('flash')")
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

    assert open_page(browser, render_diff(small_diff, rules.numerals), tmp_path / "diff.html") == []
    total = len(small_diff.matched) + len(small_diff.added) + len(small_diff.dropped)
    assert visible_rows(browser) == total
    Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter=status]")).select_by_value("added")
    assert visible_rows(browser) == len(small_diff.added)
    assert browser.execute_script("return window.__pwned") is None
    assert browser.get_screenshot_as_file(str(tmp_path / "diff.png"))
