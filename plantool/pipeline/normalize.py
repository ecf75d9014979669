"""Normalize: the original text -> a cleaner text to match on, with a map back.

Every edit is a one-for-one character fold or a deletion (thousands separators, web
debris, page-number lines, line breaks from page layout), so the map is a shift table:
runs of normalized text that stand unchanged in the original, found by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, pairwise

from plantool.rules import Rules


@dataclass(frozen=True)
class OffsetMap:
    """Maps a normalized offset to an original one: run k starts at starts[k] -> origins[k]."""

    starts: tuple[int, ...]
    origins: tuple[int, ...]
    length: int  # length of the normalized text
    original_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls((0,), (0,), length, length)

    def to_original(self, pos: int) -> int:
        if pos >= self.length:
            return self.original_length
        k = bisect_right(self.starts, pos) - 1
        return self.origins[k] + pos - self.starts[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalized [start, end): first char to just past the last."""
        if end <= start:
            at = self.to_original(start)
            return at, at
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True)
class Normalized:
    text: str
    map: OffsetMap
    removed: tuple[tuple[int, int, str], ...]  # original spans dropped, with the reason
    shown: frozenset[str] = frozenset()  # the reasons of those an item's text still shows

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.map.span(start, end)

    def debris(self) -> list[tuple[int, int]]:
        """The original spans dropped as page debris (invisible characters, line breaks of the
        layout, page numbers, escapes, lost characters): what an item's text leaves out, so that
        it reads as the sentence it is (全员劳动生\n\u200b\n产率 reads 全员劳动生产率). A thousands
        separator (1,256万元) or a placeholder for a sign (13.3_M_M_) stays: the number as written."""
        return [(s, e) for s, e, why in self.removed if why not in self.shown]


def _delete(text: str, omap: OffsetMap, cuts: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """Delete sorted, non-overlapping [start, end) ranges of `text`, composing the map."""
    cuts = [(s, e) for s, e in cuts if e > s]
    if not cuts:
        return text, omap
    pieces: list[str] = []
    kept_starts: list[tuple[int, int]] = []  # (new position, current position) of each kept run
    pos, new = 0, 0
    for s, e in cuts:
        if s > pos:
            pieces.append(text[pos:s])
            kept_starts.append((new, pos))
            new += s - pos
        pos = max(pos, e)
    if pos < len(text):
        pieces.append(text[pos:])
        kept_starts.append((new, pos))
        new += len(text) - pos
    # Break points of the composed map: each kept run start, and each old break point inside a run.
    points: list[tuple[int, int]] = []
    run_ends = [*(n for n, _ in kept_starts[1:]), new]
    for (n, cur), n_end in zip(kept_starts, run_ends):
        points.append((n, cur))
        lo = bisect_right(omap.starts, cur)
        hi = bisect_right(omap.starts, cur + (n_end - n) - 1)
        points.extend((n + old - cur, old) for old in omap.starts[lo:hi])
    starts = tuple(p for p, _ in points) or (0,)
    origins = tuple(omap.to_original(c) for _, c in points) or (omap.original_length,)
    return "".join(pieces), OffsetMap(starts, origins, new, omap.original_length)


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each line's [start, end), read as the caller goes: no copy of the text is made."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield start, end
        start = end + 1
    yield start, len(text)


def normalize(text: str, rules: Rules) -> Normalized:
    """Fold characters, drop debris and page numbers, join lines broken by layout."""
    r = rules.normalize
    omap = OffsetMap.identity(len(text))
    removed: list[tuple[int, int, str]] = []
    shown = {"thousands separator"}

    def cut(current: str, ranges: list[tuple[int, int]], reason: str) -> str:
        nonlocal omap
        ranges = sorted(ranges)
        removed.extend((*omap.span(s, e), reason) for s, e in ranges if e > s)
        current, omap = _delete(current, omap, ranges)
        return current

    for stand_in in r.stand_ins:
        found = [m.span() for m in stand_in.pattern.finditer(text)]
        if found:  # the last character of each becomes the one it stands for, the rest goes: a span
            chars = list(text)  # that ends with it ends after the whole stand-in in the original
            for _, e in found:
                chars[e - 1] = stand_in.char
            text = "".join(chars)
            text = cut(text, [(s, e - 1) for s, e in found], stand_in.name)
            if stand_in.shown:
                shown.add(stand_in.name)

    text = cut(text, _invisible_breaks(text, rules), "line break at an invisible line")
    # a line of invisible characters goes with its newline, else each one alone; written to open
    # with the character, so that a scan skips to one
    inv = r.invisible.pattern
    invisible = re.compile(rf"(?:{inv})(?:(?<=^(?:{inv}))(?:{inv})*\n)?", re.MULTILINE)
    text = cut(text, [m.span() for m in invisible.finditer(text)], "invisible character")
    text = cut(text, [m.span() for m in r.lost_characters.finditer(text)], "lost characters")
    text = cut(text, [m.span() for m in r.footnote_marker.finditer(text)], "footnote marker")
    text = cut(text, [m.span() for m in r.thousands_separator.finditer(text)], "thousands separator")
    text = r.fold_pattern.sub(lambda m: r.folds[m.group(0)], text)  # one for one; faster than translate on CJK
    text = cut(text, [m.span() for m in r.spaced_digits.finditer(text)], "space inside a number")

    text = cut(text, _at_newlines(r.subscript_break, text), "line break around a subscript")
    lines = islice(_line_spans(text), r.debris_head_lines)
    head = [(s, e) for s, e in lines if any(p.fullmatch(text, s, e) for p in r.debris_lines)]
    text = cut(text, head, "web debris")

    tail = _tail(text, rules)
    text = cut(text, [(tail, len(text))] if tail is not None else [], "page footer")
    pages = [(s, e) for s, e in _line_spans(text) if e > s and r.page_number_line.fullmatch(text, s, e)]
    text = cut(text, pages, "page number")

    chrome = _trailing_chrome(text, rules)
    text = cut(text, [(chrome, len(text))] if chrome is not None else [], "page chrome")

    text = cut(text, _at_newlines(r.split_mark, text), "line break at a quote, an item marker or a clause mark")
    text = cut(text, _layout_breaks(text, rules), "line break")
    text = cut(text, _soft_breaks(text, rules), "soft line break")
    return Normalized(text=text, map=omap, removed=tuple(sorted(removed)), shown=frozenset(shown))


def _at_newlines(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The matches of a pattern each of which holds a line break after spaces only, as finditer
    finds them, tried only where such a break starts: a scan of every character for a match that
    may open with nothing (`[ \t]*\n`) costs more than all the rest of normalizing."""
    spans: list[tuple[int, int]] = []
    for newline in re.finditer("\n", text):
        if spans and newline.start() < spans[-1][1]:
            continue  # inside the match before
        start = newline.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        m = pattern.match(text, start)
        if m and m.end() > newline.start():
            spans.append(m.span())
    return spans


def _invisible_breaks(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Newlines around a line of invisible characters only that a scraper put inside a sentence
    (全员劳动生\n\u200b\n产率): the line before ends no sentence and neither line opens a heading.
    They go with the invisible line, and the words meet again."""
    r = rules.normalize
    breaks = re.compile(rf"\n(?:{r.invisible.pattern})+[ \t]*(?=\n)")
    cuts = []
    for m in breaks.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        line = text[start : m.start()].rstrip()
        beside_heading = _heading_line(text, start, rules) or rules.headings.opens_heading(text, m.end() + 1)
        if line and not r.sentence_end.search(line) and not beside_heading:
            cuts.append((m.start(), m.end() + 1))
    return cuts


def _tail(text: str, rules: Rules) -> int | None:
    """Where the footer at the end of a scraped page starts, if a tail marker shows one."""
    r = rules.normalize
    window = max(0, len(text) - r.tail_window)
    starts = [m.start() for p in r.tail_markers for m in [p.search(text, window)] if m]
    return min(starts) if starts else None


def _trailing_chrome(text: str, rules: Rules) -> int | None:
    """Where the short lines after the report's last sentence start (links to other pages)."""
    r = rules.normalize
    lines = [(s, e) for s, e in _line_spans(text) if text[s:e].strip()]
    for i in range(len(lines) - 1, -1, -1):
        s, e = lines[i]
        if r.sentence_final.search(text, s, e):
            after = lines[i + 1 :]
            return after[0][0] if after else None
        if e - s > r.trailing_line_max_length:
            return None
    return None


def _soft_breaks(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Single newlines inside paragraphs, in a text whose paragraphs are set off by blank lines."""
    r = rules.normalize
    # spaces and a newline after a character of the line (written to open with them: a scan skips to one)
    single = [m for m in re.finditer(r"(?:[ \t](?<=[^\n][ \t])[ \t]*\n|\n(?<=[^\n]\n))(?=[ \t]*[^\s])", text)]
    blank = len(re.findall(r"[^\n]\n[ \t]*\n\s*(?=\S)", text))
    if blank < r.soft_break_min_paragraphs or blank < r.soft_break_ratio * len(single):
        return []
    heading = rules.headings.opens_heading
    return [
        m.span() for m in single if not heading(text, m.end()) and not heading(text, text.rfind("\n", 0, m.start()) + 1)
    ]


_INDENT = re.compile(r"[ \t]*")


def _layout_breaks(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Newlines (with any blank lines between) that split one paragraph across lines or pages.

    A line continues on the next when the paragraph so far is long enough, holds clause
    punctuation (so it is no heading), the line does not end a sentence, neither the paragraph
    nor the next line opens a heading, and the next line does not open a paragraph (an indent).
    A short line inside a paragraph already joined (分别降低 / 15%、15%、 / 19%。) continues it too.
    """
    r = rules.normalize
    cuts: list[tuple[int, int]] = []
    lines = ((s, e) for s, e in _line_spans(text) if text[s:e].strip())
    opened: int | None = None  # where the paragraph the line continues starts, if a break before was joined
    marked = False  # whether the paragraph so far holds clause punctuation (read line by line: no copy)
    for (start, end), (next_start, _) in pairwise(lines):  # each line with the next non-blank one
        line = text[start:end].rstrip()
        first = start if opened is None else opened
        marked = (opened is not None and marked) or r.join_requires.search(line) is not None
        opened = None
        if start + len(line) - first < r.join_min_length or r.sentence_end.search(line) or not marked:
            continue
        gap_end = _INDENT.match(text, next_start).end()  # type: ignore[union-attr]
        indented = r.paragraph_indent.fullmatch(text, next_start, gap_end) is not None
        if not indented and not _heading_line(text, first, rules) and not rules.headings.opens_heading(text, gap_end):
            cuts.append((start + len(line), gap_end))
            opened = first
    return cuts


def _heading_line(text: str, start: int, rules: Rules) -> bool:
    """Whether the line at `start` is a heading, which no line break joins to the next: one that
    opens like a heading and holds no sentence end (a paragraph that opens with a run-in marker,
    第二，…。…, is none)."""
    end = text.find("\n", start)
    return rules.headings.opens_heading(text, start) and not rules.strength.sentence_end.search(
        text, start, end if end >= 0 else len(text)
    )
