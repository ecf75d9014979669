"""Readers: the bytes of a PDF, DOCX or HTML report -> plain text that reads like the .txt.

A leaf of the pipeline: `plantool.pipeline.read` tells a file's kind by its content and hands
the bytes to that kind's module, whose `to_text(data, name, chrome)` gives the text; `chrome`
is the rules' page furniture (page numbers, web-page widget lines), so it is written once, as
rule data. Each reader's third-party library is imported inside it, so reading a plain text
report never loads pdfminer, python-docx or BeautifulSoup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("pdf", "docx", "html", "text")


@dataclass(frozen=True)
class Chrome:
    """Page furniture a reader drops, from the rules (normalize.yaml)."""

    page_number: re.Pattern[str]  # a line that holds only a page number
    line: re.Pattern[str]  # a line of web-page chrome: print and share widgets, breadcrumbs


# Characters of Chinese text (ideographs, CJK and full-width punctuation, Chinese quotes and
# dashes): white space beside one of them is layout, not a word break, in a PDF or web page.
CJK = "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
_CJK_SPACE = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Kangxi radicals and compatibility ideographs that some PDF fonts map their glyphs to
# (⽣ for 生): NFKC folds each onto the ordinary ideograph, which the rules match.
_COMPAT = re.compile("[\u2f00-\u2fdf\uf900-\ufaff]")



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


__all__ = ["CJK", "KINDS", "Chrome", "tidy_line"]
