"""`--csv FILE`: one row per fact, UTF-8 with a BOM, RFC 4180 quoting, CRLF,
written atomically; the rows read back with csv.reader are the rows given."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.export import COLUMNS, CsvSink, csv_rows, write_csv

OUTPUTS = Path(__file__).resolve().parent.parent / "outputs"
TRICKY = '他说:"超19个,位列第7"'


def _records() -> list[dict[str, Any]]:
    data = yaml.safe_load((OUTPUTS / "ranking_digital_noise.yaml").read_text(encoding="utf-8"))
    tricky = {"doc_id": "tricky", "id": "tricky:fact:5-9", "kind": "fact", "metric": "基站数", "value": 19,
              "unit": "个", "qualifier": "over", "rule": "link.quantity", "sentence": TRICKY,
              "start": 5, "end": 9, "text": "超19个", "quantity_id": "tricky:quantity:5-9"}
    return [*data["records"], tricky]


def test_bom_header_and_one_row_per_fact(tmp_path: Path) -> None:
    records, path = _records(), tmp_path / "facts.csv"
    assert write_csv(records, path) == sum(r["kind"] == "fact" for r in records)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"document,metric,value,")
    assert raw.count(b"\r\n") == raw.count(b"\n") == 1 + sum(r["kind"] == "fact" for r in records)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(COLUMNS)
    assert rows == csv_rows(records)
    facts = [r for r in records if r["kind"] == "fact"]
    assert [row[0] for row in rows[1:]] == [r["doc_id"] for r in facts]
    assert [row[COLUMNS.index("start")] for row in rows[1:]] == [str(r["start"]) for r in facts]
    for row, fact in zip(rows[1:], facts):  # numbers as JSON writes them, absent fields empty
        assert row[COLUMNS.index("value")] == (json.dumps(fact["value"]) if "value" in fact else "")
        assert row[COLUMNS.index("rank")] == (str(fact["rank"]) if "rank" in fact else "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv"]  # no temporary file left


def test_quoting_of_commas_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    write_csv(_records(), path)
    text = path.read_text(encoding="utf-8-sig")
    assert '"他说:""超19个,位列第7"""' in text
    last = next(csv.reader(text.splitlines()[-1:]))
    assert last[COLUMNS.index("sentence")] == TRICKY
    assert last[COLUMNS.index("value")] == "19" and last[COLUMNS.index("rank")] == ""
    assert dict(zip(COLUMNS, last))["quantity_id"] == "tricky:quantity:5-9"


def test_same_records_same_bytes(tmp_path: Path) -> None:
    write_csv(_records(), tmp_path / "a.csv")
    write_csv(iter(_records()), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_streamed_jsonl_with_line_separators(tmp_path: Path) -> None:
    fact = {"doc_id": "d", "id": "d:fact:0-2", "kind": "fact", "rule": "r", "start": 0, "end": 2,
            "text": "超1", "value": 0.5, "sentence": "第一行\u2028第二行\x85,\n第三行"}
    jsonl = json.dumps(fact, ensure_ascii=False) + "\n" + json.dumps({**fact, "kind": "quantity"}) + "\n"
    with CsvSink(tmp_path / "s.csv") as sink:
        sink.add_jsonl(jsonl)
        sink.add_jsonl("")
        sink.commit()
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert sink.rows == 1 and len(rows) == 2
    assert rows[1][COLUMNS.index("sentence")] == fact["sentence"]
    assert rows[1][COLUMNS.index("value")] == "0.5"


def test_nothing_written_on_failure(tmp_path: Path) -> None:
    def broken() -> Iterator[dict[str, Any]]:
        yield _records()[-1]
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_csv(broken(), tmp_path / "facts.csv")
    assert list(tmp_path.iterdir()) == []


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`press-extract run --csv`, once pipeline/cli.py has the option: the facts of the JSON Lines."""
    from pipeline.cli import main, parser

    try:
        parser().parse_args(["run", "x", "--out", "o", "--csv", "f.csv"])
    except SystemExit:
        pytest.skip("pipeline/cli.py has no run --csv option yet")
    (tmp_path / "in").mkdir()
    for name, text in (("a", "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。"),
                       ("b", "全市软件业务收入超过2700亿元,总量进入全国前十。")):
        (tmp_path / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--jsonl", str(out / "r.jsonl"),
                 "--csv", str(out / "facts.csv"), "--jobs", "2"]) == 0
    records = [json.loads(line) for line in (out / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    with (out / "facts.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == csv_rows(records)
    assert {r["doc_id"] for r in records if r["kind"] == "fact"} == {"a", "b"}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.yaml", "b.yaml", "facts.csv", "r.jsonl"]


def test_csv_cells_are_no_formulas(tmp_path: Path) -> None:
    text = '=HYPERLINK("http://example.invalid","点击")重庆软件业务收入超过2700亿元。\n-5%的降幅,@用户增长1.5%。'
    from pipeline.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--csv", str(out / "facts.csv")]) == 0
    with (out / "facts.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    cells = [c for row in rows for c in row]
    assert rows and not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
