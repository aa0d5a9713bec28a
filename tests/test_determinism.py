"""Same input, same bytes: whatever the order the files are named in, the
hash seed, the number of worker processes, or the time of day."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.load import INPUT_SUFFIXES

from .conftest import CORPUS_DIR


def _run(out: Path, inputs: list[Path], seed: str, jobs: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Pacific/Kiritimati" if seed == "1" else "UTC"}
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "--out", str(out),
         "--jsonl", str(out / "records.jsonl"), "--jobs", jobs],
        check=True, env=env, capture_output=True,
    )
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_same_bytes_whatever_the_order_seed_and_jobs(tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in INPUT_SUFFIXES)
    first = _run(tmp_path / "a", files, "0", "1")
    assert first == _run(tmp_path / "b", list(reversed(files)), "1", "2")
    assert first == _run(tmp_path / "c", [CORPUS_DIR], "12345", "1")
