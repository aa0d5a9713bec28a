"""One document's work, as an engine runs it: a task in, a `DocResult` out.

A task names one document: a file (`FileTask`) or a crawled row
(`sources.Row`). `process_task` loads it, runs every stage, checks and
serialises the records, and computes the document's MinHash signature
(`reposts`); it never raises for a bad input, nor when the document needs
more memory than a worker has (`workers.limit_memory`): that is its
error. Tasks and results are plain picklable values, so the same function
runs in this process, in a local worker process or on a Dask worker, and
gives the same bytes.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .formats import InputError, html
from .lexicons import load
from .load import MEMORY_BUDGET_MB, check_text, load_path
from .models import Document
from .reposts import document_signature
from .runner import StageError, run_document
from .sources import Row
from .workers import OUT_OF_MEMORY
from .write import OffsetError, dict_lines, document_yaml, json_scalar, jsonl_lines, records_yaml, yaml_scalar

MB = 1024 * 1024


@dataclass(frozen=True)
class FileTask:
    """One input file; its doc_id is the file's stem unless given."""

    path: Path
    given_id: str | None = None

    @property
    def doc_id(self) -> str:
        return self.given_id or self.path.stem

    @property
    def origin(self) -> str:
        return str(self.path)


Task = FileTask | Row


def task_bytes(task: Task) -> int:
    """The size of a task's input, which its time budget grows with."""
    if isinstance(task, FileTask):
        try:
            return task.path.stat().st_size
        except OSError:
            return 0
    return len(task.content.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class DocResult:
    path: str  # where the document came from: a file, or a crawl file and row
    doc_id: str
    yaml_text: str = ""
    jsonl_text: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    chars: int = 0
    error: str | None = None
    source_text: str | None = None  # saved beside the records when it is not the file's own text
    encoding: str = "utf-8"
    signature: tuple[int, ...] | None = None  # MinHash of the cleaned text (reposts), None when too short
    cached: bool = False  # taken from the cache, not extracted in this run
    url: str | None = None  # a crawled row's, for the analyst tables


def to_document(task: Task, budget_mb: int = MEMORY_BUDGET_MB) -> Document:
    """The loaded Document of a task (stage `load`), or InputError; a text
    longer than a worker with `budget_mb` takes is refused (`load.max_chars`)."""
    if isinstance(task, FileTask):
        return load_path(task.path, task.doc_id, budget_mb)
    if task.format == "html":
        page = html.read(task.content, "utf-8")
        check_text(page.text, budget_mb)
        return Document(doc_id=task.doc_id, path=task.origin, source=page.text, format=page.format,
                        tables=list(page.tables))
    check_text(task.content, budget_mb)
    return Document(doc_id=task.doc_id, path=task.origin, source=task.content)


def process_task(task: Task, budget_mb: int = MEMORY_BUDGET_MB) -> DocResult:
    """Load, extract and serialise one document, in a worker of `budget_mb`;
    never raises for a bad input."""
    try:
        doc = run_document(to_document(task, budget_mb), load())
        # the words and sentences go before the records are written: the
        # largest of what a document holds, and no output needs them
        doc = doc.model_copy(update={"tokens": [], "sentences": []})
        text = document_yaml(doc)
        lines = "".join(jsonl_lines(doc.records))
        signature = document_signature(doc)
    except (InputError, StageError, OffsetError) as exc:
        return DocResult(task.origin, task.doc_id, error=_memory_reason(exc) or str(exc), url=task_url(task))
    except MemoryError:
        return DocResult(task.origin, task.doc_id, error=OUT_OF_MEMORY, url=task_url(task))
    except Exception as exc:  # a batch never dies on one document: named, reported, skipped
        return DocResult(task.origin, task.doc_id, error=f"internal error: {type(exc).__name__}: {exc}",
                         url=task_url(task))
    counts: dict[str, int] = dict(Counter(r.kind for r in doc.records))
    return DocResult(task.origin, task.doc_id, text, lines, counts,
                     len(doc.source), source_text=None if doc.format == "text" else doc.source,
                     encoding=doc.encoding, signature=signature, url=task_url(task))


def task_url(task: Task) -> str | None:
    return task.url if isinstance(task, Row) else None


def _memory_reason(exc: BaseException) -> str | None:
    """The error of a stage that ran out of memory (StageError wraps the MemoryError)."""
    return OUT_OF_MEMORY if isinstance(exc.__cause__, MemoryError) else None


WARM_TEXT = "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。市统计局局长王建国介绍,全市软件业务收入突破3000亿元。"


def warm() -> None:
    """Load lexicons, jieba and datasketch (2 s of imports) and compile every
    rule once, so that a worker's first document does not pay for it."""
    process_task(Row("warm", "warm", WARM_TEXT * 2, "text"))


def mark_copy(result: DocResult, group: str) -> DocResult:
    """`result` with `duplicate_of: group` in every record, YAML and JSON Lines alike.

    Written into the texts rather than by reading the records back and
    writing them again, which took a quarter of a rerun from the cache:
    both outputs write a record's keys sorted, and no field sorts between
    `doc_id` and `duplicate_of`, so the new key goes right after each
    record's doc_id. That key is a line of its own in the YAML, and in JSON
    no string can hold its quotes unescaped. Should the counts not add up,
    the records are read back after all."""
    records = sum(result.counts.values())
    yaml_text, in_yaml = result.yaml_text, 0
    yaml_key, yaml_new = f"doc_id: {yaml_scalar(result.doc_id)}\n", f"  duplicate_of: {yaml_scalar(group)}\n"
    for lead in ("\n- ", "\n  "):  # the doc_id line of a record, first key or not
        in_yaml += yaml_text.count(lead + yaml_key)
        yaml_text = yaml_text.replace(lead + yaml_key, lead + yaml_key + yaml_new)
    json_key = f'"doc_id": {json_scalar(result.doc_id)}, '
    json_parts = result.jsonl_text.split(json_key)
    if in_yaml != records or len(json_parts) != records + 1:
        return _mark_copy_read_back(result, group)
    return replace(result, yaml_text=yaml_text,
                   jsonl_text=f'{json_key}"duplicate_of": {json_scalar(group)}, '.join(json_parts))


def _mark_copy_read_back(result: DocResult, group: str) -> DocResult:
    records = [json.loads(line) for line in result.jsonl_text.split("\n") if line.strip()]
    for record in records:
        record["duplicate_of"] = group
    return replace(result, yaml_text=records_yaml(result.doc_id, result.encoding, records),
                   jsonl_text="".join(dict_lines(records)))
