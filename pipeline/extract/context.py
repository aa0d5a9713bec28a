"""What every extractor reads of a document, built once per document."""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..candidates import Candidate
from ..lexicons import Lexicons
from ..models import Clause, Document, Sentence, Token, Zone
from ..offsets import Lines, word_edges

C = TypeVar("C", bound=Candidate)


class Blocker:
    """Drops the candidates of a step that overlap what earlier steps kept
    (the engine's declared order, see extract/__init__.py), each dropped by
    the rule named for what it overlaps: `drop.overlaps_date`, ..."""

    def __init__(self, apply: Callable[[list[Candidate]], list[Candidate]],
                 kept: Callable[[str], list[tuple[int, int]]]) -> None:
        self._apply = apply
        self.kept = kept  # the spans earlier steps kept under a label ("org", "date" ...)

    def __call__(self, cands: Sequence[C]) -> list[C]:
        return self._apply(list(cands))  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class Context:
    norm: str
    lex: Lexicons
    tokens: Sequence[Token]
    zones: Sequence[Zone]
    sentences: Sequence[Sentence]
    clauses: Sequence[Clause]
    traditional: bool
    source: str = ""  # the text as written, one-for-one with norm (a table's labels are quoted from it)

    @functools.cached_property
    def word_edges(self) -> frozenset[int]:
        return word_edges(self.tokens)

    @functools.cached_property
    def lines(self) -> Lines:
        return Lines(self.norm)

    @classmethod
    def of(cls, doc: Document, lex: Lexicons) -> "Context":
        return cls(doc.norm, lex, doc.tokens, doc.zones, doc.sentences,
                   tuple(c for s in doc.sentences for c in s.clauses), doc.traditional, doc.source)
