"""Read: bytes -> the original decoded text, the one thing every span points into.

The decoded text has its BOM removed and every newline as `\\n`. Encodings are told apart
by BOM, then strict UTF-8, then strict GB18030 (which covers GBK and GB2312).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from plantool.errors import PlantoolError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline and carriage return mark a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """A decoded document and where it came from; `text` is what every span indexes."""

    text: str
    path: str
    sha256: str
    encoding: str  # of a text file; for PDF, DOCX and HTML the library decodes, and this says "utf-8"
    format: str = "text"  # text, pdf, docx or html: told by content, not by name


def read_source(path: str | Path, encoding: str | None = None) -> Source:
    """Read a file (or standard input for `-`) and decode it to text."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        data = _read_bytes(Path(path))
    return decode_source(data, name, encoding)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise PlantoolError(f"{path}: is a directory; give a report file")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise PlantoolError(f"{path}: file not found") from exc
    except OSError as exc:
        raise PlantoolError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def decode_source(data: bytes, name: str = "-", encoding: str | None = None) -> Source:
    """Decode bytes into a Source; errors say which file and what to do.

    PDF, DOCX and HTML files (told by their first bytes) go to their readers, which give the
    text a .txt of the report would hold; `--encoding` is for text files only.
    """
    if not data.strip():
        raise PlantoolError(f"{name}: the file is empty")
    from plantool.pipeline.readers import read_bytes, sniff

    kind = sniff(data, name)
    if kind != "text" and encoding is None:
        text, kind = read_bytes(data, name)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise PlantoolError(f"{name}: the {kind.upper()} file holds no text")
        return Source(text=text, path=name, sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", format=kind)
    text, used = _decode(data, name, encoding)
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > max(8, len(text) // 1000):
        raise PlantoolError(f"{name}: looks like a binary file, not a text report ({controls} control characters)")
    if not text.strip():
        raise PlantoolError(f"{name}: the file holds only white space")
    return Source(text=text, path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=used)


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise PlantoolError(f"--encoding {encoding}: unknown encoding") from exc
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise PlantoolError(
                f"{name}: not valid {encoding} at byte {exc.start}; try another --encoding or none"
            ) from exc
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise PlantoolError(f"{name}: starts with a {codec} byte-order mark but does not decode as it") from exc
    if b"\x00" in data:
        raise PlantoolError(f"{name}: looks like a binary file (NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # UTF-8 that breaks off, or turns into something else after real UTF-8 Chinese, is no GBK
        # text: decoding it as GB18030 would give fluent nonsense
        valid = data[: exc.start].decode("utf-8")
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            raise PlantoolError(f"{name}: UTF-8 cut off in the middle of a character at byte {exc.start}") from exc
        if sum(ord(ch) > 127 for ch in valid) >= 2:
            raise PlantoolError(
                f"{name}: UTF-8 up to byte {exc.start}, then something else (mixed encodings?); give --encoding"
            ) from exc
    try:
        return data.decode("gb18030"), "gb18030"  # GB18030 also reads GBK and GB2312
    except UnicodeDecodeError:
        pass
    raise PlantoolError(f"{name}: cannot decode as UTF-8, UTF-16 or GB18030; give --encoding")
