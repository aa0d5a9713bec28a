"""`press-extract`: a thin command-line shell over the library API.

    press-extract run PATH... --out DIR [--jsonl FILE] [--csv FILE] [--jobs N]
                            [--time-budget SECONDS] [--memory-budget MB]
                            [--engine local|dask] [--scheduler ADDRESS] [--cache DIR | --no-cache]
                            [--parquet DIR] [--partition-by COLUMN]
    press-extract explain [--trace] "一段文字"
    press-extract rules [--format text|json]
    press-extract review PATH... --html DIR
    press-extract diff OLD NEW | --git REV [FOLDER]  [--format text|markdown|json]
    press-extract schema
    press-extract eval GOLD_DIR (RECORDS.jsonl | --run) [--json] [--show DOC]
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import extract, rules, trace
from .batch import MEMORY_BUDGET_MB, DocResult, OutputError, TimeBudget, run_batch
from .cache import FOLDER_NAME as CACHE_FOLDER
from .diff import FORMATS, diff_command
from .engines import EngineError
from .load import max_chars
from .models import record_schema
from .printable import one_line
from .write import record_dict

PROGRESS_MIN_DOCS = 5  # a bar for shorter runs only flickers


def _progress(results: Iterable[DocResult], total: int) -> Iterable[DocResult]:
    if total < PROGRESS_MIN_DOCS or not sys.stderr.isatty():
        return results
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar: Iterable[DocResult] = tqdm(results, total=total, unit="doc", file=sys.stderr, leave=False)
    return bar


def _say(kind: str, message: object) -> None:
    """One line on standard error, whatever a file name or a document holds."""
    print(f"press-extract: {kind}: {one_line(message)}", file=sys.stderr)


def _os_error(exc: OSError) -> str:
    return f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc.strerror or exc)


def _run(args: argparse.Namespace) -> int:
    if args.jobs < 1 or args.time_budget <= 0 or args.memory_budget < 200:
        _say("error", "--jobs must be at least 1, --time-budget above 0 and --memory-budget at least 200")
        return 2
    if args.scheduler and args.engine != "dask":
        _say("error", "--scheduler is for --engine dask")
        return 2
    budget = TimeBudget(per_mb=args.time_budget)
    cache = None if args.no_cache else args.cache or args.out / CACHE_FOLDER
    engine = None  # the local engine is run_batch's own
    if args.engine == "dask":
        from .engines import DaskEngine

        engine = DaskEngine(args.scheduler, workers=args.jobs, seconds=budget.seconds)
    try:
        summary = run_batch(args.paths, args.out, args.jsonl, args.jobs, _progress, args.csv, budget,
                            args.memory_budget, engine=engine, cache=cache, parquet=args.parquet,
                            partition_by=args.partition_by)
    except OutputError as exc:
        _say("error", exc)
        return 2
    except OSError as exc:
        _say("error", _os_error(exc))
        return 2
    except (EngineError, ValueError) as exc:  # no scheduler there; a --partition-by column no table has
        _say("error", exc)
        return 2
    finally:
        if engine is not None:
            engine.close()
    for note in summary.notes:
        _say("note", note)
    for error in summary.errors:
        _say("error", error)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0


def _explain(args: argparse.Namespace) -> int:
    text = " ".join(args.text) if args.text else sys.stdin.read()
    if args.trace:
        for cand in trace(text, doc_id="explain"):
            fate = f"dropped by {cand.dropped_by}" if cand.dropped_by else "kept"
            print(f"{cand.start:>5}-{cand.end:<5} {cand.kind:9} {text[cand.start:cand.end]!r:20} "
                  f"rule={cand.rule}  {fate}")
        return 0
    for record in extract(text, doc_id="explain"):
        data = record_dict(record)
        fields = {k: v for k, v in data.items() if k not in ("id", "doc_id", "kind", "text", "start", "end", "rule")}
        print(f"{record.start:>5}-{record.end:<5} {record.kind:9} {record.text!r:20} "
              f"rule={record.rule}  {json.dumps(fields, ensure_ascii=False, sort_keys=True)}")
    return 0


def _rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        listed = [{"id": r.id, "kind": r.kind, "doc": r.doc, "pattern": r.pattern,
                   "examples": [{"text": e.text, "expect": dict(e.expect)} for e in r.examples],
                   "not_examples": list(r.not_examples)} for r in rules()]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return 0
    for rule in rules():
        example = rule.examples[0].text if rule.examples else ""
        print(f"{rule.id:28} {rule.kind:9} {rule.doc}\n{'':38}e.g. {example!r}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from .review import write_review

    try:
        errors, notes = write_review(args.paths, args.html)
    except OSError as exc:
        _say("error", _os_error(exc))
        return 2
    for note in notes:
        _say("note", note)
    for error in errors:
        _say("error", error)
    print(f"review written to {one_line(args.html / 'index.html')}", file=sys.stderr)
    return 1 if errors else 0


def _diff(args: argparse.Namespace) -> int:
    return diff_command(args.old, args.new, args.git, args.format)


def _eval(args: argparse.Namespace) -> int:
    from . import evaluate

    if (args.records is None) == (not args.run):
        wrong = "not both" if args.run else "one of them"
        print(f"press-extract: error: eval scores RECORDS.jsonl or the records of --run, {wrong}", file=sys.stderr)
        return 2
    try:
        gold = evaluate.load_gold(args.gold_dir)
        errors: list[str] = []
        if args.run:
            records, errors = evaluate.run_pipeline(args.gold_dir, gold)
        else:
            records = evaluate.read_records(args.records)
        result = evaluate.evaluate(gold, records)
        report = (evaluate.report_json if args.json else evaluate.report_text)(result, args.show)
    except evaluate.EvalInputError as exc:
        print(f"press-extract: error: {exc}", file=sys.stderr)
        return 2
    for error in errors:
        print(f"press-extract: error: {error}", file=sys.stderr)
    sys.stdout.write(report)
    return 1 if errors else 0


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(record_schema())
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="press-extract", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract records from files and folders")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    run.add_argument("--out", type=Path, required=True, metavar="DIR",
                     help="folder for one YAML file per document (inputs inside it are skipped)")
    run.add_argument("--jsonl", type=Path, help="also write all records as JSON Lines to FILE")
    run.add_argument("--jobs", type=int, default=1, help="documents processed in N worker processes")
    run.add_argument("--time-budget", type=float, default=TimeBudget.per_mb, metavar="SECONDS",
                     help=f"seconds a document may take per MB of input, beyond {TimeBudget.base:.0f} s; "
                          f"a document over it is an error (default {TimeBudget.per_mb:.0f})")
    run.add_argument("--memory-budget", type=int, default=MEMORY_BUDGET_MB, metavar="MB",
                     help="memory of a local worker process (data segment, where the OS caps it); a "
                          "document over it is an error, and so is a text longer than it takes "
                          f"(default {MEMORY_BUDGET_MB}: {max_chars(MEMORY_BUDGET_MB):,} characters)")
    run.add_argument("--csv", type=Path, metavar="FILE",
                     help="also write one row per fact to FILE (CSV, UTF-8 with BOM, for Excel)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local: --jobs processes on this machine; dask: a Dask cluster (default: local)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask, the cluster's scheduler (tcp://host:8786); without it a "
                          "local cluster of --jobs worker processes is started")
    run.add_argument("--cache", type=Path, metavar="DIR",
                     help=f"extraction cache: documents it holds are not extracted again "
                          f"(default: OUT/{CACHE_FOLDER})")
    run.add_argument("--no-cache", action="store_true", help="extract every document, and keep no cache")
    run.add_argument("--parquet", type=Path, metavar="DIR",
                     help="also write facts, quantities, rankings and entities as Parquet tables into DIR")
    run.add_argument("--partition-by", metavar="COLUMN",
                     help="split the Parquet tables that have COLUMN into COLUMN=value folders "
                          "(default: none)")
    run.set_defaults(func=_run)
    explain = sub.add_parser("explain", help="print the records of a text, with their rules")
    explain.add_argument("text", nargs="*", help="the text (default: standard input)")
    explain.add_argument("--trace", action="store_true",
                         help="every candidate, the rule that made it and the rule that dropped it")
    explain.set_defaults(func=_explain)
    rules_cmd = sub.add_parser("rules", help="list every rule: id, kind, what it reads, an example")
    rules_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="json lists every rule with its pattern, examples and not-examples")
    rules_cmd.set_defaults(func=_rules)
    review = sub.add_parser("review", help="write a static HTML review of the records of files and folders")
    review.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    review.add_argument("--html", type=Path, required=True, metavar="DIR",
                        help="folder for index.html and one page per document")
    review.set_defaults(func=_review)
    diff = sub.add_parser("diff", help="compare two output folders, or outputs/ with a git revision; "
                                       "exit 0 same, 1 different, 2 error")
    diff.add_argument("old", nargs="?", type=Path, metavar="OLD",
                      help="old folder; with --git, the folder to compare (default: outputs)")
    diff.add_argument("new", nargs="?", type=Path, metavar="NEW", help="new folder")
    diff.add_argument("--git", metavar="REV", help="compare the folder as committed at REV with the working tree")
    diff.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    diff.set_defaults(func=_diff)
    ev = sub.add_parser("eval", help="score records against hand-made gold (the contract of "
                                     "../shared/eval/GUIDELINES.md); exit 0 scored, 1 a document failed "
                                     "with --run, 2 bad input")
    ev.add_argument("gold_dir", type=Path, metavar="GOLD_DIR",
                    help="folder of DOC.gold.json, DOC.txt and optionally DOC.context.json")
    ev.add_argument("records", nargs="?", type=Path, metavar="RECORDS.jsonl",
                    help="records to score, as `run --jsonl` writes them")
    ev.add_argument("--run", action="store_true", help="run the pipeline on GOLD_DIR's texts and score that")
    ev.add_argument("--json", action="store_true", help="figures, per type, per document and the listing as JSON")
    ev.add_argument("--show", metavar="DOC", help="list the misses, false hits and wrong fields of DOC only")
    ev.set_defaults(func=_eval)
    schema = sub.add_parser("schema", help="print the JSON Schema of a record")
    schema.set_defaults(func=_schema)
    return ap


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that temporary files are removed
    (a BaseException, like KeyboardInterrupt: no `except Exception` in a stage
    may take it for a document's error)."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    installed = _main_thread()  # signal handlers can only be set there
    previous = signal.signal(signal.SIGTERM, _terminate) if installed else None
    try:
        return int(args.func(args))
    except KeyboardInterrupt:  # Ctrl-C: workers are stopped and temporary files removed on the way out
        _say("error", "interrupted")
        return 130
    except _Terminated:
        _say("error", "terminated")
        return 143
    finally:
        if installed:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    sys.exit(main())
