"""HTML: the text a browser shows, and its `<table>`s as tables.

Scripts, styles and markup are dropped; block elements start new lines;
a table cell is preceded by a space, so a table row reads as one line of
cells. Runs of ASCII whitespace collapse as in a browser; `&nbsp;` stays.

While the visible text is collected, the places where each table cell
starts and ends are noted; they are mapped through the final clean-up
(lines stripped, blank lines dropped), so each `Cell` indexes the text the
records index. `rowspan` and `colspan` are kept; `<th>` and cells inside
`<thead>` are header cells; a cell's indentation is its leading `&nbsp;` or
full-width spaces, or a `padding-left`/`text-indent` in its style.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from html.parser import HTMLParser

from ..markup import defuse
from ..models import Cell, Table
from . import Extracted, InputError, leading_indent

_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_STYLE_INDENT = re.compile(r"(?:padding-left|text-indent|margin-left)\s*:\s*([1-9][\d.]*)")
_TEXT_BLANKS = " \n\u00a0\u3000"
_MAX_SPAN = 1000  # a rowspan or colspan larger than this is a typo, read as 1


@dataclass
class _OpenCell:
    row: int
    start: int  # position in the raw text (before lines are stripped)
    rowspan: int
    colspan: int
    header: bool
    indent: int
    end: int = -1


@dataclass
class _OpenTable:
    start: int
    rows: list[list[_OpenCell]] = field(default_factory=list)
    in_head: bool = False
    cell: _OpenCell | None = None

    def close_cell(self, pos: int) -> None:
        if self.cell is not None and self.cell.end < 0:
            self.cell.end = pos
            self.cell = None


def _span(value: str | None) -> int:
    try:
        n = int(value or "1")
    except ValueError:
        return 1
    return n if 1 <= n <= _MAX_SPAN else 1


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, and where table cells are in it."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "header", "footer", "nav", "ul", "ol", "table", "dd", "dt", "dl", "blockquote", "pre",
        "form", "hr", "main", "aside", "figure", "figcaption", "address", "center",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self._hidden_depth = 0
        self._open: list[_OpenTable] = []
        self.tables: list[tuple[int, int, list[list[_OpenCell]]]] = []

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag in self._BLOCK:
            self._add("\n")
        elif tag in ("td", "th"):
            self._add(" ")
        if self._hidden_depth:
            return
        if tag == "table":
            self._open.append(_OpenTable(self.length))
        elif self._open:
            table = self._open[-1]
            if tag == "thead":
                table.in_head = True
            elif tag in ("tbody", "tfoot"):
                table.in_head = False
            elif tag == "tr":
                table.close_cell(self.length)
                table.rows.append([])
            elif tag in ("td", "th"):
                table.close_cell(self.length)
                if not table.rows:
                    table.rows.append([])
                a = dict(attrs)
                style = _STYLE_INDENT.search(a.get("style") or "")
                table.cell = _OpenCell(len(table.rows) - 1, self.length, _span(a.get("rowspan")),
                                       _span(a.get("colspan")), tag == "th" or table.in_head,
                                       2 if style else 0)
                table.rows[-1].append(table.cell)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in self._BLOCK:
            self._add("\n")
        if self._hidden_depth or not self._open:
            return
        table = self._open[-1]
        if tag in ("td", "th", "tr"):
            table.close_cell(self.length)
        elif tag == "thead":
            table.in_head = False
        elif tag == "table":
            table.close_cell(self.length)
            self._open.pop()
            self.tables.append((table.start, self.length, table.rows))

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self._add(_WHITESPACE.sub(" ", data))

    def finish(self) -> None:
        while self._open:  # tables never closed end with the page
            self.handle_endtag("table")


def _squeeze(raw: str, positions: Sequence[int]) -> tuple[str, dict[int, int]]:
    """Lines stripped of spaces, blank lines dropped; where each raw position lands.

    >>> _squeeze("  a \\n \\n b", [0, 2, 3, 7, 9])
    ('a\\nb', {0: 0, 2: 0, 3: 1, 7: 2, 9: 3})
    """
    wanted = sorted(set(positions))
    where: dict[int, int] = {}
    kept: list[str] = []
    length, raw_start, i = 0, 0, 0
    for line in raw.split("\n"):
        raw_end = raw_start + len(line)
        if line.strip():
            if kept:
                length += 1
            content = line.strip(" ")
            lead = len(line) - len(line.lstrip(" "))
            while i < len(wanted) and wanted[i] <= raw_end:
                where[wanted[i]] = length + min(max(wanted[i] - raw_start - lead, 0), len(content))
                i += 1
            kept.append(content)
            length += len(content)
        else:
            while i < len(wanted) and wanted[i] <= raw_end:
                where[wanted[i]] = length
                i += 1
        raw_start = raw_end + 1
    return "\n".join(kept), where


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TEXT_BLANKS:
        start += 1
    while end > start and text[end - 1] in _TEXT_BLANKS:
        end -= 1
    return start, end


def _table(text: str, where: dict[int, int], start: int, end: int,
           rows: list[list[_OpenCell]]) -> Table | None:
    """Place the cells on the grid (rowspans push later cells right) and map their offsets."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        col = 0
        for c in row:
            while (r, col) in taken:
                col += 1
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    taken.add((r + dr, col + dc))
            cell_start, cell_end = _trimmed(text, where[c.start], where[c.end])
            indent = c.indent + leading_indent(text[where[c.start]:cell_end].lstrip(" \n"))
            cells.append(Cell(row=r, col=col, start=cell_start, end=cell_end, rowspan=c.rowspan,
                              colspan=c.colspan, header=c.header, indent=indent))
            col += c.colspan
    if not cells:
        return None
    return Table(start=where[start], end=where[end], rows=max(r for r, _ in taken) + 1,
                 cols=max(c for _, c in taken) + 1, cells=tuple(cells))


def parse(markup: str) -> tuple[str, tuple[Table, ...]]:
    """Visible text of an HTML page, one block per line, and its tables.

    >>> text, tables = parse("<p>单位:亿元</p><table><tr><th>指标</th><th>2023年</th></tr>"
    ...                      "<tr><td>GDP</td><td>295.4</td></tr></table>")
    >>> text
    '单位:亿元\\n指标 2023年\\nGDP 295.4'
    >>> [(c.row, c.col, text[c.start:c.end], c.header) for c in tables[0].cells]
    [(0, 0, '指标', True), (0, 1, '2023年', True), (1, 0, 'GDP', False), (1, 1, '295.4', False)]
    """
    parser = _VisibleText()
    try:
        parser.feed(defuse(markup))  # never quadratic, whatever the markup (pipeline/markup.py)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser asserts on some malformed markup
        raise InputError(f"malformed HTML: {exc or type(exc).__name__}") from exc
    parser.finish()
    positions = [p for start, end, rows in parser.tables
                 for p in (start, end, *(q for row in rows for c in row for q in (c.start, c.end)))]
    text, where = _squeeze("".join(parser.parts), positions)
    tables = [_table(text, where, start, end, rows) for start, end, rows in parser.tables]
    found = [t for t in tables if t is not None]
    return text, tuple(_innermost(found))


def _innermost(tables: list[Table]) -> list[Table]:
    """Tables that hold no other table: a layout table wrapped around a data
    table gives way to the data table, whose cells are what a reader reads.
    Tables nest properly, so one holds another exactly when the next one to
    start starts inside it."""
    ordered = sorted(tables, key=lambda t: (t.start, -t.end))
    return [t for t, nxt in zip(ordered, [*ordered[1:], None]) if nxt is None or nxt.start >= t.end]


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line.

    >>> html_to_text("<html><head><title>T</title><script>x=1</script></head>"
    ...              "<body><p>重庆&amp;成都</p><p>第二段</p></body></html>")
    '重庆&成都\\n第二段'
    """
    return parse(markup)[0]


def read(text: str, encoding: str) -> Extracted:
    """An HTML page already decoded to `text`."""
    visible, tables = parse(text)
    if not visible.strip():
        raise InputError("HTML page with no visible text")
    return Extracted(visible, "html", encoding, tables=tables)


__all__ = ["html_to_text", "parse", "read"]
