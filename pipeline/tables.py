"""Stage tables: the quantities in tables read as tables (HTML, .docx, .xlsx, .csv).

Runs after `extract`, before `link`. For each table the reader found, every
cell of a value column gets a context (`CellContext`) from the table's
structure, and each quantity in the cell takes it:

- unit and multiplier: the cell's own unit, else its column header's
  (`绝对数(亿元)` -> 元 x 1e8, `比上年增长(%)` -> %), else the row's cell in
  a `单位` column, else a `单位:` line above the table (or a caption row at
  its top);
- metric: the row label, with the label of the row it nests under for an
  indented (or `其中:`) sub-row, and the column label where it says more
  than "the amount" (lexicons/tables.yaml);
- period: a time in the column header (`2023年`, `1-11月`), else in the row
  label, else in the table's caption line;
- region: the row label when it is a place;
- direction and comparison: from the column header (`比上年增长`).

Merged header cells cover every column they span, merged label cells every
row. A cell is the unit of reading: a quantity the prose rules found across
two cells (`12 345` from cells `12` and `345`) is dropped, and a cell that
is only a number (a year-like `2023` too) gets its quantity here. The flat
text rules for tables (`quantities.spaced_cells`, `quantities.table_units`) remain
for tables that are only lines of text. `link` keeps what this stage sets.
"""
from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex
from pydantic import BaseModel, ConfigDict

from .lexicons import Lexicons, _read_yaml
from .models import Cell, Direction, Document, Entity, Quantity, Record, Table, replaced
from .numerals import parse_number
from .rules import Rule, ex

RULE = "table.cell"
# A table rule reads a table: its example is an HTML table (tests/test_rules.py
# reads an example that starts with <table as a page).
_EXAMPLE = ("<table><tr><th rowspan=\"2\">指标</th><th colspan=\"2\">1-11月</th></tr>"
            "<tr><th>绝对数(亿元)</th><th>比上年增长(%)</th></tr>"
            "<tr><td>规模以上工业增加值</td><td>1520.3</td><td>9.1</td></tr>"
            "<tr><td>&#12288;其中：轻工业</td><td>420.5</td><td>-5.2</td></tr></table>")
RULES: tuple[Rule, ...] = (
    Rule(RULE, "quantity", "a number in a value cell of a table read as a table (HTML, .docx, .xlsx, .csv); "
         "unit, metric, period and change from the table's headers and row labels", None,
         (ex(_EXAMPLE, text="1520.3", value=152030000000, unit="元", metric="规模以上工业增加值", period="1-11月"),
          ex(_EXAMPLE, text="-5.2", value=-5.2, unit="%", metric="规模以上工业增加值·轻工业比上年增长",
             direction="up", comparison="比上年"))),
)
_BRACKET_UNIT = regex.compile(r"[(（]\s*(?P<unit>[^()（）]{1,8}?)\s*[)）]\s*$")
_UNIT_LINE = regex.compile(r"(?:计量)?单\s*位\s*[:：]\s*(?P<unit>[^\s,，;；)）]{1,8})")
_PLAIN_NUMBER = regex.compile(r"[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|[+\-−]?\d+(?:\.\d+)?%?")
_MULTIPLIER = regex.compile(r"(?P<mult>万亿|千万|百万|亿|万|千|百)?(?P<unit>.+)")
_CAPTION_LINES = 3  # lines above a table read for its unit and period


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    generic_column_labels: tuple[str, ...]
    unit_column_headers: tuple[str, ...]
    part_prefixes: tuple[str, ...]
    label_column_headers: tuple[str, ...]
    not_changes: tuple[str, ...]
    change_column_labels: tuple[str, ...]
    total_row_labels: tuple[str, ...]
    attribute_column_prefixes: tuple[str, ...]
    serial_column_headers: tuple[str, ...]


@functools.cache
def words() -> _Words:
    """lexicons/tables.yaml, validated."""
    return _Words.model_validate(_read_yaml("tables.yaml"))


@dataclass(frozen=True)
class CellContext:
    """What a value cell's place in its table says about its numbers."""

    unit: str | None = None
    multiplier: Decimal = Decimal(1)
    metric: str | None = None
    period: str | None = None
    region: str | None = None
    direction: Direction | None = None
    comparison: str | None = None


def unit_of(text: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """A unit as a table header writes it, with its multiplier.

    >>> from pipeline.lexicons import load
    >>> unit_of("亿元", load()), unit_of("%", load()), unit_of("千瓦时", load()), unit_of("指标", load())
    (('元', Decimal('100000000')), ('%', Decimal('1')), ('千瓦时', Decimal('1')), None)
    """
    text = text.strip()
    if text in lex.unit_by_surface:
        return lex.unit_by_surface[text].canonical, Decimal(1)
    m = _MULTIPLIER.fullmatch(text)
    if m and m.group("mult") and m.group("unit") in lex.unit_by_surface:
        return lex.unit_by_surface[m.group("unit")].canonical, parse_number("1" + m.group("mult"))
    return None


class _Grid:
    """A table's cells on their grid, merged cells covering every place they span."""

    def __init__(self, table: Table, norm: str) -> None:
        self.table, self.norm = table, norm
        self.at: dict[tuple[int, int], Cell] = {}
        for cell in table.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, table.rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, table.cols)):
                    self.at.setdefault((r, c), cell)

    def text(self, cell: Cell | None) -> str:
        return self.norm[cell.start:cell.end].strip() if cell else ""

    def is_number(self, cell: Cell | None) -> bool:
        return bool(_PLAIN_NUMBER.fullmatch(self.text(cell)))

    def row(self, r: int) -> list[Cell]:
        """The cells of row `r`, each once, left to right."""
        seen: list[Cell] = []
        for c in range(self.table.cols):
            cell = self.at.get((r, c))
            if cell is not None and cell not in seen:
                seen.append(cell)
        return seen


def _caption_rows(grid: _Grid) -> int:
    """Rows at the top whose only text is in their first cell (a title, a 单位 line)."""
    n = 0
    while n < grid.table.rows - 1:
        filled = [c for c in grid.row(n) if grid.text(c)]
        if len(filled) != 1 or filled[0].col != 0 or grid.is_number(filled[0]):
            break
        n += 1
    return n


def _header_rows(grid: _Grid, first: int) -> int:
    """Rows from `first` down to the first one with a number in a value column."""
    r = first
    while r < grid.table.rows - 1:
        cells = grid.row(r)
        if not all(c.header for c in cells) and any(grid.is_number(c) for c in cells if c.col > 0):
            break
        r += 1
    return r


def _label_columns(grid: _Grid, body: int, unit_col: int | None) -> int:
    """Leading columns with no number in the body (a unit column aside): the row labels."""
    c = 0
    while c < grid.table.cols - 1 and c != unit_col and not any(
            grid.is_number(grid.at.get((r, c))) for r in range(body, grid.table.rows)):
        c += 1
    return max(c, 1)


def _dates_in(entities: Sequence[Entity], starts: Sequence[int], start: int, end: int) -> list[Entity]:
    i = bisect_left(starts, start)
    out: list[Entity] = []
    while i < len(entities) and entities[i].start < end:
        if entities[i].end <= end:
            out.append(entities[i])
        i += 1
    return out


@dataclass(frozen=True)
class _Header:
    unit: tuple[str, Decimal] | None
    period: str | None
    label: str


class _Reader:
    """Reads the tables of one document into cell contexts."""

    def __init__(self, doc: Document, lex: Lexicons) -> None:
        self.doc, self.lex, self.words = doc, lex, words()
        self.grid = _Grid(Table(start=0, end=0, rows=0, cols=0, cells=()), doc.norm)
        self.changes = sorted(((s, Direction(g.value)) for g in lex.directions for s in g.surfaces),
                              key=lambda p: (-len(p[0]), p[0]))
        self.comparisons = sorted((s for g in lex.comparisons for s in g.surfaces), key=lambda s: (-len(s), s))
        self.dates = sorted((e for e in doc.records if isinstance(e, Entity) and e.type.value == "DATE"),
                            key=lambda e: (e.start, e.end))
        self.date_starts = [e.start for e in self.dates]
        self.places = {(e.start, e.end) for e in doc.records
                       if isinstance(e, Entity) and e.type.value == "LOC"}

    def header(self, start: int, end: int) -> _Header:
        """Unit, period and label of a stretch of header text."""
        text = self.doc.norm[start:end]
        unit = None
        bracket = _BRACKET_UNIT.search(text)
        if bracket and (unit := unit_of(bracket.group("unit"), self.lex)):
            text = text[:bracket.start()]
        elif text.rstrip().endswith(("%", "‰")):
            unit, text = (text.rstrip()[-1], Decimal(1)), text.rstrip()[:-1]
        dates = _dates_in(self.dates, self.date_starts, start, start + len(text))
        label = text
        for d in reversed(dates):
            label = label[:d.start - start] + label[d.end - start:]
        period = self.doc.source[dates[0].start:dates[-1].end] if dates else None
        return _Header(unit, period, " ".join(label.split()))

    def caption(self) -> _Header:
        """The unit and period of the lines just above the table."""
        table = self.grid.table
        norm = self.doc.norm
        start = table.start
        for _ in range(_CAPTION_LINES):
            start = norm.rfind("\n", 0, max(0, start - 1)) + 1
        above = norm[start:table.start]
        m = _UNIT_LINE.search(above)
        unit = unit_of(m.group("unit"), self.lex) if m else None
        dates = _dates_in(self.dates, self.date_starts, start, table.start)
        return _Header(unit, dates[-1].text if dates else None, "")

    def contexts(self, grid: _Grid) -> dict[tuple[int, int], CellContext]:
        """The context of every value cell of a table, by (row, col)."""
        self.grid = grid
        words = self.words
        table = grid.table
        caption = self.caption()
        top = _caption_rows(grid)
        for top_cell in (c for r in range(top) for c in grid.row(r)):
            m = _UNIT_LINE.search(grid.text(top_cell))
            if m and (unit := unit_of(m.group("unit"), self.lex)):
                caption = _Header(unit, caption.period, "")
        body = _header_rows(grid, top)
        unit_col = next((c for c in range(table.cols) for r in range(top, body)
                         if grid.text(grid.at.get((r, c))) in words.unit_column_headers), None)
        labels = _label_columns(grid, body, unit_col)
        columns = {c: self._column(top, body, c) for c in range(labels, table.cols) if c != unit_col}
        parents: list[tuple[int, str]] = []  # (level, label) of the rows above, outermost first
        out: dict[tuple[int, int], CellContext] = {}
        for r in range(body, table.rows):
            label_cell, region = None, None
            for label_cell, label, level, region in self._row_labels(r, labels):
                while parents and parents[-1][0] >= level:
                    parents.pop()
                parents.append((level, label))
            names = [p for _, p in parents]
            row_head = self.header(label_cell.start, label_cell.end) if label_cell else _Header(None, None, "")
            row_unit = unit_of(grid.text(grid.at.get((r, unit_col))), self.lex) if unit_col is not None else None
            for c, col in columns.items():
                cell = grid.at.get((r, c))
                if cell is None or cell.row != r or cell.col != c:
                    continue
                unit = col.unit or row_unit or caption.unit
                metric_parts = ([n for n in names[:-1]] + [row_head.label] if row_head.period else names)
                metric = "·".join(p for p in metric_parts if p)
                if col.label and col.label not in words.generic_column_labels:
                    metric = metric + col.label if metric else col.label
                direction, comparison = self._change(col.label)
                out[(r, c)] = CellContext(
                    unit=unit[0] if unit else None, multiplier=unit[1] if unit else Decimal(1),
                    metric=metric or None, period=col.period or row_head.period or caption.period,
                    region=region, direction=direction, comparison=comparison)
        return out

    def _column(self, top: int, body: int, c: int) -> _Header:
        """The header of column `c`: every header cell over it, top to bottom."""
        unit, period, labels = None, None, []
        seen: list[Cell] = []
        for r in range(top, body):
            cell = self.grid.at.get((r, c))
            if cell is None or cell in seen or not self.grid.text(cell):
                continue
            seen.append(cell)
            head = self.header(cell.start, cell.end)
            unit = head.unit or unit
            period = head.period or period
            if head.label and head.label not in self.words.label_column_headers:
                labels.append(head.label)
        return _Header(unit, period, "".join(labels))

    def _row_labels(self, r: int, labels: int) -> list[tuple[Cell, str, int, str | None]]:
        """The filled label cells of row `r`, left to right: each with its text (a part
        prefix dropped), its nesting level (a column further right, an indent or a
        part prefix nest deeper) and the place it names."""
        out: list[tuple[Cell, str, int, str | None]] = []
        for c in range(labels):
            cell = self.grid.at.get((r, c))
            text = self.grid.text(cell)
            if cell is None or not text or any(cell is seen for seen, *_ in out):
                continue
            level = 100 * c + cell.indent
            for prefix in self.words.part_prefixes:
                if text.startswith(prefix):
                    # 其中:工业 nests under the row above; the rows after it, written
                    # under 工业, are its siblings: the prefix counts as indentation
                    text, level = text[len(prefix):].strip(), level + 2 * len(prefix)
                    break
            start = cell.end - len(text)
            out.append((cell, self.doc.source[start:cell.end], level,
                        self.doc.source[start:cell.end] if (start, cell.end) in self.places else None))
        return out

    def _change(self, label: str) -> tuple[Direction | None, str | None]:
        """The change a column header names (比上年增长: up, 比上年), longest words first."""
        for word in self.words.not_changes:
            label = label.replace(word, "")
        direction = next((d for s, d in self.changes if s in label), None)
        comparison = next((s for s in self.comparisons if s in label), None)
        return direction, comparison


def _cell_quantities(doc: Document, grid: _Grid, contexts: dict[tuple[int, int], CellContext],
                     quantities: list[Quantity], starts: list[int],
                     replaced: set[str]) -> list[Quantity]:
    """The quantities of a table's value cells, with their contexts; the ids of the
    prose quantities they replace are added to `replaced`."""
    out: list[Quantity] = []
    for (r, c), context in sorted(contexts.items()):
        cell = grid.at[(r, c)]
        i = bisect_left(starts, cell.start - 64)  # a quantity crossing into the cell starts before it
        inside: list[Quantity] = []
        while i < len(quantities) and quantities[i].start < cell.end:
            q = quantities[i]
            if q.end > cell.start:
                replaced.add(q.id)
                if cell.start <= q.start and q.end <= cell.end:
                    inside.append(q)
            i += 1
        if not inside and grid.is_number(cell):
            text = doc.source[cell.start:cell.end]
            try:
                value = parse_number(doc.norm[cell.start:cell.end].rstrip("%"))
            except (ValueError, ArithmeticError):
                continue
            rid = f"{doc.doc_id}:quantity:{cell.start}-{cell.end}"
            inside = [Quantity(id=rid, doc_id=doc.doc_id, text=text, start=cell.start, end=cell.end,
                               rule=RULE, value=value, unit="%" if text.endswith(("%", "％")) else None,
                               number_text=text.rstrip("%％"))]
        for q in inside:
            out.append(_in_context(q, context))
    return out


def _in_context(q: Quantity, context: CellContext) -> Quantity:
    value, unit = q.value, q.unit
    if q.rule == "qty.table_cell":  # the flat-text rule guessed a unit: read the cell again
        value, unit = parse_number(q.number_text), None
    if unit is None and context.unit is not None:
        value, unit = value * context.multiplier, context.unit
    return replaced(q, value=value, unit=unit, rule=RULE, metric=context.metric, period=context.period,
                    region=context.region, direction=context.direction, comparison=context.comparison)


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `tables`, `records` (quantities and dates), `norm`; sets the unit, metric,
    period, region and change of the quantities in table cells."""
    if not doc.tables:
        return doc
    quantities = sorted((r for r in doc.records if isinstance(r, Quantity)), key=lambda q: (q.start, q.end))
    starts = [q.start for q in quantities]
    reader = _Reader(doc, lex)
    replaced: set[str] = set()
    new: list[Quantity] = []
    for table in doc.tables:
        grid = _Grid(table, doc.norm)
        new += _cell_quantities(doc, grid, reader.contexts(grid), quantities, starts, replaced)
    records: list[Record] = [r for r in doc.records if r.id not in replaced]
    records += new
    records.sort(key=lambda r: (r.start, -r.end, r.kind, r.rule, r.id))
    return doc.model_copy(update={"records": records})


__all__ = ["RULE", "RULES", "CellContext", "run", "unit_of", "words"]
