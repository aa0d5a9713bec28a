"""Running the pipeline over many documents: the library API behind `press-extract run`.

Inputs are files (one document each) and crawl files (`.jsonl`,
`.jsonl.gz`, `.parquet`: one document per row, `pipeline.sources`). They
are sorted, rows kept in file order, so output never depends on the order
of files on disk. Documents run on an engine (`pipeline.engines`: local
worker processes, `pipeline.workers`, or Dask); results come back in input
order and are written by this process alone, so the engine and `--jobs`
never change the bytes. A document that fails (a bad file or row, over its
time or memory budget, a worker that died twice) gets a one-line error
like a bad file, and the batch goes on; files already written stay as they
are.

With a cache (`pipeline.cache`) only documents it has not seen are sent to
the engine; the others' results come from their entries, the same bytes.
Documents are taken in chunks of `CHUNK`, so neither the driver nor the
engine ever holds more than a chunk of them. Reposts are grouped in input
order (`pipeline.reposts`) and their records written with `duplicate_of`.

Outputs never overwrite inputs or each other (`guard.check_outputs` refuses
such a run before it starts), and inputs inside the output folder are
skipped with a note (`guard.skip_outputs`). The JSON Lines and CSV files
and the Parquet tables replace existing ones when every error of the run,
if any, is a named document's (a bad file or row, a document over its
budget: the outputs lack it, and the user is told), never when the run
itself failed (`Summary.withheld`: an output it could not write, an input
path or crawl file it could not read to its end, no document at all), nor
when it was interrupted. Temporary files that a killed run left in an
output folder are removed by the next run.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .cache import Cache, task_key
from .documents import DocResult, FileTask, Task, mark_copy, process_task
from .engines import Engine, LocalEngine, TimeBudget
from .export import CsvSink, jsonl_records
from .guard import OutputError, check_outputs, skip_outputs
from .load import INPUT_SUFFIXES, MEMORY_BUDGET_MB
from .reposts import RepostIndex
from .sources import Row, RowError, is_crawl, rows
from .tables_out import ParquetTables, check_partition_column
from .write import AtomicFile, atomic_write, output_name, remove_stale_temporaries

__all__ = ["INPUT_SUFFIXES", "MEMORY_BUDGET_MB", "DocResult", "OutputError", "Summary", "TimeBudget",
           "check_outputs", "collect_inputs", "process", "run_batch", "skip_outputs"]
SOURCE_SUFFIX = ".source.txt"  # the text a reader made from a PDF, Word, sheet or HTML file
CHUNK = 256  # documents looked up in the cache and sent to the engine at a time


@dataclass
class Summary:
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    records: Counter[str] = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0
    cached: int = 0  # documents whose records came from the cache
    extracted: int = 0  # documents extracted in this run
    copies: int = 0  # documents that are reposts of an earlier one
    notes: list[str] = field(default_factory=list)  # things done that a user should know of
    # Errors of the run rather than of a document it can name (each also in
    # `errors`): an input path or crawl file it could not read (to its end),
    # an output it could not write.
    failures: list[str] = field(default_factory=list)

    def fail(self, error: str) -> None:
        self.errors.append(error)
        self.failures.append(error)

    def withheld(self) -> str | None:
        """Why the aggregate outputs of this run may not replace earlier ones,
        or None: every error, if any, is a named document's, which the
        outputs lack (a bad file or row, a document over its budget)."""
        if self.failures:
            more = f" (and {len(self.failures) - 1} more)" if len(self.failures) > 1 else ""
            return f"the run failed: {self.failures[0]}{more}"
        if self.errors and not self.documents:
            return "no document was read"
        return None

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.records.items()))
        speed = self.chars / self.seconds if self.seconds else 0.0
        return (f"{self.documents} documents, records: {kinds or 'none'}; {len(self.errors)} errors; "
                f"{self.cached} cached, {self.extracted} extracted; {self.copies} reposts; "
                f"{self.seconds:.2f} s; {speed:,.0f} characters/s")


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files to read: named files as given (crawl files among them), folders
    searched for the formats load reads, sorted. Folders are not searched for
    crawl files: a folder of releases often holds a .jsonl of metadata."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir() and path.suffix.lower() not in INPUT_SUFFIXES:
            found.update(p for p in path.rglob("*")
                         if p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir())
        else:
            found.add(path)
    return sorted(found, key=lambda p: (p.stem, str(p)))


def process(path: Path, doc_id: str | None = None) -> DocResult:
    """Load, extract and serialise one file; never raises for a bad input."""
    return process_task(FileTask(path, doc_id))


def tasks(inputs: Sequence[Path], summary: Summary) -> Iterator[Task]:
    """One task per document of `inputs`, in order; a bad row, or a document
    whose id an earlier one has, is an error in `summary` instead, and an
    input that does not exist or a crawl file that cannot be read to its end
    a failure of the run. Ids that differ only in case are the same id: they
    would name the same output file on some file systems."""
    first: dict[str, str] = {}
    for path in inputs:
        if not os.path.lexists(path):  # a mistyped path: the run failed, no document can be named
            summary.fail(f"{path}: no such file or directory")
            continue
        items: Iterable[Task | RowError] = rows(path) if is_crawl(path) else [FileTask(path)]
        for item in items:
            if isinstance(item, RowError) and item.whole_file:
                summary.fail(f"{item.origin}: {item.error}")
                continue
            if isinstance(item, RowError):
                summary.errors.append(f"{item.origin}: {item.error}")
                continue
            key = item.doc_id.casefold()
            if key in first and (isinstance(item, Row) or path.is_file()):
                summary.errors.append(f"{item.origin}: duplicate document id {item.doc_id!r} "
                                      f"(also {first[key]})")
                continue
            first.setdefault(key, item.origin)
            yield item


def results(todo: Iterable[Task], engine: Engine,
            cache: Cache | None = None) -> Generator[DocResult, None, None]:
    """The result of every task, in order: from the cache where it has one,
    else from the engine (and then stored), a chunk of tasks at a time."""
    it = iter(todo)
    while chunk := list(islice(it, CHUNK)):
        keys = [task_key(task) if cache else None for task in chunk]
        hits = [cache.get(key, task) if cache else None for key, task in zip(keys, chunk)]
        with closing(engine.map([task for task, hit in zip(chunk, hits) if hit is None])) as fresh:
            for key, hit in zip(keys, hits):
                if hit is not None:
                    yield hit
                    continue
                result = next(fresh)
                if cache is not None:
                    cache.put(key, result)
                yield result


def _write_if_changed(path: Path, text: str) -> None:
    """`atomic_write`, unless the file already holds `text`: a rerun from the
    cache compares (a read) rather than replaces (a rename, about 2 ms each)."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write(path, text)


def count_rows(inputs: Sequence[Path]) -> int:
    """How many documents `inputs` hold, for a progress bar: files, Parquet rows
    (from the files' metadata), lines of uncompressed JSON Lines; .jsonl.gz not counted."""
    total = 0
    for path in inputs:
        try:
            if not is_crawl(path):
                total += 1
            elif path.name.lower().endswith(".parquet"):
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            elif path.name.lower().endswith(".jsonl"):
                with path.open("rb") as fh:
                    total += sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
        except Exception:  # a bad file is reported when it is read, not here
            continue
    return total


class _Aggregate:
    """An output of the whole run: the JSON Lines file, the CSV file or the
    Parquet tables. It is streamed as the documents come into a temporary
    file or folder beside its place, and put in place by `finish`, which
    replaces an existing output unless `Summary.withheld` says the run
    failed; `discard` (an exception, Ctrl-C) leaves nothing behind. A write
    error (disk full) stops it without stopping the batch."""

    def __init__(self, path: Path, sink: AtomicFile | CsvSink | ParquetTables, summary: Summary) -> None:
        self.path, self.summary = path, summary
        self.sink: AtomicFile | CsvSink | ParquetTables | None = sink

    def add(self, result: DocResult, records: list[dict[str, Any]]) -> None:
        """One document's records: `result.jsonl_text`, read as `records`."""
        sink = self.sink
        if sink is None:
            return
        try:
            if isinstance(sink, AtomicFile):
                sink.write(result.jsonl_text)
            elif isinstance(sink, CsvSink):
                sink.add(records)
            else:
                sink.add(result.jsonl_text, result.url)
        except OSError as exc:
            self.summary.fail(f"{self.path}: cannot write: {exc.strerror or exc}")
            self.discard()

    def _present(self) -> bool:
        return self.sink.present() if isinstance(self.sink, ParquetTables) else self.path.exists()

    def finish(self) -> bool:
        """Put the output in place unless the run withholds it; whether it did."""
        if self.sink is None:
            return False
        if (reason := self.summary.withheld()) and self._present():
            self.summary.notes.append(f"{self.path} kept as it was: {reason}")
            self.discard()
            return False
        try:
            self.sink.commit()
        except OSError as exc:
            self.summary.fail(f"{self.path}: cannot write: {exc.strerror or exc}")
            self.discard()
            return False
        self.sink = None
        return True

    def discard(self) -> None:
        if self.sink is not None:
            self.sink.discard()
            self.sink = None


def _aggregates(jsonl: Path | None, csv: Path | None, parquet: Path | None, partition_by: str | None,
                summary: Summary) -> list[_Aggregate]:
    """The run's aggregate outputs, each in its temporary file or folder."""
    aggregates: list[_Aggregate] = []
    try:
        if jsonl is not None:
            aggregates.append(_Aggregate(jsonl, AtomicFile(jsonl), summary))
        if csv is not None:
            aggregates.append(_Aggregate(csv, CsvSink(csv), summary))
        if parquet is not None:
            tables = ParquetTables(parquet, partition_by)
            summary.notes += [f"{p}: removed, left by an interrupted run" for p in tables.removed]
            aggregates.append(_Aggregate(parquet, tables, summary))
    except BaseException:
        for aggregate in aggregates:
            aggregate.discard()
        raise
    return aggregates


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    jsonl: Path | None = None,
    jobs: int = 1,
    progress: Callable[[Iterable[DocResult], int], Iterable[DocResult]] | None = None,
    csv: Path | None = None,
    budget: TimeBudget = TimeBudget(),
    memory_mb: int = MEMORY_BUDGET_MB,
    *,
    engine: Engine | None = None,
    cache: Path | None = None,
    parquet: Path | None = None,
    partition_by: str | None = None,
    reposts: bool = True,
) -> Summary:
    """Run every input; write one YAML per document into `out_dir` and, if
    asked, all records as JSON Lines, all facts as CSV and the analyst
    tables as Parquet, streamed as the documents come. Documents run on
    `engine` (default: `jobs` local worker processes, each document within
    `budget` and `memory_mb`); with `cache`, a folder, only documents it
    does not hold are extracted. Errors are collected, not raised; outputs
    that would overwrite inputs raise `OutputError` before anything runs."""
    started = time.perf_counter()
    summary = Summary()
    inputs, summary.notes = skip_outputs(collect_inputs(paths), [out_dir])
    check_outputs(paths, inputs, out_dir, {"--jsonl": jsonl, "--csv": csv}, parquet, cache)
    check_partition_column(partition_by)
    for folder in {out_dir, *(p.parent for p in (jsonl, csv) if p is not None), *([cache] if cache else [])}:
        removed = remove_stale_temporaries(folder)
        summary.notes += [f"{p}: removed, left by an interrupted run" for p in removed]
    store = Cache(cache) if cache is not None else None
    own_engine = engine is None
    runner: Engine = engine or LocalEngine(jobs, budget, memory_mb)
    index = RepostIndex() if reposts else None
    aggregates = _aggregates(jsonl, csv, parquet, partition_by, summary)
    documents = results(tasks(inputs, summary), runner, store)
    try:
        done: Iterable[DocResult] = documents if progress is None else progress(documents, count_rows(inputs))
        for result in done:
            group = None if index is None or result.error else index.add(result.doc_id, result.signature)
            if group is not None:
                result = mark_copy(result, group)
                summary.copies += 1
            _write(result, out_dir, aggregates, summary)
        written = [str(a.path) for a in aggregates if a.finish()]
        if written and summary.errors:
            summary.notes.append(f"written without the documents in error: {', '.join(written)}")
    finally:
        documents.close()  # stops the workers now, even on Ctrl-C
        for aggregate in aggregates:
            aggregate.discard()  # nothing is left half-written
        if own_engine:
            runner.close()
    if store is not None and (note := store.stats.note()):
        summary.notes.append(note)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(result: DocResult, out_dir: Path, aggregates: Sequence[_Aggregate], summary: Summary) -> None:
    """One document's YAML, and its lines and rows in the aggregate outputs."""
    if result.error:
        summary.errors.append(f"{result.path}: {result.error}")
        return
    try:
        if result.source_text is not None:  # the text the record offsets index
            _write_if_changed(out_dir / output_name(result.doc_id, SOURCE_SUFFIX), result.source_text)
        _write_if_changed(out_dir / output_name(result.doc_id, ".yaml"), result.yaml_text)
    except OSError as exc:
        summary.fail(f"{result.path}: cannot write output: {exc.strerror or exc}")
        return
    read = any(isinstance(a.sink, CsvSink) for a in aggregates)
    records = list(jsonl_records(result.jsonl_text)) if read else []  # for the CSV
    for aggregate in aggregates:
        aggregate.add(result, records)
    summary.documents += 1
    summary.cached += result.cached
    summary.extracted += not result.cached
    summary.records.update(result.counts)
    summary.chars += result.chars
