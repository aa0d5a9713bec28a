"""`press-extract diff`: two output trees (or a git revision and the working
tree) compared by record id; each format names exactly the records and fields
that changed, with their sentences; exit status 0 same, 1 differ, 2 error."""
from __future__ import annotations

import io
import json
import os
import re
import sys
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.diff import DocRecords, diff_command, diff_trees, load_git_tree, load_tree, render

OUTPUTS = Path(__file__).resolve().parent.parent / "outputs"
DOC = "ranking_digital_noise"
OTHER = "finance_ningbo"  # copied unchanged: never in the report
EXTRA_SENTENCE = "新增文件的句子,含逗号和“引号”。"


def _records(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["records"])


def _dump(path: Path, doc_id: str, records: list[dict[str, Any]]) -> None:
    data = {"doc_id": doc_id, "encoding": "utf-8", "records": records}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")


def _edit(folder: Path) -> dict[str, Any]:
    """Change one value, remove one record, add one record and one document in `folder`;
    what the report must say about each."""
    records = _records(folder / f"{DOC}.yaml")
    facts = [r for r in records if r["kind"] == "fact"]
    ids = {r["id"] for r in records}
    linked = {f["quantity_id"]: f["sentence"] for f in facts if "quantity_id" in f}
    changed = next(r for r in records if r["kind"] == "quantity" and r["id"] in linked)
    old_value = changed["value"]
    changed["value"] = old_value + 1
    removed, removed_sentence = next((e, f["sentence"]) for e in records if e["kind"] == "entity"
                                     for f in facts if f["start"] <= e["start"] and e["end"] <= f["end"])
    records.remove(removed)
    host = next(f for f in facts if f"{DOC}:entity:{f['start']}-{f['start'] + 2}" not in ids)
    added = {"doc_id": DOC, "id": f"{DOC}:entity:{host['start']}-{host['start'] + 2}", "kind": "entity",
             "rule": "test.added", "start": host["start"], "end": host["start"] + 2,
             "text": host["text"][:2], "type": "LOC"}
    records.append(added)
    _dump(folder / f"{DOC}.yaml", DOC, records)
    extra = {"doc_id": "extra", "id": "extra:fact:0-4", "kind": "fact", "metric": "句子",
             "rule": "test.fact", "sentence": EXTRA_SENTENCE, "start": 0, "end": 4, "text": "新增文件"}
    _dump(folder / "extra.yaml", "extra", [extra])
    return {
        "changed": (changed["id"], old_value, changed["value"], linked[changed["id"]]),
        "removed": (removed["id"], removed_sentence),
        "added": (added["id"], host["sentence"]),
        "extra": (extra["id"], EXTRA_SENTENCE),
    }


@pytest.fixture()
def trees(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
        for name in (DOC, OTHER):
            shutil.copy(OUTPUTS / f"{name}.yaml", folder)
    return old, new, _edit(new)


def _report(old: Path, new: Path, fmt: str) -> tuple[int, str]:
    out = io.StringIO()
    return diff_command(old, new, fmt=fmt, out=out), out.getvalue()


def test_json_names_exactly_the_changes(trees: tuple[Path, Path, dict[str, Any]]) -> None:
    old, new, want = trees
    code, text = _report(old, new, "json")
    assert code == 1
    data = json.loads(text)
    assert [(d["doc_id"], d["status"]) for d in data["documents"]] == [("extra", "added"), (DOC, "changed")]
    extra, doc = data["documents"]
    assert [(r["change"], r["id"], r["sentence"]) for r in extra["records"]] == [("added", *want["extra"])]
    got = {r["id"]: r for r in doc["records"]}
    changed_id, old_value, new_value, sentence = want["changed"]
    assert {r["id"]: r["change"] for r in doc["records"]} == {
        changed_id: "changed", want["removed"][0]: "removed", want["added"][0]: "added"}
    assert got[changed_id]["fields"] == [{"field": "value", "old": old_value, "new": new_value}]
    assert got[changed_id]["sentence"] == sentence
    assert got[want["removed"][0]]["sentence"] == want["removed"][1]
    assert got[want["added"][0]]["sentence"] == want["added"][1]
    order = [(r["start"], r["id"]) for r in doc["records"]]
    assert order == sorted(order)
    assert data["summary"]["records"] == {"added": 2, "removed": 1, "changed": 1}
    assert text == _report(old, new, "json")[1]  # deterministic


def test_text_names_records_fields_and_sentences(trees: tuple[Path, Path, dict[str, Any]]) -> None:
    old, new, want = trees
    code, text = _report(old, new, "text")
    assert code == 1 and "\x1b" not in text  # a StringIO is no terminal
    changed_id, old_value, new_value, sentence = want["changed"]
    assert "~ quantity" in text and f"[{changed_id}]" in text
    assert f"    value: {json.dumps(old_value)} -> {json.dumps(new_value)}" in text.splitlines()
    for rid, sent in (want["removed"], want["added"], want["extra"], (changed_id, sentence)):
        assert f"[{rid}]" in text and f"    sentence: {sent}" in text.splitlines()
    assert len(re.findall(r"\[[^\]\s]+:\w+:\d+-\d+\]", text)) == 4  # no other record is named
    assert OTHER not in text
    assert text.splitlines()[-1].startswith("2 of 3 documents differ")


def test_text_colours_only_when_asked(trees: tuple[Path, Path, dict[str, Any]]) -> None:
    old, new, _ = trees
    diff = diff_trees(load_tree(old), load_tree(new))
    assert "\x1b[" in render(diff, "text", color=True)
    plain = render(diff, "text", color=False)
    assert "\x1b" not in plain and plain == re.sub(r"\x1b\[\d+m", "", render(diff, "text", color=True))


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminal")
def test_colours_on_a_terminal(trees: tuple[Path, Path, dict[str, Any]],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    import pty

    old, new, _ = trees
    monkeypatch.delenv("NO_COLOR", raising=False)
    parent, child = pty.openpty()
    with open(child, "w", encoding="utf-8") as terminal:
        assert diff_command(old, new, out=terminal) == 1
    seen = os.read(parent, 1 << 16)
    os.close(parent)
    assert b"\x1b[32m+ entity" in seen and b"\x1b[0m" in seen


def test_context_of_each_kind_of_record() -> None:
    """Own sentence, linking fact, covering fact, the fact's sentence, the source, the text."""
    sentence = "重庆数字经济综合竞争力位列全国第7,迈入第一方阵。"
    fact = {"id": "d:fact:2-17", "kind": "fact", "start": 2, "end": 17, "text": sentence[2:17],
            "sentence": sentence, "ranking_id": "d:ranking:11-17"}
    records = {
        "d:ranking:11-17": {"kind": "ranking", "start": 11, "end": 17, "text": "位列全国第7"},
        "d:entity:2-4": {"kind": "entity", "start": 2, "end": 4, "text": "数字"},  # inside the fact
        "d:entity:0-2": {"kind": "entity", "start": 0, "end": 2, "text": "重庆"},  # in its sentence only
        "d:entity:40-42": {"kind": "entity", "start": 40, "end": 42, "text": "华龙"},  # after it
    }
    new = [{"id": k, **v} for k, v in records.items()]
    source = sentence + "记者 李明 报道。来自" + "华龙网的消息。" + "x" * 30
    for src, last in ((None, "华龙"), (source, source[20:62])):
        diff = diff_trees({"d": DocRecords("d", (fact,))}, {"d": DocRecords("d", (fact, *new), source=src)})
        context = {c.id: c.context for c in diff.documents[0].records}
        assert context == {"d:entity:0-2": sentence, "d:entity:2-4": sentence, "d:ranking:11-17": sentence,
                           "d:entity:40-42": last}


def test_markdown_has_a_heading_per_changed_document(trees: tuple[Path, Path, dict[str, Any]]) -> None:
    old, new, want = trees
    code, text = _report(old, new, "markdown")
    assert code == 1 and "\x1b" not in text and "```" not in text
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert [h.split("`")[1] for h in headings] == ["extra", DOC]
    changed_id, old_value, new_value, sentence = want["changed"]
    assert f"  - `value`: `{json.dumps(old_value)}` -> `{json.dumps(new_value)}`" in text.splitlines()
    for rid, sent in (want["removed"], want["added"], (changed_id, sentence)):
        assert f"`{rid}`" in text and f"  - sentence: {sent}" in text.splitlines()
    assert "新增文件的句子,含逗号和“引号”。" in text
    assert OTHER not in text


def test_same_trees_exit_0(trees: tuple[Path, Path, dict[str, Any]]) -> None:
    old, _, _ = trees
    for fmt in ("text", "markdown", "json"):
        code, text = _report(old, old, fmt)
        assert code == 0 and "ranking" not in text
    assert json.loads(_report(old, old, "json")[1])["changed"] is False


def test_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.yaml").write_text("records: [{text: no id}]\n", encoding="utf-8")
    assert diff_command(tmp_path / "missing", tmp_path, out=io.StringIO()) == 2
    assert diff_command(tmp_path / "bad", tmp_path, out=io.StringIO()) == 2
    assert diff_command(tmp_path, None, out=io.StringIO()) == 2
    assert diff_command(tmp_path, tmp_path, fmt="html", out=io.StringIO()) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4 and all(line.startswith("press-extract: error:") for line in err)
    assert "x.yaml" in err[1]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_revision_against_working_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    outputs = repo / "outputs"
    outputs.mkdir(parents=True)
    for name in (DOC, OTHER):
        shutil.copy(OUTPUTS / f"{name}.yaml", outputs)
    _git(repo, "init", "-q")
    _git(repo, "add", "outputs")
    _git(repo, "commit", "-q", "-m", "outputs")
    assert diff_trees(load_git_tree("HEAD", outputs), load_tree(outputs)).documents == ()
    assert diff_command(outputs, None, rev="HEAD", out=io.StringIO()) == 0

    want = _edit(outputs)
    (outputs / f"{OTHER}.yaml").unlink()
    committed = load_git_tree("HEAD", outputs)  # from the folder's repository, not the one of the cwd
    assert sorted(committed) == [OTHER, DOC]
    diff = diff_trees(committed, load_tree(outputs))
    assert [(d.doc_id, d.status) for d in diff.documents] == [("extra", "added"), (OTHER, "removed"),
                                                              (DOC, "changed")]
    changed = {c.id: c for c in diff.documents[2].records}
    assert changed[want["changed"][0]].context == want["changed"][3]
    assert {c.id: c.change for c in changed.values()} == {
        want["changed"][0]: "changed", want["removed"][0]: "removed", want["added"][0]: "added"}
    out = io.StringIO()
    assert diff_command(outputs, None, rev="HEAD", fmt="json", out=out) == 1
    assert json.loads(out.getvalue())["summary"]["documents"] == {"added": 1, "removed": 1, "changed": 1}
    assert diff_command(outputs, None, rev="no-such-rev", out=io.StringIO()) == 2
    assert diff_command(outputs, None, rev="--output=x", out=io.StringIO()) == 2
    assert not (outputs / "x").exists()
    assert "unknown revision 'no-such-rev'" in capsys.readouterr().err


def test_command_line(trees: tuple[Path, Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    """`press-extract diff`, once pipeline/cli.py has the subcommand."""
    from pipeline.cli import parser

    try:
        parser().parse_args(["diff", "a", "b"])
    except SystemExit:
        pytest.skip("pipeline/cli.py has no diff subcommand yet")
    from pipeline.cli import main

    old, new, want = trees
    assert main(["diff", str(old), str(old)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["doc_id"] for d in data["documents"]] == ["extra", DOC]
    assert main(["diff", str(old)]) == 2
