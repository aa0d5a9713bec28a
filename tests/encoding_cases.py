"""A test set of encodings for `pipeline.load.decode`: every corpus, dev and
extra release (whole, and its first 30 and 120 characters, where short
inputs are hardest to tell apart) in UTF-8, UTF-16 with BOM, GB18030, GBK,
Big5 and Big5-HKSCS where the text can be written in them, and Hong Kong
sentences with characters only Big5-HKSCS has (衞, 啲, 嘅, 咗, 嚟, 哋, 喺 ...).
The sentences are written for this project in the style of Hong Kong
government releases, not copied. Used by tests/test_load.py and, with
charset-normalizer beside the decoder, by tests/bench.py."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
TRADITIONAL_STEMS = ("budget_taiwan_hant", "hk_visitors_big5")

HONG_KONG = [
    "衞生署今日公布，截至六月底，全港共有一千二百三十間註冊診所，較去年同期增加百分之三點五。",
    "食物環境衞生署表示，本年首季共檢取四千五百個食物樣本，整體合格率為百分之九十九點八。",
    "房屋署指出，公共屋邨現有約八十萬個單位，今年將再落成一萬二千個。",
    "運輸署話，啲巴士路線今年會重組，嘅乘客量比上年多咗百分之六。",
    "機管局表示，香港國際機場上月客運量達四百萬人次，航班升降約二萬五千架次。",
    "衞生防護中心今日錄得三十五宗新增個案，其中啲個案嘅源頭仍然未明。",
    "社會福利署話，喺過去一年，綜援個案數目下降咗百分之四，嗰啲長者個案則微升。",
    "水務署表示，東江水供港量為每年八億二千萬立方米，佔全港用水約七成，供水綫路全長八千公里。",
]
SIMPLIFIED_ENCODINGS = ("utf-8", "utf-16", "gb18030", "gbk")
TRADITIONAL_ENCODINGS = ("utf-8", "utf-16", "gb18030", "big5", "big5hkscs")
HONG_KONG_ENCODINGS = ("utf-8", "utf-16", "gb18030", "big5hkscs")


class Case(NamedTuple):
    group: str  # simplified | traditional | hongkong
    encoding: str
    text: str
    data: bytes


def _releases() -> tuple[list[str], list[str]]:
    from pipeline.load import load_path

    paths = sorted((ROOT / "corpus").glob("*.txt"))
    for folder in ("dev", "extra"):
        paths += sorted((EVAL / folder).glob("*.txt"))
    simplified, traditional = [], []
    for path in paths:
        (traditional if path.stem in TRADITIONAL_STEMS else simplified).append(load_path(path).source)
    return simplified, traditional


def cases() -> list[Case]:
    simplified, traditional = _releases()
    groups = [("simplified", t, SIMPLIFIED_ENCODINGS) for t in simplified]
    groups += [("traditional", t, TRADITIONAL_ENCODINGS) for t in traditional]
    out: list[Case] = []
    for group, text, encodings in groups:
        for piece in (text[:30], text[:120], text):
            out += [Case(group, e, piece, piece.encode(e)) for e in encodings if _encodable(piece, e)]
    for text in ["\n".join(HONG_KONG), *HONG_KONG]:
        out += [Case("hongkong", e, text, text.encode(e)) for e in HONG_KONG_ENCODINGS]
    return out


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
