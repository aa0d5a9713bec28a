"""Stage 3, segment: sentences, clauses and jieba words over `norm`.

Sentences end at 。！？； and line breaks; clauses inside them end at commas,
colons and runs of spaces (a title line "…全国第9 居全国第一梯队" is two
clauses). 、 does not end a clause: it joins list items that share a verb.

Both have a hard length bound (`MAX_SENTENCE_CHARS`, `MAX_CLAUSE_CHARS`,
well above any in the corpus and the dev set): a longer one (a page whose
。 are ，, a line of figures without a stop) is cut at its last clause end
or word edge before the bound, else at the bound. Rules look no further
than a clause or a sentence, so what a rule costs per number is bounded
however the text is punctuated.

Words come from a private jieba `Tokenizer` (never the module-level one, so
nothing we add leaks into other users of jieba) with the project's words
added once: titles, units, known organisations and places. Token offsets are
checked to tile `norm` exactly (jieba's `tokenize` sums lengths; we assert).
jieba's cost grows with the square of the length of some runs of its block
characters (one-character words with the HMM, 亿亿亿…: fxsjy/jieba#782;
Latin letters and digits without it: `a` x 800,000 took 11.5 times as long
as x 200,000), so a run longer than `MAX_JIEBA_BLOCK` is cut into pieces of
that length first; shorter runs (all of prose) are cut as jieba cuts them.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import tempfile
from bisect import bisect_right
from collections.abc import Iterator, Sequence
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
# Hard bounds (characters). The longest sentence of corpus/ and the dev and
# extra sets has 207 characters, the longest clause 119.
MAX_SENTENCE_CHARS = 400
MAX_CLAUSE_CHARS = 200
# The characters jieba cuts as one block (jieba.re_han_default, checked by a
# test); a longer run of them is cut into pieces of MAX_JIEBA_BLOCK first.
JIEBA_BLOCK_CHARS = "[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]"
MAX_JIEBA_BLOCK = 200
# Two characters between which an over-long sentence is not cut: a figure and
# what follows it (digits, a multiplier, a unit word after a number).
_FIGURE_EDGE = regex.compile(r"(?:[\d.%]|\p{Han})[\d.%万亿千百兆]|[\d.%][\p{Han}]")
_LONG_JIEBA_BLOCK = regex.compile(f"{JIEBA_BLOCK_CHARS}{{{MAX_JIEBA_BLOCK + 1},}}")


def _project_words(lex: Lexicons) -> list[str]:
    """Titles, units, known organisations and unambiguous places (jieba should not split them)."""
    words = set(lex.titles) | set(lex.unit_by_surface)
    words |= {n for group in lex.organisations["known"].values() for n in group}
    words |= {name for name, place in lex.places.items() if not place.ambiguous}
    return sorted(w for w in words if regex.fullmatch(r"\p{Han}{2,}", w))


# How the dictionary is built from its words (tokenizer): a change here names a new cache.
_BUILD = "two passes"


def _cache_path(words: list[str]) -> Path:
    """Where the finished dictionary is kept, named by everything it is built from."""
    digest = hashlib.sha256()
    digest.update(f"{jieba.__version__}\0{jieba.DEFAULT_DICT_NAME}\0{_BUILD}\0".encode())
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
        # loads() of the bytes: load() of the file reads it in small pieces
        # through Python calls, three times slower (0.75 s against 0.27 s)
        freq, total = marshal.loads(path.read_bytes())
        if isinstance(freq, dict) and isinstance(total, int):
            tok.FREQ, tok.total, tok.initialized = freq, total, True
            return tok
    except (OSError, ValueError, EOFError, TypeError):
        pass
    jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict" to stderr at DEBUG
    tok.initialize()
    tok.load_userdict(str(USER_DICT))
    # jieba suggests each word a frequency just high enough against the total so far; the words
    # added after it raise the total, so a second pass keeps every word whole against the final one
    # (氹仔及路环合共: 路环, not 路 | 环合, whatever was added after 路环)
    for _ in range(2):
        for word in words:
            tok.add_word(word)
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, delete=False) as out:
            marshal.dump((tok.FREQ, tok.total), out)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only temporary folder costs speed, not correctness
    return tok


def word_frequency(lex: Lexicons) -> dict[str, int]:
    """How often each word occurs in jieba's dictionary (0 for a prefix of a
    word that is none itself), our words included."""
    return tokenizer(lex).FREQ  # type: ignore[no-any-return]


def split_sentences(norm: str, words: Sequence[Token] = ()) -> list[Sentence]:
    """Sentences with their clauses, spans in `norm` (and so in `source`).

    An over-long sentence or clause is cut at a clause end or at the start
    of one of `words` (see `bounded`).

    >>> [(s.start, s.end, len(s.clauses)) for s in split_sentences("甲,乙。丙\\n丁")]
    [(0, 4, 2), (4, 5, 1), (6, 7, 1)]
    >>> [len(s.clauses) for s in split_sentences("全市(含长沙县、浏阳市,下同)供应612宗,面积3868.5公顷")]
    [2]
    """
    sentences: list[Sentence] = []
    start = 0
    for end_match in [*_SENTENCE_END.finditer(norm), None]:
        end = end_match.end() if end_match else len(norm)
        text_end = end_match.start() if end_match and end_match.group().startswith("\n") else end
        for s_start, s_end in bounded(norm, start, text_end, MAX_SENTENCE_CHARS, words):
            if norm[s_start:s_end].strip():
                clauses = _clauses(norm, s_start, s_end, words)
                sentences.append(Sentence(start=s_start, end=s_end, clauses=clauses))
        start = end
    return sentences


def _clauses(norm: str, start: int, end: int, words: Sequence[Token]) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    pos = start
    inside = _bracketed(norm, start, end)
    # (全市（含长沙县、浏阳市、宁乡市，下同）共供应…: a comma inside a closed bracket ends no clause)
    cuts = [m.end() for m in _CLAUSE_END.finditer(norm, start, end) if not _within(inside, m.start())]
    for cut in [*cuts, end]:
        for c_start, c_end in bounded(norm, pos, cut, MAX_CLAUSE_CHARS, words):
            if norm[c_start:c_end].strip():
                clauses.append(Clause(start=c_start, end=c_end))
        pos = cut
    return tuple(clauses)


_MAX_BRACKET_CHARS = 60  # a longer "bracket" is a stray mark, not an aside
_NO_END = 1 << 62


def _bracketed(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The insides of the closed brackets in [start, end), outermost, in order (one pass)."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for i in range(start, end):
        ch = norm[i]
        if ch in "(（":
            opened.append(i)
        elif ch in ")）" and opened:
            at = opened.pop()
            if not opened and i - at <= _MAX_BRACKET_CHARS:
                spans.append((at, i))
        if len(opened) > 8:  # unbalanced text: forget the oldest
            opened.pop(0)
    return spans


def _within(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, _NO_END)) - 1  # the last bracket opening at or before `pos`
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def bounded(norm: str, start: int, end: int, limit: int, words: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """[start, end) in pieces of at most `limit` characters: each cut at the
    last clause end, else the start of the last word, in the second half of
    the piece, else at the limit.

    >>> list(bounded("一二三四五,六七八九十", 0, 11, 8, ()))
    [(0, 6), (6, 11)]
    >>> words = [Token("一二三", 0, 3), Token("四五六七", 3, 7), Token("八九十", 7, 10)]
    >>> list(bounded("一二三四五六七八九十", 0, 10, 4, words))
    [(0, 3), (3, 7), (7, 10)]
    """
    while end - start > limit:
        low, high = start + limit // 2, start + limit
        clause_ends = [m.end() for m in _CLAUSE_END.finditer(norm, low, high)]
        cut = clause_ends[-1] if clause_ends else _word_edge(norm, words, low, high)
        yield start, cut
        start = cut
    yield start, end


def _word_edge(norm: str, words: Sequence[Token], low: int, high: int) -> int:
    """The last word start in (low, high] that is not inside a figure (902|亿千瓦时), else high."""
    i = bisect_right(words, high, key=_start) - 1
    while i >= 0 and words[i].start > low:
        at = words[i].start
        if not _FIGURE_EDGE.match(norm, at - 1):
            return at
        i -= 1
    return high


def _start(token: Token) -> int:
    return token.start


def jieba_pieces(norm: str) -> Iterator[tuple[int, str]]:
    """`norm` in pieces (offset, text) that jieba cuts as it would cut the
    whole, except runs of block characters longer than MAX_JIEBA_BLOCK,
    which are cut every MAX_JIEBA_BLOCK characters.

    >>> [(at, len(piece)) for at, piece in jieba_pieces("甲。" + "亿" * 450 + "。乙")]
    [(0, 2), (2, 200), (202, 200), (402, 50), (452, 2)]
    """
    pos = 0
    for run_match in _LONG_JIEBA_BLOCK.finditer(norm):
        if run_match.start() > pos:
            yield pos, norm[pos:run_match.start()]
        for at in range(run_match.start(), run_match.end(), MAX_JIEBA_BLOCK):
            yield at, norm[at:min(at + MAX_JIEBA_BLOCK, run_match.end())]
        pos = run_match.end()
    if pos < len(norm):
        yield pos, norm[pos:]


def tokens(norm: str, lex: Lexicons) -> list[Token]:
    """jieba words of `norm` with offsets; they tile the text exactly.

    jieba's HMM (new-word guessing) is off: words come from its dictionary
    and ours only. The rules read word edges, never jieba's guesses (names
    come from titles and by-lines), and with the HMM on, the records of
    corpus, dev and extra were the same while segmentation took 1.5 times as
    long (tests/BENCHMARKS.md)."""
    tok = tokenizer(lex)
    out = [Token(w, at + s, at + e) for at, piece in jieba_pieces(norm)
           for w, s, e in tok.tokenize(piece, HMM=False)]
    if "".join(t.text for t in out) != norm or any(
        a.end != b.start for a, b in zip(out, out[1:])
    ):
        raise AssertionError("jieba tokens do not tile the text")
    return out


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `norm`; adds `tokens` and `sentences` (over-long ones cut at word edges)."""
    words = tokens(doc.norm, lex)
    return doc.model_copy(update={"sentences": split_sentences(doc.norm, words), "tokens": words})


__all__ = ["bounded", "jieba_pieces", "run", "split_sentences", "tokenizer", "tokens"]
