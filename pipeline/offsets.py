"""Offset helpers shared by the stages: lines and word boundaries.

Offsets are half-open and index `source`; since `norm` is a one-for-one
image of `source` (see clean.py), a span found in `norm` needs no mapping.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import regex

from .models import Token

# A line's text (its newline left out): the pattern every stage reads lines by
LINE = regex.compile(r"[^\n]+")


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
