"""Candidates: what a rule found, typed per kind, and the named policies
that drop some of them.

A candidate is a span of `norm` (and so of `source`), the id of the rule
that made it and the fields that rule resolved. A candidate that a filter
drops is kept with `dropped_by` set to the id of the dropping rule, so
`press-extract explain --trace` can say why a number vanished; records are
made only from candidates nobody dropped.

The overlap policies here (`longest_first`, `outside`, `unsuppressed`) are
the only ways candidates are dropped for overlapping something; each names
itself in `dropped_by`.
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal, TypeVar

from .models import Zone

# Rule ids of the overlap policies (registered in pipeline/rules.py).
LONGER_MATCH = "drop.longer_match"
IN_ZONE = "drop.in_furniture"


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A span found by a rule; `dropped_by` names the rule that dropped it."""

    kind: ClassVar[str] = ""
    start: int
    end: int
    rule: str
    dropped_by: str | None = None

    def sort_key(self) -> tuple[int, int, str, str]:
        """Text order; at one start the longer span first (spaCy's SpanRuler)."""
        return (self.start, -self.end, self.kind, self.rule)

    @property
    def alive(self) -> bool:
        return self.dropped_by is None

    def blocking(self) -> tuple[tuple[int, int], ...]:
        """The spans this candidate, once kept, closes to later steps."""
        return ((self.start, self.end),)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuantityCandidate(Candidate):
    kind: ClassVar[str] = "quantity"
    value: Decimal
    unit: str | None  # canonical
    number_start: int  # the numeral as written, multiplier included
    number_end: int
    qualifier: Literal["over", "under", "about"] | None = None
    metric: str | None = None  # a table cell's: its row and column labels
    period: str | None = None  # a table cell's: the time its column header names
    region: str | None = None  # a table cell's: the place its column header names (江西 | 全国)


@dataclass(frozen=True, slots=True, kw_only=True)
class RankingCandidate(Candidate):
    kind: ClassVar[str] = "ranking"
    rank: int
    scope: str | None
    basis: Literal["position", "top", "tier", "change"]
    # the counted field inside the span (居中部六省第一, 位居168个重点城市首位):
    # its count is a quantity too (GUIDELINES), so it stays open to later steps
    counted: tuple[int, int] | None = None

    def blocking(self) -> tuple[tuple[int, int], ...]:
        if self.counted is None:
            return ((self.start, self.end),)
        return ((self.start, self.counted[0]), (self.counted[1], self.end))


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityCandidate(Candidate):
    kind: ClassVar[str] = "entity"
    type: Literal["PER", "ORG", "LOC", "WORK", "DATE"]
    title: str | None = None  # PER: the title written before the name
    org: str | None = None  # PER: the organisation written before the title
    iso: str | None = None  # DATE
    period: str | None = None  # DATE
    ambiguous: bool = False  # LOC: a place name that is also a common word


C = TypeVar("C", bound=Candidate)


def drop(cand: C, rule: str) -> C:
    """`cand`, dropped by `rule` (a copy: candidates are frozen; built slot by
    slot, since `dataclasses.replace` re-runs __init__ and costs ten times more)."""
    cls = type(cand)
    names = _SLOTS.get(cls) or _SLOTS.setdefault(cls, tuple(f.name for f in dataclasses.fields(cls)))
    new: C = object.__new__(cls)
    for name in names:
        object.__setattr__(new, name, getattr(cand, name))
    object.__setattr__(new, "dropped_by", rule)
    return new



_SLOTS: dict[type, tuple[str, ...]] = {}  # field names of each candidate class


def split(cands: Iterable[C]) -> tuple[list[C], list[C]]:
    """(alive, dropped)."""
    alive: list[C] = []
    dead: list[C] = []
    for c in cands:
        (alive if c.dropped_by is None else dead).append(c)
    return alive, dead


class Intervals:
    """Non-overlapping half-open intervals kept sorted, for overlap tests in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end

    def holds(self, start: int, end: int) -> bool:
        """Whether [start, end) is exactly one of the (merged) intervals."""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.starts[i] == start and self.ends[i] == end

    def add(self, start: int, end: int) -> None:
        """Insert an interval that overlaps none already kept."""
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def longest_first(cands: Iterable[C]) -> list[C]:
    """Overlap policy: keep the longest span, then the earliest; the rest
    are dropped by `drop.longer_match`. In text order; dropped ones stay."""
    out: list[C] = []
    taken = Intervals()
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), c.start, c.kind, c.rule))
    for cand in ordered:
        if cand.dropped_by is None:
            if taken.overlaps(cand.start, cand.end):
                cand = drop(cand, LONGER_MATCH)
            else:
                taken.add(cand.start, cand.end)
        out.append(cand)
    return sorted(out, key=Candidate.sort_key)


def outside(cands: Iterable[C], blockers: Iterable[tuple[int, int]], rule: str) -> list[C]:
    """Candidates overlapping a blocker span are dropped by `rule`."""
    blocked = Intervals(blockers)
    return [drop(c, rule) if c.dropped_by is None and blocked.overlaps(c.start, c.end) else c
            for c in cands]


def inside_longer(cands: Iterable[C], blockers: Iterable[tuple[int, int]], rule: str) -> list[C]:
    """Candidates lying inside a longer blocker span are dropped by `rule`
    (二七 inside 二七区); one that is the whole span stays (a place misread as one)."""
    ordered = sorted(blockers)
    starts = [b[0] for b in ordered]

    def held(cand: Candidate) -> bool:
        i = bisect_right(starts, cand.start) - 1
        return i >= 0 and ordered[i][1] >= cand.end and ordered[i][1] - ordered[i][0] > cand.end - cand.start

    return [drop(c, rule) if c.dropped_by is None and held(c) else c for c in cands]


def unsuppressed(cands: Iterable[C], zones: Sequence[Zone]) -> list[C]:
    """Candidates inside a zone that suppresses their kind are dropped by
    `drop.in_furniture` (zones are in text order)."""
    starts = [z.start for z in zones]

    def suppressed(cand: Candidate) -> bool:
        i = bisect_right(starts, cand.start) - 1
        return i >= 0 and cand.end <= zones[i].end and cand.kind in zones[i].suppress

    return [drop(c, IN_ZONE) if c.dropped_by is None and suppressed(c) else c for c in cands]


def spans(cands: Iterable[Candidate]) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in cands if c.dropped_by is None]
