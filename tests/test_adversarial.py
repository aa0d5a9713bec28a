"""Issue 12, cost: inputs that blew up time, memory or output, at sizes that
keep the suite fast (the full sizes, timed, are in `make bench`). Each must
give records that hold their offsets, output linear in the input, and no
error."""
from __future__ import annotations

import pytest
import yaml

from pipeline import Fact, extract
from pipeline.link import SENTENCE_WINDOW
from pipeline.load import html_to_text
from pipeline.models import Document
from pipeline.runner import run_document
from pipeline.segment import MAX_CLAUSE_CHARS, MAX_JIEBA_BLOCK, MAX_SENTENCE_CHARS
from pipeline.write import check_offsets, document_yaml, jsonl_lines

from .adversarial_inputs import FAMILIES, make


def test_a_megabyte_of_digits_is_no_overflow() -> None:
    assert extract("1" * (1024 * 1024)) == []  # decimal.Overflow before: abs() of 1,048,576 digits


def test_noncharacters_are_escaped_in_yaml() -> None:
    doc = run_document(Document(doc_id="d\udcff", source="重庆\ufffe软件业务收入超过2700亿元\uffff。"))
    text = document_yaml(doc)
    assert "\ufffe" not in text and "\uffff" not in text
    assert yaml.safe_load(text)["records"][0]["text"] == "重庆"
    assert all(line.encode("utf-8") for line in jsonl_lines(doc.records))  # no lone surrogate left


def test_unterminated_markup_is_text_or_hidden() -> None:
    assert html_to_text("<p>正文</p><!-- " * 3) == "正文"
    assert html_to_text("<p>正文</p>" + "<a " * 3) == "正文\n<a <a <a"
    assert html_to_text("<p>正文<![CDATA[x]]></p>") == "正文"


# --- the families, at two small sizes -------------------------------------------

SMALL = 3_000


def _output(name: str, chars: int) -> tuple[Document, int]:
    text, suffix = make(name, chars)
    source = html_to_text(text) if suffix == ".html" else text
    doc = run_document(Document(doc_id="adv", source=source))
    check_offsets(doc)
    return doc, len(document_yaml(doc).encode()) + sum(len(line.encode()) for line in jsonl_lines(doc.records))


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family_is_bounded_and_linear(name: str) -> None:
    doc, small = _output(name, SMALL)
    big_doc, big = _output(name, 4 * SMALL)
    assert big <= 4.4 * max(small, 1_000), "output grows faster than the input"
    for d in (doc, big_doc):
        assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in d.sentences)
        assert all(c.end - c.start <= MAX_CLAUSE_CHARS for s in d.sentences for c in s.clauses)
        facts = [r for r in d.records if isinstance(r, Fact)]
        assert all(len(f.sentence) <= SENTENCE_WINDOW for f in facts)
        assert all(f.sentence_start <= f.start and f.end <= f.sentence_end for f in facts if f.end - f.start <= 100)
        assert all(t.end - t.start <= MAX_JIEBA_BLOCK for t in d.tokens)
