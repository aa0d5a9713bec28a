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
import hashlib
import logging
import marshal
import os
import tempfile
from importlib import resources
from pathlib import Path

import jieba
import regex

from .lexicons import LEXICON_DIR, Lexicons
from .models import Clause, Document, Sentence, Token

_SENTENCE_END = regex.compile(r"[。！？!?；;]+|\n+")
# a colon between digits is a ratio (12.8:37.9:49.3) or a clock time, no clause end
_CLAUSE_END = regex.compile(r"[,，]+|(?<!\d)[:：]+|[:：]+(?!\d)|(?<=[\p{Han}%\d])\s+(?=[\p{Han}])")
USER_DICT = LEXICON_DIR / "jieba_user.dict"


def _project_words(lex: Lexicons) -> list[str]:
    """Titles, units, known organisations and unambiguous places (jieba should not split them)."""
    words = set(lex.titles) | set(lex.unit_by_surface)
    words |= {n for group in lex.organisations["known"].values() for n in group}
    words |= {name for name, place in lex.places.items() if not place.ambiguous}
    return sorted(w for w in words if regex.fullmatch(r"\p{Han}{2,}", w))


def _cache_path(words: list[str]) -> Path:
    """Where the finished dictionary is kept, named by everything it is built from."""
    digest = hashlib.sha256()
    digest.update(f"{jieba.__version__}\0{jieba.DEFAULT_DICT_NAME}\0".encode())
    digest.update(resources.files("jieba").joinpath(jieba.DEFAULT_DICT_NAME).read_bytes())
    digest.update(USER_DICT.read_bytes())
    digest.update("\n".join(words).encode())
    return _cache_dir() / f"jieba-{digest.hexdigest()[:16]}.cache"


def _cache_dir() -> Path:
    """The user's cache folder (XDG), else the temporary folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "press-extract"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        return base
    except OSError:
        return Path(tempfile.gettempdir())


@functools.cache
def tokenizer(lex: Lexicons) -> jieba.Tokenizer:
    """jieba's own dictionary plus the project's words, built once.

    Adding ~7,000 words costs more than reading a finished dictionary, so the
    result (jieba's FREQ table and total) is kept in the temporary folder, as
    jieba keeps its own (in the user's cache folder); a cache that cannot be
    read is rebuilt.
    """
    words = _project_words(lex)
    path = _cache_path(words)
    tok = jieba.Tokenizer()
    try:
        with path.open("rb") as fh:
            freq, total = marshal.load(fh)
        if isinstance(freq, dict) and isinstance(total, int):
            tok.FREQ, tok.total, tok.initialized = freq, total, True
            return tok
    except (OSError, ValueError, EOFError, TypeError):
        pass
    jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict" to stderr at DEBUG
    tok.initialize()
    tok.load_userdict(str(USER_DICT))
    for word in words:
        tok.add_word(word)
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, delete=False) as out:
            marshal.dump((tok.FREQ, tok.total), out)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only temporary folder costs speed, not correctness
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
    """jieba words of `norm` with offsets; they tile the text exactly.

    jieba's HMM (new-word guessing) is off: words come from its dictionary
    and ours only. The rules read word edges, never jieba's guesses (names
    come from titles and by-lines), and with the HMM on, the records of
    corpus, dev and extra were the same while segmentation took 1.5 times as
    long (tests/BENCHMARKS.md)."""
    out = [Token(w, s, e) for w, s, e in tokenizer(lex).tokenize(norm, HMM=False)]
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
