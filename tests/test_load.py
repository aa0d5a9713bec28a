"""Stage 1: decoding and HTML to visible text."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.load import MAX_CHARS, InputError, decode, html_to_text, load_path, max_chars

from .encoding_cases import cases

TEXT = "截至2022年底,每万人拥有5G基站数超19个,位列全国第7。重庆市通信管理局发布。"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("gb18030"), "gb18030"),
])
def test_decode(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


def test_decode_big5() -> None:
    text = "主計總處表示，明年歲入編列2兆8,623億元，歲出3兆350億元，兩項特別預算合計超過6,000億元。"
    assert decode(text.encode("big5")) == (text, "big5")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"  \n\t ", "only whitespace"),
    (b"%PDF-1.7 binary", "a PDF file"),
    (b"PK\x03\x04rest", "a ZIP archive"),
    (b"abc\x00\x01\x02def", "NUL bytes"),
    (b"abc\xff\xff\xff\x81def", "undecodable"),
])
def test_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data)


def test_html_visible_text() -> None:
    page = ("<html><head><title>标题</title><style>p{}</style><script>var a=1;</script></head>"
            "<body><nav>首页 新闻</nav><p>全市&nbsp;GDP增长&amp;提高</p><div>第二段<br>第三行</div></body></html>")
    assert html_to_text(page) == "首页 新闻\n全市\xa0GDP增长&提高\n第二段\n第三行"


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        load_path(folder)


def test_decode_big5_hkscs() -> None:
    text = "衞生署表示，啲個案嘅源頭仍然未明，佔全港個案約七成。"
    assert decode(text.encode("big5hkscs")) == (text, "big5hkscs")
    page = b'<meta charset="big5">' + text.encode("big5hkscs")  # declared Big5, written in HKSCS
    assert decode(page)[0].endswith(text)


def test_encoding_test_set() -> None:
    """Every case of the test set that tests/bench.py measures decodes to its text."""
    wrong = [(c.group, c.encoding, c.text[:20]) for c in cases() if decode(c.data)[0] != c.text]
    assert wrong == []


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \r\n", codecs.BOM_UTF16_LE,
                                  codecs.BOM_UTF16_BE + " ".encode("utf-16-be")])
def test_byte_order_mark_alone_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="only a byte order mark"):
        decode(data)


def test_the_longest_text_follows_the_memory_budget(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("重" * (MAX_CHARS + 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"over 200,000 \(--memory-budget 290 would take it\)"):
        load_path(path)
    assert len(load_path(path, budget_mb=290).source) == MAX_CHARS + 1
    # a PDF's text costs more (PDFium's heap): the same budget takes less of it
    assert max_chars(280, "pdf") < max_chars(280) == MAX_CHARS
