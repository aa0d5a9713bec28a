"""Golden records: every corpus document and every dev document, pinned with
pytest-regressions. A change shows as a failing test and a diff; `make regen`
accepts it; `git diff tests/ outputs/` is the review."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import INPUT_SUFFIXES, collect_inputs
from pipeline.load import load_path
from pipeline.runner import run_document
from pipeline.write import record_dict

from .conftest import CORPUS_DIR, DEV_DIR, require_eval

CORPUS = [p for p in collect_inputs([CORPUS_DIR]) if p.suffix in INPUT_SUFFIXES]
DEV = sorted(DEV_DIR.glob("*.txt")) if DEV_DIR.is_dir() else []


def _records(path: Path) -> dict[str, object]:
    doc = run_document(load_path(path))
    return {"encoding": doc.encoding, "records": [record_dict(r) for r in doc.records]}


def test_corpus_has_enough_documents() -> None:
    assert len(CORPUS) >= 12


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus(path: Path, data_regression) -> None:  # type: ignore[no-untyped-def]
    data_regression.check(_records(path))


@pytest.mark.parametrize("stem", [p.stem for p in DEV] or ["dev-set-absent"])
def test_dev(stem: str, data_regression) -> None:  # type: ignore[no-untyped-def]
    require_eval()
    data_regression.check(_records(DEV_DIR / f"{stem}.txt"))
