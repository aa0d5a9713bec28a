"""Scoring records against hand-made gold: the library API behind `press-extract eval`.

The contract is that of the shared scorer (../shared/eval/score.py and
GUIDELINES.md, "How it scores"), written here in our own code so that users
can measure the pipeline on releases they annotate themselves:

- A gold folder holds, per document, `DOC.gold.json` ({"quantities",
  "rankings", "entities"}: lists of objects), the UTF-8 source `DOC.txt`
  (optional: without it offsets are not checked and gold items have no
  position) and optionally `DOC.context.json` (one {text, period, region} per
  gold quantity, in gold order). Only documents with a gold file are scored.
- Per document, gold and records are matched as multisets: quantities on
  (value to 6 significant digits, unit) and on value alone, rankings on
  (rank, scope, basis; basis `position` when absent), entities on (type,
  text). True and false positives and misses are summed over all documents
  (micro average); figures are rounded to 4 decimals as the scorer does.
- Each gold quantity is paired with the nearest unused record of the same
  value and unit (distance between the record's `start` and the gold text's
  position, found as `gold_positions` says; ties go to the earlier record).
  Metric accuracy is over paired-or-not gold quantities that have a metric;
  period and region accuracy over those a context file covers. A field agrees
  when both are empty or the character-overlap F1 of the two strings is at
  least 0.5; a whole-year word (全年) and a year (2013年) agree either way.
  An unpaired gold quantity counts as wrong.
- A record whose `text` is not `source[start:end]` is an offset error; a line
  of the records file that is not a JSON object is an unreadable line.

Beyond the scorer: figures per type (entity type, ranking basis, unit class
of a quantity), per document, and every miss, false hit and wrong
metric/period/region listed with its sentence. Inputs the scorer would crash
on (a line that is JSON but no object, a file that is not UTF-8, a gold or
context file that does not parse) are refused with `EvalInputError`, or for a
records line counted as unreadable.
"""
from __future__ import annotations

import functools
import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Rec = Mapping[str, Any]
Key = tuple[Hashable, ...]
KINDS = ("quantity", "quantity_value", "ranking", "entity")
LISTED_KINDS = ("quantity", "ranking", "entity")  # kinds whose misses and false hits are listed
FIELDS = ("metric", "period", "region")
Finding = Literal["miss", "false", "metric", "period", "region"]
FINDINGS: tuple[Finding, ...] = ("miss", "false", "metric", "period", "region")
AGREE = 0.5  # character-overlap F1 at which two phrases name the same thing
# A whole-year word stands for the year it is written in (GUIDELINES).
WHOLE_YEAR_WORDS = frozenset({"全年", "本年", "当年", "當年", "年内", "年內", "全年度"})
YEAR = re.compile(r"^(?:19|20)?\d{2,3}年(?:度)?$")
SENTENCE_SHOWN = 60  # characters shown each side of an item in a long sentence


class EvalInputError(Exception):
    """A gold folder or records file that cannot be scored; str() is one line naming the file."""


# --- the matching contract -----------------------------------------------------------


def significant(value: object) -> str | None:
    """A value to 6 significant digits; None when it is no finite number.

    >>> significant(201246000000.0), significant("17.60"), significant(None), significant(True)
    ('2.01246e+11', '17.6', None, '1')
    """
    try:
        number = float(value)  # type: ignore[arg-type]  # anything float() takes, as the scorer does
    except (TypeError, ValueError, OverflowError):
        return None
    return None if math.isnan(number) or math.isinf(number) else f"{number:.6g}"


def _unit(unit: object) -> str | None:
    return None if unit in (None, "") else str(unit).strip()


def _hashable(value: object) -> Hashable:
    """A JSON value as a match key part (a list or object as its JSON text)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def quantity_key(r: Rec) -> Key:
    """>>> quantity_key({"value": 30899, "unit": "元 "})
    ('30899', '元')"""
    return significant(r.get("value")), _unit(r.get("unit"))


def quantity_value_key(r: Rec) -> Key:
    return (significant(r.get("value")),)


def ranking_key(r: Rec) -> Key:
    """>>> ranking_key({"rank": "7", "scope": "", "basis": None})
    (7, None, 'position')"""
    try:
        rank: int | None = int(r.get("rank"))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        rank = None
    return rank, _hashable(r.get("scope") or None), _hashable(r.get("basis") or "position")


def entity_key(r: Rec) -> Key:
    return _hashable(r.get("type")), _hashable(r.get("text"))


KEYS: Mapping[str, Callable[[Rec], Key]] = {
    "quantity": quantity_key, "quantity_value": quantity_value_key,
    "ranking": ranking_key, "entity": entity_key,
}


def overlap_f1(a: str, b: str) -> float:
    """F1 of the characters two strings share (as multisets).

    >>> round(overlap_f1("每万人拥有5G基站数", "5G基站数"), 3)
    0.667
    """
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def field_agrees(gold: object, predicted: object) -> bool:
    """Whether a predicted metric, period or region agrees with the gold one.

    >>> field_agrees("全年", "2013年"), field_agrees(None, None), field_agrees("截至6月底", "6月底")
    (True, True, True)
    """
    if not gold:
        return not predicted
    g, p = str(gold), str(predicted or "")
    if (g in WHOLE_YEAR_WORDS and YEAR.match(p)) or (p in WHOLE_YEAR_WORDS and YEAR.match(g)):
        return True
    return overlap_f1(p, g) >= AGREE


def gold_positions(items: Sequence[Rec], source: str | None) -> list[int]:
    """Where each gold item stands in the source (-1: not found or no source).

    Gold lists follow the text, so each item is looked for from the end of the
    previous one found that way; failing that, the k-th occurrence of its text
    counts for its k-th mention.

    >>> gold_positions([{"text": "甲"}, {"text": "乙"}, {"text": "甲"}], "乙甲乙甲")
    [1, 2, 3]
    """
    seen: Counter[str] = Counter()
    positions, last = [], 0
    for item in items:
        text = str(item.get("text") or "")
        k = seen[text]
        seen[text] += 1
        start = -1
        if source is not None and text:
            start = source.find(text, last)
            if start >= 0:
                last = start + len(text)
            else:
                start = source.find(text)
                for _ in range(k):
                    following = source.find(text, start + 1)
                    if following < 0:
                        break
                    start = following
        positions.append(start)
    return positions


def _start(r: Rec) -> float:
    start = r.get("start")
    return start if isinstance(start, (int, float)) else 0


def pair_nearest(gold: Sequence[Rec], positions: Sequence[int], predicted: Sequence[Rec],
                 key: Callable[[Rec], Key]) -> tuple[list[Rec | None], list[Rec]]:
    """Each gold item's nearest unused prediction with the same key (None when
    there is none), in gold order, and the predictions left over.

    >>> pair_nearest([{"k": 1}], [10], [{"k": 1, "start": 2}, {"k": 1, "start": 9}], lambda r: (r["k"],))
    ([{'k': 1, 'start': 9}], [{'k': 1, 'start': 2}])
    """
    pools: dict[Key, list[int]] = {}
    for i, r in enumerate(predicted):
        pools.setdefault(key(r), []).append(i)
    paired: list[Rec | None] = []
    for item, at in zip(gold, positions):
        pool = pools.get(key(item))
        if not pool:
            paired.append(None)
            continue
        j = min(range(len(pool)), key=lambda n: abs(_start(predicted[pool[n]]) - at) if at >= 0 else 0)
        paired.append(predicted[pool.pop(j)])
    return paired, [predicted[i] for i in sorted(i for pool in pools.values() for i in pool)]


# --- figures -----------------------------------------------------------------------------


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter[Key], predicted: Counter[Key]) -> None:
        hit = sum((gold & predicted).values())
        self.tp += hit
        self.fp += sum(predicted.values()) - hit
        self.fn += sum(gold.values()) - hit

    def merge(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)

    def figures(self) -> dict[str, float | int]:
        """Precision, recall, F1 (rounded to 4 decimals) and the counts, as the scorer prints them."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    hits: int = 0
    total: int = 0

    def merge(self, other: Accuracy) -> None:
        self.hits, self.total = self.hits + other.hits, self.total + other.total

    @property
    def value(self) -> float | None:
        return round(self.hits / self.total, 4) if self.total else None


def unit_class(unit: object, classes: Mapping[str, str]) -> str:
    """The class of a quantity's unit, for figures per type: the lexicon's
    class (share, points, multiple, currency, measure, physical, time), `rate`
    for a slash unit (元/人), `none` without a unit, else `other`."""
    if unit is None:
        return "none"
    text = str(unit)
    return classes.get(text) or ("rate" if "/" in text else "other")


def _group(kind: str, key: Key, classes: Mapping[str, str]) -> str:
    """The type a match key belongs to: unit class, ranking basis or entity type."""
    if kind == "quantity":
        return unit_class(key[1], classes)
    if kind == "ranking":
        return str(key[2])
    if kind == "entity":
        return str(key[0])
    return ""


# --- scoring one document ----------------------------------------------------------------


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    quantities: tuple[Rec, ...] = ()
    rankings: tuple[Rec, ...] = ()
    entities: tuple[Rec, ...] = ()
    source: str | None = None
    context: tuple[Rec, ...] | None = None  # one entry per gold quantity, when the folder has it

    def items(self, kind: str) -> tuple[Rec, ...]:
        return {"quantity": self.quantities, "quantity_value": self.quantities,
                "ranking": self.rankings, "entity": self.entities}[kind]


@dataclass(frozen=True)
class Item:
    """A miss, a false hit or a wrong field, where it stands and its sentence."""

    finding: Finding
    kind: str
    group: str  # unit class, ranking basis or entity type
    key: Key
    text: str
    start: int  # -1 when the position is unknown
    end: int
    sentence: str  # the item marked [[like this]]; "" when the position is unknown
    gold: object = None  # a wrong field: the gold and the predicted value
    predicted: object = None
    paired: bool = True  # a wrong field: whether a record of the same value and unit was found


@dataclass
class DocScore:
    doc_id: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    by_type: dict[str, dict[str, Tally]] = field(default_factory=dict)  # kind -> type -> tally
    accuracy: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    context_quantities: int = 0
    offset_errors: int = 0
    items: list[Item] = field(default_factory=list)


class _Sentences:
    """The sentence around a span of a source (pipeline.segment's sentences), the span marked."""

    def __init__(self, source: str | None) -> None:
        self.source = source or ""

    @functools.cached_property
    def spans(self) -> list[tuple[int, int]]:  # split only when an item is listed
        from .segment import split_sentences

        return [(s.start, s.end) for s in split_sentences(self.source)]

    @functools.cached_property
    def starts(self) -> list[int]:
        return [start for start, _ in self.spans]

    def around(self, start: int, end: int) -> str:
        """>>> _Sentences("甲乙。丙丁戊。").around(4, 5)
        '丙[[丁]]戊。'"""
        text = self.source
        if not 0 <= start <= end <= len(text):
            return ""
        i = bisect_right(self.starts, start) - 1
        first, last = self.spans[i] if i >= 0 and self.spans[i][1] >= start else (start, end)
        first, last = min(first, start), max(last, end)  # an item may cross a sentence end
        left, right = max(first, start - SENTENCE_SHOWN), min(last, end + SENTENCE_SHOWN)
        return (("…" if left > first else "") + text[left:start].lstrip() + f"[[{text[start:end]}]]"
                + text[end:right].rstrip() + ("…" if right < last else ""))


def _span(r: Rec) -> tuple[int, int]:
    start, end = r.get("start"), r.get("end")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and 0 <= start <= end:
        return start, end
    return -1, -1


def offset_errors(records: Iterable[Rec], source: str | None) -> int:
    """Records whose text is not the source slice their offsets name (none without a source)."""
    if source is None:
        return 0
    return sum(1 for r in records if not (isinstance(r.get("start"), int) and isinstance(r.get("end"), int)
                                          and source[r["start"]:r["end"]] == r.get("text")))


def score_document(gold: GoldDoc, records: Sequence[Rec], classes: Mapping[str, str]) -> DocScore:
    """Figures and listed items of one document."""
    doc = DocScore(gold.doc_id, offset_errors=offset_errors(records, gold.source))
    sentences = _Sentences(gold.source)
    predicted = {kind: [r for r in records if r.get("kind") == kind] for kind in LISTED_KINDS}
    predicted["quantity_value"] = predicted["quantity"]
    quantities: tuple[list[int], list[Rec | None]] = ([], [])  # gold positions and the records paired
    for kind in KINDS:
        key, items = KEYS[kind], gold.items(kind)
        gold_keys, pred_keys = Counter(map(key, items)), Counter(map(key, predicted[kind]))
        doc.tallies[kind].add(gold_keys, pred_keys)
        if kind == "quantity_value":
            continue
        doc.by_type[kind] = _by_type(kind, gold_keys, pred_keys, classes)
        positions = gold_positions(items, gold.source)
        paired, left = pair_nearest(items, positions, predicted[kind], key)
        if kind == "quantity":
            quantities = (positions, paired)
        for item, at, match in zip(items, positions, paired):
            if match is None:
                doc.items.append(_item("miss", kind, key(item), item, (at, at + len(str(item.get("text") or ""))),
                                       sentences, classes))
        doc.items += [_item("false", kind, key(r), r, _span(r), sentences, classes) for r in left]
    _score_fields(doc, gold, *quantities, sentences, classes)
    doc.items.sort(key=lambda i: (i.start < 0, i.start, i.end, FINDINGS.index(i.finding), i.kind, i.text))
    return doc


def _by_type(kind: str, gold: Counter[Key], predicted: Counter[Key],
             classes: Mapping[str, str]) -> dict[str, Tally]:
    groups: dict[str, tuple[Counter[Key], Counter[Key]]] = {}
    for counts, side in ((gold, 0), (predicted, 1)):
        for key, n in counts.items():
            groups.setdefault(_group(kind, key, classes), (Counter(), Counter()))[side][key] = n
    tallies = {}
    for name, (g, p) in sorted(groups.items()):
        tallies[name] = Tally()
        tallies[name].add(g, p)
    return tallies


def _item(finding: Finding, kind: str, key: Key, r: Rec, span: tuple[int, int], sentences: _Sentences,
          classes: Mapping[str, str], **wrong: Any) -> Item:
    start, end = span if span[0] >= 0 else (-1, -1)
    return Item(finding, kind, _group(kind, key, classes), key, str(r.get("text") or ""), start, end,
                sentences.around(start, end) if start >= 0 else "", **wrong)


def _score_fields(doc: DocScore, gold: GoldDoc, positions: Sequence[int], paired: Sequence[Rec | None],
                  sentences: _Sentences, classes: Mapping[str, str]) -> None:
    """Metric over gold quantities with a metric; period and region over those with context."""
    context: Sequence[Rec | None] = gold.context if gold.context is not None else [None] * len(paired)
    for item, at, match, ctx in zip(gold.quantities, positions, paired, context):
        checks: list[tuple[Finding, object]] = [("metric", item.get("metric"))] if item.get("metric") else []
        if ctx is not None:
            doc.context_quantities += 1
            checks += [("period", ctx.get("period")), ("region", ctx.get("region"))]
        for name, wanted in checks:
            doc.accuracy[name].total += 1
            got = None if match is None else match.get(name)
            agrees = match is not None and (overlap_f1(str(got or ""), str(wanted)) >= AGREE
                                            if name == "metric" else field_agrees(wanted, got))
            if agrees:
                doc.accuracy[name].hits += 1
                continue
            span = (at, at + len(str(item.get("text") or "")))
            doc.items.append(_item(name, "quantity", quantity_key(item), item, span, sentences, classes,
                                   gold=wanted, predicted=got, paired=match is not None))


# --- the whole set -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordSet:
    """Records by doc_id, and the lines that could not be read as a record."""

    by_doc: Mapping[str, tuple[Rec, ...]]
    unreadable_lines: int = 0


@dataclass
class Evaluation:
    documents: list[DocScore]
    unreadable_lines: int = 0

    def total(self, kind: str) -> Tally:
        tally = Tally()
        for doc in self.documents:
            tally.merge(doc.tallies[kind])
        return tally

    def total_by_type(self, kind: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = {}
        for doc in self.documents:
            for name, tally in doc.by_type.get(kind, {}).items():
                tallies.setdefault(name, Tally()).merge(tally)
        return dict(sorted(tallies.items()))

    def accuracy(self, name: str) -> Accuracy:
        total = Accuracy()
        for doc in self.documents:
            total.merge(doc.accuracy[name])
        return total

    @property
    def context_quantities(self) -> int:
        return sum(doc.context_quantities for doc in self.documents)

    @property
    def offset_errors(self) -> int:
        return sum(doc.offset_errors for doc in self.documents)


def evaluate(gold: Sequence[GoldDoc], records: RecordSet, classes: Mapping[str, str] | None = None) -> Evaluation:
    """Score `records` against every gold document (records of other documents are ignored).
    `classes` maps a unit to its class for the figures per type (default: the units lexicon)."""
    classes = unit_classes() if classes is None else classes
    return Evaluation([score_document(doc, records.by_doc.get(doc.doc_id, ()), classes) for doc in gold],
                      records.unreadable_lines)


def unit_classes() -> dict[str, str]:
    """Canonical unit -> its class in lexicons/units.yaml."""
    from .lexicons import load

    return {unit.canonical: unit.unit_class for unit in load().units}


# --- reading ---------------------------------------------------------------------------------


def parse_records(lines: Iterable[str]) -> RecordSet:
    """JSON Lines records by doc_id; blank lines skipped, other lines that are no
    JSON object counted as unreadable.

    >>> parse_records(['{"doc_id": "a", "kind": "entity"}', "", "{oops", "[1]"]).unreadable_lines
    2
    """
    by_doc: dict[str, list[Rec]] = {}
    unreadable = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            unreadable += 1
            continue
        by_doc.setdefault(str(record.get("doc_id")), []).append(record)
    return RecordSet({doc_id: tuple(recs) for doc_id, recs in by_doc.items()}, unreadable)


def read_records(path: Path) -> RecordSet:
    try:
        with path.open(encoding="utf-8") as lines:
            return parse_records(lines)
    except UnicodeDecodeError as exc:
        raise EvalInputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise EvalInputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read as JSON: {getattr(exc, 'strerror', None) or exc}") from exc


def _objects(data: object, path: Path, name: str) -> tuple[Rec, ...]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise EvalInputError(f"{path}: {name} must be a list of objects")
    return tuple(data)


def _source(path: Path) -> str | None:
    """The source as the scorer reads it: UTF-8 (a BOM stays a character), newlines made \\n."""
    if not path.exists():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read as UTF-8 text: {exc}") from exc


def _context(path: Path, quantities: Sequence[Rec]) -> tuple[Rec, ...] | None:
    """DOC.context.json, checked to line up with the gold quantities one for one."""
    if not path.exists():
        return None
    entries = _objects(_read_json(path), path, "the context")
    if len(entries) != len(quantities):
        raise EvalInputError(f"{path}: {len(entries)} entries for {len(quantities)} gold quantities; "
                             "entries do not line up with the gold quantities")
    for n, (entry, item) in enumerate(zip(entries, quantities)):
        if entry.get("text") != item.get("text"):
            raise EvalInputError(f"{path}: entry {n} has text {entry.get('text')!r} where gold quantity {n} "
                                 f"has {item.get('text')!r}; entries do not line up with the gold quantities")
    return entries


def load_gold(folder: Path) -> list[GoldDoc]:
    """Every DOC.gold.json of `folder` (sorted), with its source and context."""
    if not folder.is_dir():
        raise EvalInputError(f"{folder}: not a folder")
    paths = sorted(folder.glob("*.gold.json"))
    if not paths:
        raise EvalInputError(f"{folder}: no gold files (DOC.gold.json)")
    docs = []
    for path in paths:
        doc_id = path.name[: -len(".gold.json")]
        data = _read_json(path)
        if not isinstance(data, dict):
            raise EvalInputError(f"{path}: not a JSON object with quantities, rankings and entities")
        lists = {name: _objects(data.get(name, []), path, name) for name in ("quantities", "rankings", "entities")}
        docs.append(GoldDoc(doc_id, lists["quantities"], lists["rankings"], lists["entities"],
                            _source(folder / f"{doc_id}.txt"),
                            _context(folder / f"{doc_id}.context.json", lists["quantities"])))
    return docs


def run_pipeline(folder: Path, gold: Sequence[GoldDoc]) -> tuple[RecordSet, list[str]]:
    """Run the pipeline in this process on each gold document's DOC.txt; the
    records as `press-extract run --jsonl` writes them, and one error line per
    document that failed (it is scored with no records)."""
    from .batch import process

    lines: list[str] = []
    errors: list[str] = []
    for doc in gold:
        path = folder / f"{doc.doc_id}.txt"
        if not path.is_file():
            raise EvalInputError(f"{path}: missing: --run needs the text of every gold document")
        result = process(path, doc.doc_id)
        if result.error:
            errors.append(f"{path}: {result.error}")
        lines += result.jsonl_text.split("\n")
    return parse_records(lines), errors


# --- reports -----------------------------------------------------------------------------------


def figures(ev: Evaluation) -> dict[str, Any]:
    """The scorer's figures: the keys and values of `score.py --json`."""
    result: dict[str, Any] = {kind: ev.total(kind).figures() for kind in KINDS}
    for name in FIELDS:
        result[f"{name}_accuracy"] = ev.accuracy(name).value
    result.update(context_quantities=ev.context_quantities, documents=len(ev.documents),
                  offset_errors=ev.offset_errors, unreadable_lines=ev.unreadable_lines)
    return result


def _doc_figures(doc: DocScore) -> dict[str, Any]:
    result: dict[str, Any] = {kind: doc.tallies[kind].figures() for kind in KINDS}
    for name in FIELDS:
        result[f"{name}_accuracy"] = doc.accuracy[name].value
    result.update(context_quantities=doc.context_quantities, offset_errors=doc.offset_errors)
    return result


def _listed(ev: Evaluation, show: str | None) -> list[DocScore]:
    if show is not None and show not in {doc.doc_id for doc in ev.documents}:
        raise EvalInputError(f"--show {show}: no gold document with that id")
    return [doc for doc in ev.documents if show in (None, doc.doc_id)]


def report_json(ev: Evaluation, show: str | None = None) -> str:
    """The scorer's figures, plus `counts` (hits and totals of metric, period
    and region), `by_type`, `by_document` and `items` (misses, false hits and
    wrong fields; of one document with `show`)."""
    data = figures(ev)
    data["counts"] = {name: {"hits": ev.accuracy(name).hits, "total": ev.accuracy(name).total} for name in FIELDS}
    data["by_type"] = {kind: {name: t.figures() for name, t in ev.total_by_type(kind).items()}
                       for kind in LISTED_KINDS}
    data["by_document"] = {doc.doc_id: _doc_figures(doc) for doc in ev.documents}
    data["items"] = [{"doc_id": doc.doc_id, "finding": i.finding, "kind": i.kind, "type": i.group, "key": list(i.key),
                      "text": i.text, "start": i.start, "end": i.end, "sentence": i.sentence,
                      **({"gold": i.gold, "predicted": i.predicted, "paired": i.paired}
                         if i.finding in FIELDS else {})}
                     for doc in _listed(ev, show) for i in doc.items]
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def _row(name: str, tally: Tally) -> str:
    f = tally.figures()
    return (f"{name:16}{f['precision']:>7.3f}{f['recall']:>7.3f}{f['f1']:>7.3f}"
            f"{tally.tp:>7}{tally.fp:>7}{tally.fn:>7}")


def _share(acc: Accuracy) -> str:
    return "-" if acc.value is None else f"{acc.value:.4f}"


def _key_text(kind: str, key: Key) -> str:
    if kind == "quantity":
        return f"= {key[0]} {key[1] if key[1] is not None else '(no unit)'}"
    if kind == "ranking":
        return f"= rank {key[0]}, scope {key[1]}, {key[2]}"
    return ""


def _shown(value: object) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _item_lines(item: Item, same_place: bool) -> list[str]:
    """An item on one line, then its sentence unless the item before stood at the same place."""
    from .diff import _clean  # one line, no control characters (terminal escapes) from a document

    where = f"{item.start}-{item.end}" if item.start >= 0 else "not found in the source"
    if item.finding in FIELDS:
        said = _shown(item.predicted) if item.paired else "(no record of this value and unit)"
        detail = f"gold {_shown(item.gold)}, predicted {said}"
    else:
        detail = _key_text(item.kind, item.key)
    lines = [_clean(f"  {item.finding:7}{item.kind:9}{item.group:9}{item.text}  ({where})  {detail}".rstrip())]
    return lines + ([f"{'':9}{_clean(item.sentence)}"] if item.sentence and not same_place else [])


def _doc_heading(doc: DocScore) -> str:
    n: Counter[str] = Counter(i.finding for i in doc.items)
    parts = [f"misses {n['miss']}", f"false hits {n['false']}"] + [f"wrong {f} {n[f]}" for f in FIELDS if n[f]]
    return f"{doc.doc_id}: " + ", ".join(parts)


def report_text(ev: Evaluation, show: str | None = None, listing: bool = True) -> str:
    """Figures, per type and per document, then (with `listing`) the items
    grouped by document (of one document with `show`), for a terminal."""
    from .diff import _clean

    listed = _listed(ev, show) if listing else []
    lines = [f"{len(ev.documents)} documents, {ev.offset_errors} offset errors, "
             f"{ev.unreadable_lines} unreadable lines", "",
             f"{'':16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}"]
    for kind in KINDS:
        lines.append(_row(kind, ev.total(kind)))
        lines += [_row(f"  {_clean(name)}", t) for name, t in ev.total_by_type(kind).items()] \
            if kind in LISTED_KINDS else []
    lines.append("")
    for name in FIELDS:
        acc = ev.accuracy(name)
        over = "gold quantities with a metric" if name == "metric" else "quantities with context"
        lines.append(f"{name} accuracy {_share(acc):>7}  ({acc.hits} of {acc.total} {over})")
    lines += ["", f"{'document':16}{'quantity':>9}{'ranking':>9}{'entity':>9}{'metric':>9}{'period':>9}"
                  f"{'region':>9}{'offsets':>9}   (F1, accuracy, offset errors)"]
    for doc in ev.documents:
        cells = ["-" if doc.tallies[k].empty else f"{doc.tallies[k].figures()['f1']:.3f}" for k in LISTED_KINDS]
        cells += [_share(doc.accuracy[name]) for name in FIELDS] + [str(doc.offset_errors)]
        lines.append(f"{_clean(doc.doc_id):16}" + "".join(f"{c:>9}" for c in cells))
    for doc in listed:
        if doc.items or show is not None:
            lines += ["", _doc_heading(doc)]
            for before, item in zip([None, *doc.items], doc.items):
                same = before is not None and (before.start, before.end) == (item.start, item.end)
                lines += _item_lines(item, same)
    return "\n".join(lines) + "\n"
