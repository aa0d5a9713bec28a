"""What the link steps read: a frozen view of one document, built once, and
the small records the steps pass on."""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

import regex

from ..fragments import compiled
from ..lexicons import Lexicons
from ..models import Clause, Direction, Document, Entity, Quantity, Ranking, Sentence
from ..offsets import Lines
from .phrases import Phrase
from .setting import Setting, setting_of

S = TypeVar("S", Sentence, Clause)
R = TypeVar("R", Quantity, Ranking)

_FRAME_END = regex.compile(r"在[^在]{0,30}中$")
_IN_FRAME = regex.compile(r"在[^在,，。;；]{0,12}\d[^在,，。;；]{0,20}中")


class InOrder(Generic[S]):
    """Sentences or clauses (in text order, not overlapping), found by position."""

    def __init__(self, items: Sequence[S]) -> None:
        self.items: Sequence[S] = items
        self.starts = [s.start for s in items]

    def at(self, pos: int) -> S | None:
        i = bisect_right(self.starts, pos) - 1
        return self.items[i] if i >= 0 and pos < self.items[i].end else None


class ByEnd:
    """Entities of one type, searchable by where they end."""

    def __init__(self, entities: Sequence[Entity], kind: str) -> None:
        self.items = sorted((e for e in entities if e.type.value == kind), key=lambda e: (e.end, e.start))
        self.ends = [e.end for e in self.items]

    def last_before(self, start: int, pos: int) -> Entity | None:
        """The last entity inside [start, pos)."""
        i = bisect_right(self.ends, pos) - 1
        return self.items[i] if i >= 0 and self.items[i].start >= start else None


class ByStart(Generic[R]):
    """Quantities or rankings in text order, searchable by where they start."""

    def __init__(self, items: Sequence[R]) -> None:
        self.items: Sequence[R] = items
        self.starts = [r.start for r in items]

    def covering(self, pos: int) -> R | None:
        """The last item starting at or before `pos` whose span holds it."""
        i = bisect_right(self.starts, pos) - 1
        return self.items[i] if i >= 0 and pos < self.items[i].end else None

    def first_after(self, pos: int, before: int) -> R | None:
        """The first item starting in [pos, before)."""
        i = bisect_left(self.starts, pos)
        return self.items[i] if i < len(self.items) and self.starts[i] < before else None


def subject_region(entities: Sequence[Entity]) -> str | None:
    """The place a document names most often (the first of a tie)."""
    counts = Counter(e.text for e in entities if e.type.value == "LOC")
    if not counts:
        return None
    best = max(counts.values())
    return next(e.text for e in entities if e.type.value == "LOC" and counts[e.text] == best)


@dataclass(frozen=True, eq=False)
class LinkContext:
    doc_id: str
    norm: str
    source: str
    lex: Lexicons
    sentences: InOrder[Sentence]
    clauses: InOrder[Clause]
    lines: Lines
    dates: ByEnd
    places: ByEnd
    subject: str | None
    entity_starts: dict[int, int]  # start -> end of dates and places, skipped before a metric
    subject_starts: dict[int, int]  # start -> end of places and organisations: whose figure, not what
    quantities: ByStart[Quantity]
    rankings: ByStart[Ranking]
    setting: Setting
    full_sentences: InOrder[Sentence]  # sentences with their ；-joined parts merged

    @classmethod
    def of(cls, doc: Document, lex: Lexicons) -> "LinkContext":
        entities = [r for r in doc.records if isinstance(r, Entity)]
        rankings = [r for r in doc.records if isinstance(r, Ranking)]
        return cls(
            doc_id=doc.doc_id, norm=doc.norm, source=doc.source, lex=lex,
            sentences=InOrder(doc.sentences), clauses=InOrder([c for s in doc.sentences for c in s.clauses]),
            lines=Lines(doc.norm), dates=ByEnd(entities, "DATE"), places=ByEnd(entities, "LOC"),
            subject=subject_region(entities),
            entity_starts=_leading_entities(entities),
            subject_starts={e.start: e.end for e in entities if e.type.value in ("LOC", "ORG")},
            quantities=ByStart([r for r in doc.records if isinstance(r, Quantity)]),
            rankings=ByStart(rankings),
            setting=setting_of(doc, lex, entities, rankings, _figures(doc, lex)),
            full_sentences=InOrder(_full_sentences(doc.norm, doc.sentences)),
        )

    @property
    def unit_classes(self) -> dict[str, str]:
        return _unit_classes(self.lex)

    @property
    def list_or_to(self) -> regex.Pattern[str]:
        """Between two numbers that share one metric: a list (、 和), a ratio
        (:, ∶, ：), the same figure restated in brackets (五成以上（52.67%）), a from-to
        (上升至; 增至2025年末的; 逐渐下降至一九九八年的; 上升为); matched on
        stripped text."""
        return compiled(r"(?:{list_joiner}|,|[:∶：]|(?:以上|以下|左右)?[(（])?"
                        r"(?:(?:\p{Han}{0,3}(?:至|到)|{change_verb}(?:至|到|为|為))"
                        r"(?:[\d年月末底初今去上本季度日號号一二三四五六七八九十〇○零]"
                        r"[\d年月末底初今去上本季度日號号一二三四五六七八九十〇○零至]{1,13}的)?)?", self.lex)

    in_frame = _IN_FRAME  # 在全国31个省(区、市)中: a count of the field ranked
    frame_end = _FRAME_END


def _leading_entities(entities: Sequence[Entity]) -> dict[int, int]:
    """start -> end of the entities a metric phrase is stripped of where they lead it: dates and
    places, and an organisation right before a date (西安长庚新能源汽车有限公司1—10月产量: whose
    figure and when, then what)."""
    spans = {e.start: e.end for e in entities if e.type.value in ("DATE", "LOC")}
    dates = {e.start for e in entities if e.type.value == "DATE"}
    spans.update({e.start: e.end for e in entities if e.type.value == "ORG" and e.end in dates})
    return spans


def _figures(doc: Document, lex: Lexicons) -> list[int]:
    """Where the quantities that state a figure start, in order: not a span
    of time (40年来) nor the count of a frame (在296个城市中), which set a
    scene before a paragraph's lead place."""
    frames = [m.span() for m in _IN_FRAME.finditer(doc.norm)]  # in order, not overlapping
    starts = [start for start, _ in frames]

    def in_frame(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < frames[i][1]

    return sorted(r.start for r in doc.records if isinstance(r, Quantity)
                  and _unit_classes(lex).get(r.unit or "") != "time" and not in_frame(r.start))


@functools.cache
def _unit_classes(lex: Lexicons) -> dict[str, str]:
    return {u.canonical: u.unit_class for u in lex.units}


def _full_sentences(norm: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences ended by ；/; merged with the next one on their line."""
    out: list[Sentence] = []
    for s in sentences:
        prev = out[-1] if out else None
        if prev is not None and norm[prev.end - 1:prev.end] in ("；", ";") and "\n" not in norm[prev.end:s.start]:
            out[-1] = Sentence(start=prev.start, end=s.end, clauses=(*prev.clauses, *s.clauses))
        else:
            out.append(s)
    return out


class Window(NamedTuple):
    """Where a quantity's own words are read."""

    sentence: Sentence | None
    sentence_start: int
    start: int  # its clause start, or the end of the quantity before it in the clause
    same_sentence: bool  # the quantity before it is in its sentence
    member: bool  # it continues a list or a from-to pair begun by the quantity before it


class Change(NamedTuple):
    direction: Direction | None
    comparison: str | None
    at: int  # where the change phrase starts


class Metric(NamedTuple):
    phrase: Phrase | None
    text: str | None
    changed: str | None  # for a change with its own subject: what changed


MAX_LEVELS = 8  # a 分别 list pairs with at most this many levels (a table row of 30,000 cells stays linear)


class Carry(NamedTuple):
    """What a quantity hands to the next one."""

    quantity: Quantity | None
    phrase: Phrase | None
    metric: str | None
    member: int = 0  # its place in the list it belongs to (0: first, or no list)
    list_start: int = 0  # where that list's first member starts
    # the metrics of the levels stated before it in its sentence, in order; one more than
    # MAX_LEVELS means too many to pair (no longer grown)
    levels: tuple[str, ...] = ()
    change_word: str = ""  # the change word of a 分别 list of changes, for its later members
    # (unit, metric) of the levels stated so far in its paragraph, latest last (at most MAX_LEVELS)
    recent: tuple[tuple[str | None, str], ...] = ()
