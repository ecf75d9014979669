"""Readers: the bytes of a PDF, DOCX or HTML report -> plain text that reads like the .txt.

The kind of a file is told by its content (magic bytes), never by its name: a report saved
as `.pdf` that is really a web page is read as a web page. Each reader module holds one
`to_text(data, name)`; its third-party library is imported inside it, so reading a plain
text report never loads pdfminer, python-docx or BeautifulSoup.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

from plantool.errors import PlantoolError

KINDS = ("pdf", "docx", "html", "text")

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

# Characters of Chinese text (ideographs, CJK and full-width punctuation, Chinese quotes and
# dashes): white space beside one of them is layout, not a word break, in a PDF or web page.
CJK = "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
_CJK_SPACE = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Kangxi radicals and compatibility ideographs that some PDF fonts map their glyphs to
# (⽣ for 生): NFKC folds each onto the ordinary ideograph, which the rules match.
_COMPAT = re.compile("[\u2f00-\u2fdf\uf900-\ufaff]")


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


def read_bytes(data: bytes, name: str) -> tuple[str, str]:
    """The text of a report file and its kind, for every kind `sniff` tells.

    Text files are decoded by plantool.pipeline.read (imported here, so that read.py may import this
    package); a caller that needs the detected encoding calls `read.decode_source` itself.
    """
    kind = sniff(data, name)
    if kind == "pdf":
        from plantool.pipeline.readers.pdf import to_text as pdf_text

        return pdf_text(data, name), kind
    if kind == "docx":
        from plantool.pipeline.readers.docx import to_text as docx_text

        return docx_text(data, name), kind
    if kind == "html":
        from plantool.pipeline.readers.html import to_text as html_text

        return html_text(data, name), kind
    from plantool.pipeline.read import decode_source

    return decode_source(data, name).text, kind


def tidy_line(text: str) -> str:
    """One line of laid-out text as a .txt would hold it.

    Control characters go; runs of white space become one space, and none is kept beside a
    Chinese character (PDF justification and HTML source wrapping put them there, the
    report's text has none); compatibility ideographs become the ordinary ones.
    """
    text = _CONTROL.sub("", text)
    text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _CJK_SPACE.sub("", text)
    return _SPACES.sub(" ", text).strip()


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


__all__ = ["KINDS", "read_bytes", "sniff", "tidy_line"]
