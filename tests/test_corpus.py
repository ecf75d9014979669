"""The shared corpus as a smoke test: every report extracts, every span is grounded, the
national plans' pillars are found and no target comes from a review part."""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from pathlib import Path

import pytest
from conftest import as_read

from plantool import Document, extract

pytestmark = pytest.mark.slow

PART = re.compile(r"(?m)^[一二三四五六七八九十]+、[^\n]*$")
PLAN_PART = re.compile(r"政府工作任务|重点工作|政府工作的建议")
REVIEW_PART = re.compile(r"工作回顾")
PILLAR = re.compile(r"(?m)^（[一二三四五六七八九十]+）([^。\n]*)")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def corpus(shared: Path, rules) -> dict[str, tuple[str, Document]]:
    with (shared / "corpus" / "index.csv").open(encoding="utf-8") as fh:
        files = [row["file"] for row in csv.DictReader(fh)]
    assert len(files) == 83
    return {f: (_read(shared / "corpus" / f), extract(shared / "corpus" / f, rules=rules)) for f in files}


def _part(text: str, which: re.Pattern[str]) -> tuple[int, int]:
    heads = list(PART.finditer(text))
    for i, m in enumerate(heads):
        if which.search(m.group(0)):
            return m.start(), heads[i + 1].start() if i + 1 < len(heads) else len(text)
    raise AssertionError(f"no part matching {which.pattern}")


def test_every_span_is_grounded(corpus: dict[str, tuple[str, Document]]) -> None:
    for name, (text, doc) in corpus.items():
        spans = [(t.span.start, t.span.end) for t in [*doc.targets, *doc.results]]
        for t in [*doc.targets, *doc.results]:
            assert as_read(text[t.span.start : t.span.end]) == as_read(t.text), name
            assert not re.search(r"[\n\u200b]", t.text + t.indicator), (name, t.text)  # page debris is dropped
            own = text[t.indicator_span.start : t.indicator_span.end]
            shared = "" if t.shared_span is None else text[t.shared_span.start : t.shared_span.end]
            assert as_read(t.indicator) in (as_read(shared + own), as_read(own + shared)), name  # 分别: the shared words
            a, b = t.indicator_span.start, t.indicator_span.end
            # the indicator is in the target's own text, or in another's: one before it (…78亿元，增长4%;
            # A、B分别…) or the next one (新建35个、修缮20个养老站)
            assert any(s <= a <= b <= e for s, e in spans), (name, t.text)
        for item in [*doc.sections, *doc.pillars, *doc.measures]:
            assert as_read(text[item.title_span.start : item.title_span.end]) == as_read(item.title), name
            assert 0 <= item.span.start <= item.span.end <= len(text)


# Reports known to yield no target, each with why. Each must say so in a warning; a report on it
# that yields targets fails its strict xfail below: take it off. Add one only where the text sets
# no number to reach, and say so.
KNOWN_EMPTY = {
    "national/1975.txt": "its plan sets no number (建成一个独立的比较完整的工业体系…; 全面实现…四个现代化); "
    "its one target was the slogan 团结百分之九十五以上的干部和群众, now left out",
}


def test_every_document_yields_targets(corpus: dict[str, tuple[str, Document]]) -> None:
    empty = {name for name, (_, doc) in corpus.items() if not doc.targets}
    assert empty <= set(KNOWN_EMPTY), sorted(empty - set(KNOWN_EMPTY))
    for name in empty:
        assert any(d.level == "warning" for d in corpus[name][1].diagnostics), f"{name}: no target, and no warning"


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=why)) for n, why in KNOWN_EMPTY.items()]
)
def test_known_empty_reports_yield_targets(corpus: dict[str, tuple[str, Document]], name: str) -> None:
    assert corpus[name][1].targets


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025])
def test_national_plan_pillars(corpus: dict[str, tuple[str, Document]], year: int) -> None:
    text, doc = corpus[f"national/{year}.txt"]
    start, end = _part(text, PLAN_PART)
    expected = [m.group(1).strip() for m in PILLAR.finditer(text, start, end)]
    assert len(expected) >= 8
    assert [p.title for p in doc.pillars] == expected


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025])
def test_no_target_from_national_review(corpus: dict[str, tuple[str, Document]], year: int) -> None:
    text, doc = corpus[f"national/{year}.txt"]
    start, end = _part(text, REVIEW_PART)
    inside = [t.text for t in doc.targets if start <= t.span.start < end]
    assert not inside
    assert any(start <= r.span.start < end for r in doc.results)


def test_no_target_from_any_review_section(corpus: dict[str, tuple[str, Document]]) -> None:
    """A part headed as a review yields targets only where its own words turn it (今年…, “十四五”时期
    …), never where words that commit (确保, 要) alone outweighed its heading."""
    for name, (_, doc) in corpus.items():
        review = {s.id for s in doc.sections if s.role == "review"}
        starts = [p.span.start for p in doc.passages]
        for t in doc.targets:
            if t.section in review:
                passage = doc.passages[bisect_right(starts, t.span.start) - 1]
                assert passage.cue != "words that commit", (name, t.text)


DEBRIS_LINE = re.compile(r"\s*(?:阅读|评论|内容摘要|来源|作者|时间)\s*[：:]")


def test_scraped_reports_extract_and_their_debris_yields_nothing(shared: Path, rules) -> None:
    with (shared / "corpus-hebei" / "index.csv").open(encoding="utf-8") as fh:
        files = [row["file"] for row in csv.DictReader(fh)]
    assert len(files) == 99
    without_review = []
    for f in files:
        doc = extract(shared / "corpus-hebei" / f, rules=rules)
        text = _read(shared / "corpus-hebei" / f)
        first_part = min((s.span.start for s in doc.sections), default=None)
        if "review" not in {s.role for s in doc.sections}:
            without_review.append(f)
        for t in doc.targets:
            assert as_read(text[t.span.start : t.span.end]) == as_read(t.text), f
            # the line it stands on (a scraped page may write its newlines out as \r\n)
            line = text[max(text.rfind("\n", 0, t.span.start) + 1, text.rfind("\\n", 0, t.span.start) + 2) : t.span.start]
            assert first_part is None or t.span.start >= first_part, (f, t.text)  # not in the summary above
            assert "??" not in t.text and not DEBRIS_LINE.match(line), (f, t.text)
    # every scraped report but a short one shows its review part, so last year's figures stay results
    assert len(without_review) <= 1, without_review
