"""Read Chinese and Arabic numerals as exact Decimals, and find them in text.

The character data (digits, units, signs, separators, approximation
markers, spaces, words that are no numbers) lives in
``lexicons/numerals.yaml`` and is loaded once, at import, into read-only
mappings; every function here is pure.

* `parse_number` reads one numeral expression as written: Arabic (with
  ``,``/``，``/space thousands groups, full-width digits, .5, 2.1e5),
  Chinese (一千二百, 一百零三, 十二万三千, 一万零十二), digit by digit
  (二〇〇七), financial capitals (贰仟零伍拾), Traditional (二點五億),
  mixtures (2兆8,623億, 1千零20), approximations (500余万, 二十几亿: the
  round part), halves (半百) and numerals spaced out (7万 5千 4百).
* `approximation` gives the qualifier a marker inside a numeral implies.
* `parse_fraction` reads 三分之一, 百分之十二点五, 1/4, 30% and mixed numbers
  (三又三分之一) as ratios.
* `NUMBER_PATTERN` / `NUMBER_RE` find one maximal numeral in running text;
  `FRACTION_PATTERN` one fraction, mixed number or percentage.
  The grammar is unambiguous (each character has one role, every repeated
  group starts with a unit character, and value chunks are greedy runs that
  cannot contain one); it is wrapped in an atomic group, so an outer pattern
  never backtracks into it, and lookarounds stop a match from starting
  inside another numeral, so a failing outer pattern stays linear. Unit
  names that begin with a multiplier (千克, 兆瓦), characters that alone
  are words (零售, 队伍) and words that begin with numerals (一切, 四川)
  are left alone; a space joins only next to a unit, 点 or a marker; see
  numerals.yaml.
* `find_numerals` lists the numerals, fractions and percentages of a text
  with their offsets and readings, and tenths (三成 = 0.3, 七成六, 八折 =
  0.8, 九五折, 打对折 = 0.5: numerals.yaml tenths_marks and tenths_words).
* `to_plain` writes a Decimal without exponent or trailing zeros.

A lone digit right after a unit is the spoken abbreviation of the next lower
place (一万三 = 13000, 两千三 = 2300, 1万5 = 15000) unless a 零 stands between
(一万零五 = 10005). Runs of two or more digits are read digit by digit only when
they are the whole integer part (一九九七); inside a structured numeral they
are approximate ranges (二三十, 十四五) and are refused, as are dotted codes
(1.2.3, 2022.12.31).
"""
from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple, get_args

import regex
import yaml

__all__ = ["FRACTION_PATTERN", "NUMBER_PATTERN", "NUMBER_RE", "Numeral", "NumeralKind", "approximation",
           "character_classes", "find_numerals", "parse_fraction", "parse_number", "to_plain"]

_LEXICON_PATH: Final = Path(__file__).parent / "lexicons" / "numerals.yaml"
_MAP_BLOCKS: Final = ("arabic_digits", "digits", "tens", "small_units", "large_units",
                      "compound_multipliers", "percent_signs")
_LIST_BLOCKS: Final = ("decimal_points", "arabic_decimal_points", "exponent_marks", "group_commas",
                       "group_spaces", "negative_signs", "fraction_separators", "mixed_number_joiners")
_OTHER_ROLE_BLOCKS: Final = ("approximation_markers", "halves")
_TENTHS_BLOCKS: Final = ("tenths_marks", "tenths_words")
_ANNOTATION_BLOCKS: Final = ("ambiguous_alone", "cell_boundaries", "not_numerals", "before_units_only",
                             "inner_spaces", "everyday", "unit_prefix_exclusions")
Qualifier = Literal["over", "under", "about"]  # the qualifier values of qualifiers.yaml
_QUALIFIERS: Final = get_args(Qualifier)
_MULTI_CHAR_BLOCKS: Final = ("compound_multipliers", "fraction_separators")


class _UniqueKeyLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that refuses a repeated mapping key instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class _Lexicon:
    maps: Mapping[str, Mapping[str, int]]
    lists: Mapping[str, tuple[str, ...]]  # role lists and the annotation lists
    exclusions: Mapping[str, tuple[str, ...]]
    markers: Mapping[str, Qualifier]  # approximation marker -> qualifier
    halves: Mapping[str, tuple[str, ...]]  # 半 -> the units it may stand before
    tenths_marks: Mapping[str, str]  # 成/折 -> the characters it begins a word before
    tenths_words: Mapping[str, int]  # 半成 -> 5 (%)


_NUMERAL_ROLES: Final = ("digits", "tens", "small_units", "large_units")


def _role_entries(raw: dict[str, Any], block: str) -> list[str]:
    entries = list(raw[block]) if isinstance(raw[block], (dict, list)) else []
    if not entries or not all(isinstance(e, str) and e for e in entries):
        raise ValueError(f"block {block!r} must be a non-empty list or mapping of strings")
    if block not in _MULTI_CHAR_BLOCKS and any(len(e) != 1 for e in entries):
        raise ValueError(f"{block}: {next(e for e in entries if len(e) != 1)!r} is not one character")
    return entries


def _annotation(raw: dict[str, Any], block: str, fits: Callable[[str], bool], what: str) -> tuple[str, ...]:
    """A list block that only annotates: distinct strings, each `fits`."""
    items = raw[block]
    if (not isinstance(items, list) or not items or len(set(items)) != len(items)
            or not all(isinstance(i, str) and i and fits(i) for i in items)):
        raise ValueError(f"{block} must list distinct {what}")
    return tuple(items)


def _load_lexicon(text: str) -> _Lexicon:  # noqa: C901 - one check per block
    """Parse and check numerals.yaml; raise ValueError on any inconsistency."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(f"numerals lexicon: {exc}") from exc
    expected = {*_MAP_BLOCKS, *_LIST_BLOCKS, *_OTHER_ROLE_BLOCKS, *_ANNOTATION_BLOCKS, *_TENTHS_BLOCKS}
    if not isinstance(raw, dict) or set(raw) != expected:
        raise ValueError(f"numerals lexicon must have exactly the blocks {sorted(expected)}")
    maps: dict[str, Mapping[str, int]] = {}
    lists: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for block in (*_MAP_BLOCKS, *_LIST_BLOCKS, *_OTHER_ROLE_BLOCKS):
        entries = _role_entries(raw, block)
        for entry in entries:
            if entry in owner:
                raise ValueError(f"{entry!r} is listed in both {owner[entry]!r} and {block!r}")
            owner[entry] = block
        if block in _MAP_BLOCKS:
            values = raw[block]
            if not all(type(v) is int and v >= 0 for v in values.values()):
                raise ValueError(f"block {block!r} must map to non-negative integers")
            maps[block] = MappingProxyType(dict(values))
        elif block in _LIST_BLOCKS:
            lists[block] = tuple(entries)
    units = {**maps["small_units"], **maps["large_units"]}
    for word, value in maps["compound_multipliers"].items():
        product = 1
        for ch in word:
            product *= units.get(ch, 0)
        if product != value:
            raise ValueError(f"compound multiplier {word!r} = {value} is not the product of its units")
    markers = raw["approximation_markers"]
    if not all(v in _QUALIFIERS for v in markers.values()):
        raise ValueError(f"approximation_markers must map to one of {_QUALIFIERS}")
    halves = raw["halves"]
    if not all(isinstance(v, list) and v and all(u in units for u in v) for v in halves.values()):
        raise ValueError("halves must map to lists of units")
    lists["ambiguous_alone"] = _annotation(
        raw, "ambiguous_alone", lambda ch: owner.get(ch) in ("digits", "small_units"),
        "digits or small units")
    lists["before_units_only"] = _annotation(
        raw, "before_units_only", lambda ch: owner.get(ch) == "digits", "digits")
    lists["not_numerals"] = _annotation(
        raw, "not_numerals", lambda w: len(w) > 1 and owner.get(w[0]) in _NUMERAL_ROLES,
        "words of two or more characters beginning with a numeral character")
    lists["cell_boundaries"] = _annotation(
        raw, "cell_boundaries", lambda ch: len(ch) == 1 and ch not in owner, "single characters with no role")
    lists["inner_spaces"] = _annotation(
        raw, "inner_spaces", lambda ch: len(ch) == 1 and ch.isspace(), "single space characters")
    lists["everyday"] = _annotation(
        raw, "everyday", lambda ch: owner.get(ch) in ("digits", "small_units"), "digits and small units")
    exclusions_raw = raw["unit_prefix_exclusions"]
    if not isinstance(exclusions_raw, dict):
        raise ValueError("unit_prefix_exclusions must be a mapping")
    exclusions: dict[str, tuple[str, ...]] = {}
    for unit, followers in exclusions_raw.items():
        if unit not in units or not isinstance(followers, list) or len(set(followers)) != len(followers):
            raise ValueError(f"unit_prefix_exclusions[{unit!r}] must be a unit with unique followers")
        exclusions[unit] = tuple(str(f) for f in followers)
    marks, words = raw["tenths_marks"], raw["tenths_words"]
    if not (isinstance(marks, dict) and all(len(m) == 1 and isinstance(v, str) and v for m, v in marks.items())):
        raise ValueError("tenths_marks must map single characters to strings of characters")
    if not (isinstance(words, dict) and all(type(v) is int and 0 < v <= 100 for v in words.values())):
        raise ValueError("tenths_words must map words to percentages")
    return _Lexicon(MappingProxyType(maps), MappingProxyType(lists), MappingProxyType(exclusions),
                    MappingProxyType(dict(markers)),
                    MappingProxyType({h: tuple(us) for h, us in halves.items()}),
                    MappingProxyType(dict(marks)), MappingProxyType(dict(words)))


_LEX: Final = _load_lexicon(_LEXICON_PATH.read_text(encoding="utf-8"))
_ARABIC_DIGITS: Final = _LEX.maps["arabic_digits"]
_DIGITS: Final = _LEX.maps["digits"]
_TENS: Final = _LEX.maps["tens"]
_SMALL: Final = _LEX.maps["small_units"]
_LARGE: Final = _LEX.maps["large_units"]
_UNITS: Final = MappingProxyType({**_SMALL, **_LARGE})
_PERCENT: Final = _LEX.maps["percent_signs"]
_POINTS: Final = _LEX.lists["decimal_points"]
_ARABIC_POINTS: Final = _LEX.lists["arabic_decimal_points"]
_NEGATIVE: Final = _LEX.lists["negative_signs"]
_WORD_SIGNS: Final = [s for s in _NEGATIVE if s.isalpha()]
_SYMBOL_SIGNS: Final = [s for s in _NEGATIVE if not s.isalpha()]
_MARKERS: Final = _LEX.markers
_BEFORE_UNITS_ONLY: Final = frozenset(_LEX.lists["before_units_only"])
_SPACES: Final = frozenset(_LEX.lists["inner_spaces"])
_ZEROS: Final = "".join(ch for ch, v in _DIGITS.items() if v == 0)
# 廿 -> 二十: the first-listed digit of each value spells the tens out.
_DIGIT_CHAR: Final = {v: ch for ch, v in reversed(list(_DIGITS.items()))}
_TENS_SPELLED: Final = MappingProxyType(
    {ch: _DIGIT_CHAR[v // 10] + next(u for u, uv in _SMALL.items() if uv == 10) for ch, v in _TENS.items()})
# Arabic text to Decimal syntax; a sign inside an Arabic token is an exponent's (2.789e－1).
_ARABIC_TRANSLATION: Final = str.maketrans(
    {**{ch: str(v) for ch, v in _ARABIC_DIGITS.items()},
     **{ch: "." for ch in _ARABIC_POINTS},
     **{ch: "-" for ch in _SYMBOL_SIGNS},
     **{ch: "" for ch in (*_LEX.lists["group_commas"], *_LEX.lists["group_spaces"])}})


# --- pattern fragments --------------------------------------------------------

def _esc(ch: str) -> str:
    """One character, safe inside a class and under VERBOSE (which drops even U+2009)."""
    if ch.isascii() and ch.isalnum():
        return ch
    if ch.isascii() or ch.isspace() or not ch.isprintable():
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch


def _cls(chars: Iterable[str]) -> str:
    """A character class, runs of three or more consecutive code points as ranges (0-9)."""
    points = sorted({ord(ch) for ch in chars})
    parts: list[str] = []
    start = 0
    for i in range(1, len(points) + 1):
        if i == len(points) or points[i] != points[i - 1] + 1:
            first, last = chr(points[start]), chr(points[i - 1])
            run = i - start
            parts.append(_esc(first) + ("-" if run > 2 else "") + (_esc(last) if run > 1 else ""))
            start = i
    return "[" + "".join(parts) + "]"


def _alt(words: Iterable[str]) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join("".join(_esc(ch) for ch in w) for w in ordered) + ")"


def _unit_fragment(units: Iterable[str]) -> str:
    """Unit characters; those in unit_prefix_exclusions not when they begin a unit name (千克, 兆瓦)."""
    units = list(units)
    plain = [u for u in units if u not in _LEX.exclusions]
    guarded = [f"{_esc(u)}(?!{_alt(_LEX.exclusions[u])})" for u in units if u in _LEX.exclusions]
    return "(?:" + "|".join(([_cls(plain)] if plain else []) + guarded) + ")"


_LATIN: Final = "[A-Za-z]"
_SPACE: Final = _cls(_SPACES)
_SP: Final = f"{_SPACE}{{1,2}}"  # a space inside a numeral: one or two characters
_OSP: Final = f"(?:{_SP})?"
_AD: Final = _cls(_ARABIC_DIGITS)
_APOINT: Final = _cls(_ARABIC_POINTS)
_ARABIC_INT: Final = (f"(?:{_AD}{{1,3}}(?:{_cls(_LEX.lists['group_commas'])}{_AD}{{3}}(?!{_AD}))+"
                      f"|{_AD}{{1,3}}(?:{_cls(_LEX.lists['group_spaces'])}{_AD}{{3}}(?!{_AD}))+"
                      f"|{_AD}+)")
# A point group followed by another is no decimal: 1.2.3, 2022.12.31 and 192.168.1.1 are codes,
# matched whole so that parse_number refuses them (as it refuses 十四五).
_ARABIC_FRACTION: Final = f"{_APOINT}{_AD}++(?!{_APOINT}{_AD})"
_DOTTED_CODE: Final = f"{_AD}++(?:{_APOINT}{_AD}++){{2,}}"
_ARABIC: Final = f"{_ARABIC_INT}(?:{_ARABIC_FRACTION})?"
_LEADING_POINT: Final = f"(?<!{_LATIN}|{_AD}|{_APOINT}){_ARABIC_FRACTION}"  # .5 (not No.5, not ...5)
_SYMBOL_SIGN: Final = _cls(_SYMBOL_SIGNS)
_EXPONENT_BODY: Final = f"{_cls(_LEX.lists['exponent_marks'])}(?:\\+|{_SYMBOL_SIGN})?{_AD}{{1,2}}"
# 21.2E0, -127.32e13, only if no Latin letter touches the number (A1E5, 3E8C are codes).
_EXPONENT: Final = (f"(?={_EXPONENT_BODY}(?!{_LATIN}|{_AD}))"
                    f"(?<!{_LATIN}{_cls([*_ARABIC_DIGITS, *_ARABIC_POINTS, *_LEX.lists['group_commas']])}*)"
                    f"{_EXPONENT_BODY}")
_CD: Final = _cls(_DIGITS)
_CD_FREE: Final = _cls(ch for ch in _DIGITS if ch not in _BEFORE_UNITS_ONLY)  # digits that make runs
_CD_LAST: Final = _cls(ch for ch, v in _DIGITS.items() if v and ch not in _BEFORE_UNITS_ONLY)
_BEFORE_UNIT_DIGIT: Final = _cls(_BEFORE_UNITS_ONLY)
_CN_POINT: Final = _cls(_POINTS)
_SMALL_UNIT: Final = _unit_fragment(_SMALL)
_LARGE_UNIT: Final = _unit_fragment(_LARGE)
_MULTIPLIER: Final = _unit_fragment(_UNITS)
# 点 + digits, not followed by a digit or a small unit (十点五十分 is a time).
_CN_DECIMAL: Final = f"{_OSP}{_CN_POINT}{_OSP}{_CD_FREE}+(?!{_CD_FREE}|{_cls(_TENS)}|{_SMALL_UNIT})"
# Arabic digits, then 点 and Chinese digits as converted pages write them (0點六個百分點).
_ARABIC_HEAD: Final = (f"(?:{_DOTTED_CODE}|{_ARABIC_INT}(?={_CN_POINT}{_CD_FREE}){_CN_DECIMAL}"
                       f"|(?:{_ARABIC}|{_LEADING_POINT})(?:{_EXPONENT})?)")
# 500余万, 一千多万, 二十几亿: a marker only before a large unit (2万余家: 余 is no part).
_MARK: Final = f"{_cls(_MARKERS)}(?={_OSP}{_LARGE_UNIT})"
# A value after a unit: 零 before Arabic digits (1千零20), 两 only before a unit.
_VALUE: Final = (f"(?:{_cls(_ZEROS)}*{_ARABIC}|{_CD_FREE}+(?:{_CN_DECIMAL})?"
                 f"|{_BEFORE_UNIT_DIGIT}(?={_OSP}{_MULTIPLIER})|{_CN_DECIMAL})")
_ZERO_GAP: Final = f"{_cls(_ZEROS)}+{_OSP}"  # 一千 零 五: 零 holds the empty place
_SPACED_VALUE: Final = f"(?:{_ZERO_GAP})?(?:{_ARABIC}|{_CD_FREE}+|{_BEFORE_UNIT_DIGIT})"
_VALUE_END: Final = _cls([*_ARABIC_DIGITS, *_DIGITS])
_NUMERAL_LIKE: Final = _cls(
    [*_ARABIC_DIGITS, *_DIGITS, *_TENS, *_UNITS, *_POINTS, *_ARABIC_POINTS, *_MARKERS])
_MAGNITUDES: Final = sorted(set(_UNITS.values()), reverse=True)
_SMALLEST_LARGE: Final = min(_LARGE.values())
_TEN_UNIT: Final = _unit_fragment(u for u, v in _SMALL.items() if v == 10)


def _units_of(magnitude: int, below: bool = False) -> list[str]:
    return [u for u, v in _UNITS.items() if (v < magnitude if below else v == magnitude)]


def _next_units(magnitude: int) -> list[str]:
    """Units that may follow a value spaced off after a unit of this magnitude: smaller ones, and
    after 十/百/千 the large ones that close their section (一 十 一 万)."""
    return [u for u, v in _UNITS.items() if v < magnitude or magnitude < _SMALLEST_LARGE <= v]


def _spaced_step() -> str:
    """Across a space after a unit: a value before a next unit (7万 5千, 三千 八百, 一万 零 五百;
    never 1万 2万 or 一百 二百), a last digit after 十/百/千 (一百 五, 十 二) or after 零 (一万 零 五),
    or a 零 before 十 or a marker (一万 零 十二, 一百 零 几万)."""
    # a compound of large units (万亿) is its product: 三万亿 零 五亿
    compounds = [(_OSP.join(_esc(ch) for ch in word), value)
                 for word, value in _LEX.maps["compound_multipliers"].items()
                 if all(ch in _LARGE for ch in word)]
    units = [(_cls(_units_of(m)), m) for m in _MAGNITUDES]
    steps = [f"(?<={before}){_SP}(?={_SPACED_VALUE}{_OSP}{_unit_fragment(_next_units(m))}){_SPACED_VALUE}"
             for before, m in [*compounds, *units] if _next_units(m)]
    last_digit = f"{_CD_LAST}(?!{_OSP}{_NUMERAL_LIKE})"
    steps.append(f"(?<={_cls([*_SMALL, *_TENS])}){_SP}{last_digit}")
    steps.append(f"(?<={_cls([*_UNITS, *_TENS])}){_SP}{_ZERO_GAP}{last_digit}")
    steps.append(f"(?<={_cls([*_UNITS, *_TENS])}){_SP}{_cls(_ZEROS)}+(?={_OSP}(?:{_TEN_UNIT}|{_MARK}))")
    return "(?:" + "|".join(steps) + ")"


_AFTER_UNIT: Final = f"(?:{_VALUE}|{_spaced_step()})"
# Spaces before a unit: after a value (1000 万, 一 百), around a marker (十 余 万), after a
# smaller unit (二十 億, 一 万 亿).
_BEFORE_UNIT: Final = "|".join(
    [f"{_OSP}{_MARK}{_OSP}", f"(?<={_VALUE_END}){_SP}"]
    + [f"(?<={_cls(_units_of(m, below=True))}){_SP}(?={_unit_fragment(_units_of(m))})"
       for m in _MAGNITUDES if m >= _SMALLEST_LARGE])
# One unit with what follows it. (廿 卅 are read as 二十 三十, so they stand where 十 does:
# 廿五, 一百廿.)
_TAIL: Final = f"(?:{_BEFORE_UNIT})?(?:{_MULTIPLIER}|{_cls(_TENS)}){_AFTER_UNIT}?"
_TEN_HEAD: Final = _cls([*_TENS, *(u for u, v in _SMALL.items() if v == 10)])
_HALF: Final = "(?:" + "|".join(f"{_esc(h)}(?={_unit_fragment(us)})" for h, us in _LEX.halves.items()) + ")"
# A numeral that begins with 十 (十五, 十 余 万) has no head: its first tail is the 十.
_HEAD: Final = (f"(?:{_ARABIC_HEAD}|{_CD_FREE}+(?:{_CN_DECIMAL})?|{_BEFORE_UNIT_DIGIT}|{_HALF}"
                f"|(?={_TEN_HEAD}))")
# --5 is a dash and 5: no sign after a sign, a Latin letter or a digit.
_SIGN: Final = f"(?:{_cls(_WORD_SIGNS)}|(?<!{_LATIN}|{_AD}|{_SYMBOL_SIGN}){_SYMBOL_SIGN})"
_NUMERAL_CHAR: Final = _cls([*_ARABIC_DIGITS, *_DIGITS, *_TENS, *_SMALL, *_LARGE])
# Never start inside another numeral: after a numeral character, after 点 or
# "." that follows one (unless 两, which no decimal has), or at a 3-digit
# group after "1," / "1 " (but after "1.5 " or "1.5," the group cannot go on
# a decimal: 14326.5 13581.2 745.3 are three table cells). Then every start
# of a failing outer pattern scans a fresh stretch of text: linear. (A start
# after a space inside a spaced numeral rescans at most the few unit steps
# that spaces may join; the decimal look-back reads at most 13 characters.)
_GROUP_SEP: Final = _cls([*_LEX.lists["group_commas"], *_LEX.lists["group_spaces"]])
# (nor after a comma's group and a space: 32,410 103.9 are two cells, for no numeral groups
# its digits with commas and spaces both)
_COMMA_GROUP_SPACE: Final = (f"{_cls(_LEX.lists['group_commas'])}{_AD}{{3}}"
                             f"{_cls(_LEX.lists['group_spaces'])}")
# (nor after four digits and a space: 22318 268 are two cells, for a group runs to three digits)
_UNGROUPED_SPACE: Final = f"(?<![\\d,.]){_AD}{{4,24}}{_cls(_LEX.lists['group_spaces'])}"
# 队伍643支, 大陆2025年: an Arabic number may follow a character that is a numeral only in
# other words (伍, 陆, 零 ...; numerals.yaml ambiguous_alone)
_AFTER_AMBIGUOUS: Final = f"(?<={_cls(_LEX.lists['ambiguous_alone'])})(?={_AD})"
_NOT_INSIDE: Final = (
    f"(?:(?<!{_NUMERAL_CHAR})|{_AFTER_AMBIGUOUS})"
    f"(?:(?<!{_NUMERAL_CHAR}{_CN_POINT})|(?={_BEFORE_UNIT_DIGIT}))(?<!{_AD}{_APOINT})"
    f"(?!(?<={_AD}{_GROUP_SEP})(?<!{_APOINT}{_AD}{{1,12}}{_GROUP_SEP})(?<!{_COMMA_GROUP_SPACE})"
    f"(?<!{_UNGROUPED_SPACE})"
    f"{_AD}{{3}}(?!{_AD}))")

# 零售, 队伍, 大陆: an ambiguous character starts a numeral only if one goes
# on, or if it is a whole table cell or line.
_AMBIGUOUS: Final = _cls(_LEX.lists["ambiguous_alone"])
_CELL: Final = _cls(_LEX.lists["cell_boundaries"])
_WHOLE_CELL: Final = f"(?<=(?:^|{_CELL}){_SPACE}*){_AMBIGUOUS}(?={_SPACE}*(?:{_CELL}|$))"
_CONTINUES: Final = (f"(?:{_cls([*_DIGITS, *_TENS, *_SMALL, *_LARGE])}|{_CN_POINT}{_CD_FREE}"
                     f"|{_SP}(?:{_MULTIPLIER}|{_CN_POINT}))")
_NOT_A_WORD: Final = (f"(?!{_alt(_LEX.lists['not_numerals'])})"
                      f"(?!(?={_AMBIGUOUS}(?!{_CONTINUES}))(?!{_WHOLE_CELL}))")
_NUMERAL_BODY: Final = f"{_HEAD}(?:{_TAIL})*"

NUMBER_PATTERN: Final[str] = f"{_NOT_INSIDE}(?>{_SIGN}?{_NOT_A_WORD}{_NUMERAL_BODY})"
"""Regex source (for `regex`, VERBOSE-safe, no groups) of one maximal numeral."""
NUMBER_RE: Final = regex.compile(NUMBER_PATTERN)
# After 分之 a lone 肆 or 伍 is a numeral too (萬分之肆), and so is a bare unit (百分之百).
_NUMERATOR: Final = f"(?>{_SIGN}?(?:{_NUMERAL_BODY}|{_MULTIPLIER}+(?!{_NUMERAL_LIKE})))"

# N分之M with spaces (三 分之 一, 二分 之一), the denominator a numeral or bare units (百分之, 百万分之).
_FEN_ZHI: Final = "(?:" + "|".join(
    _OSP + _OSP.join(_esc(ch) for ch in sep) + _OSP for sep in _LEX.lists["fraction_separators"]
    if len(sep) > 1) + ")"
_SLASH: Final = _cls(s for s in _LEX.lists["fraction_separators"] if len(s) == 1)
_PERCENT_SIGN: Final = _cls(_PERCENT)
_PARTS_OF: Final = f"(?:(?:{NUMBER_PATTERN})|(?<!{_NUMERAL_CHAR}){_MULTIPLIER}+){_FEN_ZHI}{_NUMERATOR}"
# 16/5, -3/2; not a date or a path (2022/12/31: no slash or digit on either side).
_SLASHED: Final = (f"(?<!{_AD}|{_APOINT}|{_SLASH})(?:{_SIGN})?{_AD}+{_SLASH}{_AD}+"
                   f"(?!{_AD}|{_APOINT}|{_SLASH})")
FRACTION_PATTERN: Final[str] = (
    f"(?>(?:(?:{NUMBER_PATTERN}){_OSP}{_cls(_LEX.lists['mixed_number_joiners'])}{_OSP})?"
    f"(?:{_PARTS_OF}|{_SLASHED})|(?:{NUMBER_PATTERN}){_OSP}{_PERCENT_SIGN})")
"""Regex source (VERBOSE-safe, no groups) of one fraction, mixed number or percentage,
as `parse_fraction` reads them: 三分之一, 百分之2.4, 三 百 五 又 三 分之 一, 16/5, -22.2%."""

_TOKEN_RE: Final = regex.compile(
    f"(?P<arabic>(?:{_ARABIC_INT}(?:{_APOINT}{_AD}+)?|{_APOINT}{_AD}+)(?:{_EXPONENT_BODY})?)"
    f"|(?P<run>{_CD}+)|(?P<frac>{_CN_POINT}{_SPACE}*{_CD}+)"
    f"|(?P<small>{_cls(_SMALL)})|(?P<large>{_cls(_LARGE)})"
    f"|(?P<approx>{_cls(_MARKERS)})|(?P<half>{_cls(_LEX.halves)})|(?P<space>{_SPACE}+)")
_MARK_RE: Final = regex.compile(_MARK)


# --- parsing -------------------------------------------------------------------

class _Token(NamedTuple):
    kind: str  # arabic | run | frac | small | large | approx | half | space
    text: str


def _context(text: str) -> decimal.Context:
    """Enough digits for any value `text` can spell (one char adds at most 13, an exponent at most
    99), Inexact trapped."""
    return decimal.Context(prec=14 * len(text) + 140, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                           traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero])


def _canonical(value: Decimal) -> Decimal:
    """Integers with exponent 0, fractions without trailing zeros, no negative zero."""
    if value.is_zero():
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _tokenize(body: str, text: str) -> list[_Token]:
    """Tokens of an unsigned numeral, spaces dropped (the pattern decides where they may stand)."""
    body = "".join(_TENS_SPELLED.get(ch, ch) for ch in body)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(body):
        m = _TOKEN_RE.match(body, pos)
        if m is None or m.lastgroup is None:
            raise ValueError(f"not a numeral: {text!r} (at {body[pos:pos + 5]!r})")
        if m.lastgroup != "space":
            tokens.append(_Token(m.lastgroup, "".join(ch for ch in m.group() if ch not in _SPACES)))
        pos = m.end()
    return tokens


def _digits_value(run: str) -> Decimal:
    return Decimal("".join(str(_DIGITS[ch]) for ch in run))


def _check_before_units_only(tokens: list[_Token], text: str) -> None:
    """两 stands alone or before a unit: not in a digit run (二两), after 点, before 点, or last after
    a unit (两万两)."""
    for i, (kind, tok) in enumerate(tokens):
        if not _BEFORE_UNITS_ONLY.intersection(tok) or kind not in ("run", "frac"):
            continue
        following = tokens[i + 1].kind if i + 1 < len(tokens) else None
        if (kind == "frac" or len(tok) > 1 or following == "frac"
                or (i and following not in ("small", "large"))):
            raise ValueError(f"not a numeral: {text!r} ({tok!r} is written only before a unit)")


def _evaluate(tokens: list[_Token], text: str) -> Decimal:  # noqa: C901 - one state machine
    def fail(why: str) -> ValueError:
        return ValueError(f"not a numeral: {text!r} ({why})")

    if not tokens:
        raise fail("empty")
    _check_before_units_only(tokens, text)
    kinds = [t.kind for t in tokens]
    if kinds in (["run"], ["run", "frac"]):  # 二〇〇七, 七二八, 零点五, 一七二零点一
        frac = _digits_value(tokens[1].text[1:]).scaleb(1 - len(tokens[1].text)) if len(tokens) == 2 else 0
        return _digits_value(tokens[0].text) + frac
    groups: list[tuple[Decimal, Decimal]] = []  # (value, magnitude of its unit), magnitudes decreasing
    section = Decimal(0)  # digit x small unit terms since the last large unit
    pending: Decimal | None = None  # a value not yet multiplied by a unit
    short: Decimal | None = None  # scale if pending is a lone digit after a unit (一万三)
    short_after_small = False
    decimal_pending = False  # pending has a fractional part: nothing but units may follow
    closed = False  # a fractional value was consumed: nothing but units may follow
    last_small: int | None = None
    last_mag = Decimal(1)
    for i, (kind, tok) in enumerate(tokens):
        prev = kinds[i - 1] if i else None
        following = kinds[i + 1] if i + 1 < len(kinds) else None
        # a 零 run holds the place of what follows it: 一千零20, 一万零十二 (零十 = 零一十)
        after_zero = prev == "run" and pending is not None and pending.is_zero()
        if kind in ("arabic", "run"):
            if pending is not None and not after_zero or closed:
                raise fail("two values without a unit between them")
            if kind == "run":
                digits = tok.lstrip(_ZEROS)
                if len(digits) > 1:
                    raise fail("digit run inside a numeral with units (an approximate range?)")
                pending = _digits_value(digits) if digits else Decimal(0)
                lone = len(digits) == len(tok) == 1
            else:
                plain = tok.translate(_ARABIC_TRANSLATION)
                pending, lone = Decimal(plain), len(plain) == 1 and plain != "0"
                decimal_pending = not plain.isdigit()  # 2.5, .5, 2e5: only units may follow
            short = last_mag / 10 if lone and prev in ("small", "large") else None
            short_after_small = prev == "small"
        elif kind == "frac":
            if prev is None or decimal_pending or closed:
                raise fail("misplaced decimal point")
            base = (pending or Decimal(0)) * (short or 1)
            pending, short, decimal_pending = base + _digits_value(tok[1:]).scaleb(1 - len(tok)), None, True
        elif kind == "half":  # 半百 = 50
            if i or following not in ("small", "large") or tokens[1].text not in _LEX.halves[tok]:
                raise fail(f"{tok!r} not before one of {_LEX.halves[tok]}")
            pending, decimal_pending = Decimal("0.5"), True
        elif kind == "approx":  # 500余万, 二十几亿, 一百零几万: the round part is the value
            if not i or following != "large":
                raise fail(f"{tok!r} stands between a number and 万/亿")
        elif kind == "small":
            unit = _SMALL[tok]
            if after_zero and unit == 10:
                pending = Decimal(1)
            if pending is None and (i and prev != "large"):
                raise fail(f"{tok!r} without a digit")
            if pending is not None and pending.is_zero() or last_small is not None and unit >= last_small:
                raise fail(f"misplaced {tok!r}")
            section += (Decimal(1) if pending is None else pending) * unit
            closed = closed or decimal_pending
            pending, short, decimal_pending, last_small, last_mag = None, None, False, unit, Decimal(unit)
        else:  # large unit
            unit_mag = Decimal(_LARGE[tok])
            acc = section + (pending or 0) * (short if short is not None and short_after_small else 1)
            popped, popped_mag = Decimal(0), Decimal(1)
            while groups and (groups[-1][1] < unit_mag or (groups[-1][1] == unit_mag and prev == "large")):
                value, mag = groups.pop()
                popped, popped_mag = popped + value, max(popped_mag, mag)
            if acc.is_zero() and popped.is_zero():
                raise fail(f"{tok!r} with nothing to multiply")
            mag = unit_mag * popped_mag
            if groups and groups[-1][1] <= mag:
                raise fail(f"{tok!r} repeats a larger unit")
            groups.append(((acc + popped) * unit_mag, mag))
            closed = closed or decimal_pending
            section, pending, short, decimal_pending, last_small, last_mag = (
                Decimal(0), None, None, False, None, mag)
    tail = (pending or 0) * (short or 1)
    return sum((v for v, _ in groups), Decimal(0)) + section + tail


def _split_sign(text: str) -> tuple[bool, str]:
    body = text.strip()
    if body[:1] in _NEGATIVE:
        return True, body[1:]
    return False, body


def parse_number(text: str) -> Decimal:
    """Read one numeral expression exactly as written.

    >>> parse_number("2兆8,623億")
    Decimal('2862300000000')
    >>> parse_number("一亿二千万"), parse_number("二〇〇七"), parse_number("贰仟零伍拾")
    (Decimal('120000000'), Decimal('2007'), Decimal('2050'))
    >>> parse_number("3.5万亿"), parse_number("二點五億"), parse_number("负五")
    (Decimal('3500000000000'), Decimal('250000000'), Decimal('-5'))
    >>> parse_number("3 426 800"), parse_number("零点五"), parse_number("一万零十二")
    (Decimal('3426800'), Decimal('0.5'), Decimal('10012'))
    >>> parse_number("500余万"), parse_number("二十几亿"), parse_number("7万 5千 4百")
    (Decimal('5000000'), Decimal('2000000000'), Decimal('75400'))
    >>> parse_number("半百"), parse_number("-.5"), parse_number("-127.32e13")
    (Decimal('50'), Decimal('-0.5'), Decimal('-1273200000000000'))
    >>> parse_number("十四五")
    Traceback (most recent call last):
    ...
    ValueError: not a numeral: '十四五' (digit run inside a numeral with units (an approximate range?))
    """
    negative, body = _split_sign(text)
    try:
        with decimal.localcontext(_context(text)):
            value = _canonical(_evaluate(_tokenize(body, text), text))
            return -value if negative and not value.is_zero() else value
    except decimal.DecimalException as exc:
        raise ValueError(f"not a numeral: {text!r} (out of range)") from exc


def approximation(text: str) -> Qualifier | None:
    """The qualifier (qualifiers.yaml's values) that a marker inside a numeral gives, or None.

    >>> approximation("500余万"), approximation("二十几亿"), approximation("十 余 萬"), approximation("2万")
    ('over', 'over', 'over', None)
    """
    m = _MARK_RE.search(text)
    return None if m is None else _MARKERS[m.group()]


# --- fractions and percentages --------------------------------------------------

# number (500余万), fraction (三分之一, 16/5, 三又三分之一), percent (百分之2.4, 5%, 千分之三)
NumeralKind = Literal["number", "fraction", "percent", "tenths"]  # tenths: 三成, 八折 as ratios

def _joint_pattern(joint: str) -> str:
    return f"{_SPACE}*" + f"{_SPACE}*".join(_esc(ch) for ch in joint) + f"{_SPACE}*"


# 分 之, 又 and / with the spaces around them (三 分之 一, 三百 五 又 三分  之一)
_JOINTS_RE: Final = regex.compile("|".join(_joint_pattern(j) for j in sorted(
    [*_LEX.lists["fraction_separators"], *_LEX.lists["mixed_number_joiners"], *_PERCENT],
    key=len, reverse=True)))


def _tighten(body: str) -> str:
    return _JOINTS_RE.sub(lambda m: "".join(ch for ch in m.group() if ch not in _SPACES), body)


def _bare_units(text: str) -> Decimal | None:
    """百 -> 100, 百万 -> 1000000, 万万 -> 100000000: the value of a run of bare units."""
    if not text or not all(ch in _UNITS for ch in text):
        return None
    product = Decimal(1)
    for ch in text:
        product *= _UNITS[ch]
    return product


def _denominator(text: str) -> Decimal:
    value = _bare_units(text)  # 万分之三, 百万分之五: bare units are one of them
    if value is None:
        value = parse_number(text)
    if value.is_zero():
        raise ValueError("zero denominator")
    return value


def parse_fraction(text: str) -> Decimal:
    """Read a fraction or percentage as a ratio (28 significant digits when inexact).

    >>> parse_fraction("四分之三"), parse_fraction("百分之十二点五"), parse_fraction("1/4")
    (Decimal('0.75'), Decimal('0.125'), Decimal('0.25'))
    >>> parse_fraction("三分之一")
    Decimal('0.3333333333333333333333333333')
    >>> parse_fraction("千分之五"), parse_fraction("30%"), parse_fraction("负一又二分之一")
    (Decimal('0.005'), Decimal('0.3'), Decimal('-1.5'))
    >>> parse_fraction("一百万又五十万分之二十五"), parse_fraction("二分 之一"), parse_fraction("万万分之七")
    (Decimal('1000000.00005'), Decimal('0.5'), Decimal('7E-8'))
    """
    negative, body = _split_sign(text)
    try:
        whole, numerator, denominator = _fraction_parts(_tighten(body))
    except ValueError as exc:
        raise ValueError(f"not a fraction: {text!r} ({exc})") from exc
    with decimal.localcontext(decimal.Context(prec=28)):
        ratio = whole + numerator / denominator
    with decimal.localcontext(_context(text)):
        value = _canonical(ratio)
        return -value if negative and not value.is_zero() else value


def _fraction_parts(body: str) -> tuple[Decimal, Decimal, Decimal]:
    """(whole, numerator, denominator) of an unsigned fraction, percentage or mixed number."""
    whole = Decimal(0)
    for joiner in _LEX.lists["mixed_number_joiners"]:
        if joiner in body:
            head, _, body = body.partition(joiner)
            whole = parse_number(head)
    if body[-1:] in _PERCENT:
        return whole, parse_number(body[:-1]), Decimal(_PERCENT[body[-1]])
    found = [s for s in _LEX.lists["fraction_separators"] if s in body]
    if len(found) != 1 or body.count(found[0]) != 1:
        raise ValueError("no single fraction separator")
    before, _, after = body.partition(found[0])
    if found[0] == "分之":  # N分之M = M/N
        return whole, parse_number(after), _denominator(before.strip())
    return whole, parse_number(before), _denominator(after.strip())


def _fraction_kind(text: str) -> NumeralKind:
    """percent (5%, 百分之2.4, 千分之一: bare units of 100 or more below) or fraction."""
    body = _tighten(_split_sign(text)[1])
    if body[-1:] in _PERCENT:
        return "percent"
    before, separator, _ = body.partition("分之")
    if not separator or any(j in body for j in _LEX.lists["mixed_number_joiners"]):
        return "fraction"
    below = _bare_units(before)
    return "percent" if below is not None and below >= 100 else "fraction"


# --- finding ----------------------------------------------------------------------

class Numeral(NamedTuple):
    """A numeral found in text, with its half-open offsets and its reading."""

    start: int
    end: int
    text: str
    value: Decimal  # a fraction's or percentage's ratio: 百分之2.4 -> 0.024
    kind: NumeralKind
    approximation: Qualifier | None  # the qualifier a marker inside gives (500余万 -> over)


def tenths_word_starts(mark: str) -> str:
    """The characters before which `mark` (成, 折) begins a word instead of
    counting tenths (成本, 折合): numerals.yaml tenths_marks."""
    return _LEX.tenths_marks[mark]


@functools.cache
def _finder() -> regex.Pattern[str]:
    """Compiled on first use: the pipeline embeds the patterns in its own and never needs this one."""
    words = "|".join(f"(?<=打){_alt([w[1:]])}" if w.startswith("打") else _alt([w]) for w in _LEX.tenths_words)
    return regex.compile(f"(?P<fraction>{FRACTION_PATTERN})|(?P<tenths_word>{words}){_not_a_word_after()}"
                         f"|{NUMBER_PATTERN}")


def _not_a_word_after() -> str:
    """Right after 成 or 折: no character with which it begins a word (成本, 折合)."""
    return "(?:" + "|".join(f"(?<={_esc(mark)})(?![{regex.escape(chars)}])"
                            for mark, chars in _LEX.tenths_marks.items()) + ")"


@functools.cache
def _tenths_after() -> regex.Pattern[str]:
    """What makes tenths of the number before it: a mark, perhaps a second
    digit before it (九 九 折) and a digit or 半 after it (七成六, 三成半)."""
    digit = _cls([*_ARABIC_DIGITS, *(d for d in _DIGITS if d not in _LEX.lists["ambiguous_alone"])])
    return regex.compile(
        f"(?:{_SP})?(?:(?P<digit2>{digit})(?:{_SP})?)?"
        f"(?P<mark>{_alt(list(_LEX.tenths_marks))}){_not_a_word_after()}"
        f"(?:(?:{_SP})?(?P<tenth>{digit})(?!{_NUMERAL_LIKE}))?(?P<half>半)?")


def _tenths(text: str, numeral: Numeral) -> Numeral | None:
    """`numeral` read with the tenths after it, if any: 三成 -> 0.3, 七成六 ->
    0.76, 三成半 -> 0.35, 八折 -> 0.8, 九 九 折 -> 0.99, 8.5折 -> 0.85."""
    m = _tenths_after().match(text, numeral.end)
    if m is None or numeral.value < 0:
        return None
    value, mark = numeral.value, m.group("mark")
    if m.group("digit2"):
        if mark != "折" or value >= 10 or value != value.to_integral_value():
            return None
        value = value * 10 + parse_number(m.group("digit2"))
    if value < 10 or (mark == "成" and value == 10):
        ratio = value / 10
    elif mark == "折" and value < 100 and (m.group("digit2") or len(numeral.text) == 2):
        ratio = value / 100  # 五五折, 95折: two digits are hundredths (十折 is none)
    else:
        return None
    if (m.group("tenth") or m.group("half")) and value != value.to_integral_value():
        return None
    if m.group("tenth"):
        ratio += parse_number(m.group("tenth")) / 100
    if m.group("half"):
        ratio += Decimal("0.05")
    end = m.end()
    return Numeral(numeral.start, end, text[numeral.start:end], ratio, "tenths", None)


def _read(text: str, start: int, end: int, fraction: bool) -> Numeral | None:
    surface = text[start:end]
    try:
        if fraction:
            return Numeral(start, end, surface, parse_fraction(surface), _fraction_kind(surface), None)
        return Numeral(start, end, surface, parse_number(surface), "number", approximation(surface))
    except ValueError:
        return None


def find_numerals(text: str) -> Iterator[Numeral]:
    """Every numeral of `text` that reads, fractions and percentages whole, in text order.

    >>> [(n.text, str(n.value), n.kind, n.approximation)
    ...  for n in find_numerals("人口500余万，占全省三分之一，增长百分之2.4；1, 234")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('500余万', '5000000', 'number', 'over'), ('三分之一', '0.3333333333333333333333333333', 'fraction', None),
     ('百分之2.4', '0.024', 'percent', None), ('1', '1', 'number', None), ('234', '234', 'number', None)]
    """
    pos = 0
    while (m := _finder().search(text, pos)) is not None:
        pos = m.end()
        if m.group("tenths_word") is not None:  # 半成, (打)对折
            word = m.group("tenths_word")
            value = Decimal(_LEX.tenths_words.get(word) or _LEX.tenths_words["打" + word]) / 100
            yield Numeral(m.start(), m.end(), m.group(), value, "tenths", None)
            continue
        numeral = _read(text, m.start(), m.end(), m.group("fraction") is not None)
        if numeral is not None and numeral.kind == "number" and (tenths := _tenths(text, numeral)):
            pos, numeral = tenths.end, tenths
        if numeral is None and m.group("fraction") is not None:  # 零分之一: the numeral before may read
            number = NUMBER_RE.match(text, m.start())
            if number is not None:
                pos = number.end()
                numeral = _read(text, number.start(), number.end(), False)
        if numeral is not None:
            yield numeral


def to_plain(value: Decimal) -> str:
    """Fixed-point text without exponent or trailing fractional zeros.

    >>> to_plain(Decimal("2.5874E+7")), to_plain(Decimal("0.50")), to_plain(Decimal("2862300000000"))
    ('25874000', '0.5', '2862300000000')
    >>> to_plain(Decimal("-0.0")), to_plain(Decimal("100"))
    ('0', '100')
    """
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    plain = format(value, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return "0" if plain in ("-0", "") else plain


def character_classes() -> Mapping[str, tuple[str, ...]]:
    """The character sets of numerals.yaml that rule fragments are built from
    (pipeline/fragments.py), so no rule retypes a numeral class.

    >>> classes = character_classes()
    >>> "".join(classes["cn_counts"]), classes["multipliers"][:4]
    ('一二两三四五六七八九十百', ('万', '萬', '亿', '億'))
    """
    digits = tuple(ch for ch in _LEX.lists["everyday"] if ch in _DIGITS)
    small = tuple(ch for ch in _LEX.lists["everyday"] if ch in _SMALL)
    return MappingProxyType({
        "cn_digits": digits,
        "cn_counts": (*(ch for ch in digits if _DIGITS[ch]), *(ch for ch in small if _SMALL[ch] <= 100)),
        "everyday_small": small,
        "cn_numerals": (*_DIGITS, *_TENS, *_SMALL, *_LARGE, *_LEX.halves),  # 半 begins 半百
        # what may stand after a number as its multiplier: 万, 亿, 万亿, 千万, and 千/百
        # after digits (782.7千公顷, 单位:百万元)
        "large_multipliers": (*_LARGE, *_LEX.maps["compound_multipliers"]),
        "multipliers": (*_LARGE, *_LEX.maps["compound_multipliers"],
                        *(ch for ch in small if _SMALL[ch] >= 100)),
    })


def unit_prefix_exclusions() -> Mapping[str, tuple[str, ...]]:
    """What may follow 千/兆/百 for it to begin a unit's name (千克, 兆瓦)
    rather than be a multiplier (numerals.yaml `unit_prefix_exclusions`)."""
    return _LEX.exclusions
