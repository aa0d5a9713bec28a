"""Corpus scale, end to end through `press-extract run` (issue 13's "done when", on a few hundred documents;
the 2,000-document figures are measured by tests/bench_scale.py into tests/SCALING.md):

- a JSONL crawl runs with `--engine dask` on a local 2-worker cluster and gives the records of the local run;
- a second run takes everything from the cache and writes the same bytes; 10 more documents extract 10;
- a rule change (another fingerprint) or a corrupt entry makes the run extract again;
- the reposts of a release are one duplicate_of group, other releases none;
- the Parquet facts table has the CSV's rows and DuckDB reads it; an interrupt leaves no Parquet behind.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pytest

from pipeline import cache as cache_module
from pipeline.batch import run_batch
from pipeline.cli import main

from .crawl_corpus import REPOST_EVERY, crawl_rows

DOCS = 200
SUMMARY = re.compile(r"(\d+) documents, .*; (\d+) errors; (\d+) cached, (\d+) extracted; (\d+) reposts;")


def _write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, tuple[int, ...], str]:
    code = main(["run", *args])
    err = capsys.readouterr().err
    match = SUMMARY.search(err)
    assert match, err
    return code, tuple(int(n) for n in match.groups()), err


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output file but the cache's entries."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".press-extract-cache" not in p.parts}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_jsonl(tmp_path_factory.mktemp("crawl") / "in" / "crawl.jsonl", crawl_rows(DOCS))


@pytest.fixture(scope="module")
def local_run(crawl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    code = main(["run", str(crawl), "--out", str(out / "yaml"), "--jsonl", str(out / "records.jsonl"),
                 "--csv", str(out / "facts.csv"), "--parquet", str(out / "tables"), "--jobs", "2"])
    assert code == 0
    return out


def test_dask_gives_the_local_records_and_the_cache_gives_them_again(
        crawl: Path, local_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(crawl), "--out", str(tmp_path / "yaml"), "--jsonl", str(tmp_path / "records.jsonl"),
            "--csv", str(tmp_path / "facts.csv"), "--parquet", str(tmp_path / "tables"), "--engine", "dask",
            "--jobs", "2"]
    code, (documents, errors, cached, extracted, _), _ = _run(capsys, *args)
    assert (code, documents, errors, cached, extracted) == (0, DOCS, 0, 0, DOCS)
    expected = {k: v for k, v in _outputs(local_run).items() if not k.startswith("tables")}
    assert {k: v for k, v in _outputs(tmp_path).items() if not k.startswith("tables")} == expected
    code, (documents, errors, cached, extracted, _), _ = _run(capsys, *args)  # no worker is needed
    assert (code, documents, errors, cached, extracted) == (0, DOCS, 0, DOCS, 0)
    assert {k: v for k, v in _outputs(tmp_path).items() if not k.startswith("tables")} == expected


def test_ten_more_documents_extract_ten(crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = crawl.parent
    args = [str(folder / "crawl.jsonl"), str(folder / "day2.jsonl"), "--out", str(tmp_path / "yaml"), "--jsonl", str(tmp_path / "records.jsonl")]
    _write_jsonl(folder / "day2.jsonl", [])
    assert _run(capsys, *args)[1][2:4] == (0, DOCS)
    _write_jsonl(folder / "day2.jsonl", crawl_rows(10, start=10_000))
    try:
        code, (documents, _, cached, extracted, _), _ = _run(capsys, *args)
    finally:
        (folder / "day2.jsonl").unlink()
    assert (code, documents, cached, extracted) == (0, DOCS + 10, DOCS, 10)
    fresh = tmp_path / "fresh"
    assert _run(capsys, str(folder / "crawl.jsonl"), "--out", str(fresh), "--no-cache")[1][2:4] == (0, DOCS)
    assert not (fresh / ".press-extract-cache").exists()


def test_rule_change_and_corrupt_entries_are_extracted_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    crawl = _write_jsonl(tmp_path / "c.jsonl", crawl_rows(12))
    args = [str(crawl), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    assert _run(capsys, *args)[1][2:4] == (0, 12)
    before = _outputs(tmp_path / "out")
    entry = next((tmp_path / "cache").rglob("*.entry"))
    entry.write_bytes(entry.read_bytes()[:-10])
    code, counts, err = _run(capsys, *args)
    assert counts[2:4] == (11, 1) and "cache: ignored and rewritten: 1 corrupt" in err
    monkeypatch.setattr(cache_module, "fingerprint", lambda: "rules changed")
    code, counts, err = _run(capsys, *args)
    assert counts[2:4] == (0, 12) and "12 from another version" in err
    assert _run(capsys, *args)[1][2:4] == (12, 0)
    assert _outputs(tmp_path / "out") == before


def test_reposts_are_one_group(local_run: Path) -> None:
    records = [json.loads(line) for line in (local_run / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    groups: dict[str, set[str]] = {}
    for record in records:
        if "duplicate_of" in record:
            groups.setdefault(record["duplicate_of"], set()).add(record["doc_id"])
    releases = range(0, DOCS, 1)
    expected = {f"r{n:06d}-0": {f"r{n:06d}-1", f"r{n:06d}-2"}
                for n in releases if n % REPOST_EVERY == 0 and f"r{n:06d}-2" in {r["doc_id"] for r in records}}
    assert groups == expected and len(expected) >= 10


def test_parquet_facts_have_the_csv_rows_and_duckdb_reads_them(local_run: Path) -> None:
    with (local_run / "facts.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    facts = f"read_parquet('{local_run}/tables/facts/**/*.parquet')"
    ((count, copies),) = duckdb.sql(f"SELECT count(*), count(duplicate_of) FROM {facts}").fetchall()
    assert count == len(csv_rows) > DOCS
    assert copies == sum(1 for line in (local_run / "records.jsonl").open(encoding="utf-8")
                         if '"kind": "fact"' in line and '"duplicate_of"' in line) > 0
    # The README's query: every 全国第N ranking of one province, by year, each release counted once.
    by_year = duckdb.sql(f"""
        SELECT regexp_extract(period, '(\\d{{4}})年', 1) AS year, metric, rank
        FROM {facts}
        WHERE scope = '全国' AND basis = 'position' AND region = '重庆' AND duplicate_of IS NULL
        ORDER BY year, metric""").fetchall()
    assert by_year and all(isinstance(rank, int) and rank > 0 for _, _, rank in by_year)
    quantities = duckdb.sql(f"SELECT count(*) FROM read_parquet('{local_run}/tables/quantities/*.parquet')")
    assert quantities.fetchall()[0][0] == sum(1 for line in (local_run / "records.jsonl").open(encoding="utf-8")
                                             if '"kind": "quantity"' in line)


def test_tables_are_never_read_as_a_crawl(local_run: Path, tmp_path: Path) -> None:
    summary = run_batch(sorted((local_run / "tables").rglob("*.parquet")), tmp_path, reposts=False)
    assert summary.documents == 0 and len(summary.errors) == 4 and all("an analyst table written by press-extract" in e for e in summary.errors)


def test_interrupt_leaves_the_old_tables(crawl: Path, tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    run_batch([crawl.parent / "crawl.jsonl"], tmp_path / "one", parquet=tables, partition_by="region")
    before = {p: p.read_bytes() for p in tables.rglob("*") if p.is_file()}

    def interrupted(results: Iterable[object], total: int) -> Iterable[object]:
        for n, result in enumerate(results):
            if n == 30:
                raise KeyboardInterrupt
            yield result

    with pytest.raises(KeyboardInterrupt):
        run_batch([crawl.parent / "crawl.jsonl"], tmp_path / "two", parquet=tables,
                  progress=interrupted)  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in tables.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tables.iterdir()) == ["entities", "facts", "quantities", "rankings"]
