"""Readers of the formats releases come in, one small module each.

Every reader is a pure function from the file's bytes to `Extracted`: the
decoded text (`source`, what record offsets index), which reader made it,
and the structure it saw: PDF pages and their running headers and footers
(page furniture, as zones), and tables with the offsets of their cells.
A file a reader cannot read (encrypted, truncated, corrupt, a scan without
a text layer) raises `InputError` with a one-line reason.

`TextBuilder` and `add_table` are shared by the readers that write their
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


@dataclass(frozen=True)
class RawCell:
    """A cell as a reader finds it, before it is written into the text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    indent: int = 0


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


def add_table(out: TextBuilder, cells: Sequence[RawCell]) -> Table | None:
    """Write `cells` as lines of tab-separated cells; return the table with offsets.

    A merged cell's text is written once, at its top-left place. Line
    breaks inside a cell become spaces: a row stays one line.
    """
    if not cells:
        return None
    out.newline()
    rows = max(c.row + c.rowspan for c in cells)
    cols = max(c.col + c.colspan for c in cells)
    by_row: dict[int, list[RawCell]] = {}
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        by_row.setdefault(c.row, []).append(c)
    start = out.length
    placed: list[Cell] = []
    for r in range(rows):
        row = by_row.get(r, [])
        for n, raw in enumerate(row):
            if n:
                out.add("\t")
            text = " ".join(raw.text.replace("\t", " ").split("\n"))
            lead = len(text) - len(text.lstrip(_BLANKS))
            body = text[lead:].rstrip(_BLANKS)
            out.add(text[:lead])
            cell_start, cell_end = out.add(body)
            placed.append(Cell(row=raw.row, col=raw.col, start=cell_start, end=cell_end,
                               rowspan=raw.rowspan, colspan=raw.colspan, header=raw.header,
                               indent=raw.indent + leading_indent(text)))
        if row:
            out.add("\n")
    return Table(start=start, end=out.length - 1, rows=rows, cols=cols, cells=tuple(placed))
