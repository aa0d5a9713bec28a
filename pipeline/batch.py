"""Running the pipeline over many files: the library API behind `press-extract run`.

Inputs are sorted, so output never depends on the order of files on disk.
Documents may run in several processes (`jobs`); results come back in input
order and are written by this process alone, so `--jobs 2` writes the same
bytes as `--jobs 1`. A file that fails gets a one-line error and the batch
goes on; files already written stay as they are.
"""
from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .lexicons import load
from .load import INPUT_SUFFIXES, InputError, load_path
from .runner import StageError, run_document
from .export import CsvSink
from .write import AtomicFile, OffsetError, atomic_write, document_yaml, jsonl_lines

__all__ = ["INPUT_SUFFIXES", "DocResult", "Summary", "collect_inputs", "process", "run_batch"]
SOURCE_SUFFIX = ".source.txt"  # the text a reader made from a PDF, Word, sheet or HTML file


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
        return DocResult(str(path), doc_id, error=str(exc))
    except Exception as exc:  # a batch never dies on one file: named, reported, skipped
        return DocResult(str(path), doc_id, error=f"internal error: {type(exc).__name__}: {exc}")
    counts: dict[str, int] = dict(Counter(r.kind for r in doc.records))
    return DocResult(str(path), doc_id, text, "".join(jsonl_lines(doc.records)), counts,
                     len(doc.source), source_text=None if doc.format == "text" else doc.source)


def _process_path(path: Path) -> DocResult:
    return process(path)


def _warm() -> None:
    """Load lexicons and jieba once per worker process."""
    from .segment import tokenizer

    tokenizer(load())


def _results(inputs: Sequence[Path], jobs: int) -> Iterator[DocResult]:
    if jobs <= 1 or len(inputs) <= 1:
        yield from map(_process_path, inputs)
        return
    # Fork where the OS has it: the workers inherit the lexicons and jieba's
    # dictionary already loaded here (spawned workers spent ~1.5 s loading
    # them, a quarter of a small batch). Results are the same either way.
    _warm()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer=_warm) as pool:
        yield from pool.imap(_process_path, inputs, chunksize=1)


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    jsonl: Path | None = None,
    jobs: int = 1,
    progress: Callable[[Iterable[DocResult], int], Iterable[DocResult]] | None = None,
    csv: Path | None = None,
) -> Summary:
    """Run every input; write one YAML per document into `out_dir` and, if
    asked, all records as JSON Lines and all facts as CSV, streamed as the
    documents come. Errors are collected, not raised."""
    started = time.perf_counter()
    summary = Summary()
    inputs = collect_inputs(paths)
    first_path: dict[str, Path] = {}
    unique: list[Path] = []
    for path in inputs:
        if path.stem in first_path and path.is_file():
            summary.errors.append(f"{path}: duplicate document id {path.stem!r} (also {first_path[path.stem]})")
            continue
        first_path.setdefault(path.stem, path)
        unique.append(path)
    sink = AtomicFile(jsonl) if jsonl else None
    facts = CsvSink(csv) if csv else None
    try:
        results: Iterable[DocResult] = _results(unique, jobs)
        if progress is not None:
            results = progress(results, len(unique))
        for result in results:
            if result.error:
                summary.errors.append(f"{result.path}: {result.error}")
                continue
            try:
                if result.source_text is not None:  # the text the record offsets index
                    atomic_write(out_dir / f"{result.doc_id}{SOURCE_SUFFIX}", result.source_text)
                atomic_write(out_dir / f"{result.doc_id}.yaml", result.yaml_text)
            except OSError as exc:
                summary.errors.append(f"{result.path}: cannot write output: {exc.strerror or exc}")
                continue
            if sink:
                sink.write(result.jsonl_text)
            if facts:
                facts.add_jsonl(result.jsonl_text)
            summary.documents += 1
            summary.records.update(result.counts)
            summary.chars += result.chars
        for done in (sink, facts):
            if done:
                done.commit()
    finally:
        for left in (sink, facts):
            if left:
                left.discard()  # nothing is left half-written
    summary.seconds = time.perf_counter() - started
    return summary

