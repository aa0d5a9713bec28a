"""Stage 3, segment: sentences, clauses and jieba words over `norm`.

Sentences end at 。！？； and line breaks; clauses inside them end at commas,
colons and runs of spaces (a title line "…全国第9 居全国第一梯队" is two
clauses). 、 does not end a clause: it joins list items that share a verb.

Words come from a private jieba `Tokenizer` (never the module-level one, so
nothing we add leaks into other users of jieba) with the project's words
added once: titles, units, known organisations and places. Token offsets are
checked to tile `norm` exactly (jieba's `tokenize` sums lengths; we assert).
"""
from __future__ import annotations

import functools
import logging

import jieba
import regex

from .lexicons import LEXICON_DIR, Lexicons
from .models import Clause, Document, Sentence, Token

_SENTENCE_END = regex.compile(r"[。！？!?；;]+|\n+")
_CLAUSE_END = regex.compile(r"[,，:：]+|(?<=[\p{Han}%\d])\s+(?=[\p{Han}])")
USER_DICT = LEXICON_DIR / "jieba_user.dict"


@functools.cache
def tokenizer(lex: Lexicons) -> jieba.Tokenizer:
    """jieba's own dictionary plus the project's words, built once."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(USER_DICT))
    words = set(lex.titles) | set(lex.unit_by_surface)
    words |= {n for group in lex.organisations["known"].values() for n in group}
    words |= {name for name, place in lex.places.items() if not place.ambiguous}
    for word in sorted(words):
        if regex.fullmatch(r"\p{Han}{2,}", word):
            tok.add_word(word)
    return tok


def split_sentences(norm: str) -> list[Sentence]:
    """Sentences with their clauses, spans in `norm` (and so in `source`).

    >>> [(s.start, s.end, len(s.clauses)) for s in split_sentences("甲,乙。丙\\n丁")]
    [(0, 4, 2), (4, 5, 1), (6, 7, 1)]
    """
    sentences: list[Sentence] = []
    start = 0
    for end_match in [*_SENTENCE_END.finditer(norm), None]:
        end = end_match.end() if end_match else len(norm)
        text_end = end_match.start() if end_match and end_match.group().startswith("\n") else end
        if norm[start:text_end].strip():
            sentences.append(Sentence(start=start, end=text_end, clauses=_clauses(norm, start, text_end)))
        start = end
    return sentences


def _clauses(norm: str, start: int, end: int) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    pos = start
    for match in _CLAUSE_END.finditer(norm, start, end):
        if norm[pos:match.end()].strip():
            clauses.append(Clause(start=pos, end=match.end()))
        pos = match.end()
    if norm[pos:end].strip():
        clauses.append(Clause(start=pos, end=end))
    return tuple(clauses)


def tokens(norm: str, lex: Lexicons) -> list[Token]:
    """jieba words of `norm` with offsets; they tile the text exactly."""
    out = [Token(w, s, e) for w, s, e in tokenizer(lex).tokenize(norm)]
    if "".join(t.text for t in out) != norm or any(
        a.end != b.start for a, b in zip(out, out[1:])
    ):
        raise AssertionError("jieba tokens do not tile the text")
    return out


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `norm`; adds `sentences` and `tokens`."""
    return doc.model_copy(
        update={"sentences": split_sentences(doc.norm), "tokens": tokens(doc.norm, lex)}
    )




__all__ = ["run", "split_sentences", "tokenizer", "tokens"]
