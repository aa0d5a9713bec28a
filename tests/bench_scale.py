"""Corpus-scale figures for tests/SCALING.md: documents per second of `press-extract run` on a JSON Lines
crawl of made-up releases (tests/crawl_corpus.py), with 1 and 2 local workers, with Dask on a local
2-worker cluster, a rerun from the cache, and 10 more documents.

    .venv/bin/python tests/bench_scale.py [--docs 2000] [--update tests/SCALING.md]

Each run is `press-extract run` in a fresh process (start-up included, as a user sees it); the
figures between the markers in SCALING.md are replaced, the analysis around them kept.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_corpus import crawl_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"(\d+) documents, .*; (\d+) errors; (\d+) cached, (\d+) extracted; (\d+) reposts;")
BEGIN, END = "<!-- bench_scale: begin -->", "<!-- bench_scale: end -->"


def run(*args: str) -> tuple[float, tuple[int, ...]]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args], cwd=ROOT, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    match = SUMMARY.search(done.stderr)
    if not match or done.returncode != 0:
        raise SystemExit(f"run failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, tuple(int(n) for n in match.groups())


def load_average() -> str:
    try:
        return os.getloadavg().__repr__()
    except OSError:
        return "n/a"


def measure(docs: int) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    crawl = tmp / "crawl.jsonl"
    rows = crawl_rows(docs)
    crawl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    more = tmp / "more.jsonl"
    more.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in crawl_rows(10, start=100_000)),
                    encoding="utf-8")
    chars = sum(len(r["text"]) for r in rows)
    lines = []
    runs = [
        ("local, 1 worker (`--jobs 1`)", ["--jobs", "1", "--no-cache"], "local1"),
        ("local, 2 workers (`--jobs 2`)", ["--jobs", "2", "--no-cache"], "local2"),
        ("Dask, local cluster of 2 workers (`--engine dask --jobs 2`), cache filled", ["--engine", "dask", "--jobs", "2"],
         "dask"),
        ("the same again: every document from the cache", ["--engine", "dask", "--jobs", "2"], "dask"),
    ]
    figures: dict[str, float] = {}
    records: dict[str, bytes] = {}
    for label, args, out in runs:
        print(f"bench_scale: {label} (load {load_average()})", file=sys.stderr)
        seconds, (documents, errors, cached, extracted, copies) = run(
            str(crawl), "--out", str(tmp / out), "--jsonl", str(tmp / f"{out}.jsonl"), "--parquet",
            str(tmp / f"{out}-tables"), *args)
        records.setdefault(out, (tmp / f"{out}.jsonl").read_bytes())
        figures[label] = seconds
        lines.append(f"| {label} | {documents:,} | {cached:,} | {extracted:,} | {seconds:.1f} | "
                     f"{documents / seconds:,.1f} |")
    print("bench_scale: 10 more documents", file=sys.stderr)
    seconds, (documents, errors, cached, extracted, copies) = run(
        str(crawl), str(more), "--out", str(tmp / "dask"), "--engine", "dask", "--jobs", "2")
    lines.append(f"| 10 more documents (a second crawl file), Dask | {documents:,} | {cached:,} | {extracted:,} | "
                 f"{seconds:.1f} | {documents / seconds:,.1f} |")
    same = len(set(records.values())) == 1
    first, again = figures[runs[2][0]], figures[runs[3][0]]
    one, two = figures[runs[0][0]], figures[runs[1][0]]
    return "\n".join([
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `tests/bench_scale.py --docs {docs}` "
        f"on {os.cpu_count()} cores, Python {platform.python_version()}; load average before: {load_average()} "
        f"(other sessions share this machine, so the figures are pessimistic).",
        "",
        f"Input: one JSON Lines file of {docs:,} made-up releases (`tests/crawl_corpus.py`; {chars / docs:,.0f} "
        f"characters each on average, {copies:,} of them reposts of another). Each run is "
        "`press-extract run` in a fresh process, start-up included, writing YAML, JSON Lines and Parquet.",
        "",
        "| run | documents | cached | extracted | seconds | documents/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *lines,
        "",
        f"- 2 local workers against 1: {one / two:.2f}x.",
        f"- The cached rerun against the run that filled the cache: {first / again:.1f}x faster "
        f"({'met' if first / again >= 10 else 'missed'}: the target is at least 10x).",
        f"- Records (JSON Lines) of the four runs byte-identical: {'yes' if same else 'NO'}.",
        END,
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--update", type=Path, help="replace the figures in this file (tests/SCALING.md)")
    args = ap.parse_args()
    section = measure(args.docs)
    if args.update and args.update.exists():
        text = args.update.read_text(encoding="utf-8")
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
        args.update.write_text(text, encoding="utf-8")
    else:
        print(section)


if __name__ == "__main__":
    main()
