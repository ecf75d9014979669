"""DOCX reader: a Word document -> its paragraphs in document order, one a line.

python-docx opens the package (and tells a Word document from a broken or foreign zip); the
text is then read from the body's XML, because python-docx's own paragraph text skips runs
inside tracked insertions, smart tags (Chinese Word tags dates with them) and content
controls. Deleted text (w:delText), field codes and tab-stop definitions are not text.
Tables come one row a line, cells joined by a tab; headers and footers are other parts and
are left out, as the running heads of a PDF are.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from plantool.errors import PlantoolError
from plantool.pipeline.readers import Chrome

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Subtrees holding no paragraph text: properties, deletions, text boxes (their own paragraphs,
# drawn elsewhere), and the fallback copy of content that mc:AlternateContent carries twice.
_SKIP = {
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_W}txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_BREAKS = {f"{_W}br", f"{_W}cr"}


def to_text(data: bytes, name: str, chrome: Chrome) -> str:
    """The text of a .docx: non-empty paragraphs and table rows, one a line (a Word file holds
    its page furniture apart from its body, so `chrome` has nothing to drop)."""
    body = _body(data, name)
    return "".join(f"{line}\n" for line in _blocks(body))


def _body(data: bytes, name: str) -> Any:
    """The document's w:body element; a file python-docx cannot open is a PlantoolError."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data)).element.body
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise PlantoolError(f"{name}: not a valid .docx file; save the report again as .docx or .txt") from exc
    except Exception as exc:
        # python-docx raises plain KeyError, ValueError, AttributeError, lxml's XMLSyntaxError …
        # on a damaged package, not errors of its own.
        raise PlantoolError(
            f"{name}: a damaged .docx file ({type(exc).__name__}: {exc}); save the report again as .docx or .txt"
        ) from exc


def _blocks(container: Any) -> Iterator[str]:
    """Lines of the paragraphs and table rows directly in a container, in order."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield from (line.strip() for line in _paragraph(child).split("\n") if line.strip())
        elif child.tag == f"{_W}tbl":
            yield from _table(child)
        elif child.tag == f"{_W}sdt":
            yield from _blocks(_content(child))


def _table(table: Any) -> Iterator[str]:
    """One line per row, its cells joined by a tab; a row of empty cells is skipped."""
    for row in _children(table, f"{_W}tr"):
        cells = [" ".join(_blocks(cell)) for cell in _children(row, f"{_W}tc")]
        if any(cells):
            yield "\t".join(cells)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children with this tag, also those wrapped in content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            yield from _children(_content(child), tag)


def _content(sdt: Any) -> Any:
    """A content control's content, or the control itself when it has none (it then yields nothing)."""
    content = sdt.find(f"{_W}sdtContent")
    return sdt if content is None else content


def _paragraph(p: Any) -> str:
    """The visible text of a w:p, with tabs and line breaks as \\t and \\n."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            _collect(child, parts)
