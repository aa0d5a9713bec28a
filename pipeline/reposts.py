"""Reposts: the same release on several sites, grouped so its figures count once.

Sites repost a release with their own page furniture (navigation, share
buttons, editor, copyright and 备案号 footers) and sometimes their own
headline. Two documents are copies when the Jaccard similarity of their
cleaned texts' shingle sets is at least `THRESHOLD`, estimated by MinHash
signatures (datasketch) and found by locality-sensitive hashing (LSH
bands), so a run compares each document with its likely copies only,
never with every other one.

- Cleaned text: `norm` (full-width folded, Traditional as Simplified)
  outside the boilerplate zones `clean` found, keeping letters and digits
  only, so spacing, punctuation and furniture make no difference.
- Shingles: every run of `SHINGLE` characters. Five characters are about
  two or three Chinese words: short enough that an edited sentence spoils
  few shingles, long enough that releases on the same topic, which share
  stock phrases (规模以上工业增加值同比增长), share few of them.
- `THRESHOLD` 0.7: a repost with other navigation and footers, or a
  changed headline, scores 0.82 and more against the release on made-up
  reposts (tests/test_reposts.py), one missing its last paragraph 0.73,
  while releases on the same topic with the same sentence patterns (same
  city, other figures) score under 0.25.
- A text with fewer than `MIN_CHARS` cleaned characters gets no signature
  and is never grouped: a few words say too little to call two pages one.

Groups are made in input order, so they are the same on every run: a
document that matches earlier ones is a copy of the group of the earliest
of them, named by the group's first doc_id (`duplicate_of`).
"""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from .models import Document

SHINGLE = 5
THRESHOLD = 0.7
NUM_PERM = 128
SEED = 1  # MinHash permutations are drawn from this seed: the same signatures on every machine
SCHEME = "affine32"  # datasketch's hashing scheme, named so that stored signatures stay comparable
MIN_CHARS = 50
SHINGLE_BLOCK = 4096  # shingles hashed at once: 2 MB of permuted values per block
# LSH bands: two documents are candidates when all ROWS slots of some band
# are equal. These are the bands datasketch's MinHashLSH picks for THRESHOLD
# and NUM_PERM weighted for recall (weights (0.1, 0.9), false positive and
# false negative; tests/test_reposts.py checks it): with its even weights a
# pair at 0.8 is a candidate only 87% of the time; with these 99.8%, at 0.75
# 98%. Candidates are then checked against THRESHOLD, so the extra ones
# (1.5% of pairs at 0.3) cost a comparison, never a false group. The bands
# are kept here rather than in a MinHashLSH because importing datasketch's
# LSH loads SciPy: 0.7 s and 59 MB in a run that otherwise needs neither
# (a rerun from the cache has every signature already).
BANDS, ROWS = 20, 6


def cleaned_text(doc: Document) -> str:
    """The letters and digits of `norm` outside boilerplate zones."""
    norm = doc.norm or doc.source
    keep = bytearray(b"\x01") * len(norm)
    for zone in doc.zones:
        keep[zone.start:zone.end] = b"\x00" * (zone.end - zone.start)
    return "".join(ch for ch, kept in zip(norm, keep) if kept and ch.isalnum())


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Every run of `size` characters of `text`.

    >>> sorted(shingles("重庆市统计局", 5))
    ['庆市统计局', '重庆市统计']
    """
    return {text[i:i + size] for i in range(len(text) - size + 1)}


def signature(text: str) -> tuple[int, ...] | None:
    """The MinHash signature of a cleaned text, or None when it is too short to judge."""
    if len(text) < MIN_CHARS:
        return None
    minhash = _minhash()
    ordered = sorted(shingles(text))
    # update_batch builds a (shingles x NUM_PERM) array: 100 MB for a long
    # release of 200,000 distinct shingles, so it is fed a block at a time
    # (the signature is a running minimum: the same values)
    for at in range(0, len(ordered), SHINGLE_BLOCK):
        minhash.update_batch([s.encode("utf-8") for s in ordered[at:at + SHINGLE_BLOCK]])
    return tuple(int(v) for v in minhash.hashvalues)


def _minhash() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def document_signature(doc: Document) -> tuple[int, ...] | None:
    return signature(cleaned_text(doc))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal slots."""
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


class RepostIndex:
    """Documents seen so far, by signature; `add` tells whether a new one is a copy."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
        self._order: dict[str, int] = {}  # doc_id -> position in input order
        # signatures as arrays of 4-byte slots, band keys as bytes: 4.4 KB held
        # per document (measured on 20,000), where tuples of ints and
        # datasketch's index took 11 KB
        self._signature: dict[str, array[int]] = {}
        self._group: dict[str, str] = {}  # doc_id -> the first doc_id of its group
        self.copies = 0

    def add(self, doc_id: str, signature: tuple[int, ...] | None) -> str | None:
        """Index `doc_id`; return the first doc_id of the group it is a copy of, or None."""
        if signature is None or doc_id in self._order:
            return None
        slots = array("I", signature)  # affine32 slots are 32-bit
        packed, width = slots.tobytes(), ROWS * slots.itemsize
        keys = [packed[band * width:(band + 1) * width] for band in range(BANDS)]
        candidates = {other for table, key in zip(self._bands, keys) for other in table.get(key, ())}
        matches = [other for other in candidates if similarity(slots, self._signature[other]) >= self.threshold]
        first = min(matches, key=self._order.__getitem__) if matches else None
        group = self._group[first] if first is not None else None
        self._order[doc_id] = len(self._order)
        self._signature[doc_id] = slots
        self._group[doc_id] = group or doc_id
        for table, key in zip(self._bands, keys):
            table.setdefault(key, []).append(doc_id)
        if group is not None:
            self.copies += 1
        return group
