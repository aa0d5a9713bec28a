"""Analyst tables: Parquet facts, quantities, rankings and entities, partitioned on request, never half-written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.documents import process_task
from pipeline.export import COLUMNS as CSV_COLUMNS
from pipeline.models import Entity, Fact, Quantity, Ranking
from pipeline.sources import Row
from pipeline.tables_out import MODELS, ParquetTables, partition_dir, remove_stale_staging, table_schema
from pipeline.write import dict_lines

TEXTS = {
    "cq": "2023年,重庆规模以上工业增加值同比增长6.6%,增速位列全国第7。市统计局局长王建国介绍了情况。",
    "cd": "2022年成都外贸进出口总值8346.4亿元,比上年下降1.2%,总量进入全国前十。",
}


def _records(doc_id: str) -> list[dict[str, Any]]:
    result = process_task(Row(doc_id, doc_id, TEXTS[doc_id], "text"))
    return [json.loads(line) for line in result.jsonl_text.splitlines()]


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(dict_lines(records))


def _filled(folder: Path, partition_by: str | None = None) -> ParquetTables:
    tables = ParquetTables(folder, partition_by)
    tables.add(_jsonl(_records("cq")), url="https://cq.example/1")
    tables.add(_jsonl([dict(r, duplicate_of="cq") for r in _records("cd")]))
    return tables


def test_columns_are_the_record_fields() -> None:
    for table, model in ((t, MODELS[t]) for t in MODELS):
        names = table_schema(table).names
        assert set(names) >= set(model.model_fields) - {"kind"} and {"url", "duplicate_of"} <= set(names)
    facts = table_schema("facts").names
    csv_columns = ["doc_id" if c == "document" else c for c in CSV_COLUMNS]
    assert set(facts) >= {*csv_columns, "direction", "comparison"}
    assert [MODELS[t] for t in ("facts", "quantities", "rankings", "entities")] == [Fact, Quantity, Ranking, Entity]


def test_tables_hold_every_record(tmp_path: Path) -> None:
    tables = _filled(tmp_path / "t")
    tables.commit()
    records = _records("cq") + _records("cd")
    for table, kind in (("facts", "fact"), ("quantities", "quantity"), ("rankings", "ranking"),
                        ("entities", "entity")):
        rows = pq.read_table(tmp_path / "t" / table).to_pylist()
        assert [r["id"] for r in rows] == [r["id"] for r in records if r["kind"] == kind]
    facts = pq.read_table(tmp_path / "t" / "facts").to_pylist()
    growth = next(f for f in facts if f["metric"] and "工业增加值" in f["metric"])
    assert (growth["value"], growth["unit"], growth["direction"], growth["url"], growth["duplicate_of"]) \
        == (6.6, "%", "up", "https://cq.example/1", None)
    assert {f["duplicate_of"] for f in facts if f["doc_id"] == "cd"} == {"cq"}


def test_partitioned_tables_read_back_by_duckdb(tmp_path: Path) -> None:
    _filled(tmp_path / "t", "region").commit()
    assert (tmp_path / "t" / "facts" / "region=重庆").is_dir()
    assert (tmp_path / "t" / "entities" / "part-00000.parquet").is_file()  # entities have no region
    ((whole,),) = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/t/facts/**/*.parquet')").fetchall()
    by_region = duckdb.sql(f"SELECT region, count(*) FROM read_parquet('{tmp_path}/t/facts/**/*.parquet', "
                           "hive_partitioning = true) GROUP BY region ORDER BY region").fetchall()
    assert sum(n for _, n in by_region) == whole == sum(
        1 for r in _records("cq") + _records("cd") if r["kind"] == "fact")
    assert any(region == "重庆" for region, _ in by_region)


def test_partition_folder_names() -> None:
    assert partition_dir("scope", "全国") == "scope=全国"
    assert partition_dir("metric", "..x/y") == "metric=%2E.x%2Fy"
    assert partition_dir("rank", 7) == "rank=7"
    with pytest.raises(ValueError, match="no table has a column 'colour'"):
        ParquetTables(Path("/nonexistent"), "colour")


def test_nothing_appears_before_commit_and_discard_leaves_the_old_tables(tmp_path: Path) -> None:
    _filled(tmp_path / "t").commit()
    before = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "t").rglob("*.parquet")}
    tables = _filled(tmp_path / "t", "region")
    tables.add(_jsonl(_records("cq") * 3))
    tables.discard()
    after = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "t").rglob("*.parquet")}
    assert after == before and sorted(os.listdir(tmp_path / "t")) == sorted(MODELS)


def test_empty_run_gives_empty_tables_with_columns(tmp_path: Path) -> None:
    ParquetTables(tmp_path / "t").commit()
    assert pq.read_table(tmp_path / "t" / "facts").num_rows == 0
    assert pq.read_schema(tmp_path / "t" / "facts" / "part-00000.parquet").names == table_schema("facts").names


def test_killed_run_leaves_no_parquet_and_next_run_cleans_up(tmp_path: Path) -> None:
    """A process killed while writing leaves only its staging folder, which the next run removes."""
    script = (f"import sys, os; sys.path.insert(0, {str(Path(__file__).parent.parent)!r})\n"
              "from pathlib import Path\nfrom pipeline.tables_out import ParquetTables\n"
              f"t = ParquetTables(Path({str(tmp_path / 't')!r}))\n"
              "t.add('{\"kind\": \"entity\", \"id\": \"x\", \"doc_id\": \"d\", \"text\": \"a\", \"start\": 0,"
              " \"end\": 1, \"rule\": \"r\", \"type\": \"LOC\"}\\n' * 40000)\nos._exit(9)\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    staging = [p for p in (tmp_path / "t").iterdir()]
    assert len(staging) == 1 and staging[0].name.startswith(".press-extract-parquet-")
    assert remove_stale_staging(tmp_path / "t") == staging and not list((tmp_path / "t").iterdir())


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    """A file name that is not UTF-8 gives doc_id lone surrogates, which JSON Lines escape and Parquet cannot hold."""
    tables = ParquetTables(tmp_path / "t")
    tables.add(_jsonl([dict(r, doc_id="\udcffcq") for r in _records("cq")]))
    tables.add(_jsonl(_records("cd")))
    tables.commit()
    facts = pq.read_table(tmp_path / "t" / "facts").to_pylist()
    assert {f["doc_id"] for f in facts} == {"\ufffdcq", "cd"}
