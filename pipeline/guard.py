"""Outputs never overwrite inputs or each other: the checks `press-extract run` and `review` make first.

- `skip_outputs`: inputs inside an output folder (`--out`, `--html`) and
  pages `review` wrote are skipped, with a note, never read as documents.
- `check_outputs`: `--jsonl` and `--csv` may not name an input, a document's
  YAML, each other, a folder, or a file of an input format inside an input
  folder; `--parquet DIR` replaces only table folders an earlier run wrote
  and holding nothing else the run reads or writes. A run that would is
  refused (`OutputError`) before anything is written.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from .load import HTML_SUFFIXES, INPUT_SUFFIXES
from .tables_out import TABLES, is_table

__all__ = ["REVIEW_PAGE_MARK", "OutputError", "check_outputs", "skip_outputs"]


class OutputError(Exception):
    """Outputs that would overwrite an input or each other: the run is refused."""


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
                  files: dict[str, Path | None], parquet: Path | None = None,
                  cache: Path | None = None) -> None:
    """Refuse aggregate output files (`--jsonl`, `--csv`) that would overwrite
    an input, a document's YAML or each other, or that an input folder would
    hand back as a document next time (facts.csv inside the folder read);
    and Parquet tables (`parquet`) that would replace a folder holding an
    input or another output."""
    named = {option: path for option, path in files.items() if path is not None}
    if parquet is not None:
        _check_tables(parquet, inputs, {"--out": out_dir, "--cache": cache, **named})
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


def _check_tables(folder: Path, inputs: Sequence[Path], outputs: dict[str, Path | None]) -> None:
    """`--parquet DIR` replaces DIR/facts, DIR/quantities, DIR/rankings and
    DIR/entities whole: each must be a table an earlier run wrote, and
    nothing the run reads or writes besides may lie in them."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--parquet {folder} is not a folder")
    others = [(f"the input {path}", path) for path in inputs]
    others += [(f"{option} {path}", path) for option, path in outputs.items() if path is not None]
    for table in (folder / name for name in TABLES):
        if (table.exists() or table.is_symlink()) and not is_table(table):
            raise OutputError(f"--parquet {folder} would replace {table}, which press-extract did not write")
        for what, path in others:
            if _inside(path, table):
                raise OutputError(f"--parquet {folder} would replace {table}, which holds {what}")
