""".docx: paragraphs and tables in document order (python-docx).

A paragraph is one line of text; an empty paragraph is no line. A table is
written row by row (formats.add_table) with its structure: a cell merged
across columns (`gridSpan`) has that `colspan`, a cell merged down
(`vMerge`) has its `rowspan`, and rows marked to repeat as headers
(`tblHeader`) are header rows. A cell paragraph indented by its paragraph
format (sub-rows of a statistics table) has an indent. Page headers,
footers and footnotes are not read: they are not the release's text.
"""
from __future__ import annotations

import io

from docx import Document as open_docx
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..models import Cell
from . import Extracted, InputError, TextBuilder, add_table, check_zip, placed

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _indent(paragraphs: list[Paragraph]) -> int:
    """2 for a cell whose first paragraph is indented, else 0."""
    if not paragraphs:
        return 0
    fmt = paragraphs[0].paragraph_format
    ind = paragraphs[0]._p.find(f"{_W}pPr/{_W}ind")
    chars = ind is not None and any(
        (ind.get(f"{_W}{a}") or "0").strip("0") for a in ("leftChars", "firstLineChars"))
    return 2 if chars or (fmt.left_indent or 0) > 0 or (fmt.first_line_indent or 0) > 0 else 0


def table_cells(table: DocxTable) -> list[tuple[Cell, str]]:
    """The cells of a Word table on its grid (merged cells as spans), with their text."""
    cells: list[tuple[Cell, str]] = []
    covering: dict[int, int] = {}  # grid column -> index in cells of the cell merged down over it
    for r, tr in enumerate(table._tbl.tr_lst):
        header = tr.trPr is not None and tr.trPr.find(f"{_W}tblHeader") is not None
        col = tr.grid_before
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            if tc.vMerge == "continue" and col in covering:
                above, text = cells[covering[col]]
                cells[covering[col]] = (above.model_copy(update={"rowspan": r - above.row + 1}), text)
            else:
                cell = _Cell(tc, table)
                cells.append((placed(r, col, colspan=span, header=header, indent=_indent(cell.paragraphs)),
                              cell.text))
                for c in range(col, col + span):
                    covering[c] = len(cells) - 1
            col += span
    return cells


def read(data: bytes) -> Extracted:
    """Text and tables of a .docx file's bytes."""
    check_zip(data, ".docx", "word/document.xml")
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises whatever its parsers meet in a broken file
        raise InputError(f"corrupt .docx: {type(exc).__name__}: {exc}") from exc
    out = TextBuilder()
    tables = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.replace("\r", "\n")
            if text.strip():
                out.newline()
                out.add(text.rstrip("\n"))
        else:
            table = add_table(out, table_cells(block))
            if table is not None:
                tables.append(table)
    return out.extracted("docx", tables)


__all__ = ["read", "table_cells"]
