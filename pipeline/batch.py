"""Running the pipeline over many files: the library API behind `press-extract run`.

Inputs are sorted, so output never depends on the order of files on disk.
Documents run in worker processes (`jobs` of them, `pipeline.workers`);
results come back in input order and are written by this process alone, so
`--jobs 2` writes the same bytes as `--jobs 1`. A document that takes longer
than its time budget, or whose worker dies twice, gets a one-line error like
a bad file, and the batch goes on; files already written stay as they are.

Outputs never overwrite inputs or each other (`check_outputs` refuses such a
run before it starts), inputs inside the output folder are skipped with a
note, and the JSON Lines and CSV files replace an existing file only when
the run had no error. Temporary files that a killed run left in an output
folder are removed by the next run.
"""
from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .lexicons import load
from .load import HTML_SUFFIXES, INPUT_SUFFIXES, InputError, load_path
from .runner import StageError, run_document
from .export import CsvSink
from .workers import ordered_map
from .write import (AtomicFile, OffsetError, atomic_write, document_yaml, jsonl_lines, output_name,
                    remove_stale_temporaries)

__all__ = ["INPUT_SUFFIXES", "DocResult", "OutputError", "Summary", "TimeBudget", "check_outputs",
           "collect_inputs", "process", "run_batch", "skip_outputs"]
SOURCE_SUFFIX = ".source.txt"  # the text a reader made from a PDF, Word, sheet or HTML file
MB = 1024 * 1024


class OutputError(Exception):
    """Outputs that would overwrite an input or each other: the run is refused."""


MEMORY_BUDGET_MB = 280  # a worker's data segment; with ~16 MB of shared libraries, under 300 MB resident


@dataclass(frozen=True)
class TimeBudget:
    """Seconds a document may take: `base`, plus `per_mb` for each MB of its file.

    Prose runs at about 200 KB/s (tests/BENCHMARKS.md), so the default gives
    a document ten times its expected time, and a few seconds to start.
    """

    base: float = 30.0
    per_mb: float = 60.0

    def seconds(self, path: Path) -> float:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        return self.base + self.per_mb * size / MB


@dataclass(frozen=True)
class DocResult:
    path: str
    doc_id: str
    yaml_text: str = ""
    jsonl_text: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    chars: int = 0
    error: str | None = None
    source_text: str | None = None  # saved beside the records when it is not the file's own text


@dataclass
class Summary:
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    records: Counter[str] = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # things done that a user should know of

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.records.items()))
        speed = self.chars / self.seconds if self.seconds else 0.0
        return (f"{self.documents} documents, records: {kinds or 'none'}; {len(self.errors)} errors; "
                f"{self.seconds:.2f} s; {speed:,.0f} characters/s")


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files to read: named files as given, folders searched for the formats load reads, sorted."""
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
    doc_id = doc_id or path.stem
    try:
        doc = run_document(load_path(path, doc_id), load())
        text = document_yaml(doc)
    except (InputError, StageError, OffsetError) as exc:
        return DocResult(str(path), doc_id, error=_memory_reason(exc) or str(exc))
    except MemoryError:
        return DocResult(str(path), doc_id, error="out of memory: over the worker's memory budget")
    except Exception as exc:  # a batch never dies on one file: named, reported, skipped
        return DocResult(str(path), doc_id, error=f"internal error: {type(exc).__name__}: {exc}")
    counts: dict[str, int] = dict(Counter(r.kind for r in doc.records))
    return DocResult(str(path), doc_id, text, "".join(jsonl_lines(doc.records)), counts,
                     len(doc.source), source_text=None if doc.format == "text" else doc.source)


def _memory_reason(exc: BaseException) -> str | None:
    """The error of a stage that ran out of memory (StageError wraps the MemoryError)."""
    if isinstance(exc.__cause__, MemoryError):
        return "out of memory: over the worker's memory budget"
    return None


def _process_path(path: Path) -> DocResult:
    return process(path)


def _warm() -> None:
    """Load lexicons and jieba and compile every rule once, before workers fork
    (a worker's first document would pay for it against its time budget)."""
    from .models import Document

    warm = Document(doc_id="warm", source="截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。")
    run_document(warm, load())


def _results(inputs: Sequence[Path], jobs: int, budget: TimeBudget,
             memory_mb: int) -> Generator[DocResult, None, None]:
    _warm()  # forked workers inherit the loaded dictionaries (spawned ones spent ~1.5 s each)
    for outcome in ordered_map(_process_path, inputs, jobs, budget.seconds, memory_mb * MB):
        if outcome.result is not None:
            yield outcome.result
        else:
            yield DocResult(str(outcome.item), outcome.item.stem, error=outcome.error)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


# What `press-extract review` writes in the <head> of its pages, so that a
# page is never read back as a document.
REVIEW_PAGE_MARK = '<meta name="generator" content="press-extract review">'


def _review_page(path: Path) -> bool:
    if path.suffix.lower() not in HTML_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            return REVIEW_PAGE_MARK.encode() in fh.read(512)
    except OSError:
        return False


def skip_outputs(inputs: Sequence[Path], folders: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """(inputs to read, a note for each input skipped because it lies inside
    one of the output `folders` or is a page `press-extract review` wrote)."""
    folders = [f for f in folders if f.is_dir()]
    kept: list[Path] = []
    notes: list[str] = []
    for path in inputs:
        inside = next((f for f in folders if _inside(path, f)), None)
        if inside is not None:
            notes.append(f"{path}: skipped: inside the output folder {inside}")
        elif _review_page(path):
            notes.append(f"{path}: skipped: a page written by press-extract review")
        else:
            kept.append(path)
    return kept, notes


def check_outputs(paths: Sequence[Path], inputs: Sequence[Path], out_dir: Path,
                  files: dict[str, Path | None]) -> None:
    """Refuse aggregate output files (`--jsonl`, `--csv`) that would overwrite
    an input, a document's YAML or each other, or that an input folder would
    hand back as a document next time (facts.csv inside the folder read)."""
    named = {option: path for option, path in files.items() if path is not None}
    resolved = {option: path.resolve() for option, path in named.items()}
    reads = {p.resolve() for p in inputs}
    folders = [p for p in paths if p.is_dir()]
    for option, path in named.items():
        if resolved[option] in reads:
            raise OutputError(f"{option} {path} is one of the inputs")
        if path.suffix.lower() in INPUT_SUFFIXES and any(_inside(path, f) for f in folders):
            raise OutputError(f"{option} {path}: a {path.suffix} file inside an input folder "
                              "would be read as a document next time")
        if path.suffix.lower() == ".yaml" and resolved[option].parent == out_dir.resolve():
            raise OutputError(f"{option} {path} is where a document's YAML goes (--out {out_dir})")
        if path.is_dir():
            raise OutputError(f"{option} {path} is a directory")
    for (a, pa), (b, pb) in itertools.combinations(resolved.items(), 2):
        if pa == pb:
            raise OutputError(f"{a} and {b} name the same file {named[a]}")


def _unique(inputs: Sequence[Path], summary: Summary) -> list[Path]:
    """Inputs with a document id of their own: ids differing only in case would
    name the same output file on some file systems, so the later one is an error."""
    first_path: dict[str, Path] = {}
    unique: list[Path] = []
    for path in inputs:
        key = path.stem.casefold()
        if key in first_path and path.is_file():
            summary.errors.append(f"{path}: duplicate document id {path.stem!r} (also {first_path[key]})")
            continue
        first_path.setdefault(key, path)
        unique.append(path)
    return unique


class _Aggregate:
    """A streamed output file (JSON Lines or CSV) that replaces an existing file
    only when the run succeeded, and that a write error (disk full) stops
    without stopping the batch."""

    def __init__(self, path: Path, make: Callable[[Path], AtomicFile | CsvSink], summary: Summary) -> None:
        self.path, self.summary = path, summary
        self.sink: AtomicFile | CsvSink | None = make(path)

    def add(self, write: Callable[[], None]) -> None:
        if self.sink is None:
            return
        try:
            write()
        except OSError as exc:
            self.summary.errors.append(f"{self.path}: cannot write: {exc.strerror or exc}")
            self.discard()

    def finish(self) -> None:
        if self.sink is None:
            return
        if self.summary.errors and self.path.exists():
            self.summary.notes.append(f"{self.path} kept as it was: this run had "
                                      f"{len(self.summary.errors)} errors")
            self.discard()
            return
        try:
            self.sink.commit()
        except OSError as exc:
            self.summary.errors.append(f"{self.path}: cannot write: {exc.strerror or exc}")
            self.discard()
        self.sink = None

    def discard(self) -> None:
        if self.sink is not None:
            self.sink.discard()
            self.sink = None


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    jsonl: Path | None = None,
    jobs: int = 1,
    progress: Callable[[Iterable[DocResult], int], Iterable[DocResult]] | None = None,
    csv: Path | None = None,
    budget: TimeBudget = TimeBudget(),
    memory_mb: int = MEMORY_BUDGET_MB,
) -> Summary:
    """Run every input; write one YAML per document into `out_dir` and, if
    asked, all records as JSON Lines and all facts as CSV, streamed as the
    documents come. Errors are collected, not raised; outputs that would
    overwrite inputs raise `OutputError` before anything runs."""
    started = time.perf_counter()
    summary = Summary()
    inputs, summary.notes = skip_outputs(collect_inputs(paths), [out_dir])
    check_outputs(paths, inputs, out_dir, {"--jsonl": jsonl, "--csv": csv})
    for folder in {out_dir, *(p.parent for p in (jsonl, csv) if p is not None)}:
        removed = remove_stale_temporaries(folder)
        summary.notes += [f"{p}: removed, left by an interrupted run" for p in removed]
    unique = _unique(inputs, summary)
    aggregates = [_Aggregate(path, make, summary)
                  for path, make in ((jsonl, AtomicFile), (csv, CsvSink)) if path is not None]
    documents = _results(unique, jobs, budget, memory_mb)
    try:
        results: Iterable[DocResult] = documents if progress is None else progress(documents, len(unique))
        for result in results:
            _write(result, out_dir, aggregates, summary)
        for aggregate in aggregates:
            aggregate.finish()
    finally:
        documents.close()  # stops the workers now, even on Ctrl-C
        for aggregate in aggregates:
            aggregate.discard()  # nothing is left half-written
    summary.seconds = time.perf_counter() - started
    return summary


def _write(result: DocResult, out_dir: Path, aggregates: Sequence[_Aggregate], summary: Summary) -> None:
    """One document's YAML, and its lines in the aggregate files."""
    if result.error:
        summary.errors.append(f"{result.path}: {result.error}")
        return
    try:
        if result.source_text is not None:  # the text the record offsets index
            atomic_write(out_dir / output_name(result.doc_id, SOURCE_SUFFIX), result.source_text)
        atomic_write(out_dir / output_name(result.doc_id, ".yaml"), result.yaml_text)
    except OSError as exc:
        summary.errors.append(f"{result.path}: cannot write output: {exc.strerror or exc}")
        return
    for aggregate in aggregates:
        sink = aggregate.sink
        if isinstance(sink, CsvSink):
            aggregate.add(lambda: sink.add_jsonl(result.jsonl_text))
        elif sink is not None:
            aggregate.add(lambda: sink.write(result.jsonl_text))
    summary.documents += 1
    summary.records.update(result.counts)
    summary.chars += result.chars
