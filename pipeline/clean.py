"""Stage 2, clean: `source` -> `norm` (for matching) and boilerplate `zones`.

`norm` is a character-for-character image of `source`: every substitution
replaces one character by one character (full-width digits, letters and
signs by half-width ones, odd spaces by a plain space, and, in a document
written in Traditional script, each Traditional character by its Simplified
form). So `norm[i]` is always the reading of `source[i]`: the offset map back
to the original is the identity, and any span found in `norm` is a span of
`source` (quantulum3 keeps a shift array for the same purpose; we never need
one because we never change lengths).

Zones mark page furniture line by line (lexicons/boilerplate.yaml).
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from importlib import resources

import regex

from .lexicons import BoilerplateKind, Lexicons, or_regex
from .models import Document, Zone
from .numerals import NUMBER_RE

# One-for-one replacements that hold in any script.
_SPACES = "\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\ufeff\u200b"
_EXTRA = {
    ord("\u2212"): "-",  # minus sign
    ord("\u039f"): "〇",  # Greek capital omicron, typed for 〇 (二Ο三五年)
    ord("\u25cb"): "〇",  # white circle, typed for 〇
    ord("\u2571"): "/",  # box-drawing diagonal, typed for a slash in Hong Kong (100萬噸╱日)
}
# A row of a table flattened with bars between its cells (原煤|万吨|42700|2.6, 15歲以下 | 889 100):
# a space inside a cell groups digits (889 100 is 889,100), and the bars separate fields as
# tabs do, for every table reader splits on spaces (a menu's bars too).
_BARRED_ROW = regex.compile(r"^[^\n|]*\|[^\n|]*\|[^\n]*$", regex.MULTILINE)
_GROUP_SPACE = regex.compile(r"(?<=(?<![\d.])\d{1,3}(?: \d{3})*) (?=\d{3}(?![\d.]))")
_PROSE = regex.compile(r"[,;。]")  # sentence punctuation (norm is half-width)
# Traditional/Simplified ratio above which a document counts as Traditional.
TRADITIONAL_SHARE = 0.02


@functools.cache
def _width_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # ！..～
    table.update({ord(ch): " " for ch in _SPACES})
    table.update(_EXTRA)
    return table


# Variants OpenCC's character table leaves out: Hong Kong writes 衞 (衞生署).
_MISSING_VARIANTS = {ord("衞"): "卫"}


@functools.cache
def traditional_map() -> dict[int, str]:
    """Traditional -> Simplified, character level, from OpenCC's table.

    Only one-character targets are kept (the first candidate), so the
    replacement never changes the text's length.
    """
    text = (
        resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    )
    table: dict[int, str] = dict(_MISSING_VARIANTS)
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table[ord(parts[0])] = target
    return table


def is_traditional(text: str) -> bool:
    """True when enough Han characters are Traditional-only forms."""
    table = traditional_map()
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if not han:
        return False
    trad = sum(1 for ch in text if ord(ch) in table)
    return trad >= 3 and trad / han >= TRADITIONAL_SHARE


def normalise(text: str, traditional: bool) -> str:
    """The 1:1 matching form of `text`.

    >>> normalise("２０２２年　增长１２．５％", traditional=False)
    '2022年 增长12.5%'
    >>> normalise("兩項 2兆8,623億元", traditional=True)
    '两项 2兆8,623亿元'
    >>> normalise("原煤|万吨|42700｜2.6", traditional=False)
    '原煤 万吨 42700 2.6'
    >>> normalise("15岁以下 | 889 100 | 873 600 | -1.7", traditional=False)
    '15岁以下   889,100   873,600   -1.7'
    """
    norm = text.translate(_width_table())
    norm = _BARRED_ROW.sub(lambda row: _GROUP_SPACE.sub(",", row.group()), norm).replace("|", " ")
    if traditional:
        norm = norm.translate(traditional_map())
    assert len(norm) == len(text), "normalisation must be one-for-one"
    return norm


@functools.cache
def _zone_patterns(lex: Lexicons) -> tuple[tuple[regex.Pattern[str], BoilerplateKind], ...]:
    return tuple((regex.compile(or_regex(kind.markers)), kind) for kind in lex.boilerplate if kind.markers)


@functools.cache
def _menu_separator(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(rf"(?:\s|{or_regex(lex.menu_line['separators'])})+")


def _is_menu_line(line: str, lex: Lexicons) -> bool:
    """Four or more short words apart (首页 新闻 政务 图片, 首頁 | 港聞 | 財經);
    not a Chinese numeral spaced out by a PDF or a scraper (共有一百 五 十 二人)."""
    menu = lex.menu_line
    items = [item for item in _menu_separator(lex).split(line) if item]
    return len(items) >= menu["min_items"] and all(
        len(item) <= menu["max_item_chars"] and regex.fullmatch(r"[\p{Han}A-Za-z]+", item)
        for item in items
    ) and not any(" " in m.group() or "\u3000" in m.group() for m in NUMBER_RE.finditer(line))


def find_zones(norm: str, lex: Lexicons) -> list[Zone]:
    """Boilerplate zones, one per matching line, in text order."""
    zones: list[Zone] = []
    for line in regex.finditer(r"[^\n]+", norm):
        text = line.group()
        for pattern, kind in _zone_patterns(lex):
            if (len(text.strip()) <= kind.max_line_chars and pattern.search(text)
                    and (kind.prose or not _PROSE.search(text))):
                zones.append(Zone(start=line.start(), end=line.end(), kind=kind.id, suppress=kind.suppress))
                break
        else:
            if _is_menu_line(text, lex):
                menu = lex.menu_line
                zones.append(Zone(start=line.start(), end=line.end(), kind=menu["id"],
                                  suppress=tuple(menu["suppress"])))
    return zones


def with_reader_zones(reader: list[Zone], found: list[Zone]) -> list[Zone]:
    """Zones a reader marked (a PDF's running headers) and those found here, in
    text order; where they overlap, the reader's zone stays."""
    if not reader:
        return found
    spans = sorted((z.start, z.end) for z in reader)  # whole lines: they never overlap
    starts = [s for s, _ in spans]

    def taken(zone: Zone) -> bool:
        i = bisect_right(starts, zone.start) - 1
        return (i >= 0 and spans[i][1] > zone.start) or (i + 1 < len(spans) and spans[i + 1][0] < zone.end)

    return sorted([*reader, *(z for z in found if not taken(z))], key=lambda z: (z.start, z.end))


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `source` and the reader's `zones`; adds `traditional`, `norm` and the
    boilerplate `zones`."""
    traditional = is_traditional(doc.source)
    norm = normalise(doc.source, traditional)
    zones = with_reader_zones(doc.zones, find_zones(norm, lex))
    return doc.model_copy(update={"traditional": traditional, "norm": norm, "zones": zones})
