"""Compare two trees of output YAML files: the library API behind `press-extract diff`.

A tree is a folder of `<doc_id>.yaml` files as `write.document_yaml` writes
them, read from disk (`load_tree`) or from a git revision (`load_git_tree`).
Records are matched by `id`: added, removed or changed (the fields that
differ, old -> new; an absent field is None, as the writer leaves None out).
Each is shown with its sentence: a fact's own `sentence`, else that of the
fact linking it (`quantity_id`, `ranking_id`), else of a fact whose span or
sentence covers it, else the text around it when the source is known, else
its text. Output is sorted by doc_id, then start offset, then id.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TextIO

import yaml

from .printable import one_line

Rec = Mapping[str, Any]
Change = Literal["added", "removed", "changed"]
CHANGES: tuple[Change, ...] = ("added", "removed", "changed")
FORMATS = ("text", "markdown", "json")
WINDOW = 20  # characters each side of a record when only the source gives context


class DiffError(Exception):
    """A tree that cannot be read, or arguments that cannot work (exit status 2)."""


@dataclass(frozen=True)
class DocRecords:
    doc_id: str
    records: tuple[Rec, ...]  # each with a unique str `id`
    meta: Mapping[str, Any] = field(default_factory=dict)  # other top-level fields: doc_id, encoding
    source: str | None = None  # the decoded input, when known


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    change: Change
    record: Rec  # the new record, or the old one when removed
    context: str  # its sentence (see the module docstring)
    fields: tuple[FieldChange, ...] = ()

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def span(self) -> tuple[int, int]:
        return _span(self.record)


@dataclass(frozen=True)
class DocDiff:
    doc_id: str
    status: Change  # the document itself: added, removed, or changed (present on both sides)
    records: tuple[RecordChange, ...]
    fields: tuple[FieldChange, ...] = ()  # top-level fields (encoding)


@dataclass(frozen=True)
class TreeDiff:
    documents: tuple[DocDiff, ...]  # only those that differ
    compared: int

    @property
    def changed(self) -> bool:
        return bool(self.documents)


# --- reading ---------------------------------------------------------------------


_SCALARS = (str, int, float, bool, type(None))


def parse_document(text: str, name: str, doc_id: str | None = None) -> DocRecords:
    """One YAML file, checked: a mapping with a list of records with unique ids,
    every record a flat mapping of string keys to scalars, as the writer
    writes it. Anything else (an alias bomb, nested lists, a number as a key)
    is refused before it is compared, so a hostile file costs no more than
    its size."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DiffError(f"{name}: not YAML: {reason}") from exc
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise DiffError(f"{name}: not an output file (a mapping with a list of records)")
    _check_flat(data, records, name)
    ids = [r.get("id") if isinstance(r, dict) else None for r in records]
    if not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        raise DiffError(f"{name}: every record needs an id of its own")
    meta = {str(k): v for k, v in data.items() if k != "records"}
    return DocRecords(doc_id or PurePosixPath(name).stem, tuple(records), meta)


def _check_flat(data: dict[Any, Any], records: list[Any], name: str) -> None:
    meta = {k: v for k, v in data.items() if k != "records"}
    for where, mapping in [("the top level", meta), *((f"record {n + 1}", r) for n, r in enumerate(records))]:
        if not isinstance(mapping, dict):
            raise DiffError(f"{name}: {where} is not a mapping")
        for key, value in mapping.items():
            if not isinstance(key, str):
                raise DiffError(f"{name}: {where} has a key that is not a string: {key!r}")
            if not isinstance(value, _SCALARS):
                raise DiffError(f"{name}: {where}, field {key!r}: "
                                f"a {type(value).__name__}, not a string or number")


def load_tree(folder: Path) -> dict[str, DocRecords]:
    """Every `*.yaml` file directly in `folder`, by file stem (the doc_id)."""
    if not folder.is_dir():
        raise DiffError(f"{folder}: not a folder")
    tree: dict[str, DocRecords] = {}
    for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
        try:
            tree[path.stem] = parse_document(path.read_text(encoding="utf-8-sig"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise DiffError(f"{path}: cannot read: {exc}") from exc
    return tree


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=stdin,
                              capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc.strerror or exc}") from exc
    if done.returncode:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]}: {lines[0] if lines else f'exit status {done.returncode}'}")
    return done.stdout


def _repo_folder(folder: Path) -> tuple[Path, str]:
    """A folder to run git in, and `folder` relative to the top of its repository."""
    folder = folder.resolve()
    anchor = next(p for p in (folder, *folder.parents) if p.is_dir())
    prefix = os.fsdecode(_git(anchor, "rev-parse", "--show-prefix")).strip("\n")
    rest = folder.relative_to(anchor).as_posix()
    return anchor, (prefix + ("" if rest == "." else rest)).strip("/")


def load_git_tree(rev: str, folder: Path) -> dict[str, DocRecords]:
    """The `*.yaml` files of `folder` as committed at `rev`, in the repository holding `folder`."""
    if rev.startswith("-"):
        raise DiffError(f"not a revision: {rev!r}")
    cwd, rel = _repo_folder(folder)
    try:
        tree_id = _git(cwd, "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}").decode().strip()
    except DiffError as exc:
        raise DiffError(f"unknown revision {rev!r} ({exc})") from exc
    listing = _git(cwd, "ls-tree", "-z", "--full-tree", tree_id, *([f"{rel}/"] if rel else []))
    blobs: list[tuple[str, str]] = []  # (blob id, path in the repository)
    for entry in filter(None, listing.split(b"\0")):
        info, name = entry.split(b"\t", 1)
        mode, kind, blob = info.decode().split()
        if kind == "blob" and mode != "120000" and name.endswith(b".yaml"):
            blobs.append((blob, os.fsdecode(name)))
    out = _git(cwd, "cat-file", "--batch", stdin="".join(f"{b}\n" for b, _ in blobs).encode())
    tree: dict[str, DocRecords] = {}
    pos = 0
    for _, path in blobs:  # each comes as "<id> blob <size>\n<content>\n"
        head_end = out.index(b"\n", pos)
        size = int(out[pos:head_end].split()[2])
        pos, stem = head_end + 2 + size, PurePosixPath(path).stem
        try:
            text = out[head_end + 1:pos - 1].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DiffError(f"{rev}:{path}: cannot read: {exc}") from exc
        tree[stem] = parse_document(text, f"{rev}:{path}", stem)
    return tree


# --- comparing -------------------------------------------------------------------


def _span(r: Rec) -> tuple[int, int]:
    start = r["start"] if isinstance(r.get("start"), int) else -1
    return start, r["end"] if isinstance(r.get("end"), int) else start


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: 19 == 19.0, but True != 1."""
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


def _fields(old: Rec, new: Rec) -> tuple[FieldChange, ...]:
    keys = sorted(set(old) | set(new), key=str)
    return tuple(FieldChange(str(k), old.get(k), new.get(k)) for k in keys
                 if not _same(old.get(k), new.get(k)))


class _Contexts:
    """Finds the sentence of a record in one document (see the module docstring)."""

    def __init__(self, doc: DocRecords) -> None:
        facts = sorted((r for r in doc.records
                        if r.get("kind") == "fact" and isinstance(r.get("sentence"), str)),
                       key=lambda f: (_span(f)[1] - _span(f)[0], _span(f), f["id"]))  # narrowest first
        self._linked: dict[str, str] = {}
        self._spans = [(*_span(f), str(f["sentence"])) for f in facts]
        for f in facts:
            for key in ("quantity_id", "ranking_id"):
                if isinstance(f.get(key), str):
                    self._linked.setdefault(f[key], f["sentence"])
            sentence, text, start = f["sentence"], str(f.get("text", "")), _span(f)[0]
            if isinstance(f.get("sentence_start"), int) and isinstance(f.get("sentence_end"), int):
                self._spans.append((f["sentence_start"], f["sentence_end"], sentence))
                continue
            at = sentence.find(text) if text else -1  # files written before facts had sentence offsets
            if at >= 0 and sentence.find(text, at + 1) < 0:  # where the sentence lies, when unambiguous
                self._spans.append((start - at, start - at + len(sentence), sentence))
        self._source = doc.source

    def of(self, r: Rec) -> str:
        if r.get("kind") == "fact" and isinstance(r.get("sentence"), str):
            return str(r["sentence"])
        if r["id"] in self._linked:
            return self._linked[r["id"]]
        start, end = _span(r)
        for s, e, sentence in self._spans:
            if s <= start <= end <= e:
                return sentence
        if self._source is not None and 0 <= start <= end <= len(self._source):
            return self._source[max(0, start - WINDOW):end + WINDOW]
        return str(r.get("text", ""))


def _diff_doc(doc_id: str, old: DocRecords | None, new: DocRecords | None) -> DocDiff | None:
    before = {r["id"]: r for r in old.records} if old is not None else {}
    after = {r["id"]: r for r in new.records} if new is not None else {}
    gone, came = before.keys() - after.keys(), after.keys() - before.keys()
    edited = {i: fs for i in before.keys() & after.keys() if (fs := _fields(before[i], after[i]))}
    changes: list[RecordChange] = []
    if old is not None and gone:  # a document's contexts are found only when something changed
        ctx = _Contexts(old)
        changes += [RecordChange("removed", before[i], ctx.of(before[i])) for i in gone]
    if new is not None and (came or edited):
        ctx = _Contexts(new)
        changes += [RecordChange("added", after[i], ctx.of(after[i])) for i in came]
        changes += [RecordChange("changed", after[i], ctx.of(after[i]), fs) for i, fs in edited.items()]
    meta = _fields(old.meta, new.meta) if old is not None and new is not None else ()
    status: Change = "added" if old is None else "removed" if new is None else "changed"
    if status == "changed" and not changes and not meta:
        return None
    return DocDiff(doc_id, status, tuple(sorted(changes, key=lambda c: (c.span[0], c.id))), meta)


def diff_trees(old: Mapping[str, DocRecords], new: Mapping[str, DocRecords]) -> TreeDiff:
    """What differs between two trees (doc_id -> records), by document and record id."""
    doc_ids = sorted(set(old) | set(new))
    docs = (_diff_doc(d, old.get(d), new.get(d)) for d in doc_ids)
    return TreeDiff(tuple(d for d in docs if d is not None), len(doc_ids))


# --- rendering -------------------------------------------------------------------

_MARK = {"added": "+", "removed": "-", "changed": "~"}
_COLOR = {"added": "32", "removed": "31", "changed": "33"}


def _clean(s: object) -> str:
    """One line without control characters: no terminal escapes from a document."""
    return one_line(re.sub(r"\r\n|[\r\n\t]", " ", str(s)))


def _val(v: Any) -> str:
    return _clean(json.dumps(v, ensure_ascii=False, sort_keys=True, default=str))


def _counts(diff: TreeDiff) -> dict[str, Any]:
    docs = Counter(d.status for d in diff.documents)
    recs = Counter(c.change for d in diff.documents for c in d.records)
    return {"compared": diff.compared, "documents": {k: docs[k] for k in CHANGES},
            "records": {k: recs[k] for k in CHANGES}}


def _summary(diff: TreeDiff) -> str:
    if not diff.changed:
        return f"no differences in {diff.compared} documents"
    n = _counts(diff)
    docs, recs = (", ".join(f"{v} {k}" for k, v in n[part].items()) for part in ("documents", "records"))
    return f"{len(diff.documents)} of {diff.compared} documents differ ({docs}); records: {recs}"


def _doc_line(doc: DocDiff) -> str:
    if doc.status != "changed":
        return f"{doc.status} document, {len(doc.records)} records"
    n = Counter(c.change for c in doc.records)
    return ", ".join(f"{n[k]} {k}" for k in CHANGES)


def _text(diff: TreeDiff, color: bool) -> list[str]:
    def paint(code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if color else s

    lines = []
    for doc in diff.documents:
        lines.append(paint("1", f"{_clean(doc.doc_id)}: {_doc_line(doc)}"))
        lines += [f"  {_clean(f.field)}: {_val(f.old)} -> {_val(f.new)}" for f in doc.fields]
        for c in doc.records:
            kind, text = _clean(c.record.get("kind")), _clean(c.record.get("text", ""))
            lines.append(paint(_COLOR[c.change], f"{_MARK[c.change]} {kind:8} {c.span[0]}-{c.span[1]} "
                                                 f"{text}  [{_clean(c.id)}]"))
            lines += [f"    {_clean(f.field)}: {_val(f.old)} -> {_val(f.new)}" for f in c.fields]
            lines.append(paint("2", f"    sentence: {_clean(c.context)}"))
    return lines + [_summary(diff)]


def _code(s: object) -> str:
    """A Markdown code span that holds any text, backticks included."""
    s = _clean(s)
    fence = "`" * (max((len(m) for m in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}" if s.strip() else "(blank)"


def _md(s: object) -> str:
    return re.sub(r"([\\`*_\[\]<>|~&#!])", r"\\\1", _clean(s))


def _markdown(diff: TreeDiff) -> list[str]:
    lines = ["## press-extract diff", "", _summary(diff)]
    for doc in diff.documents:
        items = [f"- {_code(f.field)}: {_code(_val(f.old))} -> {_code(_val(f.new))}" for f in doc.fields]
        for c in doc.records:
            items.append(f"- **{c.change}** {_md(c.record.get('kind'))} {_code(c.record.get('text', ''))} "
                         f"({c.span[0]}-{c.span[1]}, {_code(c.id)})")
            items += [f"  - {_code(f.field)}: {_code(_val(f.old))} -> {_code(_val(f.new))}" for f in c.fields]
            items.append(f"  - sentence: {_md(c.context)}")
        lines += ["", f"### {_code(doc.doc_id)}: {_doc_line(doc)}"] + ([""] + items if items else [])
    return lines


def _json(diff: TreeDiff) -> list[str]:
    def fields(fs: tuple[FieldChange, ...]) -> list[dict[str, Any]]:
        return [{"field": f.field, "old": f.old, "new": f.new} for f in fs]

    docs = [{"doc_id": d.doc_id, "status": d.status, "fields": fields(d.fields), "records": [
        {"change": c.change, "id": c.id, "kind": c.record.get("kind"), "start": c.span[0], "end": c.span[1],
         "text": c.record.get("text"), "sentence": c.context, "fields": fields(c.fields),
         "record": dict(c.record)} for c in d.records]} for d in diff.documents]
    data = {"changed": diff.changed, "documents": docs, "summary": _counts(diff)}
    return [json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)]


def render(diff: TreeDiff, fmt: str, color: bool = False) -> str:
    """The report as `text` (ANSI colours if `color`), `markdown` or `json`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    lines = _text(diff, color) if fmt == "text" else _markdown(diff) if fmt == "markdown" else _json(diff)
    return "\n".join(lines) + "\n"


def diff_command(old: Path | None, new: Path | None, rev: str | None = None, fmt: str = "text",
                 out: TextIO | None = None) -> int:
    """`diff OLD NEW` or `diff --git REV [FOLDER]`: the report on `out`; 0 same, 1 differ, 2 error."""
    out = out or sys.stdout
    try:
        if rev is not None and new is not None:
            raise DiffError("--git REV compares one folder (default: outputs) with its committed version")
        if rev is not None:
            before, after = load_git_tree(rev, old or Path("outputs")), load_tree(old or Path("outputs"))
        elif old is not None and new is not None:
            before, after = load_tree(old), load_tree(new)
        else:
            raise DiffError("give two folders OLD NEW, or --git REV [FOLDER]")
        result = diff_trees(before, after)
        report = render(result, fmt, fmt == "text" and out.isatty() and "NO_COLOR" not in os.environ)
    except (DiffError, ValueError) as exc:
        print(f"press-extract: error: {exc}", file=sys.stderr)
        return 2
    out.write(report)
    return 1 if result.changed else 0
