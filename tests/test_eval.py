"""The dev gold set, scored by ../shared/eval/score.py, meets the bars of
the pipeline issue: quantity F1 >= 0.95, ranking F1 >= 0.95, entity
F1 >= 0.85, metric accuracy >= 0.80, no offset errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.batch import run_batch


def test_dev_scores(eval_dir: Path, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    summary = run_batch([eval_dir / "dev"], tmp_path / "out", records)
    assert summary.errors == []
    out = subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(eval_dir / "dev"), str(records), "--json"],
        check=True, capture_output=True, text=True,
    )
    scores = json.loads(out.stdout)
    assert scores["offset_errors"] == 0
    assert scores["unreadable_lines"] == 0
    assert scores["quantity"]["f1"] >= 0.95
    assert scores["ranking"]["f1"] >= 0.95
    assert scores["entity"]["f1"] >= 0.85
    assert scores["metric_accuracy"] >= 0.80
