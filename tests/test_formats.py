"""PDF, Word, spreadsheet and HTML-table inputs (pipeline/formats/, pipeline/tables.py).

The samples are the corpus files that tests/corpus_formats.py generated and
that are committed with their golden records (tests/test_golden.py); bad
files are built here in a temporary folder.
"""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.load import load_path, read_bytes
from pipeline.models import Document, Entity, Quantity, Ranking
from pipeline.runner import run_document

from . import corpus_formats as make
from .conftest import CORPUS_DIR


def _doc(name: str) -> Document:
    return run_document(load_path(CORPUS_DIR / name))


def _comparable(doc: Document) -> list[tuple[object, ...]]:
    """What the same release must give in every format (value, unit, rank, scope, type, text)."""
    out: list[tuple[object, ...]] = []
    for r in doc.records:
        if isinstance(r, Quantity):
            out.append(("quantity", r.text, r.value, r.unit))
        elif isinstance(r, Ranking):
            out.append(("ranking", r.text, r.rank, r.scope))
        elif isinstance(r, Entity):
            out.append(("entity", r.text, r.type.value))
    return sorted(out, key=repr)


# --- the same release in four formats ---------------------------------------------


@pytest.mark.parametrize("name", [f"{make.HEFEI}_pdf.pdf", f"{make.HEFEI}_docx.docx", f"{make.HEFEI}_html.html"])
def test_same_release_in_every_format(name: str) -> None:
    text = _comparable(_doc(f"{make.HEFEI}.txt"))
    assert len(text) > 30
    assert _comparable(_doc(name)) == text


def test_bulletin_as_pdf_gives_the_text_file_records() -> None:
    assert _comparable(_doc("bulletin_county_2023_pdf.pdf")) == _comparable(_doc("bulletin_county_2023.txt"))


# --- PDF ---------------------------------------------------------------------------


def test_pdf_pages_furniture_and_joins() -> None:
    doc = _doc(f"{make.HEFEI}_pdf.pdf")
    assert [p.page for p in doc.pages] == [1, 2]
    assert doc.pages[0].start == 0 and doc.pages[0].end == doc.pages[1].start
    furniture = [doc.source[z.start:z.end] for z in doc.zones if z.kind == "pdf.furniture"]
    assert furniture == ["合肥市统计局 新闻发布", "— 1 —", "合肥市统计局 新闻发布", "— 2 —"]
    # the wrapped lines are one paragraph again, across the page break too
    assert "力争全年规模以上工业增加值增长8%左右，工业投资增长10%以上。\n" in doc.source
    pages = {r.text: r.page for r in doc.records if r.kind == "quantity"}
    assert pages["3815家"] == 1 and pages["8%左右"] == 2
    assert all(r.page in (1, 2) for r in doc.records)


def test_pdf_table_drawn_as_text_is_read_as_lines_of_cells() -> None:
    doc = _doc("bulletin_county_2023_pdf.pdf")
    assert "地区生产总值\t318.64\t6.2\n" in doc.source
    cells = {r.text: (r.value, r.unit) for r in doc.records if isinstance(r, Quantity) and r.rule == "qty.table_cell"}
    assert cells["318.64"] == (Decimal("31864000000"), "元")
    assert cells["-0.2"] == (Decimal("-0.2"), "%")


def test_pdf_reader_pieces() -> None:
    from pipeline.formats import pdf

    page_number = ("— 3 —", "第3页 共12页", "3/12", "- 12 -", "Page 4 of 9", "7")
    assert all(pdf._PAGE_NUMBER.fullmatch(t) for t in page_number)
    assert not any(pdf._PAGE_NUMBER.fullmatch(t) for t in ("增长3%", "2023年", "第三产业"))
    assert pdf._joiner("比上年增长5.", "6%") == "" and pdf._joiner("GDP growth", "rate") == " "


# --- tables read as tables ----------------------------------------------------------

# (cell text, value, unit, metric, period, direction) of the annex: a unit
# column, growth columns, indented and 其中 sub-rows, merged header cells
# (1-11月 and 11月 over two columns each, 指标 and 单位 over two rows).
KUNMING = [
    ("1520.3", "152030000000", "元", "规模以上工业增加值", "1-11月", None),
    ("9.1", "9.1", "%", "规模以上工业增加值比上年同期增长", "1-11月", "up"),
    ("150.2", "15020000000", "元", "规模以上工业增加值", "11月", None),
    ("8.7", "8.7", "%", "规模以上工业增加值比上年同月增长", "11月", "up"),
    ("420.5", "42050000000", "元", "规模以上工业增加值·轻工业", "1-11月", None),
    ("1099.8", "109980000000", "元", "规模以上工业增加值·重工业", "1-11月", None),
    ("10.2", "10.2", "%", "规模以上工业增加值·重工业比上年同月增长", "11月", "up"),
    ("612.4", "61240000000", "千瓦时", "发电量", "1-11月", None),
    ("-3.1", "-3.1", "%", "发电量比上年同期增长", "1-11月", "up"),
    ("3012.3", "301230000000", "元", "社会消费品零售总额·城镇", "1-11月", None),
    ("49.4", "4940000000", "元", "社会消费品零售总额·乡村", "11月", None),
    ("18523", "185230000", "人次", "接待游客", "1-11月", None),
]


def _cells(doc: Document) -> dict[str, Quantity]:
    cells: dict[str, Quantity] = {}
    for r in doc.records:
        if isinstance(r, Quantity) and r.rule == "table.cell":
            cells.setdefault(r.text, r)
    return cells


def test_table_cells_take_unit_metric_and_period_from_the_table() -> None:
    doc = _doc("annex_kunming_2023.xlsx")
    cells = _cells(doc)
    assert len([r for r in doc.records if isinstance(r, Quantity)]) == 32  # 8 rows x 4 value columns
    for text, value, unit, metric, period, direction in KUNMING:
        q = cells[text]
        assert (q.value, q.unit, q.metric, q.period) == (Decimal(value), unit, metric, period), text
        assert (q.direction.value if q.direction else None) == direction, text
    facts = {r.quantity_id: r for r in doc.records if r.kind == "fact"}
    assert facts[cells["612.4"].id].metric == "发电量"


def test_merged_cells_in_html_rows_and_columns() -> None:
    doc = _doc("gdp_guizhou_table.html")
    cells = _cells(doc)
    assert (cells["5961.6"].metric, cells["5961.6"].period, cells["5961.6"].value) == (
        "第二产业·工业", "2023年", Decimal("596160000000"))
    assert (cells["1926.4"].metric, cells["1885.9"].period) == ("第二产业·建筑业", "2022年")
    assert (cells["-1.4"].unit, cells["-1.4"].metric) == ("%", "第二产业·建筑业增长")
    assert cells["10093.4"].metric == "第三产业"  # a label over two columns is one label


def test_merged_cells_in_word_and_places_as_row_labels() -> None:
    doc = _doc("industry_chengdu_docx.docx")
    cells = _cells(doc)
    assert (cells["612.7"].unit, cells["612.7"].period, cells["612.7"].region) == ("元", "1-11月", "双流区")
    assert cells["201.3"].metric == "双流区·航空港片区增加值"
    assert cells["-1.2"].direction is not None and cells["612.7"].direction is None  # 增加值 is no increase


def test_unit_line_above_a_csv_table() -> None:
    cells = _cells(_doc("annex_trade_yunnan.csv"))
    assert (cells["1820.4"].value, cells["1820.4"].unit, cells["1820.4"].period) == (
        Decimal("182040000000"), "元", "2023年")
    assert cells["-5.2"].unit == "%"


def test_a_number_split_over_two_cells_is_two_quantities() -> None:
    page = ("<p>单位：万元</p><table><tr><th>指标</th><th>上年</th><th>本年</th></tr>"
            "<tr><td>收入</td><td>12</td><td>345</td></tr><tr><td>年份</td><td>2023</td><td>(4)</td></tr></table>")
    extracted = read_bytes(page.encode(), ".html")
    assert "收入 12 345" in extracted.text  # one spaced number to the prose rules
    doc = run_document(Document(doc_id="t", source=extracted.text, format="html", tables=list(extracted.tables)))
    values = [(r.text, r.value, r.unit) for r in doc.records if isinstance(r, Quantity)]
    assert values == [("12", Decimal(120000), "元"), ("345", Decimal(3450000), "元"),
                      ("2023", Decimal(20230000), "元")]


def test_cell_offsets_index_the_text() -> None:
    for name in ("annex_kunming_2023.xlsx", "gdp_guizhou_table.html", "industry_chengdu_docx.docx",
                 "annex_trade_yunnan.csv", f"{make.HEFEI}_docx.docx"):
        doc = load_path(CORPUS_DIR / name)
        assert doc.tables, name
        for table in doc.tables:
            for cell in table.cells:
                text = doc.source[cell.start:cell.end]
                assert text == text.strip() and "\n" not in text, (name, cell)


# --- bad files ----------------------------------------------------------------------


def _zip_member_changed(data: bytes, member: str, content: bytes | None) -> bytes:
    """The archive with `member` left out (None) or replaced by `content`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
            elif content is not None:
                dst.writestr(info, content)
    return out.getvalue()


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    c.rect(100, 100, 300, 500, fill=1)  # a page that is a picture: no text at all
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_bad_files_get_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good_pdf = (CORPUS_DIR / f"{make.HEFEI}_pdf.pdf").read_bytes()
    good_docx = (CORPUS_DIR / f"{make.HEFEI}_docx.docx").read_bytes()
    good_xlsx = (CORPUS_DIR / "annex_kunming_2023.xlsx").read_bytes()
    bad = {
        "locked_pdf.pdf": (make.pdf_bytes(make.blocks("标题\n\n正文2.5亿元。"), "页眉", encrypt="secret"),
                          "encrypted PDF"),
        "cut_pdf.pdf": (good_pdf[: len(good_pdf) // 2], "truncated PDF"),
        "broken_pdf.pdf": (b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "corrupt PDF"),
        "scan_pdf.pdf": (_scanned_pdf(), "scanned PDF: no text layer"),
        "locked_docx.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted .docx"),
        "cut_docx.docx": (good_docx[: len(good_docx) // 2], "truncated or corrupt .docx"),
        "notword_docx.docx": (_zip_member_changed(good_docx, "word/document.xml", None), "no word/document.xml"),
        "cut_xlsx.xlsx": (good_xlsx[:2000], "truncated or corrupt .xlsx"),
        "broken_xlsx.xlsx": (_zip_member_changed(good_xlsx, "xl/worksheets/sheet1.xml", b"<worksheet><row"),
                             "corrupt .xlsx"),
    }
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.pdf").write_bytes(good_pdf)
    code = main(["run", str(tmp_path), "--out", str(tmp_path / "out")])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("press-extract: error:")]
    assert code == 1
    assert len(lines) == len(bad), lines
    for name, (_, reason) in bad.items():
        assert any(name in line and reason in line for line in lines), (name, reason, lines)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "good.source.txt", "good.yaml"]


def test_extracted_text_is_saved_beside_the_records(tmp_path: Path) -> None:
    import yaml

    assert main(["run", str(CORPUS_DIR / "annex_kunming_2023.xlsx"), "--out", str(tmp_path)]) == 0
    source = (tmp_path / "annex_kunming_2023.source.txt").read_text(encoding="utf-8")
    records: list[dict[str, object]] = yaml.safe_load(
        (tmp_path / "annex_kunming_2023.yaml").read_text(encoding="utf-8"))["records"]
    assert records and all(source[int(str(r["start"])):int(str(r["end"]))] == r["text"] for r in records)


# --- the generated samples are what the generator makes -------------------------------


def test_committed_samples_match_the_generator() -> None:
    """Regenerated in memory, every sample reads to the same text and tables as the
    committed file (bytes differ: zip and PDF timestamps)."""
    for name, data in make.samples().items():
        suffix = Path(name).suffix
        fresh, committed = read_bytes(data, suffix), read_bytes((CORPUS_DIR / name).read_bytes(), suffix)
        assert (fresh.text, fresh.tables, fresh.pages, fresh.zones) == (
            committed.text, committed.tables, committed.pages, committed.zones), name
