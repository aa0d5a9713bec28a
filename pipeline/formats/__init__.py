"""Readers of the formats releases come in, one small module each.

Every reader is a pure function from the file's bytes to `Extracted`: the
decoded text (`source`, what record offsets index), which reader made it,
and the structure it saw: PDF pages and their running headers and footers
(page furniture, as zones), and tables with the offsets of their cells.
A file a reader cannot read (encrypted, truncated, corrupt, a scan without
a text layer) raises `InputError` with a one-line reason.

`TextBuilder`, `placed` and `add_table` are shared by the readers that write their
own text (.docx, .xlsx, .csv): a table row is one line, its cells separated
by tabs (a tab is never a digit-group separator, so `12` and `345` in two
cells never read as 12345).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Cell, PageSpan, Table, Zone


MAX_UNPACKED = 512 * 1024 * 1024  # a .docx/.xlsx that unpacks to more is refused (a zip bomb)


class InputError(Exception):
    """An input that cannot be read; str() is the one-line reason."""


def check_zip(data: bytes, what: str, member: str) -> None:
    """Refuse an Office file that is encrypted, truncated, no such file, or a zip bomb."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"encrypted {what} (a password-protected file) or an old binary Office file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"truncated or corrupt {what}: {exc}") from exc
    if member not in {info.filename for info in infos}:
        raise InputError(f"not a {what} file: it has no {member}")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise InputError(f"{what} too large: over {MAX_UNPACKED} bytes when unpacked")


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str  # html, pdf, docx, xlsx, csv
    encoding: str  # the text encoding, or the container format for binary files
    pages: tuple[PageSpan, ...] = ()
    zones: tuple[Zone, ...] = ()  # page furniture found by the reader
    tables: tuple[Table, ...] = ()


def placed(row: int, col: int, rowspan: int = 1, colspan: int = 1, header: bool = False,
           indent: int = 0) -> Cell:
    """A cell's place on its table's grid, before its text is written (offsets 0)."""
    return Cell(row=row, col=col, start=0, end=0, rowspan=rowspan, colspan=colspan, header=header,
                indent=indent)


class TextBuilder:
    """Appends pieces of text and says where each one landed."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self._parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def newline(self) -> None:
        """End the current line, unless the text is empty or already ends one."""
        if self._parts and not self._parts[-1].endswith("\n"):
            self.add("\n")

    def text(self) -> str:
        return "".join(self._parts)

    def extracted(self, format: str, tables: Sequence[Table]) -> Extracted:
        """The text written (trailing line breaks dropped) and its tables; a file
        whose text is empty is refused."""
        text = self.text().rstrip("\n")
        if not text.strip():
            raise InputError(f".{format} file with no text")
        return Extracted(text, format, format, tables=tuple(tables))


_BLANKS = " \t\u00a0\u3000"


def leading_indent(text: str) -> int:
    """Indentation written as leading blanks; a full-width space counts two.

    >>> leading_indent("\\u3000\\u3000其中：工业"), leading_indent("  农业"), leading_indent("农业")
    (4, 2, 0)
    """
    n = 0
    for ch in text:
        if ch not in _BLANKS:
            break
        n += 2 if ch == "\u3000" else 1
    return n


def add_table(out: TextBuilder, cells: Sequence[tuple[Cell, str]]) -> Table | None:
    """Write `cells` (each a place and its text) as lines of tab-separated cells;
    return the table with the offsets of its cells.

    A merged cell's text is written once, at its top-left place. Line breaks
    and tabs inside a cell become spaces: a row stays one line.
    """
    if not cells:
        return None
    out.newline()
    rows = max(c.row + c.rowspan for c, _ in cells)
    cols = max(c.col + c.colspan for c, _ in cells)
    by_row: dict[int, list[tuple[Cell, str]]] = {}
    for cell, text in sorted(cells, key=lambda c: (c[0].row, c[0].col)):
        by_row.setdefault(cell.row, []).append((cell, text))
    start = out.length
    written: list[Cell] = []
    for r in range(rows):
        row = by_row.get(r, [])
        for n, (cell, raw) in enumerate(row):
            if n:
                out.add("\t")
            text = " ".join(raw.replace("\t", " ").split("\n"))
            lead = len(text) - len(text.lstrip(_BLANKS))
            body = text[lead:].rstrip(_BLANKS)
            out.add(text[:lead])
            cell_start, cell_end = out.add(body)
            written.append(cell.model_copy(update={
                "start": cell_start, "end": cell_end, "indent": cell.indent + leading_indent(text)}))
        if row:
            out.add("\n")
    return Table(start=start, end=out.length - 1, rows=rows, cols=cols, cells=tuple(written))
