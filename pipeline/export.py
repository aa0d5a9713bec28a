"""CSV export of fact records: the library API behind `press-extract run --csv FILE`.

One row per fact (records with kind == "fact", other kinds skipped) under a
header row of `COLUMNS`. The file is UTF-8 with a BOM, so Excel reads the
Chinese correctly, quoted as RFC 4180 by the csv module (only fields that
need it, `"` doubled), with CRLF line ends. Cells are as in the JSON output:
numbers as JSON writes them (int, or the shortest float repr), strings as
they are, None and absent fields empty, except that a text cell starting
with =, +, -, @, a tab, a line break or NUL gets a leading single quote
(OWASP's advice against CSV formula injection). Rows keep the order of the records
given (a batch gives documents sorted and records in text order), so the
same records always give the same bytes. The file is written to a temporary
name and renamed into place (`write.AtomicFile`); `CsvSink` streams rows into
it as documents come, so a corpus is never held in memory.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .models import decimal_to_json_number
from .write import AtomicFile

COLUMNS = ("document", "metric", "value", "unit", "qualifier", "period", "region", "rank", "scope",
           "basis", "sentence", "start", "end", "text", "rule", "quantity_id", "ranking_id")
_KEYS = {"document": "doc_id"}  # column -> record field, where the names differ
BOM = "\ufeff"


# A text cell starting with one of these is read as a formula by spreadsheet
# programs (=HYPERLINK(...) in a release's sentence): OWASP's CSV injection
# advice is to start such a cell with a single quote, which makes it text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def cell(value: Any) -> str:
    """One value as a CSV cell: JSON numbers and booleans, None as empty,
    strings as they are unless a spreadsheet would read them as a formula.

    >>> [cell(v) for v in (19, -72.6, 1e-05, Decimal("2.50"), None, "超19个", True)]
    ['19', '-72.6', '1e-05', '2.5', '', '超19个', 'true']
    >>> print(" ".join(cell(v) for v in ("=HYPERLINK(A1)", "-3.5%", "@SUM(A1)", "+86")))
    '=HYPERLINK(A1) '-3.5% '@SUM(A1) '+86
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = decimal_to_json_number(value)  # as the JSON output has it
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)  # a number is no formula, whatever its sign
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def fact_rows(records: Iterable[Mapping[str, Any]]) -> Iterator[list[str]]:
    """The row of each fact record, in the order given (no header)."""
    for record in records:
        if record.get("kind") == "fact":
            yield [cell(record.get(_KEYS.get(column, column))) for column in COLUMNS]


def csv_rows(records: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """The table `write_csv` writes: the header row, then one row per fact."""
    return [list(COLUMNS), *fact_rows(records)]


def jsonl_records(text: str) -> Iterator[dict[str, Any]]:
    """The records of JSON Lines text (as in `batch.DocResult.jsonl_text`).

    Split on "\\n" only: `str.splitlines` would also split inside a string
    holding U+2028 or U+0085, which JSON with ensure_ascii=False leaves as is.
    """
    for line in text.split("\n"):
        if line.strip():
            record = json.loads(line)
            if isinstance(record, dict):
                yield record


class CsvSink:
    """Fact rows streamed to `path`: BOM and header at once, rows as records come.

    The file appears at `path` only on `commit()`; `discard()`, or leaving a
    `with` block without a commit, leaves nothing behind.
    """

    def __init__(self, path: Path) -> None:
        self._file = AtomicFile(path)  # UTF-8, newline="\n": the writer's "\r\n" is kept as is
        self._file.write(BOM)
        self._writer = csv.writer(self._file, dialect="excel", lineterminator="\r\n")
        self._writer.writerow(COLUMNS)
        self.rows = 0

    def add(self, records: Iterable[Mapping[str, Any]]) -> None:
        for row in fact_rows(records):
            self._writer.writerow(row)
            self.rows += 1

    def add_jsonl(self, text: str) -> None:
        self.add(jsonl_records(text))

    def commit(self) -> None:
        self._file.commit()

    def discard(self) -> None:
        self._file.discard()

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.__exit__(*exc)


def write_csv(records: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write the fact rows of `records` to `path` atomically; the number of rows."""
    with CsvSink(path) as sink:
        sink.add(records)
        sink.commit()
    return sink.rows
