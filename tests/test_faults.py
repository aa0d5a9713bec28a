"""Issue 12, faults: time budgets, dead workers, interrupted runs, outputs that
would overwrite inputs or each other, file names that are no plain text,
hostile YAML for `diff` and review page names."""
from __future__ import annotations

import csv
import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import batch, documents
from pipeline.batch import TimeBudget, run_batch
from pipeline.cache import FOLDER_NAME as CACHE_FOLDER
from pipeline.documents import Task, process_task
from pipeline.engines import LocalEngine
from pipeline.cli import main
from pipeline.diff import diff_command
from pipeline.review import page_name, write_review
from pipeline.write import AtomicFile

from .conftest import CORPUS_DIR, ROOT

GOOD = "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"
PROSE = (CORPUS_DIR / "transport_jiangsu_q1.txt").read_text(encoding="utf-8")


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def _folder(path: Path, **files: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / f"{name}.txt").write_text(text, encoding="utf-8")
    return path


# --- time budget and dead workers ---------------------------------------------------


def test_a_document_over_its_budget_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    inputs = _folder(tmp_path / "in", a_small=GOOD, b_big=PROSE * 60)  # ~45,000 characters, ~0.6 s
    summary = run_batch([inputs], tmp_path / "out", budget=TimeBudget(base=0.2, per_mb=0))
    assert summary.errors == [f"{inputs / 'b_big.txt'}: over its time budget of 0.2 s"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_small.yaml"]


def _dying(task: Task) -> batch.DocResult:
    if task.doc_id == "b_dies":
        os.kill(os.getpid(), signal.SIGKILL)
    return process_task(task)


def test_a_worker_that_dies_is_replaced_and_its_document_named(tmp_path: Path) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD, b_dies=GOOD, c=GOOD)
    for jobs in (1, 2):
        summary = run_batch([inputs], tmp_path / f"out{jobs}", engine=LocalEngine(jobs, work=_dying))
        assert summary.errors == [f"{inputs / 'b_dies.txt'}: worker process died (killed by SIGKILL), 2 times"]
        assert summary.documents == 2


# --- interrupted runs ---------------------------------------------------------------


def _start(args: list[str]) -> subprocess.Popen[str]:
    # Ctrl-C as in a terminal: a shell starts background jobs (a test run in
    # one) with SIGINT ignored, and Python then never raises KeyboardInterrupt
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_temporary(folder: Path, proc: subprocess.Popen[str]) -> None:
    for _ in range(300):
        if list(folder.glob(".press-extract-*.tmp")) or proc.poll() is not None:
            return
        time.sleep(0.05)


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files and folders of a run, the cache's included (the cache is meant to stay)."""
    return [p for p in folder.rglob(".press-extract-*") if p.name != CACHE_FOLDER]


@pytest.mark.parametrize(("sig", "code", "line"), [(signal.SIGINT, 130, "interrupted"),
                                                   (signal.SIGTERM, 143, "terminated")])
def test_interrupted_run_says_one_line_and_leaves_nothing(tmp_path: Path, sig: signal.Signals, code: int,
                                                          line: str) -> None:
    inputs = _folder(tmp_path / "in", **{f"d{i}": PROSE * 20 for i in range(20)})
    out = tmp_path / "out"
    proc = _start(["run", str(inputs), "--out", str(out), "--jsonl", str(out / "all.jsonl")])
    _wait_for_temporary(out, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert err.splitlines() == [f"press-extract: error: {line}"]
    assert not _leftovers(out) and not (out / "all.jsonl").exists()


def test_leftovers_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    inputs = _folder(tmp_path / "in", **{f"d{i}": PROSE * 20 for i in range(20)})
    out = tmp_path / "out"
    proc = _start(["run", str(inputs), "--out", str(out), "--jsonl", str(out / "all.jsonl")])
    _wait_for_temporary(out, proc)
    proc.kill()  # kill -9: nothing can clean up
    proc.communicate(timeout=60)
    left = list(out.glob(".press-extract-*.tmp"))
    assert left
    half_entry = out / CACHE_FOLDER / f".press-extract-{proc.pid}-x.tmp"  # as a kill -9 in Cache.put leaves
    half_entry.parent.mkdir(exist_ok=True)
    half_entry.write_bytes(b"half an entry")
    (inputs / "d1.txt").write_text(GOOD, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(inputs / "d1.txt"), "--out", str(out),
                           "--jsonl", str(out / "all.jsonl")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    assert not _leftovers(out)
    assert f"press-extract: note: {left[0]}: removed, left by an interrupted run" in done.stderr
    assert f"press-extract: note: {half_entry}: removed, left by an interrupted run" in done.stderr


# --- outputs never overwrite inputs or each other -----------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and CACHE_FOLDER not in p.parts}


def test_a_missing_input_does_not_replace_the_aggregates(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out, tables = _folder(tmp_path / "in", a=GOOD), tmp_path / "out", tmp_path / "tables"
    args = ["--out", str(out), "--jsonl", str(out / "all.jsonl"), "--csv", str(out / "facts.csv"),
            "--parquet", str(tables)]
    assert main(["run", str(inputs), *args]) == 0
    before = _files(out), _files(tables)
    assert main(["run", str(tmp_path / "typo"), *args]) == 1
    err = _errors(capsys)
    assert (_files(out), _files(tables)) == before
    assert f"press-extract: note: {out / 'all.jsonl'} kept as it was: the run failed: " \
           f"{tmp_path / 'typo'}: no such file or directory" in err
    assert any("facts.csv kept as it was" in line for line in err)
    assert any(f"{tables} kept as it was" in line for line in err)
    assert sorted(p.name for p in tables.iterdir()) == ["entities", "facts", "quantities", "rankings"]


ROW = json.dumps({"id": "row", "text": PROSE[:400]}, ensure_ascii=False) + "\n"
# What a second run reads besides the folder of the first (or instead of
# it), the documents then in the aggregates (replaced, or kept as they were),
# and the note the run gives.
SECOND_RUNS = {
    "a bad file": ({"c.txt": b""}, True, {"a", "b"}, "written without the documents in error"),
    "a bad row": ({"crawl.jsonl": f"{ROW}{{oops\n".encode()}, True, {"a", "b", "row"},
                  "written without the documents in error"),
    "a truncated crawl": ({"crawl.jsonl.gz": gzip.compress(ROW.encode())[:-8]}, True, {"a"},
                          "kept as it was: the run failed: "),
    "a missing path": ({}, True, {"a"}, "kept as it was: the run failed: "),
    "no document read": ({"c.txt": b""}, False, {"a"}, "kept as it was: no document was read"),
}


@pytest.mark.parametrize("case", SECOND_RUNS)
def test_aggregates_are_replaced_unless_the_run_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       case: str) -> None:
    """A bad file or row is named and missing from the aggregates, which are
    replaced; a run that failed as a whole leaves them as they were."""
    extra, with_folder, expected, note = SECOND_RUNS[case]
    inputs, out, tables = _folder(tmp_path / "in", a=GOOD), tmp_path / "out", tmp_path / "tables"
    args = ["--out", str(out), "--jsonl", str(out / "all.jsonl"), "--csv", str(out / "facts.csv"),
            "--parquet", str(tables)]
    assert main(["run", str(inputs), *args]) == 0
    _folder(inputs, b=PROSE[:300])
    paths = [_folder(tmp_path / "extra") / name for name in extra] or [tmp_path / "typo"]
    for path, data in zip(paths, extra.values()):
        path.write_bytes(data)
    assert main(["run", *([str(inputs)] if with_folder else []), *map(str, paths), *args]) == 1
    assert any(note in line for line in _errors(capsys))
    with (out / "facts.csv").open(encoding="utf-8-sig", newline="") as fh:
        in_csv = {row["document"] for row in csv.DictReader(fh)}
    lines = (out / "all.jsonl").read_text(encoding="utf-8").splitlines()
    in_jsonl = {json.loads(line)["doc_id"] for line in lines}
    in_tables = set(pq.read_table(tables / "facts").column("doc_id").to_pylist())
    assert in_jsonl == in_csv == in_tables == expected


@pytest.mark.parametrize("target", ["in/a.txt", "out/a.yaml", "in/notes.txt", "in"])
def test_an_aggregate_may_not_overwrite_an_input_or_a_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           target: str) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD)
    code = main(["run", str(inputs), "--out", str(tmp_path / "out"), "--jsonl", str(tmp_path / target)])
    assert code == 2
    assert (inputs / "a.txt").read_text(encoding="utf-8") == GOOD
    assert not (tmp_path / "out").exists()
    assert len(_errors(capsys)) == 1


def test_jsonl_and_csv_may_not_be_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD)
    same = str(tmp_path / "records")
    assert main(["run", str(inputs), "--out", str(tmp_path / "out"), "--jsonl", same, "--csv", same]) == 2
    assert "--jsonl and --csv name the same file" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "reason"), [
    (["{tables}/facts/in", "--out", "{tmp}/out"], "which holds the input {tables}/facts/in/a.txt"),
    (["{tmp}/in", "--out", "{tables}/rankings/out"], "which holds --out"),
    (["{tmp}/in", "--out", "{tmp}/out", "--jsonl", "{tables}/entities/all.jsonl"], "which holds --jsonl"),
    (["{tmp}/in", "--out", "{tmp}/out", "--cache", "{tables}/quantities"], "which holds --cache"),
], ids=["input", "out", "jsonl", "cache"])
def test_parquet_tables_may_not_replace_an_input_or_an_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], reason: str) -> None:
    tables = tmp_path / "tables"
    inputs = _folder(tmp_path / "in", a=GOOD)
    assert main(["run", str(inputs), "--out", str(tmp_path / "out0"), "--parquet", str(tables)]) == 0
    _folder(tables / "facts" / "in", a=GOOD)  # a run would move facts/ aside and delete it
    before = _files(tables)
    capsys.readouterr()
    code = main(["run", *(a.format(tmp=tmp_path, tables=tables) for a in args), "--parquet", str(tables)])
    assert code == 2
    (line,) = _errors(capsys)
    assert reason.format(tables=tables) in line
    assert _files(tables) == before


def test_parquet_replaces_only_tables_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, tables = _folder(tmp_path / "in", a=GOOD), tmp_path / "data"
    _folder(tables / "entities", people=GOOD)  # a folder of the user's that happens to have a table's name
    code = main(["run", str(inputs), "--out", str(tmp_path / "out"), "--parquet", str(tables)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"would replace {tables / 'entities'}, which press-extract did not write" in err
    assert sorted(str(p.relative_to(tables)) for p in tables.rglob("*")) == ["entities",
                                                                              "entities/people.txt"]


def test_parquet_may_not_name_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD)
    code = main(["run", str(inputs), "--out", str(tmp_path / "out"), "--parquet", str(inputs / "a.txt")])
    assert code == 2 and "is not a folder" in capsys.readouterr().err
    assert (inputs / "a.txt").read_text(encoding="utf-8") == GOOD


def test_out_is_required() -> None:
    with pytest.raises(SystemExit):
        main(["run", str(CORPUS_DIR)])  # the default wrote into the repository's outputs/


def test_inputs_inside_the_output_folders_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD)
    (inputs / "page.html").write_text(f"<p>{GOOD}</p>", encoding="utf-8")
    review = inputs / "review"
    assert write_review([inputs], review)[0] == []
    errors, notes = write_review([inputs], review)  # its own pages are .html files inside the input folder
    assert errors == [] and len(notes) == 3 and all("inside the output folder" in n for n in notes)
    assert (inputs / "page.html").read_text(encoding="utf-8") == f"<p>{GOOD}</p>"
    assert sorted(p.name for p in review.iterdir()) == ["a.html", "index.html", "page.html"]
    out = inputs / "out"
    out.mkdir()
    (out / "old.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    err = _errors(capsys)
    assert f"press-extract: note: {out / 'old.txt'}: skipped: inside the output folder {out}" in err
    assert f"press-extract: note: {review / 'a.html'}: skipped: a page written by press-extract review" in err
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_FOLDER) == [
        "a.yaml", "old.txt", "page.source.txt", "page.yaml"]


def test_review_into_the_input_folder_overwrites_nothing(tmp_path: Path) -> None:
    inputs = _folder(tmp_path / "in", a=GOOD)
    (inputs / "a.html").write_text(f"<p>{PROSE}</p>", encoding="utf-8")  # the page of a.txt would go here
    errors, notes = write_review([inputs], inputs)
    assert errors == [] and notes == [f"{inputs / 'a.html'}: skipped: inside the output folder {inputs}",
                                      f"{inputs / 'a.txt'}: skipped: inside the output folder {inputs}"]
    assert (inputs / "a.html").read_text(encoding="utf-8") == f"<p>{PROSE}</p>"


def test_disk_full_names_the_file_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    write = AtomicFile.write

    def full(self: AtomicFile, text: str) -> None:
        if self.path.suffix == ".jsonl":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(self, text)

    monkeypatch.setattr(AtomicFile, "write", full)
    inputs, out = _folder(tmp_path / "in", a=GOOD, b=GOOD + "。"), tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--jsonl", str(out / "all.jsonl")]) == 1
    err = _errors(capsys)
    assert f"press-extract: error: {out / 'all.jsonl'}: cannot write: No space left on device" in err
    assert sorted(p.name for p in out.iterdir() if p.name != CACHE_FOLDER) == ["a.yaml", "b.yaml"]


# --- names --------------------------------------------------------------------------


def test_file_names_are_shown_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad\nname\x1b[31m.txt").write_bytes(b"")
    os.close(os.open(os.fsencode(inputs) + b"/\xff\xfe.txt", os.O_CREAT | os.O_WRONLY))
    assert main(["run", str(inputs), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and len(err.splitlines()) == 3
    assert "bad\\u000aname\\u001b[31m.txt: empty file" in err
    assert "\\udcff\\udcfe.txt: empty file" in err


@pytest.mark.parametrize("stem_bytes", [240, 250, 251])
def test_long_file_names(tmp_path: Path, stem_bytes: int) -> None:
    stem = "统" * (stem_bytes // 3) + "x" * (stem_bytes % 3)
    inputs = _folder(tmp_path / "in", **{stem: GOOD})
    out = tmp_path / "out"
    summary = run_batch([inputs], out, out / "all.jsonl")
    assert summary.errors == []
    (name,) = [p.name for p in out.iterdir() if p.suffix == ".yaml"]
    assert len(name.encode()) <= 255 and name.startswith(stem[:50])
    assert json.loads((out / "all.jsonl").read_text(encoding="utf-8").splitlines()[0])["doc_id"] == stem


def test_review_pages_of_index_and_index_doc_differ(tmp_path: Path) -> None:
    inputs = _folder(tmp_path / "in", index=GOOD, **{"index.doc": GOOD, "a b": GOOD})
    assert page_name("index") != page_name("index.doc") != "index.html"
    assert write_review([inputs], tmp_path / "html") == ([], [])
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == [
        "a b.html", "index.doc.doc.html", "index.doc.html", "index.html"]
    page = (tmp_path / "html" / "a b.html").read_text(encoding="utf-8")
    links = page.split('data-links="', 1)[1].split('"', 1)[0].replace("&quot;", '"')
    assert json.loads(links)[0].startswith("a b:fact:")  # the ids keep their space


# --- diff on hostile YAML -----------------------------------------------------------

ALIAS_BOMB = "".join(f"{a}: &{a} [{','.join([f'*{p}' if p else '1'] * 9)}]\n"
                     for p, a in zip(["", *"abcdefgh"], "abcdefghi")) + "records:\n- id: x\n  text: *i\n"


@pytest.mark.parametrize(("text", "reason"), [
    (ALIAS_BOMB, "not a string or number"),
    ("records:\n- id: x\n  1: 2\n", "a key that is not a string"),
    ("records:\n- id: x\n  start: {a: 1}\n", "not a string or number"),
    ("doc_id: [1]\nrecords: []\n", "not a string or number"),
])
def test_diff_refuses_hostile_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                   reason: str) -> None:
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "d.yaml").write_text("records: []\n" if side == "old" else text, encoding="utf-8")
    started = time.monotonic()
    assert diff_command(tmp_path / "old", tmp_path / "new") == 2
    assert time.monotonic() - started < 10
    (line,) = capsys.readouterr().err.splitlines()
    assert reason in line


def test_a_document_out_of_memory_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hungry(doc: object, lex: object = None) -> object:
        raise MemoryError

    monkeypatch.setattr(documents, "run_document", hungry)
    inputs = _folder(tmp_path / "in", a=GOOD)
    result = batch.process(inputs / "a.txt")
    assert result.error == "out of memory: over the worker's memory budget"
