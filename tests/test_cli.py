"""The command line over a batch with bad inputs: one-line errors naming the
file, the other files processed, exit 1, nothing half-written; --jobs 2
writes the same bytes as --jobs 1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main

from .conftest import CORPUS_DIR, require_eval

GOOD = "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"


def _batch(folder: Path) -> Path:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good_gbk.txt").write_bytes(GOOD.encode("gbk"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "archive.txt").write_bytes(b"PK\x03\x04zipdata")
    (folder / "x.txt").mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out = _batch(tmp_path / "in"), tmp_path / "out"
    code = main(["run", str(inputs), "--out", str(out), "--jsonl", str(out / "records.jsonl")])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    errors = [line for line in err if line.startswith("press-extract: error:")]
    assert len(errors) == 4
    for name in ("empty.txt: empty file", "binary.txt: binary data", "archive.txt: binary data: a ZIP",
                 "duplicate document id 'good'"):
        assert any(name in line for line in errors), name
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["good.yaml", "good_gbk.yaml", "records.jsonl"]
    assert (out / "good.yaml").read_text(encoding="utf-8").replace("utf-8", "X") == \
        (out / "good_gbk.yaml").read_text(encoding="utf-8").replace("gb18030", "X").replace("good_gbk", "good")
    assert err[-1].startswith("2 documents, records:")


@pytest.mark.parametrize("folder", ["corpus", "dev"])
def test_jobs_give_the_same_bytes(tmp_path: Path, folder: str) -> None:
    inputs = CORPUS_DIR if folder == "corpus" else require_eval() / "dev"
    for jobs in ("1", "2"):
        assert main(["run", str(inputs), "--out", str(tmp_path / jobs), "--jsonl",
                     str(tmp_path / jobs / "records.jsonl"), "--jobs", jobs]) == 0
    one, two = ([p for p in sorted((tmp_path / n).iterdir()) if not p.name.startswith(".")] for n in "12")
    assert [p.name for p in one] == [p.name for p in two]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two))


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", GOOD]) == 0
    out = capsys.readouterr().out
    assert "rule=rank.position" in out and "rule=qty.count" in out


def test_explain_trace_names_the_dropping_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--trace", "5G基站超19个,发布十大亮点"]) == 0
    out = capsys.readouterr().out
    assert "'5'" in out and "dropped by drop.code" in out
    assert "dropped by nq.frozen_da" in out
    assert "'超19个'" in out and "kept" in out


def test_rules_lists_every_rule_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline import rules

    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == [r.id for r in rules()]
    assert all(r["examples"] for r in listed)
    assert main(["rules"]) == 0
    assert "qty.money" in capsys.readouterr().out
