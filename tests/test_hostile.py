"""A folder of hostile inputs, generated here (never committed as large
files): every bad file gets a one-line error naming it and its reason, the
other files are processed, the run exits 1, no temporary or partial file is
left behind, and a rerun gives the same bytes. Valid text in another
encoding gives the same records as its UTF-8 original."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.load import MAX_CHARS, load_path
from pipeline.runner import run_document
from pipeline.write import record_dict

from .conftest import CORPUS_DIR

SIMPLIFIED = (CORPUS_DIR / "transport_jiangsu_q1.txt").read_text(encoding="utf-8")
TRADITIONAL = (CORPUS_DIR / "budget_taiwan_hant.txt").read_text(encoding="utf-8")


def _hostile(folder: Path) -> dict[str, str]:
    """Write the inputs; return {file name: expected error fragment}."""
    folder.mkdir()
    (folder / "a_good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (folder / "b_good_gb18030.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (folder / "c_good_utf16.txt").write_bytes(SIMPLIFIED.encode("utf-16"))
    (folder / "d_good_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (folder / "e_long_line.txt").write_text(SIMPLIFIED.replace("\n", "") * 120, encoding="utf-8")  # ~0.2 MB
    (folder / "too_long.txt").write_text("重" * (MAX_CHARS + 1), encoding="utf-8")
    nested = "<div>" * 5000 + "<p>全年实现地区生产总值318.64亿元</p>" + "</div>" * 5000
    (folder / "f_page.html").write_text(
        "<html><head><style>p{color:red}</style><script>var x='1万元';</script></head><body>"
        + nested + "<script>document.write('2万元')</script></body></html>", encoding="utf-8")
    errors = {
        "empty.txt": "empty file",
        "blank.txt": "only whitespace",
        "nul.txt": "binary data",
        "pdf.txt": "a PDF file",
        "zip.txt": "a ZIP archive",
        "bad_utf8.txt": "undecodable",
        "dangling.txt": "unreadable",
        "dir.txt": "is a directory",
        "a_good.txt": "duplicate document id 'a_good'",
        "too_long.txt": f"too long: {MAX_CHARS + 1:,} characters of text, over {MAX_CHARS:,}",
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\r\n ")
    (folder / "nul.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 100)
    (folder / "pdf.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (folder / "zip.txt").write_bytes(b"PK\x03\x04\x14\x00\x00\x00zipped")
    (folder / "bad_utf8.txt").write_bytes("重庆".encode() + b"\xff\xfe\xff\x80" + "市".encode())
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "dir.txt").mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / "a_good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    return errors


def _run(folder: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    inputs = sorted(folder.iterdir()) + [folder / "sub" / "a_good.txt"]  # sub/ itself: a folder
    code = main(["run", *map(str, inputs), "--out", str(out), "--jsonl", str(out / "records.jsonl")])
    return code, capsys.readouterr().err.splitlines()


def test_hostile_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    errors = _hostile(tmp_path / "in")
    out = tmp_path / "out"
    code, err = _run(tmp_path / "in", out, capsys)
    assert code == 1
    lines = [line for line in err if line.startswith("press-extract: error:")]
    assert len(lines) == len(errors)
    for name, reason in errors.items():
        assert any(name in line and reason in line for line in lines), (name, reason)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a_good.yaml", "b_good_gb18030.yaml", "c_good_utf16.yaml", "d_good_big5.yaml",
        "e_long_line.yaml", "f_page.source.txt", "f_page.yaml", "records.jsonl"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_rerun_gives_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _hostile(tmp_path / "in")
    (tmp_path / "in" / "e_long_line.txt").unlink()  # it was read once above
    out = tmp_path / "out"
    _run(tmp_path / "in", out, capsys)
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert _run(tmp_path / "in", out, capsys)[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == first  # same result, no temp files


def test_page_scripts_are_not_text(tmp_path: Path) -> None:
    _hostile(tmp_path / "in")
    doc = run_document(load_path(tmp_path / "in" / "f_page.html"))
    assert doc.source == "全年实现地区生产总值318.64亿元"
    assert [r.text for r in doc.records if r.kind == "quantity"] == ["318.64亿元"]


@pytest.mark.parametrize(("text", "encoding"), [
    (SIMPLIFIED, "gb18030"), (SIMPLIFIED, "utf-16"), (SIMPLIFIED, "utf-8-sig"), (TRADITIONAL, "big5"),
])
def test_other_encodings_give_the_same_records(tmp_path: Path, text: str, encoding: str) -> None:
    original, other = tmp_path / "u" / "doc.txt", tmp_path / "o" / "doc.txt"
    original.parent.mkdir()
    other.parent.mkdir()
    original.write_text(text, encoding="utf-8")
    other.write_bytes(text.encode(encoding))

    def records(path: Path) -> list[dict[str, object]]:
        return [record_dict(r) for r in run_document(load_path(path)).records]

    assert records(other) == records(original)


def test_output_folder_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.txt").write_text(SIMPLIFIED, encoding="utf-8")
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code = main(["run", str(tmp_path / "in.txt"), "--out", str(blocker)])
    err = capsys.readouterr().err
    assert code == 1
    assert "in.txt: cannot write output" in err
    assert blocker.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(SIMPLIFIED, encoding="utf-8")
    locked.chmod(0)
    code = main(["run", str(locked), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "locked.txt: unreadable" in capsys.readouterr().err


def test_pipe_and_malformed_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    # html.parser raised on an unknown marked section; markup.defuse drops it, as a browser shows nothing of it
    (tmp_path / "bad.html").write_text("<html><![foo[ x ]]><p>正文</p></html>", encoding="utf-8")
    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    code = main(["run", str(tmp_path / "pipe.txt"), str(tmp_path / "bad.html"), str(tmp_path / "good.txt"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "pipe.txt: not a regular file" in err
    assert "bad.html" not in err
    assert load_path(tmp_path / "bad.html").source == "正文"
    assert (tmp_path / "out" / "good.yaml").exists()


def test_bom_is_not_text() -> None:
    assert codecs.BOM_UTF8.decode("utf-8-sig") == ""
