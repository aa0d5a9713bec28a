"""Issue 12, cost: inputs that blew up time, memory or output, at sizes that
keep the suite fast (the full sizes, timed, are in `make bench`). Each must
give records that hold their offsets, output linear in the input, and no
error."""
from __future__ import annotations

import yaml

from pipeline import extract
from pipeline.load import html_to_text
from pipeline.models import Document
from pipeline.runner import run_document
from pipeline.write import document_yaml, jsonl_lines


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
