"""The static HTML review (pipeline/review.py), checked without a browser."""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Document, Entity, Fact
from pipeline.models import EntityType
from pipeline.review import IndexEntry, render_document, render_index, write_review
from pipeline.runner import run_document

TEXT = ("重庆市统计局发布：2023年全市软件业务收入超过2700亿元，同比增长12.5%，总量进入全国前十。市长张明出席。\n"
        "上一篇：全市工业增加值增长8%\n"
        "版权所有 重庆市统计局 备案号：渝ICP备12345号\n")
VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class Page(HTMLParser):
    """Parses a page strictly: end tags must close the innermost open element.

    Collects the text inside every element with data-record-id (fragments of
    one record joined in order), the fact rows, and the text of zones.
    """

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.span_text: dict[str, str] = defaultdict(str)
        self.span_kinds: dict[str, str | None] = {}
        self.rows: dict[str, dict[str, str | None]] = {}
        self.zone_text = ""
        self.scripts: list[str] = []
        self.feed(text)
        self.close()
        assert not self.stack, f"unclosed elements: {[t for t, _ in self.stack]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-record-id"):
            self.rows[str(a["data-record-id"])] = a
        if tag == "span" and a.get("data-record-id"):
            self.span_kinds[str(a["data-record-id"])] = a.get("data-kind")
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        for tag, a in self.stack:
            if tag == "span" and a.get("data-record-id"):
                self.span_text[str(a["data-record-id"])] += data
        in_source = any(a.get("id") == "source" for _, a in self.stack)
        if in_source and any("zone" in (a.get("class") or "").split() for _, a in self.stack):
            self.zone_text += data


@pytest.fixture(scope="module")
def doc() -> Document:
    return run_document(Document(doc_id="t", source=TEXT))


def test_every_record_has_its_span_or_row(doc: Document) -> None:
    page = Page(render_document(doc))
    kinds = {r.kind for r in doc.records}
    assert {"quantity", "ranking", "entity", "fact"} <= kinds
    for r in doc.records:
        assert page.span_text[r.id] == r.text, r.id
        assert page.span_kinds[r.id] == r.kind
        if isinstance(r, Fact):
            row = page.rows[r.id]
            links = json.loads(str(row["data-links"]))
            assert links[0] == r.id and (r.quantity_id or r.ranking_id) in links


def test_entities_are_classed_by_type(doc: Document) -> None:
    text = render_document(doc)
    for r in doc.records:
        if isinstance(r, Entity):
            assert f'class="rec entity ent-{r.type.value}" data-record-id="{r.id}"' in text


def test_boilerplate_zone_is_greyed(doc: Document) -> None:
    assert doc.zones
    text = render_document(doc)
    page = Page(text)
    assert page.zone_text == "".join(TEXT[z.start:z.end] for z in doc.zones)
    assert re.search(r"\.zone\{color:#9c9c9c", text)


def test_page_is_self_contained(doc: Document) -> None:
    text = render_document(doc)
    assert "<style>" in text and "<script>" in text
    assert not re.search(r"https?:|<link|\ssrc=|@import|url\(", text)


def test_text_and_attributes_are_escaped() -> None:
    source = '标题<script>alert("x")</script> & 全市收入超过2700亿元'
    doc = run_document(Document(doc_id='a"b<c', source=source))
    text = render_document(doc)
    page = Page(text)
    assert page.scripts and all("alert" not in s for s in page.scripts)
    assert '标题&lt;script&gt;alert("x")&lt;/script&gt; &amp; ' in text
    assert "<title>a&quot;b&lt;c" in text
    for r in doc.records:
        assert page.span_text[r.id] == r.text


def test_output_is_deterministic(doc: Document) -> None:
    again = run_document(Document(doc_id="t", source=TEXT))
    assert render_document(doc).encode() == render_document(again).encode()


def _entity(i: int, start: int, end: int, source: str) -> Entity:
    return Entity(id=f"d:entity:{start}-{end}:{i}", doc_id="d", text=source[start:end], start=start,
                  end=end, rule="test", type=EntityType.LOC)


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6)), max_size=12))
def test_any_overlap_gives_well_nested_html(spans: list[tuple[int, int]]) -> None:
    source = "甲<乙&丙丁戊己庚辛壬癸子丑寅卯"
    records = [_entity(i, s, min(s + n, len(source)), source) for i, (s, n) in enumerate(spans)]
    doc = Document(doc_id="d", source=source, records=list(records))
    page = Page(render_document(doc))  # asserts nesting
    for r in records:
        assert page.span_text[r.id] == r.text


def test_index_lists_counts_and_errors() -> None:
    text = render_index([
        IndexEntry("good", "good.html", {"quantity": 2, "fact": 1}, None, "in/good.txt"),
        IndexEntry("bad<1>", None, {}, "empty file", "in/bad<1>.txt"),
    ])
    Page(text)
    assert '<a href="good.html">good</a>' in text
    assert "<td>bad&lt;1&gt;</td><td>in/bad&lt;1&gt;.txt</td>" in text
    assert "empty file" in text and "1 documents, 1 errors" in text


def test_write_review_lists_a_bad_input(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(TEXT, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "html"
    errors, notes = write_review([inputs], out)
    assert errors == [f"{inputs / 'empty.txt'}: empty file"] and notes == []
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    Page(index)
    assert '<a href="good.html">good</a>' in index
    assert '<tr class="err"><td>empty</td>' in index and "<td>empty file</td>" in index
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    write_review([inputs], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_write_review_keeps_index_for_a_document_named_index(tmp_path: Path) -> None:
    (tmp_path / "index.txt").write_text(TEXT, encoding="utf-8")
    assert write_review([tmp_path / "index.txt"], tmp_path / "html") == ([], [])
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert '<a href="index.doc.html">index</a>' in index
    assert (tmp_path / "html" / "index.doc.html").is_file()


def test_pdf_text_shows_its_page_numbers() -> None:
    """A PDF's text is shown with a mark where each page starts (drawn by CSS, so the
    text the records index is unchanged), and every fact row gives its page."""
    from pipeline.load import load_path

    from .conftest import CORPUS_DIR

    doc = run_document(load_path(CORPUS_DIR / "bulletin_county_2023_pdf.pdf"))
    text = render_document(doc)
    page = Page(text)
    marks = re.findall(r'<span class="pg" data-page="(\d+)"[^>]*></span>', text)
    assert marks == ["1", "2"] and ".pg::before{content:" in text
    second = doc.pages[1].start
    before_mark = re.sub(r"<[^>]+>", "", text.split('data-page="2"')[0].rsplit("<span", 1)[0])
    assert html.unescape(before_mark).endswith(doc.source[second - 20:second])
    for r in doc.records:
        assert page.span_text[r.id] == r.text
    assert "<th>page</th><th>text</th>" in text and ", 2 pages" in text
    facts = [r for r in doc.records if isinstance(r, Fact)]
    assert {f.page for f in facts} == {1, 2}
    assert all(f'<td class="num nw">{f.page}</td>' in text for f in facts)
