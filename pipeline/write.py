"""Stage 6, write: one YAML file per document, JSON Lines for machines.

Output is deterministic (records in text order, keys sorted, Chinese
unescaped, no timestamps or absolute paths) so that `git diff outputs/`
reads as a review. Every file is written to a temporary name in the same
folder and renamed into place, so a crash never leaves half a file.
Before anything is written, every record is checked against its source:
`source[start:end] == text`.
"""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from enum import Enum
from json.encoder import encode_basestring
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .models import Document, Fact, Record, decimal_to_json_number


class OffsetError(AssertionError):
    """A record whose text is not the source slice it claims."""


def check_offsets(doc: Document) -> None:
    for r in doc.records:
        if doc.source[r.start:r.end] != r.text:
            raise OffsetError(f"{doc.doc_id}: record {r.id} text {r.text!r} != source[{r.start}:{r.end}]")
        if isinstance(r, Fact) and doc.source[r.sentence_start:r.sentence_end] != r.sentence:
            raise OffsetError(f"{doc.doc_id}: fact {r.id} sentence != "
                              f"source[{r.sentence_start}:{r.sentence_end}]")


def record_dict(record: Record) -> dict[str, Any]:
    """A record as plain JSON types, fields that are None left out (what
    `model_dump(mode="json")` gives for these flat models, read straight from
    the fields: a batch writes hundreds of thousands; tests/test_write.py
    checks the two agree)."""
    out: dict[str, Any] = {}
    for key, value in record.__dict__.items():
        if value is None:
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, Decimal):
            value = decimal_to_json_number(value)
        out[key] = value
    return out


def document_yaml(doc: Document) -> str:
    """The review file of one document.

    >>> from .models import Quantity
    >>> doc = Document(doc_id="d", source="超19个", records=[Quantity(
    ...     id="d:quantity:0-4", doc_id="d", text="超19个", start=0, end=4, rule="qty.count",
    ...     value=19, unit="个", number_text="19")])
    >>> print(document_yaml(doc), end="")
    doc_id: "d"
    encoding: "utf-8"
    records:
    - doc_id: "d"
      end: 4
      id: "d:quantity:0-4"
      kind: "quantity"
      number_text: "19"
      rule: "qty.count"
      start: 0
      text: "超19个"
      unit: "个"
      value: 19
    >>> yaml.safe_load(document_yaml(doc))["records"][0]["text"]
    '超19个'

    The records are flat mappings of strings and numbers, so the file is
    written directly: every string as a JSON string (a valid YAML
    double-quoted scalar, Chinese unescaped), every number as JSON writes
    it, keys sorted. PyYAML's pure-Python emitter took three quarters of a
    batch's time (tests/BENCHMARKS.md); this takes a few percent.
    """
    check_offsets(doc)
    return records_yaml(doc.doc_id, doc.encoding, (record_dict(r) for r in doc.records))


def records_yaml(doc_id: str, encoding: str, records: Iterable[dict[str, Any]]) -> str:
    """The review file of a document from its records as plain JSON types
    (`record_dict`, or a line of `jsonl_lines` read back): the same bytes."""
    # one string per record, not per line: a large document's file is built
    # with a twelfth of the small strings alive at once
    chunks = [f"doc_id: {yaml_scalar(doc_id)}\nencoding: {yaml_scalar(encoding)}\nrecords:\n"]
    chunks.extend("- " + "\n  ".join(f"{key}: {yaml_scalar(value)}" for key, value in sorted(record.items())) + "\n"
                  for record in records)
    return "".join(chunks)


# Characters YAML would fold or refuse inside a double-quoted scalar (YAML
# 1.1 allows neither U+FFFE/U+FFFF nor lone surrogates in a stream).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


# Lone surrogates (a file name that is not UTF-8 gives them to doc_id) cannot
# be written as UTF-8; JSON spells them as escapes.
_JSON_UNSAFE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def yaml_scalar(value: Any) -> str:
    """A JSON scalar (json.dumps' forms, without its per-call set-up)."""
    if isinstance(value, str):
        text = encode_basestring(value)
        return _YAML_UNSAFE.sub(_escape, text)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return json.dumps(value, ensure_ascii=False)
    return str(value) if isinstance(value, int) else float.__repr__(value)


def json_scalar(value: Any) -> str:
    """A scalar as `dict_lines` writes it."""
    return _JSON_UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False))


def jsonl_lines(records: Iterable[Record]) -> Iterable[str]:
    return dict_lines(record_dict(r) for r in records)


def dict_lines(records: Iterable[dict[str, Any]]) -> Iterable[str]:
    """JSON Lines of records as plain JSON types, one line each."""
    for record in records:
        yield _JSON_UNSAFE.sub(_escape, json.dumps(record, ensure_ascii=False, sort_keys=True)) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are named after the process that writes them, never after
# their target (a 250-byte target name would make the temporary name too
# long), so that a later run can tell the leftovers of a killed one.
_TEMP_PREFIX = ".press-extract-"
_TEMP_NAME = re.compile(r"\.press-extract-(\d+)-[^/]*\.tmp")
MAX_NAME_BYTES = 255  # the longest file name Linux and macOS file systems take


class AtomicFile:
    """A text file that appears at `path` only when `commit()` is called.

    Lines are streamed to a temporary file beside `path`; `commit` renames it
    into place, `discard` (or leaving the `with` block by an exception)
    deletes it. Nothing half-written is ever left at `path`; what a killed
    process leaves beside it, `remove_stale_temporaries` removes.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=path.parent)
        self.path, self._tmp = path, Path(tmp)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self._fh.write(text)

    def commit(self) -> None:
        self._fh.close()
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for others too
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None or not self._fh.closed:
            self.discard()


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files in `folder` of writers that are no longer
    running (killed before they could clean up); return them."""
    removed: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if _TEMP_NAME.fullmatch(p.name)]
    except OSError:
        return removed
    for path in sorted(names):
        match = _TEMP_NAME.fullmatch(path.name)
        if match and not process_running(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def process_running(pid: int) -> bool:
    """Whether process `pid` still runs (so its temporary files are in use)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def output_name(doc_id: str, suffix: str) -> str:
    """The file name of a document's output: `doc_id + suffix`, or, when that
    is longer than a file system takes, the id cut short and a hash of it.

    >>> output_name("重庆", ".yaml")
    '重庆.yaml'
    >>> name = output_name("长" * 90, ".yaml"); len(name.encode()), name[-15:]
    (254, '长~2ef6dbff.yaml')
    """
    name = doc_id + suffix
    if len(name.encode("utf-8", "surrogateescape")) <= MAX_NAME_BYTES:
        return name
    tag = "~" + hashlib.sha256(doc_id.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    room = MAX_NAME_BYTES - len(tag) - len(suffix.encode())
    stem = doc_id.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return stem + tag + suffix


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    with AtomicFile(path) as out:
        out.write(text)
        out.commit()
