"""Analyst tables: the records as Parquet, for DuckDB, pandas or Spark.

`press-extract run --parquet DIR` writes four tables, each a folder of
Parquet files: `DIR/facts`, `DIR/quantities`, `DIR/rankings`,
`DIR/entities`. Their columns are the fields of the record kind
(`models.Fact`, `Quantity`, `Ranking`, `Entity`; `kind` left out), plus
`url` (a crawled row's, else null) and `duplicate_of` (the first doc_id of
the repost group of a copy, else null: `WHERE duplicate_of IS NULL` counts
each release once). `facts` also has the `direction` and `comparison` of
its quantity, so it holds every column of the CSV (whose `document` is
`doc_id` here). Values are float64 (as the JSON output writes them), ranks
and offsets int64, everything else strings. A string Parquet cannot hold
(a lone surrogate, which a file name that is not UTF-8 gives to doc_id)
has U+FFFD in its place.

The tables are built from the documents' JSON Lines by pyarrow's JSON
reader, `RECORDS_PER_READ` records at a time: a rerun from the cache spends
a fifth of its time here, and decoding the records in Python took twice as
long again.

With `partition_by` COLUMN, a table that has the column is split into
Hive-style folders `COLUMN=value/` (null as `__HIVE_DEFAULT_PARTITION__`),
which DuckDB, pandas and Spark read back as a column; the others are
written whole. Rows keep the order of the documents and records.

Nothing is half-written: the tables are written into a staging folder
inside DIR and each table folder is renamed into place by `commit()`,
replacing the folder of an earlier run (which holds `TABLE_FILE`; the
batch refuses to replace any other);
`discard()`, an exception or an interrupt leaves DIR as it was, and the
staging folder of a killed run is removed by the next one.
"""
from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import tempfile
import types
import typing
from collections import OrderedDict
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .models import Entity, Fact, Quantity, Ranking, RecordBase
from .write import dict_lines, process_running

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

EXTRA_COLUMNS = ("url", "duplicate_of")
FACT_EXTRA = ("direction", "comparison")  # taken from the fact's quantity
MODELS: dict[str, type[RecordBase]] = {"facts": Fact, "quantities": Quantity, "rankings": Ranking,
                                       "entities": Entity}
TABLES = tuple(MODELS)  # the folders of DIR that a run replaces
KIND_TABLE = {"fact": "facts", "quantity": "quantities", "ranking": "rankings", "entity": "entities"}
# Records are read from their JSON Lines RECORDS_PER_READ at a time (about
# 2.5 MB: the JSON reader takes about 3 KB per record while it works) and
# held as Arrow rows until a table has ROWS_PER_GROUP, written as one row group.
RECORDS_PER_READ = 8192
ROWS_PER_GROUP = 65536
MAX_OPEN_FILES = 64  # partition files open at once; one closed is continued in a new part file
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
# Key-value metadata of every file written here, so that a table is never
# read back as a crawl file (facts have an `id` and a `text` column too).
TABLE_MARK = (b"press-extract", b"analyst table")
# A file in every table folder, so that a run replaces only folders it wrote
# (DuckDB's globs, pyarrow and Spark skip names starting with a dot).
TABLE_FILE = ".press-extract-table"
_STAGING = re.compile(r"\.press-extract-parquet-(\d+)-.*")
_UNSAFE = set('/\\%=:*?"<>|#\x7f')  # in a folder name: a path separator, or misread by a reader


def _arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a model field's annotation (optional or not)."""
    import pyarrow as pa

    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _arrow_type(inner)
    if typing.get_origin(annotation) is typing.Annotated:
        return _arrow_type(typing.get_args(annotation)[0])
    if annotation is Decimal or annotation is float:
        return pa.float64()
    if annotation is int:
        return pa.int64()
    if annotation is bool:
        return pa.bool_()
    if annotation is str or typing.get_origin(annotation) is Literal or (
            isinstance(annotation, type) and issubclass(annotation, Enum)):
        return pa.string()
    raise TypeError(f"no Arrow type for {annotation!r}")


@functools.cache
def table_schema(table: str) -> pa.Schema:
    """The columns of one of the four tables."""
    import pyarrow as pa

    model = MODELS[table]
    fields = [(name, _arrow_type(info.annotation)) for name, info in model.model_fields.items()
              if name != "kind"]
    names = {name for name, _ in fields}
    if table == "facts":
        quantity = Quantity.model_fields
        fields += [(name, _arrow_type(quantity[name].annotation)) for name in FACT_EXTRA]
    fields += [(name, pa.string()) for name in EXTRA_COLUMNS if name not in names]
    return pa.schema(fields, metadata=dict([TABLE_MARK]))


@functools.cache
def _read_schema() -> pa.Schema:
    """Every column of the four tables, with `kind`: what the JSON reader reads a record as."""
    import pyarrow as pa

    fields: dict[str, pa.DataType] = {"kind": pa.string()}
    for table in MODELS:
        for field in table_schema(table):
            if fields.setdefault(field.name, field.type) != field.type:
                raise TypeError(f"column {field.name!r} has two types: {fields[field.name]} and {field.type}")
    return pa.schema(list(fields.items()))


def _pool() -> pa.MemoryPool:
    """The allocator of the tables: the system's, which returns what the JSON
    reader used; pyarrow's default (mimalloc) kept 70 MB more over 100,000 records."""
    import pyarrow as pa

    return pa.system_memory_pool()


def read_records(jsonl: bytes, urls: Sequence[tuple[str | None, int]]) -> dict[str, pa.Table]:
    """Records as JSON Lines, one document's after another (`urls`: each
    document's url and number of records), as rows of each table."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    pool = _pool()
    records = pj.read_json(io.BytesIO(jsonl), read_options=pj.ReadOptions(block_size=len(jsonl) + 1),
                           parse_options=pj.ParseOptions(explicit_schema=_read_schema(),
                                                         unexpected_field_behavior="ignore"), memory_pool=pool)
    url = pa.array([url for url, count in urls for _ in range(count)], pa.string(), memory_pool=pool)
    records = records.set_column(records.schema.get_field_index("url"), "url", url)
    kind = records.column("kind")
    tables = {table: pc.filter(records, pc.equal(kind, kind_name, memory_pool=pool), memory_pool=pool)
              for kind_name, table in KIND_TABLE.items()}
    quantities, facts = tables["quantities"], tables["facts"]
    at = pc.index_in(facts.column("quantity_id"), value_set=quantities.column("id"), memory_pool=pool)
    for name in FACT_EXTRA:  # a fact's direction and comparison are its quantity's
        extra = pc.take(quantities.column(name), at, memory_pool=pool)
        facts = facts.set_column(facts.schema.get_field_index(name), name, extra)
    tables["facts"] = facts
    return {table: rows.select(table_schema(table).names) for table, rows in tables.items()}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_strings(jsonl: str) -> str:
    """`jsonl` with U+FFFD for every lone surrogate (which JSON writes as a \\udXXX escape)."""
    def valid(value: Any) -> Any:
        return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value

    return "".join(dict_lines({k: valid(v) for k, v in json.loads(line).items()} for line in jsonl.splitlines()))


def partition_dir(column: str, value: Any) -> str:
    """The Hive-style folder of one partition value; characters a path cannot
    hold, or that would be misread, as %XX.

    >>> partition_dir("region", "重庆"), partition_dir("metric", "a/b"), partition_dir("region", None)
    ('region=重庆', 'metric=a%2Fb', 'region=__HIVE_DEFAULT_PARTITION__')
    """
    if value is None or value == "":
        return f"{column}={NULL_PARTITION}"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    escaped = "".join("".join(f"%{b:02X}" for b in ch.encode()) if ch in _UNSAFE or ord(ch) < 32 else ch
                      for ch in text)
    return f"{column}={'%2E' + escaped[1:] if escaped.startswith('.') else escaped}"


class _TableWriter:
    """One table, streamed into its folder: one file, or one per partition value."""

    def __init__(self, folder: Path, schema: pa.Schema, partition_by: str | None) -> None:
        self.folder, self.schema = folder, schema
        self.partition_by = partition_by if partition_by in schema.names else None
        self.file_schema = schema.remove(schema.get_field_index(self.partition_by)) if self.partition_by \
            else schema
        self.count = 0
        self._held: list[pa.Table] = []
        self._held_rows = 0
        self._open: OrderedDict[str, pq.ParquetWriter] = OrderedDict()
        self._parts: dict[str, int] = {}
        folder.mkdir(parents=True)
        (folder / TABLE_FILE).write_text("a table written by press-extract run --parquet\n", encoding="utf-8")

    def add(self, rows: pa.Table) -> None:
        """Rows of `schema`, written once the table holds `ROWS_PER_GROUP`."""
        self.count += rows.num_rows
        self._held.append(rows)
        self._held_rows += rows.num_rows
        if self._held_rows >= ROWS_PER_GROUP:
            self.flush()

    def flush(self) -> None:
        """Write the rows held, into their partitions' files in order of first appearance."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not self._held_rows:
            return
        rows = pa.concat_tables(self._held, memory_pool=_pool()).combine_chunks(_pool())
        self._held, self._held_rows = [], 0
        if not self.partition_by:
            self._writer("").write_table(self._file_table(rows))
            return
        groups: dict[str, list[int]] = {}
        for at, value in enumerate(rows.column(self.partition_by).to_pylist()):
            groups.setdefault(partition_dir(self.partition_by, value), []).append(at)
        for key, ats in groups.items():
            self._writer(key).write_table(self._file_table(pc.take(rows, ats, memory_pool=_pool())))

    def _file_table(self, rows: pa.Table) -> pa.Table:
        return rows.select(self.file_schema.names).replace_schema_metadata(self.file_schema.metadata)

    def _writer(self, key: str) -> pq.ParquetWriter:
        import pyarrow.parquet as pq

        if key in self._open:
            self._open.move_to_end(key)
            return self._open[key]
        if len(self._open) >= MAX_OPEN_FILES:
            self._open.popitem(last=False)[1].close()
        part = self._parts.get(key, 0)
        self._parts[key] = part + 1
        folder = self.folder / key if key else self.folder
        folder.mkdir(exist_ok=True)
        writer = pq.ParquetWriter(folder / f"part-{part:05d}.parquet", self.file_schema, memory_pool=_pool())
        self._open[key] = writer
        return writer

    def close(self) -> None:
        self.flush()
        if not self._parts and not self.partition_by:
            self._writer("")  # an empty table is still a file with the table's columns
        for writer in self._open.values():
            writer.close()
        self._open.clear()


def is_table(path: Path) -> bool:
    """Whether `path` is a table folder written by `ParquetTables`."""
    return (path / TABLE_FILE).is_file()


def check_partition_column(partition_by: str | None) -> None:
    """ValueError unless `partition_by` is None or a column of some table."""
    if partition_by is not None and not any(partition_by in table_schema(t).names for t in MODELS):
        columns = sorted({name for t in MODELS for name in table_schema(t).names})
        raise ValueError(f"no table has a column {partition_by!r}; columns: {', '.join(columns)}")


class ParquetTables:
    """The four tables of a run, written into `folder` when committed."""

    def __init__(self, folder: Path, partition_by: str | None = None) -> None:
        check_partition_column(partition_by)
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.removed = remove_stale_staging(folder)
        self.staging = Path(tempfile.mkdtemp(prefix=f".press-extract-parquet-{os.getpid()}-", dir=folder))
        self.tables = {name: _TableWriter(self.staging / name, table_schema(name), partition_by)
                       for name in MODELS}
        self._pending: list[str] = []  # JSON Lines of documents not yet written
        self._urls: list[tuple[str | None, int]] = []  # their urls and numbers of records
        self._rows = 0

    def add(self, jsonl: str, url: str | None = None) -> None:
        """One document's records as JSON Lines (`duplicate_of` included)."""
        count = jsonl.count("\n")
        if not count:
            return
        if "\\ud" in jsonl:  # perhaps a lone surrogate, which Parquet cannot hold
            jsonl = _valid_strings(jsonl)
        self._pending.append(jsonl)
        self._urls.append((url, count))
        self._rows += count
        if self._rows >= RECORDS_PER_READ:
            self._read()

    def _read(self) -> None:
        """Read the records added since the last read into the tables."""
        if not self._pending:
            return
        tables = read_records("".join(self._pending).encode("utf-8"), self._urls)
        self._pending, self._urls, self._rows = [], [], 0
        for name, rows in tables.items():
            self.tables[name].add(rows)

    def present(self) -> bool:
        """Whether `folder` holds tables of an earlier run, which `commit` replaces."""
        return any((self.folder / name).exists() for name in TABLES)

    def commit(self) -> None:
        """Put the new tables in place of the old ones."""
        self._read()
        for writer in self.tables.values():
            writer.close()
        for name in MODELS:
            target = self.folder / name
            if target.exists():
                target.rename(self.staging / f"replaced-{name}")
            (self.staging / name).rename(target)
        shutil.rmtree(self.staging, ignore_errors=True)

    def discard(self) -> None:
        for writer in self.tables.values():
            for open_writer in writer._open.values():
                open_writer.close()
            writer._open.clear()
        shutil.rmtree(self.staging, ignore_errors=True)

    @property
    def rows(self) -> dict[str, int]:
        return {name: writer.count for name, writer in self.tables.items()}


def remove_stale_staging(folder: Path) -> list[Path]:
    """Remove the staging folders in `folder` of runs that are no longer running."""
    removed = []
    for path in sorted(folder.iterdir()):
        match = _STAGING.fullmatch(path.name)
        if match and path.is_dir() and not process_running(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
