"""PDF reader: the text layer of a PDF -> the report as plain text, one paragraph a line.

pdfminer.six lays each page's characters out into lines with their boxes; it reads the CID
fonts and CMaps of Chinese PDFs and tells an encrypted file from a broken one. A PDF has no
paragraphs, only placed lines, so they are rebuilt from the boxes: running headers, footers
and page numbers go, and a line goes on in the next unless it ends short (the next line's
first word would have fitted after it), or the next is indented, set apart by a gap, or in
another font size (a heading). Chinese has no hyphenation, so wrapped lines join with
nothing between them. Pages are read as one column, top to bottom, as reports are set.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import Any

from plantool.errors import PlantoolError
from plantool.pipeline.readers import CJK, Chrome, tidy_line

# How many lines at the top and at the bottom of a page may be running heads or page numbers.
_EDGE_ROWS = 3
# A running head stands on at least this share of the pages (and on two at least).
_RUNNING_SHARE = 0.5
# A line ends its paragraph when the next line's first unbreakable piece (a character, a
# number like 76.58%, with the punctuation that may not start a line) would have fitted in the
# room left at its end, with this many characters to spare: wrapping leaves less room than that.
_SLACK = 0.5
_OPENING = set("“‘（《〈「『【〔([")
_CLOSING = set("、，。；：！？）》〉」』】〕’”%‰…—·,.;:!?)]")
_ASCII = re.compile(r"[!-~]")
_NUMERIC = re.compile(r"[0-9.%０-９．％]")
# The left margin is where at least this share of the lines start (two at least).
_MARGIN_SHARE = 0.1
# A line starts further in than this many characters from the left margin: indented, a new paragraph.
_INDENT = 0.5
# A gap this many times the usual line pitch sets paragraphs apart.
_GAP = 1.3
# A page number stands further than this many line pitches from the body's nearest line.
_NUMBER_GAP = 1.2
# Font sizes this far apart (relative) tell a heading or a note from body text.
_SIZE_STEP = 0.2
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff]")
_IS_CJK = re.compile(f"[{CJK}]")
_LETTER = re.compile(r"[A-Za-z]")
_WORD_END = re.compile(r"[A-Za-z0-9.,;:!?)'\"]")


@dataclass(frozen=True)
class _Row:
    """One printed line of a page: its text and box in PDF points (y grows upwards)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    em: float  # the width of one Chinese character here, about the font size
    lead: float  # the width of the first piece that wrapping cannot split


@dataclass(frozen=True)
class _Margins:
    left: float
    right: float


def to_text(data: bytes, name: str, chrome: Chrome) -> str:
    """The report in a PDF as plain text: paragraphs one a line, page furniture dropped."""
    pages = [_rows(layout) for layout in _layouts(data, name)]
    _check_glyphs(pages, name)
    body = _drop_furniture([[_clean(row) for row in page] for page in pages], chrome.page_number)
    with_text = sum(1 for page in body if page)
    if with_text * 2 < len(body) or not with_text:
        where = f" on {len(body) - with_text} of {len(body)} pages" if with_text else ""
        raise PlantoolError(f"{name}: no text layer{where} (a scanned PDF?); run OCR first or give the report as text")
    return "".join(f"{paragraph}\n" for paragraph in _paragraphs(body))


def _layouts(data: bytes, name: str) -> Iterator[Any]:
    """pdfminer's layout of each page (an LTPage); a file it cannot read is a PlantoolError."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if b"%%EOF" not in data[-2048:]:
        raise PlantoolError(f"{name}: the PDF is cut short (no %%EOF at its end); download or save it again")
    # boxes_flow=None: lines are put in order here, by position, so pdfminer need not order boxes.
    params = LAParams(boxes_flow=None, all_texts=True, detect_vertical=False)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=params)
        interpreter = PDFPageInterpreter(resources, device)
        # create_pages, not get_pages: no warning logged for a copy-protected file; its text is read.
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield device.get_result()
    except PDFPasswordIncorrect as exc:
        raise PlantoolError(f"{name}: encrypted PDF (it needs a password); save an unencrypted copy") from exc
    except PDFEncryptionError as exc:
        raise PlantoolError(
            f"{name}: encrypted PDF ({exc or 'unsupported encryption'}); save an unencrypted copy"
        ) from exc
    except Exception as exc:
        # pdfminer raises plain KeyError, TypeError, ValueError … on malformed files, not only its own errors.
        raise PlantoolError(
            f"{name}: a damaged PDF ({type(exc).__name__}: {exc}); download or save it again, or give the report as text"
        ) from exc


def _rows(layout: Any) -> list[_Row]:
    """The printed lines of a page, top to bottom; pieces of one line (split at gaps) joined."""
    pieces = sorted(_pieces(layout), key=lambda p: (-p.y1, p.x0))
    rows: list[list[_Row]] = []
    for piece in pieces:
        row = rows[-1] if rows else None
        if row is not None:
            low, high = min(p.y0 for p in row), max(p.y1 for p in row)
            shared = min(high, piece.y1) - max(low, piece.y0)
            if shared >= 0.5 * min(high - low, piece.y1 - piece.y0):
                row.append(piece)
                continue
        rows.append([piece])
    merged = []
    for row in rows:
        row.sort(key=lambda p: p.x0)
        merged.append(
            _Row(
                text=" ".join(p.text for p in row),
                x0=row[0].x0,
                x1=max(p.x1 for p in row),
                y0=min(p.y0 for p in row),
                y1=max(p.y1 for p in row),
                em=max(p.em for p in row),
                lead=row[0].lead,
            )
        )
    return merged


def _pieces(item: Any) -> Iterator[_Row]:
    """Every horizontal text line pdfminer found in a layout item, however deeply nested."""
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    if isinstance(item, LTTextLineHorizontal):
        text = _line_text(item)
        chars = [ch for ch in item if isinstance(ch, LTChar) and ch.get_text().strip()]
        if chars:
            widths = [ch.width for ch in chars if _IS_CJK.match(ch.get_text())]
            em = median(widths) if widths else item.height
            yield _Row(text, item.x0, item.x1, item.y0, item.y1, em or 1.0, _lead(chars))
    elif isinstance(item, Iterable):
        for child in item:
            yield from _pieces(child)


def _line_text(line: Any) -> str:
    """A line's text; the spaces pdfminer puts into letter-spaced numbers (4 9 2 5 0) left out."""
    from pdfminer.layout import LTAnno

    items = list(line)
    parts = []
    for k, item in enumerate(items):
        text = item.get_text()
        if (
            isinstance(item, LTAnno)
            and 0 < k < len(items) - 1
            and _NUMERIC.fullmatch(items[k - 1].get_text())
            and _NUMERIC.fullmatch(items[k + 1].get_text())
        ):
            continue
        parts.append(text)
    return "".join(parts).rstrip("\n")


def _lead(chars: list[Any]) -> float:
    """The width of a line's first piece that wrapping cannot split.

    That is any marks the line starts with, then one character or a run of ASCII (a number
    such as 76.58, a word), then any punctuation that may not start a line.
    """
    i, n = 0, len(chars)
    while i < n - 1 and chars[i].get_text() in _OPENING | _CLOSING:
        i += 1
    if _ASCII.fullmatch(chars[i].get_text()):
        while i < n and _ASCII.fullmatch(chars[i].get_text()):
            i += 1
    else:
        i += 1
    while i < n and chars[i].get_text() in _CLOSING:
        i += 1
    return float(chars[i - 1].x1 - chars[0].x0)


def _check_glyphs(pages: list[list[_Row]], name: str) -> None:
    """Glyphs with no Unicode behind them (pdfminer's "(cid:N)") cannot be read as text."""
    text = "".join(row.text for page in pages for row in page)
    unmapped = sum(len(m.group()) for m in _UNMAPPED.finditer(text))
    if unmapped * 10 > len(text):
        raise PlantoolError(
            f"{name}: the PDF's fonts do not map their glyphs to text; run OCR first or give the report as text"
        )


def _clean(row: _Row) -> _Row:
    text = tidy_line(_UNMAPPED.sub("", row.text))
    return _Row(text, row.x0, row.x1, row.y0, row.y1, row.em, row.lead)


def _key(text: str) -> str:
    """A running head's text with its numbers blanked, the same on every page."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Row]], page_number: re.Pattern[str]) -> list[list[_Row]]:
    """Drop page numbers and the running heads and feet repeated at the edges of most pages.

    A repeat in another font size is kept: the report's title on page 1, set large, under
    the same words as the running head of the pages after it.
    """
    pages = [[row for row in page if row.text] for page in pages]
    need = max(2.0, _RUNNING_SHARE * len(pages))
    top = _running([page[:_EDGE_ROWS] for page in pages], need)
    bottom = _running([page[-_EDGE_ROWS:] for page in pages], need)
    pitch = _pitch(pages)
    kept = []
    for page in pages:
        start, end = 0, len(page)
        while start < min(end, _EDGE_ROWS) and _furniture(page, start, start + 1, top, pitch, page_number):
            start += 1
        while end > max(start, len(page) - _EDGE_ROWS) and _furniture(page, end - 1, end - 2, bottom, pitch, page_number):
            end -= 1
        kept.append(page[start:end])
    return kept


def _running(edges: list[list[_Row]], need: float) -> dict[str, float]:
    """The running texts among the pages' edge rows, with the font size each is set in."""
    counts = Counter(key for edge in edges for key in {_key(row.text) for row in edge})
    sizes: dict[str, list[float]] = {}
    for edge in edges:
        for row in edge:
            sizes.setdefault(_key(row.text), []).append(row.em)
    return {key: median(sizes[key]) for key, count in counts.items() if count >= need}


def _furniture(
    page: list[_Row], at: int, inward: int, running: dict[str, float], pitch: float | None, page_number: re.Pattern[str]
) -> bool:
    """Whether edge row `at` is a running head or foot, or a page number.

    A page number stands apart from the row `inward` of it (unless that row is a running
    head too): a line of just a number in the body's line pitch is text (M / 2 of M2).
    """
    if _running_row(page[at], running):
        return True
    if not page_number.fullmatch(page[at].text):
        return False
    if pitch is None or not 0 <= inward < len(page) or _running_row(page[inward], running):
        return True
    return abs(page[inward].y0 - page[at].y0) > _NUMBER_GAP * pitch


def _running_row(row: _Row, running: dict[str, float]) -> bool:
    size = running.get(_key(row.text))
    return size is not None and abs(row.em - size) <= _SIZE_STEP * size


def _paragraphs(pages: list[list[_Row]]) -> list[str]:
    """Join the rows of all pages into paragraphs, across page breaks too."""
    rows = [row for page in pages for row in page]
    if not rows:
        return []
    whole = _margins(rows)
    pitch = _pitch(pages)
    paragraphs: list[str] = []
    current = ""
    previous: tuple[_Row, _Margins] | None = None
    for page in pages:
        margins = _page_margins(page, whole)
        for i, row in enumerate(page):
            if previous is None or _starts_paragraph(*previous, row, margins, pitch if i else None):
                if current:
                    paragraphs.append(current)
                current = row.text
            else:
                current = _join(current, row.text)
            previous = (row, margins)
    if current:
        paragraphs.append(current)
    return paragraphs


def _starts_paragraph(a: _Row, am: _Margins, b: _Row, bm: _Margins, pitch: float | None) -> bool:
    """Whether row `b` starts a new paragraph after row `a` (pitch is None across a page break)."""
    if am.right - a.x1 > b.lead + _SLACK * a.em:
        return True
    if b.x0 > bm.left + _INDENT * b.em:
        return True
    if abs(b.em - a.em) > _SIZE_STEP * a.em:
        return True
    return pitch is not None and a.y0 - b.y0 > _GAP * pitch


def _join(a: str, b: str) -> str:
    """Join a wrapped line to the next: an English word gets its space back, Chinese nothing."""
    return f"{a} {b}" if _WORD_END.fullmatch(a[-1]) and _LETTER.fullmatch(b[0]) else a + b


def _margins(rows: list[_Row]) -> _Margins:
    """The text block's edges: the leftmost start many lines share, the end most full lines share.

    Not the commonest start: on a page of short paragraphs most lines are first lines, indented.
    """
    starts = Counter(round(row.x0) for row in rows)
    enough = max(2, _MARGIN_SHARE * len(rows))
    rights = [row.x1 for row in rows]
    middle = median(rights)
    return _Margins(
        left=float(min((x for x, n in starts.items() if n >= enough), default=min(starts))),
        right=_mode(x for x in rights if x >= middle),
    )


def _page_margins(page: list[_Row], whole: _Margins) -> _Margins:
    """This page's margins where it has enough full lines (odd and even pages may differ)."""
    full = [row for row in page if row.x1 - row.x0 >= 0.8 * (whole.right - whole.left)]
    return _margins(full) if len(full) >= 3 else whole


def _mode(values: Iterable[float]) -> float:
    """The most common value to the point; of equally common ones, the first seen."""
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0])


def _pitch(pages: list[list[_Row]]) -> float | None:
    """The usual distance from one line to the next of the same size on a page."""
    steps = [
        a.y0 - b.y0
        for page in pages
        for a, b in pairwise(page)
        if a.y0 > b.y0 and abs(a.em - b.em) <= _SIZE_STEP * a.em
    ]
    return median(steps) if steps else None
