"""Span helpers shared by the extractors: the candidate type, overlap
policy, zones, and word boundaries.

Offsets are half-open and index `source`; since `norm` is a one-for-one
image of `source` (see clean.py), a span found in `norm` needs no mapping.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import Token, Zone


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end



@dataclass(frozen=True)
class Candidate:
    """What an extractor found: a span, its kind and rule, and resolved fields."""

    start: int
    end: int
    kind: str  # quantity | ranking | entity
    rule: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def sort_key(self) -> tuple[int, int, str, str]:
        """Text order; at one start the longer span first (spaCy's SpanRuler)."""
        return (self.start, -self.end, self.kind, self.rule)


class _Intervals:
    """Non-overlapping half-open intervals kept sorted, for overlap tests in O(log n)."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        merged: list[list[int]] = []
        for span in sorted(spans):
            if merged and span.start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            else:
                merged.append([span.start, span.end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end

    def add(self, start: int, end: int) -> None:
        """Insert an interval that overlaps none already kept."""
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def longest_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Overlap policy: keep the longest span, then the earliest; drop the rest.

    The result is in text order.
    """
    kept: list[Candidate] = []
    taken = _Intervals()
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start, c.kind, c.rule))
    for cand in ordered:
        if not taken.overlaps(cand.start, cand.end):
            taken.add(cand.start, cand.end)
            kept.append(cand)
    return sorted(kept, key=Candidate.sort_key)


def outside(candidates: Iterable[Candidate], blockers: Sequence[Span]) -> list[Candidate]:
    """Candidates that overlap none of `blockers`."""
    blocked = _Intervals(blockers)
    return [c for c in candidates if not blocked.overlaps(c.start, c.end)]


class Lines:
    """Line starts and ends of a text, found by bisection (never by scanning
    back: a 5 MB text may be one line)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.length = len(text)

    def start_of(self, pos: int) -> int:
        return self.starts[bisect_right(self.starts, pos) - 1]

    def end_of(self, pos: int) -> int:
        """End of the line holding `pos`, before its newline."""
        i = bisect_right(self.starts, pos)
        return self.starts[i] - 1 if i < len(self.starts) else self.length


def word_edges(tokens: Iterable[Token]) -> frozenset[int]:
    """Offsets where a jieba word starts or ends."""
    edges: set[int] = set()
    for t in tokens:
        edges.update((t.start, t.end))
    return frozenset(edges)


def unsuppressed(candidates: Iterable[Candidate], zones: Sequence[Zone]) -> list[Candidate]:
    """Candidates not inside a zone that suppresses their kind (zones are in text order)."""
    starts = [z.start for z in zones]

    def suppressed(cand: Candidate) -> bool:
        i = bisect_right(starts, cand.start) - 1
        return i >= 0 and cand.end <= zones[i].end and cand.kind in zones[i].suppress

    return [c for c in candidates if not suppressed(c)]
