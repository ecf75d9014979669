"""Readers: a report as PDF, DOCX or HTML extracts the same targets as the report as text.

Every fixture is made here, at test time, from the shared corpus: a PDF set with reportlab
(CJK CID font, wrapped mid-sentence, running head, page numbers), a DOCX made with
python-docx, a GBK web page with navigation, share widget, scripts and footer around the
article. Each is read back and run through the whole extraction.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from plantool import PlantoolError, Rules, extract_text, load_rules
from plantool.pipeline.read import decode_source, sniff
from plantool.pipeline.readers import Chrome, tidy_line
from plantool.pipeline.readers import docx as docx_reader
from plantool.pipeline.readers import html as html_reader
from plantool.pipeline.readers import pdf as pdf_reader

pytestmark = pytest.mark.slow

REPORTS = ["national/2025.txt", "provincial-2026/广东省.txt"]
FONT = "STSong-Light"
_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


_RULES = load_rules().normalize
CHROME = Chrome(_RULES.page_number_line, _RULES.chrome_line)  # the page furniture read.py hands the readers


@pytest.fixture(scope="module", params=REPORTS)
def report(request: pytest.FixtureRequest, shared: Path) -> tuple[str, str]:
    """(title, text) of a corpus report, the title as the corpus index gives it."""
    with (shared / "corpus" / "index.csv").open(encoding="utf-8") as fh:
        titles = {row["file"]: row["title"] for row in csv.DictReader(fh)}
    text = (shared / "corpus" / request.param).read_text(encoding="utf-8")
    return titles[request.param], text


@pytest.fixture(scope="module")
def expected(report: tuple[str, str], rules: Rules) -> list[tuple[Any, ...]]:
    return _targets(report[1], rules)


def _targets(text: str, rules: Rules) -> list[tuple[Any, ...]]:
    doc = extract_text(text, rules=rules)
    return [(t.indicator, t.value, t.low, t.high, t.unit, t.comparator, t.kind, t.strength) for t in doc.targets]


def _lines(text: str) -> list[str]:
    """The report's non-empty lines, white space ignored (readers drop it beside Chinese)."""
    return [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]


# --- fixture builders -------------------------------------------------------------------


def make_pdf(
    lines: list[str],
    header: str | None,
    footer: Callable[[int, int], str] | None = lambda page, total: f"- {page} -",
    *,
    title_first: bool = False,
    pagesize: tuple[float, float] | None = None,
) -> bytes:
    """A PDF of the lines as paragraphs, wrapped CJK-style mid-sentence, first lines indented.

    A running head and a page-number foot are drawn on every page; `title_first` sets the
    first line large and centred, as a report's title.
    """
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    size = pagesize or A4
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24)
    big = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER, firstLineIndent=0)

    def build(total: int) -> tuple[bytes, int]:
        def decorate(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(FONT, 9)
            if header:
                canvas.drawCentredString(size[0] / 2, size[1] - 40, header)
            if footer:
                canvas.drawCentredString(size[0] / 2, 30, footer(doc.page, total))
            canvas.restoreState()

        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=size)
        flow = [Paragraph(escape(line), big if title_first and i == 0 else body) for i, line in enumerate(lines)]
        doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
        return out.getvalue(), doc.page

    _, pages = build(0)
    return build(pages)[0]


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_政府网</title>
<style>.nav a {{ color: red; }} body {{ font-family: "宋体"; }}</style>
<script>var pageTitle = "相关新闻脚本文字"; document.write("脚本写入的文字");</script>
</head>
<body>
<div class="header"><img src="logo.png" alt="网站标志"><span>中华人民共和国某某人民政府门户网站</span></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/fw">办事服务</a></li>
<li><a href="/hd">互动交流</a></li><li><a href="/sj">数据发布</a></li></ul></nav>
<div class="main">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 政府工作报告</div>
  <div class="article">
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
    <div class="TRS_Editor">
{paragraphs}
    </div>
    <div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
  </div>
  <aside><h3>相关新闻</h3><ul><li><a href="/1">某某市召开常务会议研究部署重点工作</a></li>
  <li><a href="/2">某某省推进高质量发展座谈会举行</a></li></ul></aside>
</div>
<script type="text/javascript">
  (function () {{ var s = "统计代码里的中文"; }})();
</script>
<footer><p>版权所有：某某人民政府办公厅　主办单位：某某人民政府办公厅</p><p>网站标识码 1234567890　京ICP备12345678号</p></footer>
</body>
</html>
"""


def make_html(title: str, lines: list[str]) -> bytes:
    """A GBK page (declared gb2312, as many are) with the report's lines as <p> in a content div.

    Paragraphs are indented with ideographic spaces and long ones broken across source
    lines between two Chinese characters, as editors leave them.
    """
    paragraphs = []
    for line in lines:
        text = escape(line)
        cut = next((i for i in range(30, len(text) - 30) if _CJK_PAIR.fullmatch(text[i - 1 : i + 1])), None)
        if cut is not None:
            text = text[:cut] + "\n        " + text[cut:]
        paragraphs.append(f'      <p style="text-indent:2em">\u3000\u3000{text}</p>')
    page = HTML_PAGE.format(title=escape(title), paragraphs="\n".join(paragraphs))
    return page.encode("gbk")


# --- the whole extraction, from each format -------------------------------------------


def test_pdf_reads_as_the_text(report: tuple[str, str], expected: list[tuple[Any, ...]], rules: Rules) -> None:
    title, text = report
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    data = make_pdf(lines, header=title, title_first=lines[0] == "政府工作报告")
    assert sniff(data, "report.pdf") == "pdf"
    got = pdf_reader.to_text(data, "report.pdf", CHROME)
    assert _lines(got) == _lines(text)  # paragraphs rebuilt; no running head, no page number
    assert _targets(got, rules) == expected


def test_docx_reads_as_the_text(report: tuple[str, str], expected: list[tuple[Any, ...]], rules: Rules) -> None:
    _, text = report
    data = make_docx(text.splitlines())
    assert sniff(data, "report.docx") == "docx"
    got = docx_reader.to_text(data, "report.docx", CHROME)
    assert got.splitlines() == [line.strip() for line in text.splitlines() if line.strip()]
    assert _targets(got, rules) == expected


def test_html_reads_as_the_text(report: tuple[str, str], expected: list[tuple[Any, ...]], rules: Rules) -> None:
    title, text = report
    data = make_html(title, [line.strip() for line in text.splitlines() if line.strip()])
    assert sniff(data, "report.html") == "html"
    got = html_reader.to_text(data, "report.html", CHROME)
    for chrome in (
        "首页",
        "当前位置",
        "分享到",
        "打印本页",
        "相关新闻",
        "版权所有",
        "ICP备",
        "脚本",
        "统计代码",
        "color",
    ):
        assert chrome not in got
    assert _lines(got) == _lines(text)
    assert _targets(got, rules) == expected


def test_decode_source_gives_text_and_kind(report: tuple[str, str]) -> None:
    _, text = report
    lines = [line.strip() for line in text.splitlines() if line.strip()][:12]
    docx = decode_source(make_docx(lines), "r")
    assert (docx.text, docx.format) == ("".join(f"{line}\n" for line in lines), "docx")
    plain = decode_source(text.encode("gb18030"), "r.txt")
    assert (plain.text, plain.format, plain.encoding) == (text, "text", "gb18030")


# --- PDF layout --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        lambda page, total: f"{page}",
        lambda page, total: f"第{page}页",
        lambda page, total: f"{page}/{total}",
        lambda page, total: f"第{page}页 共{total}页",
        lambda page, total: f"— {page} —",
        None,
    ],
    ids=["bare", "di-ye", "slash", "di-ye-gong", "dashes", "none"],
)
def test_pdf_page_numbers_and_running_heads_go(report: tuple[str, str], footer: Any) -> None:
    title, text = report
    lines = [line.strip() for line in text.splitlines() if line.strip()][:40]
    from reportlab.lib.pagesizes import A5

    data = make_pdf(lines, header=title, footer=footer, pagesize=A5)
    assert _lines(pdf_reader.to_text(data, "r.pdf", CHROME)) == _lines("\n".join(lines))


def test_pdf_title_in_its_own_size_survives_the_running_head() -> None:
    lines = ["政府工作报告", "各位代表：", "今年经济社会发展的主要预期目标是：国内生产总值增长5%左右。" * 6] * 8
    data = make_pdf(lines, header="政府工作报告", title_first=True)
    got = pdf_reader.to_text(data, "r.pdf", CHROME).splitlines()
    assert got[0] == "政府工作报告"
    assert got.count("政府工作报告") == 8  # the title and the seven in body size, not the running heads


def test_pdf_english_words_keep_their_space_when_wrapped() -> None:
    lines = ["The government work report sets the growth target at around five percent for the year. " * 4]
    got = pdf_reader.to_text(make_pdf(lines, header=None), "r.pdf", CHROME)
    assert got == lines[0].strip() + "\n"


def test_pdf_letter_spaced_lines_lose_the_spaces_pdfminer_puts_in() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))

    def draw(canvas: Any) -> None:
        text = canvas.beginText(72, 700)
        text.setFont(FONT, 12)
        text.setCharSpace(4)  # distributed alignment spreads the characters
        text.textLine("粮食产量稳定在49250万吨，增长2.5%。")
        canvas.drawText(text)

    assert pdf_reader.to_text(_canvas_pdf(draw), "r.pdf", CHROME) == "粮食产量稳定在49250万吨，增长2.5%。\n"


# --- DOCX and HTML details ---------------------------------------------------------------


def test_docx_tables_breaks_and_revisions() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉文字"
    document.add_paragraph("第一段")
    document.add_paragraph("")
    para = document.add_paragraph("上一行")
    para.add_run().add_break()
    para.add_run("下一行")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["指标", "目标", "属性"], ["地区生产总值增长", "5%左右", "预期性"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    tagged = document.add_paragraph("力争在")
    tagged._p.append(
        parse_xml(
            f'<w:smartTag {nsdecls("w")} w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
            "<w:r><w:t>2025年</w:t></w:r></w:smartTag>"
        )
    )
    tagged._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>完成</w:t></w:r></w:ins>'))
    tagged._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>')
    )
    out = io.BytesIO()
    document.save(out)
    got = docx_reader.to_text(out.getvalue(), "r.docx", CHROME)
    assert got == "第一段\n上一行\n下一行\n指标\t目标\t属性\n地区生产总值增长\t5%左右\t预期性\n力争在2025年完成\n"


def test_html_br_ends_a_line_and_gb2312_pages_may_hold_gbk() -> None:
    page = (
        '<html><head><meta charset="gb2312"><title>t</title></head><body>'
        "<div id='content'><h1>2026年政府工作报告</h1>朱镕基同志说：<br>城镇新增就业\n  1200万人以上。<br/>"
        "<p>居民消费价格涨幅<span>2%左右</span>。</p>"
        "<table><tr><td>指标</td><td>目标</td></tr><tr><td>粮食产量</td><td>1.4万亿斤</td></tr></table>"
        "<!-- 注释里的中文 --></div></body></html>"
    ).encode("gbk")
    got = html_reader.to_text(page, "r.html", CHROME)
    assert got == (
        "2026年政府工作报告\n朱镕基同志说：\n城镇新增就业1200万人以上。\n居民消费价格涨幅2%左右。\n"
        "指标\t目标\n粮食产量\t1.4万亿斤\n"
    )


def test_html_title_before_the_article_is_kept() -> None:
    paragraphs = "".join(f"<p>第{i}段，国内生产总值增长5%左右，城镇新增就业1200万人以上。</p>" for i in range(10))
    page = (
        "<!doctype html><html><body><div class='wrap'><nav><a>首页</a></nav>"
        f"<div class='detail'><h2 class='pages-title'>2025年政府工作报告</h2><div class='pages-date'>2025-03-12</div>"
        f"<div class='content'>{paragraphs}</div></div></div></body></html>"
    )
    got = html_reader.to_text(page.encode("utf-8"), "r.html", CHROME).splitlines()
    assert got[0] == "2025年政府工作报告"
    assert len(got) == 11


def test_html_report_pasted_in_parts_is_read_whole_without_related_links() -> None:
    parts = [
        ["各位代表：", "现在，我代表市人民政府，向大会报告政府工作。"],
        ["今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业3万人以上。" * 3, "一般公共预算收入增长3%。"],
    ]
    body = "".join(
        "<div class='Custom_UnionStyle'>" + "".join(f"<p>{p}</p>" for p in part) + "</div>" for part in parts
    )
    related = "".join(f"<li><a href='/{i}'>某某市召开第{i}次常务会议研究部署重点工作</a></li>" for i in range(8))
    page = (
        "<html><body><div class='detail'><h1>2026年某某市政府工作报告</h1>"
        f"<div class='TRS_Editor'>{body}</div><div class='xgxw'><ul>{related}</ul></div></div></body></html>"
    )
    got = html_reader.to_text(page.encode("utf-8"), "r.html", CHROME).splitlines()
    assert got == ["2026年某某市政府工作报告", *parts[0], *parts[1]]


def test_html_without_article_text_is_an_error() -> None:
    with pytest.raises(PlantoolError, match=r"^r\.html: no article text"):
        html_reader.to_text(b"<html><body><script>var a = '\xe4\xb8\xad';</script></body></html>", "r.html", CHROME)


# --- sniffing by content ----------------------------------------------------------------


def test_sniff_tells_kinds_by_content_not_name() -> None:
    lines = ["各位代表：", "国内生产总值增长5%左右。"]
    assert sniff(make_docx(lines), "report.pdf") == "docx"
    assert sniff(make_pdf(lines, header=None), "report.txt") == "pdf"
    assert sniff(b"\xef\xbb\xbf  \n<!DOCTYPE html><html><body>x</body></html>", "report.docx") == "html"
    assert sniff(b"<!-- saved -->\n<HTML>\n<BODY>x</BODY></HTML>", "report.txt") == "html"
    assert sniff("<html><body>x</body></html>".encode("utf-16"), "r") == "html"
    assert sniff("各位代表：\n国内生产总值增长5%左右。\n".encode(), "report.html") == "text"
    assert sniff("<<政府工作报告>>\n各位代表：".encode(), "report.html") == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le"), "legacy Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, r"legacy Word \(\.doc/\.wps\) file; save it as \.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted Office file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image"),
        (b"PK\x03\x04broken", "damaged zip"),
    ],
    ids=["doc", "wps", "encrypted-docx", "png", "jpeg", "bad-zip"],
)
def test_sniff_rejects_binaries_with_advice(data: bytes, message: str) -> None:
    with pytest.raises(PlantoolError, match=rf"^r\.doc: .*{message}"):
        sniff(data, "r.doc")


def test_sniff_rejects_zips_that_are_not_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(PlantoolError, match=r"^r\.docx: an Excel workbook"):
        sniff(out.getvalue(), "r.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("报告.txt", "各位代表")
    with pytest.raises(PlantoolError, match=r"^r\.docx: a zip archive, not a Word document"):
        sniff(out.getvalue(), "r.docx")


# --- PDFs and DOCX files that cannot be read ---------------------------------------------


def _canvas_pdf(draw: Callable[[Any], None], **options: Any) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, **options)
    draw(page)
    page.showPage()
    page.save()
    return out.getvalue()


def test_scanned_pdf_asks_for_ocr() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = ImageReader(Image.new("RGB", (200, 280), "white"))
    image_only = _canvas_pdf(lambda c: c.drawImage(image, 50, 50, 400, 560))
    empty = _canvas_pdf(lambda c: None)
    for data in (image_only, empty):
        assert sniff(data, "scan.pdf") == "pdf"
        with pytest.raises(PlantoolError, match=r"^scan\.pdf: no text layer \(a scanned PDF\?\); run OCR first"):
            decode_source(data, "scan.pdf")


def test_encrypted_pdf_asks_for_an_unencrypted_copy() -> None:
    data = _canvas_pdf(lambda c: c.drawString(72, 700, "secret"), encrypt="pw")
    with pytest.raises(PlantoolError, match=r"^r\.pdf: encrypted PDF .*save an unencrypted copy"):
        decode_source(data, "r.pdf")


def test_copy_protected_pdf_is_still_read() -> None:
    from reportlab.lib import pdfencrypt

    protect = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    data = _canvas_pdf(lambda c: c.drawString(72, 700, "Growth target: around 5 percent."), encrypt=protect)
    assert pdf_reader.to_text(data, "r.pdf", CHROME) == "Growth target: around 5 percent.\n"


@pytest.mark.parametrize("cut", [0.5, 0.98, 0.999])
def test_truncated_or_broken_pdf_is_an_error(cut: float) -> None:
    data = make_pdf(["国内生产总值增长5%左右。" * 20] * 10, header="报告")
    with pytest.raises(PlantoolError, match=r"^r\.pdf: .*(cut short|damaged)"):
        decode_source(data[: int(len(data) * cut)], "r.pdf")
    with pytest.raises(PlantoolError, match=r"^r\.pdf: a damaged PDF"):
        decode_source(b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "r.pdf")


def test_invalid_docx_is_an_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(PlantoolError, match=r"^r\.docx: .*docx"):
        decode_source(out.getvalue(), "r.docx")
    with pytest.raises(PlantoolError, match=r"^r\.docx: not a valid \.docx file"):
        docx_reader.to_text(b"plain text", "r.docx", CHROME)


def test_tidy_line_drops_layout_spaces_and_folds_radicals() -> None:
    assert tidy_line("\u3000\u3000国内⽣产总值 增长 5%左右，\tCPI  涨幅 2%\x0c") == "国内生产总值增长5%左右，CPI涨幅2%"
    assert tidy_line("Made in  China 2025") == "Made in China 2025"


# --- laziness ----------------------------------------------------------------------------


def test_plain_text_never_imports_the_format_libraries() -> None:
    code = (
        "import sys\n"
        "from plantool.pipeline.read import decode_source\n"
        "assert decode_source('各位代表：'.encode(), 'r.txt').text == '各位代表：'\n"
        "loaded = sorted(m for m in ('pdfminer', 'docx', 'bs4', 'reportlab') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
