"""The dev and extra gold sets, scored by ../shared/eval/score.py, meet the
bars of the generalisation issue: quantity F1 >= 0.97, ranking F1 >= 0.95,
entity F1 >= 0.92, metric accuracy >= 0.88, period and region accuracy
>= 0.90, no offset errors. (The blind set's floors are in test_evaluate.py.)"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import run_batch

BARS = {"quantity": 0.97, "ranking": 0.95, "entity": 0.92}
ACCURACY_BARS = {"metric_accuracy": 0.88, "period_accuracy": 0.90, "region_accuracy": 0.90}


@pytest.mark.parametrize("gold_set", ["dev", "extra"])
def test_scores(eval_dir: Path, tmp_path: Path, gold_set: str) -> None:
    records = tmp_path / "records.jsonl"
    summary = run_batch([eval_dir / gold_set], tmp_path / "out", records)
    assert summary.errors == []
    out = subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(eval_dir / gold_set), str(records), "--json"],
        check=True, capture_output=True, text=True,
    )
    scores = json.loads(out.stdout)
    assert scores["offset_errors"] == 0
    assert scores["unreadable_lines"] == 0
    for kind, bar in BARS.items():
        assert scores[kind]["f1"] >= bar, (kind, scores[kind])
    for key, bar in ACCURACY_BARS.items():
        assert scores[key] >= bar, (key, scores[key])
