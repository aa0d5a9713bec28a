"""Span helpers shared by the extractors: the candidate type, overlap
policy, zones, and word boundaries.

Offsets are half-open and index `source`; since `norm` is a one-for-one
image of `source` (see clean.py), a span found in `norm` needs no mapping.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import Zone


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: "Span") -> bool:
        return other.start <= self.start and self.end <= other.end


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


def longest_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Overlap policy: keep the longest span, then the earliest; drop the rest.

    The result is in text order.
    """
    kept: list[Candidate] = []
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start, c.kind, c.rule))
    for cand in ordered:
        if not any(cand.span.overlaps(k.span) for k in kept):
            kept.append(cand)
    return sorted(kept, key=Candidate.sort_key)


def outside(candidates: Iterable[Candidate], blockers: Sequence[Span]) -> list[Candidate]:
    """Candidates that overlap none of `blockers`."""
    return [c for c in candidates if not any(c.span.overlaps(b) for b in blockers)]


def suppressed(cand: Candidate, zones: Sequence[Zone]) -> bool:
    """True when `cand` lies in a zone that suppresses its kind."""
    return any(
        z.start <= cand.start and cand.end <= z.end and cand.kind in z.suppress for z in zones
    )
