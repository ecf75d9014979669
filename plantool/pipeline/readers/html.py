"""HTML reader: a government web page -> the article's paragraphs, one a line.

BeautifulSoup (with the standard library's html.parser, so no compiled parser is needed)
parses the page. Scripts, styles and page chrome (navigation, headers, footers, share and
print widgets, breadcrumbs) go; then the article is the element holding the most Chinese
text in its own paragraphs, and its block-level elements give the lines; `<br>` ends one.
A chrome-looking element that holds half the page's Chinese text is the article itself
(ASP.NET pages wrap everything in a form; some sites name the article `printContent`)
and stays.
"""

from __future__ import annotations

import re
from typing import Any

from plantool.errors import PlantoolError
from plantool.pipeline.readers import CJK, Chrome, tidy_line

# Never text: removed wherever they stand.
# fmt: off
_JUNK = [
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "canvas", "button", "select", "input", "textarea", "option", "label", "link", "meta", "rt", "rp",
]
# fmt: on
# Page chrome by tag, role, or id/class; removed unless it holds half the page's Chinese text.
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "menu", "dialog"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar"}
_CHROME_NAME = re.compile(
    r"nav|menu|share|print|footer|breadcrumb|crumb|toolbar|sidebar|side-bar|copyright|fenxiang|dayin|daohang"
    r"|weizhi|social|qrcode|erweima|(?:^|[-_\s])(?:foot|bottom|position|location|login|search)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_CHROME_SHARE = 0.5
# fmt: off
_BLOCKS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
# fmt: on
_HEADINGS = ("h1", "h2", "h3")
_PARAGRAPHS = ["p", "div", "section", "article", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"]
# The article's parent is taken instead when its other paragraphs hold this share of the article's text.
_SIBLING_SHARE = 0.2
_TITLE_NAME = re.compile(r"title|biaoti", re.IGNORECASE)
_CJK_CHAR = re.compile(f"[{CJK}]")
# The declared GB charsets are subsets that real pages overrun; GB18030 decodes them all.
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "x-euc-cn", "csgb2312", "gb18030"}


def to_text(data: bytes, name: str, chrome: Chrome) -> str:
    """The article of an HTML page as plain text, one paragraph or heading a line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data, name), "html.parser")
    for tag in soup.find_all(_JUNK):
        tag.decompose()
    _drop_chrome(soup)
    article = _article(soup)
    lines = _lines(article, chrome.line) if article is not None else []
    title = _title(article) if article is not None else None
    if title and title not in lines[:3]:
        lines.insert(0, title)
    if not lines:
        raise PlantoolError(f"{name}: no article text found in the web page; save the report's text as .txt")
    return "".join(f"{line}\n" for line in lines)


def _decode(data: bytes, name: str) -> str:
    """Decode with the charset the page declares (GB ones as GB18030), else UTF-8, else GB18030."""
    from bs4 import UnicodeDammit
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    definite = []
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        definite = ["gb18030" if declared.lower() in _GB else declared]
    dammit = UnicodeDammit(data, known_definite_encodings=definite, user_encodings=["utf-8", "gb18030"], is_html=True)
    if dammit.unicode_markup is None:
        raise PlantoolError(f"{name}: cannot decode the web page; save it as UTF-8")
    return dammit.unicode_markup


def _cjk(tag: Any) -> int:
    return len(_CJK_CHAR.findall(tag.get_text()))


def _drop_chrome(soup: Any) -> None:
    """Remove navigation, headers, footers, widgets; a <header> in an article is its title."""
    total = _cjk(soup)
    for tag in soup.find_all(True):
        if tag.decomposed or not _is_chrome(tag):
            continue
        if _cjk(tag) < _CHROME_SHARE * total:
            tag.decompose()


def _is_chrome(tag: Any) -> bool:
    if tag.name == "header" and tag.find_parent(["article", "main"]) is not None:
        return False
    if tag.name in _CHROME_TAGS or str(tag.get("role", "")).lower() in _CHROME_ROLES:
        return True
    return _CHROME_NAME.search(_names(tag)) is not None


def _names(tag: Any) -> str:
    """A tag's id and classes, space-separated."""
    classes = tag.get("class") or []
    return " ".join([str(tag.get("id") or ""), *([classes] if isinstance(classes, str) else classes)])


def _article(soup: Any) -> Any:
    """The element with the most Chinese text of its own and in its paragraph children's own text.

    Own text is text not inside a nested block, so a page wrapper scores nothing for the
    paragraphs its content div holds. Of equal scores the innermost wins. A report split
    over sibling containers (pasted in parts) is then taken whole: see `_widen`.
    """
    own: dict[int, int] = {}
    for string in soup.find_all(string=True):
        if not _is_text(string):
            continue
        count = len(_CJK_CHAR.findall(string))
        holder = string.find_parent(_BLOCKS)
        if count and holder is not None:
            own[id(holder)] = own.get(id(holder), 0) + count
    best, best_score = None, 0
    for tag in soup.find_all(_BLOCKS):
        children = tag.find_all(_PARAGRAPHS, recursive=False)
        score = own.get(id(tag), 0) + sum(own.get(id(child), 0) for child in children)
        if score > best_score or (score == best_score and any(parent is best for parent in tag.parents)):
            best, best_score = tag, score
    return None if best is None else _widen(best, own)


def _widen(article: Any, own: dict[int, int]) -> Any:
    """Climb to the parent while it holds much more paragraph text beside the article."""
    inside = _paragraph_text(article, own)
    while article.parent is not None and article.parent.name in _BLOCKS:
        around = _paragraph_text(article.parent, own)
        if around - inside < _SIBLING_SHARE * inside:
            break
        article, inside = article.parent, around
    return article


def _paragraph_text(tag: Any, own: dict[int, int]) -> int:
    """Chinese characters in paragraphs (not list items or table cells, where links and menus stand)."""
    return own.get(id(tag), 0) + sum(own.get(id(block), 0) for block in tag.find_all(_PARAGRAPHS))


def _title(article: Any) -> str | None:
    """The heading just before the article, near it (its title, set apart from the body)."""
    if article.find(_HEADINGS) is not None:
        return None
    scope = article.parent.parent if article.parent is not None else None
    for tag in article.find_all_previous(True):
        if tag is scope:
            break
        if tag.name in _HEADINGS or _TITLE_NAME.search(_names(tag)):
            text = tidy_line(tag.get_text(" "))
            if 0 < len(text) <= 100 and _CJK_CHAR.search(text):
                return text
    return None


def _is_text(string: Any) -> bool:
    """A text node that shows as text: not a comment, doctype or ruby annotation."""
    from bs4.element import NavigableString, PreformattedString, RubyParenthesisString, RubyTextString

    return isinstance(string, NavigableString) and not isinstance(
        string, (PreformattedString, RubyTextString, RubyParenthesisString)
    )


def _lines(root: Any, chrome_line: re.Pattern[str]) -> list[str]:
    """The lines of an element: a block or `<br>` ends one; a data table row is one, tab-joined;
    lines of page chrome (print and share widgets, breadcrumbs) left out."""
    lines: list[str] = []
    buffer: list[str] = []

    def end() -> None:
        line = tidy_line("".join(buffer))
        buffer.clear()
        if line and not chrome_line.fullmatch(line):
            lines.append(line)

    def walk(node: Any) -> None:
        from bs4.element import Tag

        if not isinstance(node, Tag):
            if _is_text(node):
                buffer.append(str(node))
            return
        if node.name == "br":
            end()
            for child in node.children:  # older html.parser builds nest what follows <br/> in it
                walk(child)
        elif node.name == "tr" and _is_data_row(node):
            end()
            cells = [" ".join(_lines(cell, chrome_line)) for cell in node.find_all(["td", "th"], recursive=False)]
            if any(cells):
                lines.append("\t".join(cells))
        elif node.name in _BLOCKS:
            end()
            for child in node.children:
                walk(child)
            end()
        else:
            for child in node.children:
                walk(child)

    walk(root)
    end()
    return lines


def _is_data_row(row: Any) -> bool:
    """A table row of cells with no paragraphs in them (not a layout table holding the article)."""
    return row.find(["p", "div", "table", "br", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"]) is None
