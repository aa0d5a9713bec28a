"""Spreadsheets: .xlsx workbooks (openpyxl) and .csv files, as tables.

Each sheet is written as its name on a line, then its rows. Rows at the top
with a single filled cell (a title, a `单位:亿元` line, often merged across
the sheet) are lines of text; the table starts at the first row with two
filled cells. Merged ranges become `rowspan`/`colspan`; a cell's
indentation (its alignment indent, or leading spaces) nests sub-rows.
Numbers are written as the sheet shows them where the number format says
how (`0.0%` -> `5.6%`, `0.00` -> `2.50`), else in their shortest exact form.

A .csv file is decoded like a .txt file (load.decode), its delimiter
(comma, tab or semicolon) guessed from its first lines.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Sequence
from decimal import Decimal

from ..models import Table
from . import Extracted, InputError, TextBuilder, add_table, check_zip, placed

_DECIMALS = re.compile(r"0\.(0+)")
MAX_CELLS = 2_000_000  # a sheet with more cells is refused, not read for minutes


def number_text(value: float | int | Decimal, number_format: str = "General") -> str:
    """A number as the sheet shows it.

    >>> number_text(0.056, "0.0%"), number_text(2.5, "0.00"), number_text(2836.0), number_text(1e-05)
    ('5.6%', '2.50', '2836', '0.00001')
    >>> number_text(1509403, "#,##0")
    '1,509,403'
    """
    decimals = _DECIMALS.search(number_format)
    places = len(decimals.group(1)) if decimals else None
    comma = "," if "#,##" in number_format else ""
    if "%" in number_format:
        return f"{Decimal(repr(value)) * 100:{comma}.{places or 0}f}%"
    if places is not None or comma:
        return f"{Decimal(repr(value)):{comma}.{places or 0}f}"
    exact = Decimal(repr(value))
    text = format(exact, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _write(out: TextBuilder, title: str, rows: Sequence[Sequence[str]],
           merges: Sequence[tuple[int, int, int, int]], indents: dict[tuple[int, int], int]) -> Table | None:
    """A sheet's name, its leading one-cell rows as lines, the rest as a table.

    `merges` are (first row, first col, last row, last col), 0-based.
    """
    out.newline()
    if title.strip():
        out.add(title.strip())
        out.newline()
    top = 0
    while top < len(rows) and sum(1 for v in rows[top] if v.strip()) <= 1:
        line = next((v.strip() for v in rows[top] if v.strip()), "")
        if line:
            out.add(line)
            out.newline()
        top += 1
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merges:
        if r0 >= top:
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered[(r, c)] = (r0, c0)
    cells = [
        (placed(r - top, c, *spans.get((r, c), (1, 1)), indent=indents.get((r, c), 0)), value)
        for r in range(top, len(rows)) for c, value in enumerate(rows[r]) if (r, c) not in covered
    ]
    return add_table(out, cells)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without empty trailing cells; empty rows at the end dropped."""
    out = [row[:max((i + 1 for i, v in enumerate(row) if v.strip()), default=0)] for row in rows]
    while out and not out[-1]:
        out.pop()
    return out


def _cell_text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return number_text(value, number_format)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes) -> Extracted:
    """Text and tables of an .xlsx workbook's bytes, sheet by sheet."""
    from openpyxl import load_workbook

    check_zip(data, ".xlsx", "xl/workbook.xml")
    try:
        # not read-only: only a full worksheet knows its merged cells
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises whatever its parsers meet in a broken file
        raise InputError(f"corrupt .xlsx: {type(exc).__name__}: {exc}") from exc
    out = TextBuilder()
    tables: list[Table] = []
    for ws in book.worksheets:
        if ws.max_row * ws.max_column > MAX_CELLS:
            raise InputError(f".xlsx sheet {ws.title!r} too large: over {MAX_CELLS} cells")
        rows: list[list[str]] = []
        indents: dict[tuple[int, int], int] = {}
        for r, row in enumerate(ws.iter_rows()):
            values: list[str] = []
            for c, cell in enumerate(row):
                values.append(_cell_text(cell.value, cell.number_format or "General"))
                indent = int(getattr(cell.alignment, "indent", 0) or 0)
                if indent:
                    indents[(r, c)] = 2 * indent
            rows.append(values)
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        table = _write(out, ws.title, _trimmed(rows), merges, indents)
        if table is not None:
            tables.append(table)
    return out.extracted("xlsx", tables)


def read_csv(text: str, encoding: str) -> Extracted:
    """Text and table of a .csv file already decoded to `text`."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}") from exc
    if sum(len(row) for row in rows) > MAX_CELLS:
        raise InputError(f"CSV too large: over {MAX_CELLS} cells")
    out = TextBuilder()
    table = _write(out, "", _trimmed(rows), [], {})
    extracted = out.extracted("csv", [table] if table else [])
    return Extracted(extracted.text, "csv", encoding, tables=extracted.tables)


__all__ = ["number_text", "read_csv", "read_xlsx"]
