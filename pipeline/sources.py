"""Crawled pages as documents: rows of JSON Lines (`.jsonl`, `.jsonl.gz`) and Parquet files.

A crawl file holds one page per row, with the columns (keys) `id`, `url`,
`fetched_at` and `text` or `html`. Each row is one document: its doc_id is
the `id` (a string, or an integer written as one), its source the `text`,
else the visible text of the `html` (read as an HTML file is). `url` and
`fetched_at` are carried to the analyst tables; other columns are ignored.

Rows are streamed, so a crawl file of any length is read in constant
memory: Parquet by record batches (pyarrow, only the columns above),
JSON Lines line by line (gzip when the name ends in `.gz`). JSON Lines are
decoded with the standard `json` module rather than pyarrow's JSON reader,
which fails a whole block on one bad line: here a bad row (invalid JSON,
no id, an id that cannot name a file, no text or html, too large) is a
`RowError` naming the file and the row, like a bad file, and the other
rows go on. A file that cannot be opened at all, or read to its end (a
truncated .gz), ends with one `RowError` that says so (`whole_file`).

A row is held to the limits of a file (`load`): its line, its text or its
html at most MAX_TEXT_FILE_BYTES bytes, as a text or HTML file's; its text,
or the visible text of its html, checked when the row is loaded in its
worker, at most the characters the worker's memory budget takes
(`load.max_chars`), with the same error as a file's.
"""
from __future__ import annotations

import gzip
import json
import unicodedata
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from .load import MAX_TEXT_FILE_BYTES

CRAWL_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")
COLUMNS = ("id", "url", "fetched_at", "text", "html")
BATCH_ROWS = 256  # Parquet rows decoded at a time: a few MB of pages
MAX_ID_CHARS = 200  # an id names the document's output file, which the file system limits


@dataclass(frozen=True)
class Row:
    """One crawled page, ready to be made a Document."""

    doc_id: str
    origin: str  # the file and row (1-based) it came from, for messages: "crawl.jsonl:17"
    content: str  # the text, or the HTML
    format: Literal["text", "html"]
    url: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True)
class RowError:
    """A row that gives no document, or a file that could not be read to its
    end (`whole_file`: the rows it still held, if any, are not known); `error`
    is the one-line reason."""

    origin: str
    error: str
    whole_file: bool = False


def is_crawl(path: Path) -> bool:
    """Whether `path` is read as a crawl file (rows) rather than as one document."""
    return path.name.lower().endswith(CRAWL_SUFFIXES)


def rows(path: Path) -> Iterator[Row | RowError]:
    """Every row of a crawl file, in file order: a Row, or a RowError saying why not."""
    if path.name.lower().endswith(".parquet"):
        yield from _parquet_rows(path)
    else:
        yield from _jsonl_rows(path)


def id_problem(doc_id: str) -> str | None:
    """Why `doc_id` cannot name a document (its output file), or None.

    >>> [id_problem(i) for i in ("gov-2024-0001", "重庆/统计", "..", "a\\x00b")]
    [None, "contains '/'", 'starts with a dot', 'contains a control character']
    """
    if not doc_id.strip():
        return "empty"
    if len(doc_id) > MAX_ID_CHARS:
        return f"longer than {MAX_ID_CHARS} characters"
    for sep in ("/", "\\"):
        if sep in doc_id:
            return f"contains {sep!r}"
    if doc_id.startswith("."):
        return "starts with a dot"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in doc_id):
        return "contains a control character"
    return None


def row_from_values(values: Mapping[str, Any], origin: str) -> Row | RowError:
    """A Row from one row's columns, or the RowError of what is wrong with them."""
    raw_id = values.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        return RowError(origin, "no id" if raw_id is None else f"id is {type(raw_id).__name__}, not a string")
    doc_id = str(raw_id)
    problem = id_problem(doc_id)
    if problem:
        return RowError(origin, f"id {doc_id[:60]!r} cannot name a document: {problem}")
    content: str | None = None
    fmt: Literal["text", "html"] = "text"
    for column in ("text", "html"):
        value = values.get(column)
        if value is not None and not isinstance(value, str):
            return RowError(origin, f"{doc_id}: {column} is {type(value).__name__}, not a string")
        if content is None and value and value.strip():
            content, fmt = value, "text" if column == "text" else "html"
    if content is None:
        return RowError(origin, f"{doc_id}: no text or html")
    if "\x00" in content:
        return RowError(origin, f"{doc_id}: binary data: NUL characters in {fmt}")
    if _over_bytes(content, MAX_TEXT_FILE_BYTES):
        return RowError(origin, f"{doc_id}: too large: {fmt} over {MAX_TEXT_FILE_BYTES:,} bytes")
    return Row(doc_id, origin, content, fmt, _optional_text(values.get("url")),
               _optional_text(values.get("fetched_at")))


def _over_bytes(text: str, limit: int) -> bool:
    """Whether `text` takes more than `limit` bytes in UTF-8 (encoded only when it may)."""
    return len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # a Parquet timestamp
        return str(value.isoformat())
    return str(value)


# --- JSON Lines ----------------------------------------------------------------


def _open(path: Path) -> BinaryIO:
    fh: BinaryIO = path.open("rb")
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _jsonl_rows(path: Path) -> Iterator[Row | RowError]:
    try:
        fh = _open(path)
    except OSError as exc:
        yield RowError(str(path), f"unreadable: {exc.strerror or exc}", whole_file=True)
        return
    line_no = 0
    with fh:
        while True:
            origin = f"{path}:{line_no + 1}"
            try:
                line = fh.readline(MAX_TEXT_FILE_BYTES + 1)
                if len(line) > MAX_TEXT_FILE_BYTES and not line.endswith(b"\n"):
                    while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass  # the rest of an over-long line is skipped, never held
                    line_no += 1
                    yield RowError(origin, f"row too large: over {MAX_TEXT_FILE_BYTES:,} bytes")
                    continue
            except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt .gz
                yield RowError(origin, f"unreadable: {exc}", whole_file=True)
                return
            if not line:
                return
            line_no += 1
            if line.strip():
                yield _jsonl_row(line, origin)


def _jsonl_row(line: bytes, origin: str) -> Row | RowError:
    try:
        values = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return RowError(origin, f"not UTF-8: {exc.reason} at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return RowError(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(values, dict):
        return RowError(origin, f"a JSON {type(values).__name__}, not an object")
    return row_from_values(values, origin)


# --- Parquet -------------------------------------------------------------------


def _parquet_rows(path: Path) -> Iterator[Row | RowError]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        names = set(parquet.schema_arrow.names)
    except (OSError, pa.ArrowException) as exc:
        yield RowError(str(path), f"unreadable Parquet file: {exc}", whole_file=True)
        return
    if (parquet.schema_arrow.metadata or {}).get(b"press-extract") == b"analyst table":
        yield RowError(str(path), "an analyst table written by press-extract run --parquet, not a crawl",
                       whole_file=True)
        return
    if "id" not in names or not names & {"text", "html"}:
        yield RowError(str(path), "a crawl file needs an id column and a text or html column; "
                                  f"it has {', '.join(sorted(names)) or 'none'}", whole_file=True)
        return
    row_no = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=[c for c in COLUMNS if c in names]):
            for values in batch.to_pylist():
                row_no += 1
                yield row_from_values(values, f"{path}:{row_no}")
    except (OSError, pa.ArrowException) as exc:
        yield RowError(f"{path}:{row_no + 1}", f"unreadable Parquet data: {exc}", whole_file=True)
