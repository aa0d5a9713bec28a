"""Writes the corpus samples in PDF, Word, spreadsheet and HTML form.

Run at development time; its output is committed under corpus/ with golden
records, so tests never need a font or a network:

    .venv/bin/python tests/corpus_formats.py            # rewrites the samples in corpus/

PDFs are drawn with reportlab's built-in CID font STSong-Light, which needs
no font file on any machine (the reader's CMaps map it to Unicode); .docx
with python-docx, .xlsx with openpyxl. A release given as a .txt file is
laid out from its text: blocks separated by blank lines, a block whose
lines hold tabs is a table (lines above its first tabbed line are its
caption). The tests use the same functions to build hostile and large files
in a temporary folder (tests/test_formats.py, tests/bench_formats.py).
"""
from __future__ import annotations

import datetime
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FONT = "STSong-Light"
A4 = (595.27, 841.89)
FIXED_TIME = datetime.datetime(2024, 1, 1, 8, 0, 0)


@dataclass
class Block:
    lines: list[str]  # a paragraph is one line; a table's caption lines come first
    rows: list[list[str]] = field(default_factory=list)  # a table's rows, header first


def blocks(text: str) -> list[Block]:
    """The blocks of a release written as text (see the module doc)."""
    out: list[Block] = []
    for chunk in text.strip("\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        first_row = next((i for i, line in enumerate(lines) if "\t" in line), None)
        if first_row is None:
            out.extend(Block([line]) for line in lines)
        else:
            out.append(Block(lines[:first_row], [line.split("\t") for line in lines[first_row:]]))
    return out


# --- PDF ------------------------------------------------------------------------


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_bytes(content: Sequence[Block], running_header: str, size: float = 12.0, width: float = 400.0,
              encrypt: str | None = None) -> bytes:
    """A release drawn on A4 pages: a running header and a page number on every
    page, the first block as a centred title, paragraphs indented two characters
    and wrapped anywhere (as Chinese is), tables as columns of text."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_font()
    buffer = io.BytesIO()
    security = pdfencrypt.StandardEncryption(encrypt, canPrint=1) if encrypt else None
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=security)
    c.setTitle(running_header)
    left = (A4[0] - width) / 2
    top, bottom = A4[1] - 90, 80
    leading = size * 1.6
    page = 1
    y = top

    def furniture() -> None:
        c.setFont(FONT, 9)
        c.drawCentredString(A4[0] / 2, A4[1] - 50, running_header)
        c.drawCentredString(A4[0] / 2, 40, f"— {page} —")

    def need(height: float) -> None:
        nonlocal y, page
        if y - height < bottom:
            furniture()
            c.showPage()
            page += 1
            y = top
            c.setFont(FONT, size)  # a new page starts with the default font

    def wrapped(text: str, first_indent: float) -> list[tuple[float, str]]:
        lines: list[tuple[float, str]] = []
        indent, line = first_indent, ""
        for ch in text:
            if stringWidth(line + ch, FONT, size) > width - indent:
                lines.append((indent, line))
                indent, line = 0.0, ""
            line += ch
        lines.append((indent, line))
        return lines

    for n, block in enumerate(content):
        for line in block.lines:
            if n == 0:
                need(leading * 2)
                c.setFont(FONT, size + 4)
                c.drawCentredString(A4[0] / 2, y, line)
                y -= leading * 2
                continue
            c.setFont(FONT, size)
            centred = len(line) < 30 and not block.rows and line[-1:] not in "。；：！？"
            if block.rows or (centred and n > 0 and not line.startswith(("一", "二", "三", "四", "五"))):
                need(leading)
                if line.startswith("单位"):
                    c.drawRightString(left + width, y, line)
                else:
                    c.drawCentredString(A4[0] / 2, y, line)
                y -= leading
                continue
            for indent, part in wrapped(line, 2 * size):
                need(leading)
                c.drawString(left + indent, y, part)
                y -= leading
            y -= size * 0.6  # space after a paragraph
        if block.rows:
            columns = max(len(r) for r in block.rows)
            widths = [max(stringWidth(r[i], FONT, size) if i < len(r) else 0 for r in block.rows)
                      for i in range(columns)]
            gap = max(2 * size, (width - sum(widths)) / max(1, columns - 1))
            for row in block.rows:
                need(leading)
                x = left
                for i, cell in enumerate(row):
                    c.drawString(x, y, cell)
                    x += widths[i] + gap
                y -= leading
            y -= size * 0.6
    furniture()
    c.showPage()
    c.save()
    return buffer.getvalue()


# --- Word ------------------------------------------------------------------------


@dataclass(frozen=True)
class Merge:
    row: int
    col: int
    rows: int = 1
    cols: int = 1


def docx_bytes(content: Sequence[Block], merges: Sequence[Merge] = (), header_rows: int = 1) -> bytes:
    """A Word file: one paragraph per line, tables as Word tables (merged cells
    merged, header rows marked to repeat)."""
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    props = document.core_properties
    props.author, props.created, props.modified, props.last_modified_by = "press-extract", FIXED_TIME, FIXED_TIME, ""
    for block in content:
        for line in block.lines:
            document.add_paragraph(line)
        if block.rows:
            columns = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=columns)
            for r, row in enumerate(block.rows):
                for i, text in enumerate(row):
                    if text:
                        table.cell(r, i).text = text
                if r < header_rows:
                    tr_pr = table.rows[r]._tr.get_or_add_trPr()
                    tr_pr.append(OxmlElement("w:tblHeader"))
            for m in merges:
                table.cell(m.row, m.col).merge(table.cell(m.row + m.rows - 1, m.col + m.cols - 1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- HTML ------------------------------------------------------------------------


def html_text(content: Sequence[Block], title: str, spans: dict[tuple[int, int], tuple[int, int]] | None = None,
              header_rows: int = 1) -> str:
    """A portal page: navigation, the release in <p> elements, tables as <table>
    (cells in `spans` as (row, col) -> (rowspan, colspan)), a footer."""
    from html import escape

    spans = spans or {}
    body: list[str] = []
    for n, block in enumerate(content):
        for line in block.lines:
            tag = "h1" if n == 0 else "p"
            body.append(f"<{tag}>{escape(line)}</{tag}>")
        if block.rows:
            covered = {(r + dr, c + dc) for (r, c), (rs, cs) in spans.items()
                       for dr in range(rs) for dc in range(cs) if (dr, dc) != (0, 0)}
            rows: list[str] = []
            for r, row in enumerate(block.rows):
                tag = "th" if r < header_rows else "td"
                cells = []
                for i, text in enumerate(row):
                    if (r, i) in covered:
                        continue
                    rs, cs = spans.get((r, i), (1, 1))
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    shown = escape(text).replace("\u3000", "&#12288;")
                    cells.append(f"<{tag}{attrs}>{shown}</{tag}>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            head, rest = rows[:header_rows], rows[header_rows:]
            body.append("<table border=\"1\">\n<thead>" + "\n".join(head) + "</thead>\n<tbody>"
                        + "\n".join(rest) + "</tbody>\n</table>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>td,th{{padding:2px 6px}}</style>\n</head>\n<body>\n"
            "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/xw/\">新闻</a> <a href=\"/zw/\">政务</a> "
            "<a href=\"/sj/\">数据</a> <a href=\"/hd/\">互动</a></div>\n<div class=\"article\">\n"
            + "\n".join(body) + "\n</div>\n<div class=\"footer\">版权所有 统计信息网 "
            "备案号：皖ICP备00000000号</div>\n</body>\n</html>\n")


# --- spreadsheets ------------------------------------------------------------------


Sheet = tuple[str, Sequence[Sequence[object]], Sequence[Merge], dict[tuple[int, int], int]]


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook: per sheet its name, rows (numbers as numbers), merged ranges and
    cell indents ((row, col) -> alignment indent)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "press-extract"
    for name, rows, merges, indents in sheets:
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None and value != "":
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, float):
                        cell.number_format = "0.0"
        for m in merges:
            ws.merge_cells(start_row=m.row + 1, start_column=m.col + 1,
                           end_row=m.row + m.rows, end_column=m.col + m.cols)
        for (r, c), indent in indents.items():
            ws.cell(row=r + 1, column=c + 1).alignment = Alignment(indent=indent)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the corpus samples -------------------------------------------------------------

HEFEI = "industry_hefei_q3"  # one release in four formats: tests/test_formats.py compares them

CHENGDU_TEXT = """成都市1-11月各区（市）县工业运行情况

12月15日，成都市经济和信息化局发布全市1-11月工业运行数据。1-11月，全市规模以上工业增加值同比增长5.9%，其中双流区增速居全市第1位。

附表　1-11月各区（市）县规模以上工业增加值
地区	1-11月	
	增加值（亿元）	增长（%）
全市	3560.2	5.9
锦江区	102.4	3.1
青羊区	88.9	-1.2
双流区	612.7	8.4
　　其中：航空港片区	201.3	9.6
"""
CHENGDU_MERGES = (Merge(0, 0, rows=2), Merge(0, 1, cols=2))

GUIZHOU_TEXT = """贵州省地区生产总值主要数据

1月20日，贵州省统计局公布2023年全省经济运行数据。全省地区生产总值20913.3亿元，比上年增长4.9%，增速居西部第3。

表1　地区生产总值
指标		2023年		2022年	
		绝对数（亿元）	增长（%）	绝对数（亿元）	增长（%）
地区生产总值		20913.3	4.9	20164.6	1.2
第一产业		2931.9	4.1	2861.2	3.6
第二产业	工业	5961.6	4.6	5746.0	0.7
	建筑业	1926.4	3.1	1885.9	-1.4
第三产业		10093.4	5.3	9671.5	1.5

数据来源：贵州省统计局。
"""
# (row, col) -> (rowspan, colspan) of the merged cells of the table
GUIZHOU_SPANS = {(0, 0): (2, 2), (0, 2): (1, 2), (0, 4): (1, 2), (2, 0): (1, 2), (3, 0): (1, 2),
                 (4, 0): (2, 1), (6, 0): (1, 2)}

KUNMING_ROWS: list[list[object]] = [
    ["2023年1-11月昆明市主要经济指标", None, None, None, None, None],
    ["单位说明：绝对数按当年价格计算，增速按可比价格计算", None, None, None, None, None],
    ["指标", "单位", "1-11月", None, "11月", None],
    [None, None, "绝对数", "比上年同期增长（%）", "绝对数", "比上年同月增长（%）"],
    ["规模以上工业增加值", "亿元", 1520.3, 9.1, 150.2, 8.7],
    ["其中：轻工业", "亿元", 420.5, 5.2, 40.1, 4.9],
    ["重工业", "亿元", 1099.8, 10.6, 110.1, 10.2],
    ["发电量", "亿千瓦时", 612.4, -3.1, 55.0, -2.4],
    ["社会消费品零售总额", "亿元", 3520.9, 6.8, 340.6, 7.5],
    ["城镇", "亿元", 3012.3, 6.5, 291.2, 7.1],
    ["乡村", "亿元", 508.6, 8.9, 49.4, 9.8],
    ["接待游客", "万人次", 18523, 21.4, 1405, 18.0],
]
KUNMING_MERGES = (Merge(0, 0, cols=6), Merge(1, 0, cols=6), Merge(2, 0, rows=2), Merge(2, 1, rows=2),
                  Merge(2, 2, cols=2), Merge(2, 4, cols=2))
KUNMING_INDENTS = {(5, 0): 1, (6, 0): 2, (9, 0): 1, (10, 0): 1}

YUNNAN_CSV = """云南省2023年进出口分贸易方式
单位：亿元
贸易方式,进出口,比上年增长(%),出口,比上年增长(%)
一般贸易,1820.4,-5.2,1105.7,3.6
加工贸易,210.8,12.4,150.3,15.1
边境小额贸易,436.9,18.7,254.2,21.3
"""


def _rows_of(text: str) -> list[list[str]]:
    return [b.rows for b in blocks(text) if b.rows][0]


def samples() -> dict[str, bytes]:
    """File name -> bytes of every generated corpus sample."""
    hefei = blocks((CORPUS / f"{HEFEI}.txt").read_text(encoding="utf-8"))
    county = blocks((CORPUS / "bulletin_county_2023.txt").read_text(encoding="utf-8"))
    chengdu, guizhou = blocks(CHENGDU_TEXT), blocks(GUIZHOU_TEXT)
    return {
        f"{HEFEI}_pdf.pdf": pdf_bytes(hefei, "合肥市统计局 新闻发布", size=16, width=320),
        f"{HEFEI}_docx.docx": docx_bytes(hefei),
        f"{HEFEI}_html.html": html_text(hefei, "合肥市前三季度工业经济运行情况发布_合肥市统计局").encode(),
        "bulletin_county_2023_pdf.pdf": pdf_bytes(county, "武胜县2023年国民经济和社会发展统计公报", size=11, width=420),
        "industry_chengdu_docx.docx": docx_bytes(chengdu, CHENGDU_MERGES, header_rows=2),
        "gdp_guizhou_table.html": html_text(guizhou, "贵州省地区生产总值主要数据", GUIZHOU_SPANS, header_rows=2).encode(),
        "annex_kunming_2023.xlsx": xlsx_bytes([("主要指标", KUNMING_ROWS, KUNMING_MERGES, KUNMING_INDENTS)]),
        "annex_trade_yunnan.csv": YUNNAN_CSV.encode("utf-8"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    for name, data in samples().items():
        (CORPUS / name).write_bytes(data)
        print(f"wrote corpus/{name} ({len(data):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
