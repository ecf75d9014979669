"""Read: bytes -> the original decoded text, the one thing every span points into.

A file's kind (text, PDF, DOCX, web page) is told by its content, never by its name, here and
only here; PDF, DOCX and HTML go to their reader in `readers/`. Text is decoded with its BOM
removed and every newline as `\\n`; encodings are told apart by BOM, then strict UTF-8, then
strict GB18030 (which covers GBK and GB2312).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from plantool.errors import PlantoolError
from plantool.pipeline.readers import Chrome

if TYPE_CHECKING:
    from plantool.rules import Rules

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


def read_source(path: str | Path, encoding: str | None = None, rules: Rules | None = None) -> Source:
    """Read a file (or standard input for `-`) and decode it to text."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        data = _read_bytes(Path(path))
    return decode_source(data, name, encoding, rules)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise PlantoolError(f"{path}: is a directory; give a report file")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise PlantoolError(f"{path}: file not found") from exc
    except OSError as exc:
        raise PlantoolError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def decode_source(data: bytes, name: str = "-", encoding: str | None = None, rules: Rules | None = None) -> Source:
    """Decode bytes into a Source; errors say which file and what to do.

    PDF, DOCX and HTML files (told by their content) go to their readers, which give the text a
    .txt of the report would hold, dropping the page furniture of `rules` (the packaged rules
    if none are given); `--encoding` is for text files only.
    """
    if not data.strip():
        raise PlantoolError(f"{name}: the file is empty")
    kind = sniff(data, name)
    if kind != "text" and encoding is None:
        if rules is None:
            from plantool.rules import load_rules

            rules = load_rules()
        chrome = Chrome(rules.normalize.page_number_line, rules.normalize.chrome_line)
        reader = import_module(f"plantool.pipeline.readers.{kind}")
        text = reader.to_text(data, name, chrome).replace("\r\n", "\n").replace("\r", "\n")
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


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Binaries that are no report text, by their first bytes: what each is, and what to do instead.
_BINARIES = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG), not a report; run OCR first or give the report as text"),
    (b"\xff\xd8\xff", "an image (JPEG), not a report; run OCR first or give the report as text"),
    (b"GIF87a", "an image (GIF), not a report; run OCR first or give the report as text"),
    (b"GIF89a", "an image (GIF), not a report; run OCR first or give the report as text"),
    (b"II*\x00", "an image (TIFF), not a report; run OCR first or give the report as text"),
    (b"MM\x00*", "an image (TIFF), not a report; run OCR first or give the report as text"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
)
# OLE2 stream names (UTF-16LE), first match wins: an encrypted .docx has no WordDocument
# stream, and a Word file with an embedded sheet holds a Workbook stream too.
_LEGACY_WORD = "a legacy Word (.doc/.wps) file; save it as .docx or .txt"
_OLE2_KINDS = (
    ("EncryptedPackage", "an encrypted Office file; save an unencrypted copy as .docx"),
    ("WordDocument", _LEGACY_WORD),
    ("Workbook", "a legacy Excel (.xls) file, not a report; give the report as .docx, .pdf or .txt"),
    ("PowerPoint Document", "a legacy PowerPoint (.ppt) file, not a report; give the report as .docx, .pdf or .txt"),
)
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx), not a report; give the report as .docx, .pdf or .txt"),
    ("ppt/presentation.xml", "a PowerPoint file (.pptx), not a report; give the report as .docx, .pdf or .txt"),
)
_DOCX_MAIN = b"wordprocessingml.document.main+xml"
_HTML_TAG = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")


# Text files that are reports by their name; any other text in a folder (index.csv, notes) is not.
TEXT_SUFFIXES = (".txt", ".md", ".text")
_HEAD = 4096  # bytes read to tell a file's kind


def is_report(path: Path) -> bool:
    """Whether a file found in a folder is a report: a PDF, Word document or web page by its
    content (whatever its name), or a text file named like one (.txt, .md). Files no reader
    takes (images, archives, spreadsheets) are not."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
        data = path.read_bytes() if head.startswith(_ZIP) else head  # a zip's directory is at its end
        kind = sniff(data, str(path))
    except (OSError, PlantoolError):
        return False
    return kind != "text" or path.suffix.lower() in TEXT_SUFFIXES


def sniff(data: bytes, name: str) -> str:
    """The kind of a report file by its content: "pdf", "docx", "html" or "text".

    Raises PlantoolError for files no reader takes (legacy .doc/.wps, images, other zips),
    so the user learns what to convert to instead of getting a decoding error.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE2):
        raise PlantoolError(f"{name}: {_ole2_kind(data)}")
    if data.startswith(_ZIP):
        return _zip_kind(data, name)
    for magic, what in _BINARIES:
        if data.startswith(magic):
            raise PlantoolError(f"{name}: {what}")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise PlantoolError(f"{name}: an image (WebP), not a report; run OCR first or give the report as text")
    return "html" if _looks_like_html(head) else "text"


def _ole2_kind(data: bytes) -> str:
    for stream, what in _OLE2_KINDS:
        if stream.encode("utf-16-le") in data:
            return what
    return _LEGACY_WORD


def _zip_kind(data: bytes, name: str) -> str:
    """Tell a Word document ("docx") from other zips, which are errors saying what they are."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise PlantoolError(f"{name}: a damaged zip (.docx?) file ({exc}); save the report again") from exc
    if "word/document.xml" in names or _DOCX_MAIN in types:
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise PlantoolError(f"{name}: an OpenDocument text (.odt) file; save it as .docx or .txt")
    for part, what in _ZIP_KINDS:
        if part in names:
            raise PlantoolError(f"{name}: {what}")
    raise PlantoolError(f"{name}: a zip archive, not a Word document; unpack it or give the report as .docx or .txt")


def _looks_like_html(head: bytes) -> bool:
    """Markup first (after a BOM and white space) and an html/head/body tag in the first KB."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith(b"<") and _HTML_TAG.search(head) is not None
