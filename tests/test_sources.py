"""Crawl files (JSON Lines, gzip'd JSON Lines, Parquet) read row by row; a bad row is a named error."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import documents
from pipeline.documents import process_task, to_document
from pipeline.formats import InputError
from pipeline.load import MAX_CHARS, MAX_TEXT_FILE_BYTES, too_long
from pipeline.sources import Row, RowError, is_crawl, row_from_values, rows

GOOD = {"id": "gov-1", "url": "https://a.example/1", "fetched_at": "2024-01-02T03:04:05",
        "text": "全市软件业务收入超过2700亿元,总量进入全国前十。"}


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_suffixes() -> None:
    assert [is_crawl(Path(n)) for n in ("a.jsonl", "a.JSONL.GZ", "a.parquet", "a.json", "a.txt", "a.gz")] \
        == [True, True, True, False, False, False]


def test_jsonl_rows_in_order_with_origin(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "crawl.jsonl", [json.dumps(GOOD, ensure_ascii=False), "",
                                             json.dumps({"id": 7, "html": "<p>重庆第7</p>"})])
    got = list(rows(path))
    assert got == [Row("gov-1", f"{path}:1", GOOD["text"], "text", GOOD["url"], GOOD["fetched_at"]),
                   Row("7", f"{path}:3", "<p>重庆第7</p>", "html")]


def test_gzip_jsonl_reads_the_same(tmp_path: Path) -> None:
    plain = _jsonl(tmp_path / "c.jsonl", [json.dumps(GOOD)])
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert [r.content for r in rows(packed) if isinstance(r, Row)] == [GOOD["text"]]


# Bad rows, each a RowError naming its line; the good rows around them go on.
BAD_ROWS = [
    ('{"id": "a", "text": ', "invalid JSON"),
    ('["a", "b"]', "a JSON list, not an object"),
    ('{"text": "重庆"}', "no id"),
    ('{"id": true, "text": "重庆"}', "id is bool"),
    ('{"id": "x/y", "text": "重庆"}', "cannot name a document: contains '/'"),
    ('{"id": "..", "text": "重庆"}', "starts with a dot"),
    ('{"id": "b", "text": "  ", "html": null}', "b: no text or html"),
    ('{"id": "c", "text": 12}', "c: text is int"),
    ('{"id": "d", "text": "a\\u0000b"}', "NUL characters"),
    # held to the limits of a file (issue 12)
    (json.dumps({"id": "e", "text": "重" * (MAX_TEXT_FILE_BYTES // 3 + 1)}),
     f"row too large: over {MAX_TEXT_FILE_BYTES:,} bytes"),
]


@pytest.mark.parametrize("line, reason", BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_bad_row_is_named_and_others_go_on(tmp_path: Path, line: str, reason: str) -> None:
    path = _jsonl(tmp_path / "crawl.jsonl", [json.dumps(GOOD), line, json.dumps(dict(GOOD, id="gov-2"))])
    got = list(rows(path))
    assert [type(r) for r in got] == [Row, RowError, Row]
    error = got[1]
    assert isinstance(error, RowError) and error.origin == f"{path}:2" and reason in error.error


def test_not_utf8_and_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\xd6\xd8\xc7\xec"}\n' + json.dumps(GOOD).encode() + b"\n")
    assert [type(r) for r in rows(path)] == [RowError, Row]
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode() * 50)[:-30])
    got = list(rows(packed))
    assert isinstance(got[-1], RowError) and "unreadable" in got[-1].error
    assert all(isinstance(r, Row) for r in got[:-1])


def test_missing_file_is_one_error(tmp_path: Path) -> None:
    (only,) = rows(tmp_path / "gone.jsonl")
    assert isinstance(only, RowError) and "unreadable" in only.error


def test_parquet_rows_streamed(tmp_path: Path) -> None:
    table = pa.table({"id": ["p1", "p2", None], "url": ["u1", None, "u3"],
                      "fetched_at": pa.array([0, 1, 2], pa.timestamp("s")),
                      "text": [GOOD["text"], None, "x"], "html": [None, "<p>二</p>", None], "lang": ["zh"] * 3})
    path = tmp_path / "crawl.parquet"
    pq.write_table(table, path, row_group_size=2)
    got = list(rows(path))
    assert got[:2] == [Row("p1", f"{path}:1", GOOD["text"], "text", "u1", "1970-01-01T00:00:00"),
                       Row("p2", f"{path}:2", "<p>二</p>", "html", None, "1970-01-01T00:00:01")]
    assert got[2] == RowError(f"{path}:3", "no id")


def test_parquet_without_the_columns_or_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    (error,) = rows(path)
    assert isinstance(error, RowError) and "needs an id column and a text or html column" in error.error
    path.write_bytes(b"PAR1 not really")
    (error,) = rows(path)
    assert isinstance(error, RowError) and "unreadable Parquet file" in error.error


def test_html_row_is_read_as_an_html_file() -> None:
    row = Row("h", "c.jsonl:1", "<html><body><p>重庆</p><table><tr><td>GDP</td><td>3万亿元</td></tr></table>"
                                "</body></html>", "html")
    doc = to_document(row)
    assert doc.format == "html" and doc.source.startswith("重庆") and len(doc.tables) == 1
    result = process_task(row)
    assert result.error is None and result.source_text == doc.source


def test_row_records_match_extract() -> None:
    from pipeline import extract
    from pipeline.write import jsonl_lines

    result = process_task(Row("gov-1", "c.jsonl:1", GOOD["text"], "text"))
    assert result.jsonl_text == "".join(jsonl_lines(extract(GOOD["text"], doc_id="gov-1")))


def test_a_line_over_the_size_of_a_text_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": "x" * MAX_TEXT_FILE_BYTES}) + "\n")
        fh.write(json.dumps(GOOD) + "\n")
    got = list(rows(path))
    assert got[0] == RowError(f"{path}:1", f"row too large: over {MAX_TEXT_FILE_BYTES:,} bytes")
    assert isinstance(got[1], Row) and got[1].origin == f"{path}:2"


def test_html_or_text_over_the_size_of_a_file_is_refused() -> None:
    # a Parquet cell (in JSON Lines the line is refused first)
    values = {"id": "f", "html": "<p>" + "重" * (MAX_TEXT_FILE_BYTES // 3) + "</p>"}
    assert row_from_values(values, "c.parquet:1") == RowError(
        "c.parquet:1", f"f: too large: html over {MAX_TEXT_FILE_BYTES:,} bytes")
    values = {"id": "g", "text": "重" * (MAX_TEXT_FILE_BYTES // 3 + 1)}
    assert row_from_values(values, "c.parquet:2") == RowError(
        "c.parquet:2", f"g: too large: text over {MAX_TEXT_FILE_BYTES:,} bytes")


def test_html_row_with_too_much_text_has_a_files_error() -> None:
    row = Row("h", "c.jsonl:1", "<p>" + "重" * (MAX_CHARS + 1) + "</p>", "html")
    assert process_task(row).error == too_long(MAX_CHARS + 1)


def test_a_text_rows_length_is_held_to_its_workers_budget() -> None:
    """Checked in the worker, as a file's: a larger budget takes a longer text."""
    row = Row("long", "c.jsonl:1", "重" * (MAX_CHARS + 1), "text")
    with pytest.raises(InputError, match="too long: 200,001 characters of text, over 200,000 "
                                         r"\(--memory-budget 290 would take it\)"):
        to_document(row)
    assert len(to_document(row, budget_mb=290).source) == MAX_CHARS + 1


def test_a_row_out_of_memory_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def hungry(doc: object, lex: object = None) -> object:
        raise MemoryError

    monkeypatch.setattr(documents, "run_document", hungry)
    assert process_task(Row("gov-1", "c.jsonl:1", GOOD["text"], "text")).error == documents.OUT_OF_MEMORY
