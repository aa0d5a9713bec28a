"""Stages 2 and 3: one-for-one normalisation, zones, sentences and words."""
from __future__ import annotations

import jieba
import pytest

from pipeline.clean import find_zones, is_traditional, normalise
from pipeline.lexicons import Lexicons
from pipeline.segment import (JIEBA_BLOCK_CHARS, MAX_CLAUSE_CHARS, MAX_JIEBA_BLOCK, MAX_SENTENCE_CHARS,
                              jieba_pieces, split_sentences, tokenizer, tokens)

from .conftest import CORPUS_DIR


def test_normalise_is_one_for_one() -> None:
    text = "２０２２年　增长１２．５％，歲入編列2兆8,623億元"
    norm = normalise(text, traditional=True)
    assert len(norm) == len(text)
    assert norm == "2022年 增长12.5%,岁入编列2兆8,623亿元"


def test_traditional_detection() -> None:
    assert is_traditional("主計總處向立法院財委會進行業務報告，歲入歲出差短")
    assert not is_traditional("主计总处向立法院财委会进行业务报告，岁入岁出差短")


def test_zones(lex: Lexicons) -> None:
    norm = ("首页 新闻 政务 图片 要闻 聚焦\n正文第一段,阅读量超300万人次,这是正文而不是页面部件。" * 1
            + "\n上一篇:2018年泰国文化活动\n备案号:晋ICP备20004420号-1 网站地图")
    kinds = [(z.kind, norm[z.start:z.end][:3]) for z in find_zones(norm, lex)]
    assert kinds == [("bp.menu_line", "首页 "), ("bp.related", "上一篇"), ("bp.record_number", "备案号")]


def test_a_menu_bar_with_bars_between_its_items(lex: Lexicons) -> None:
    norm = "港闻财经网\n首页 | 港闻 | 财经 | 地产 | 内地 | 国际\n首页｜新闻｜政务｜图片\n香港 内地 合计 12 15 27"
    assert [norm[z.start:z.end][:4] for z in find_zones(norm, lex)] == ["首页 |", "首页｜新"]


def test_sentences_and_clauses() -> None:
    (title, body) = split_sentences("重庆全国第9 居全国第一梯队\n截至2022年底,超19个,位列全国第7。")
    assert len(title.clauses) == 2
    assert len(body.clauses) == 3


def test_tokens_tile_the_text(lex: Lexicons) -> None:
    norm = "市通信管理局副局长严寒冰介绍,截至2022年底,每万人拥有5G基站数超19个"
    words = tokens(norm, lex)
    assert "".join(t.text for t in words) == norm
    assert all(norm[t.start:t.end] == t.text for t in words)
    assert "副局长" in [t.text for t in words]


# --- hard bounds (issue 12) ------------------------------------------------------

PROSE = (CORPUS_DIR / "transport_jiangsu_q1.txt").read_text(encoding="utf-8")


def test_jieba_block_characters_are_jiebas() -> None:
    assert jieba.re_han_default.pattern == f"({JIEBA_BLOCK_CHARS}+)"


def test_pieces_leave_prose_as_jieba_cuts_it(lex: Lexicons) -> None:
    norm = normalise(PROSE, traditional=False)
    assert [at for at, _ in jieba_pieces(norm)] == [0]
    whole = [(w, s, e) for w, s, e in tokenizer(lex).tokenize(norm, HMM=False)]
    assert [tuple(t) for t in tokens(norm, lex)] == whole


@pytest.mark.parametrize("run", ["亿" * 3000, "的" * 3000, "1" * 3000, "a" * 3000])
def test_runs_of_one_character_words_are_cut_and_still_tile(lex: Lexicons, run: str) -> None:
    norm = "增长" + run + "。"
    words = tokens(norm, lex)
    assert "".join(t.text for t in words) == norm
    assert max(t.end - t.start for t in words) <= MAX_JIEBA_BLOCK
    assert {at for at, _ in jieba_pieces(norm)} >= set(range(0, len(run), MAX_JIEBA_BLOCK))


@pytest.mark.parametrize("text", [
    PROSE.replace("。", ",").replace("\n", "") * 3,  # a release whose stops are commas
    "重庆软件业务收入超过2700亿元" * 200,  # a line of figures without a stop
    "进入全国前十" * 500,
    "1" * 5000,
])
def test_sentences_and_clauses_are_bounded(lex: Lexicons, text: str) -> None:
    words = tokens(text, lex)
    sentences = split_sentences(text, words)
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    clauses = [c for s in sentences for c in s.clauses]
    assert max(c.end - c.start for c in clauses) <= MAX_CLAUSE_CHARS
    assert all(a.end <= b.start for a, b in zip(clauses, clauses[1:]))
    edges = {t.start for t in words}
    if text.startswith("重庆"):  # cut between words, never inside one
        assert all(c.start in edges for c in clauses)


def test_a_spaced_out_numeral_is_no_menu_line() -> None:
    """Four short items apart are a menu bar, unless they are a Chinese numeral a PDF spaced out."""
    from pipeline import extract

    assert [(r.text, float(r.value)) for r in extract("共有一百 五 十 二人参加") if r.kind == "quantity"] == [
        ("一百 五 十 二人", 152.0)]
    assert [r for r in extract("首页 新闻 政务 图片 2024") if r.kind == "quantity"] == []
