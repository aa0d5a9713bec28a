"""Reposts: one release on several sites is one group; releases on the same topic are not."""
from __future__ import annotations

import itertools

import pytest

from pipeline import documents
from pipeline.documents import DocResult, mark_copy, process_task
from pipeline.reposts import (BANDS, MIN_CHARS, NUM_PERM, ROWS, SCHEME, SEED, THRESHOLD, RepostIndex, shingles,
                              signature, similarity)
from pipeline.sources import Row

from .crawl_corpus import release, repost, retitled


def _signature(doc_id: str, text: str) -> tuple[int, ...]:
    result = process_task(Row(doc_id, doc_id, text, "text"))
    assert result.signature is not None
    return result.signature


HEADLINE, BODY = release(3)
# The same release as several sites show it (made up, see crawl_corpus.py).
REPOSTS = {
    "bare": f"{HEADLINE}\n\n{BODY}",
    "site-a": repost(HEADLINE, BODY, 0),  # other navigation and footers
    "site-b": repost(HEADLINE, BODY, 1),
    "site-c-retitled": repost(retitled(HEADLINE), BODY, 2),  # a changed headline too
    "last-paragraph-cut": repost(HEADLINE, BODY.rsplit("\n\n", 1)[0], 1),
}
# Releases on the same topic (same city, same sentence patterns) that are not the same release.
SAME_TOPIC = {f"other-{n}": repost(*release(n), 0) for n in (3 + 24 * 8, 3 + 24 * 16, 27, 51)}


def test_reposts_are_one_group() -> None:
    index = RepostIndex()
    groups = {doc_id: index.add(doc_id, _signature(doc_id, text)) for doc_id, text in REPOSTS.items()}
    assert groups == {"bare": None, "site-a": "bare", "site-b": "bare", "site-c-retitled": "bare",
                      "last-paragraph-cut": "bare"}


def test_same_topic_is_no_repost() -> None:
    index = RepostIndex()
    texts = {"bare": REPOSTS["bare"], **SAME_TOPIC}
    assert [index.add(doc_id, _signature(doc_id, text)) for doc_id, text in texts.items()] == [None] * len(texts)


def test_threshold_margins() -> None:
    """The figures reposts.py quotes: reposts well above the threshold, other releases well below."""
    copies = [_signature(d, t) for d, t in REPOSTS.items() if d != "last-paragraph-cut"]
    others = [_signature(d, t) for d, t in SAME_TOPIC.items()] + [copies[0]]
    assert min(similarity(a, b) for a, b in itertools.combinations(copies, 2)) >= THRESHOLD + 0.1
    assert max(similarity(a, b) for a, b in itertools.combinations(others, 2)) < THRESHOLD - 0.3


def test_groups_follow_input_order_and_chains() -> None:
    """A copy of a copy joins the first document's group; a second release starts its own."""
    index = RepostIndex()
    a = signature("甲" * 10 + "".join(chr(0x4E00 + i) for i in range(200)))
    assert a is not None
    b = a[:106] + tuple(v + 1 for v in a[106:])  # 106 of 128 slots equal: 0.83, a copy of a
    c = tuple(v + 2 for v in b[:22]) + b[22:]  # 0.83 to b, 0.66 to a: a copy of b only
    assert similarity(a, c) < THRESHOLD <= similarity(b, c)
    assert [index.add("a", a), index.add("b", b), index.add("c", c)] == [None, "a", "a"]
    assert index.add("a", a) is None and index.copies == 2  # the same doc_id again is not its own copy


def test_bands_are_datasketch_lsh() -> None:
    """The bands are those MinHashLSH picks for the threshold weighted for recall, and
    the index finds every copy MinHashLSH would offer as a candidate, and no other."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=(0.1, 0.9))
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    base = signature("".join(chr(0x4E00 + i) for i in range(300)))
    assert base is not None
    # variants that share 0 to 128 slots with `base`, at every offset, so some share a whole band and some not
    variants = {f"v{n}-{shift}": tuple(v + 1 if (i + shift) % 128 >= n else v for i, v in enumerate(base))
                for n in range(0, 129, 8) for shift in (0, 3, 61)}
    for doc_id, values in variants.items():
        lsh.insert(doc_id, MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=list(values), scheme=SCHEME))
    expected = sorted(lsh.query(MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=list(base), scheme=SCHEME)))
    assert 0 < len(expected) < len(variants)

    def candidate(values: tuple[int, ...]) -> bool:
        index = RepostIndex(threshold=0.0)  # every candidate is a match
        index.add("base", base)
        return index.add("variant", values) == "base"

    assert sorted(d for d, values in variants.items() if candidate(values)) == expected


def test_short_text_has_no_signature() -> None:
    assert signature("重" * (MIN_CHARS - 1)) is None
    assert RepostIndex().add("x", None) is None


def test_shingles_are_characters() -> None:
    assert shingles("abcdef", 5) == {"abcde", "bcdef"} and shingles("abc", 5) == set()


def test_mark_copy_adds_duplicate_of_to_every_record() -> None:
    result = process_task(Row("copy", "c", REPOSTS["site-a"], "text"))
    marked = mark_copy(result, "bare")
    assert marked.yaml_text.count('duplicate_of: "bare"') == sum(result.counts.values()) > 0
    assert marked.jsonl_text.count('"duplicate_of": "bare"') == sum(result.counts.values())
    assert mark_copy(DocResult("p", "d"), "x").jsonl_text == ""


@pytest.mark.parametrize("doc_id", sorted(REPOSTS))
def test_signature_ignores_furniture_spacing_and_punctuation(doc_id: str) -> None:
    text = REPOSTS[doc_id]
    spaced = text.replace(",", "，").replace("。", " 。 ")
    assert similarity(_signature(doc_id, text), _signature(doc_id, spaced)) >= 0.95


def test_a_long_release_is_signed_in_bounded_memory() -> None:
    """MinHash permutes every shingle at once when fed them together: for a
    release at the size limit with 190,000 distinct shingles that was 100 MB
    on top of the document, and a worker at its memory budget died."""
    import random
    import tracemalloc

    from pipeline.load import MAX_CHARS

    rng = random.Random(1)
    text = "".join(chr(rng.randrange(0x4E00, 0x4E00 + 3000)) for _ in range(MAX_CHARS - 10_000))
    tracemalloc.start()
    try:
        signed = signature(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert signed is not None and len(signed) == 128
    assert peak < 60 * 2**20, f"{peak / 2**20:.0f} MB"  # the shingles themselves take about 40


@pytest.mark.parametrize("doc_id", ["copy", 'a"b\\c: d', "\udcffname", "重庆\u2028x"])
def test_mark_copy_writes_what_reading_the_records_back_would(doc_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is written into the texts (fast); the bytes are those of the records read back and written again."""
    result = process_task(Row(doc_id, doc_id, REPOSTS["site-a"], "text"))
    slow = documents._mark_copy_read_back(result, 'g"1\udcff')
    monkeypatch.setattr(documents, "_mark_copy_read_back", None)  # the fast way must not need it
    assert mark_copy(result, 'g"1\udcff') == slow
