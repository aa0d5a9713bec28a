"""Read Chinese and Arabic numerals as exact Decimals, and find them in text.

The character data (digits, units, signs, separators) lives in
``lexicons/numerals.yaml`` and is loaded once, at import, into read-only
mappings; every function here is pure.

* `parse_number` reads one numeral expression as written: Arabic (with
  ``,``/``，``/space thousands groups, full-width digits), Chinese
  (一千二百, 一百零三, 十二万三千), digit by digit (二〇〇七), financial
  capitals (贰仟零伍拾), Traditional (二點五億), and mixtures (2兆8,623億).
* `parse_fraction` reads 三分之一, 百分之十二点五, 1/4 and 30% as ratios.
* `NUMBER_PATTERN` / `NUMBER_RE` find one maximal numeral in running text.
  The grammar is unambiguous (each character has one role, every repeated
  group starts with a unit character, and value chunks are greedy runs that
  cannot contain one); it is wrapped in an atomic group, so an outer pattern
  never backtracks into it, and lookarounds stop a match from starting
  inside another numeral, so a failing outer pattern stays linear. Unit
  names that begin with a multiplier (千克, 兆瓦) and characters that alone
  are words (零售, 队伍) are left alone; see numerals.yaml.
* `to_plain` writes a Decimal without exponent or trailing zeros.

A lone digit right after a unit is the spoken abbreviation of the next lower
place (一万三 = 13000, 两千三 = 2300, 1万5 = 15000) unless a 零 stands between
(一万零五 = 10005). Runs of two or more digits are read digit by digit only when
they are the whole integer part (一九九七); inside a structured numeral they
are approximate ranges (二三十, 十四五) and are refused.
"""
from __future__ import annotations

import decimal
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import regex
import yaml

__all__ = ["NUMBER_PATTERN", "NUMBER_RE", "character_classes", "parse_fraction", "parse_number", "to_plain"]

_LEXICON_PATH: Final = Path(__file__).parent / "lexicons" / "numerals.yaml"
_MAP_BLOCKS: Final = ("arabic_digits", "digits", "tens", "small_units", "large_units",
                      "compound_multipliers", "percent_signs")
_LIST_BLOCKS: Final = ("decimal_points", "arabic_decimal_points", "group_commas", "group_spaces",
                       "negative_signs", "fraction_separators", "mixed_number_joiners")
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
    lists: Mapping[str, tuple[str, ...]]
    exclusions: Mapping[str, tuple[str, ...]]


def _load_lexicon(text: str) -> _Lexicon:
    """Parse and check numerals.yaml; raise ValueError on any inconsistency."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(f"numerals lexicon: {exc}") from exc
    expected = {*_MAP_BLOCKS, *_LIST_BLOCKS, "ambiguous_alone", "unit_prefix_exclusions", "everyday"}
    if not isinstance(raw, dict) or set(raw) != expected:
        raise ValueError(f"numerals lexicon must have exactly the blocks {sorted(expected)}")
    maps: dict[str, Mapping[str, int]] = {}
    lists: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for block in (*_MAP_BLOCKS, *_LIST_BLOCKS):
        entries = list(raw[block]) if isinstance(raw[block], (dict, list)) else []
        if not entries or not all(isinstance(e, str) and e for e in entries):
            raise ValueError(f"block {block!r} must be a non-empty list or mapping of strings")
        for entry in entries:
            if len(entry) != 1 and block not in _MULTI_CHAR_BLOCKS:
                raise ValueError(f"{block}: {entry!r} is not one character")
            if entry in owner:
                raise ValueError(f"{entry!r} is listed in both {owner[entry]!r} and {block!r}")
            owner[entry] = block
        if block in _MAP_BLOCKS:
            values = raw[block]
            if not all(type(v) is int and v >= 0 for v in values.values()):
                raise ValueError(f"block {block!r} must map to non-negative integers")
            maps[block] = MappingProxyType(dict(values))
        else:
            lists[block] = tuple(entries)
    units = {**maps["small_units"], **maps["large_units"]}
    for word, value in maps["compound_multipliers"].items():
        product = 1
        for ch in word:
            product *= units.get(ch, 0)
        if product != value:
            raise ValueError(f"compound multiplier {word!r} = {value} is not the product of its units")
    ambiguous = raw["ambiguous_alone"]
    if (not isinstance(ambiguous, list) or len(set(ambiguous)) != len(ambiguous)
            or not all(owner.get(ch) in ("digits", "small_units") for ch in ambiguous)):
        raise ValueError("ambiguous_alone must list distinct digits or small units")
    lists["ambiguous_alone"] = tuple(ambiguous)
    everyday = raw["everyday"]
    if not isinstance(everyday, list) or not all(owner.get(ch) in ("digits", "small_units") for ch in everyday):
        raise ValueError("everyday must list digits and small units")
    lists["everyday"] = tuple(everyday)
    exclusions_raw = raw["unit_prefix_exclusions"]
    if not isinstance(exclusions_raw, dict):
        raise ValueError("unit_prefix_exclusions must be a mapping")
    exclusions: dict[str, tuple[str, ...]] = {}
    for unit, followers in exclusions_raw.items():
        if unit not in units or not isinstance(followers, list) or len(set(followers)) != len(followers):
            raise ValueError(f"unit_prefix_exclusions[{unit!r}] must be a unit with unique followers")
        exclusions[unit] = tuple(str(f) for f in followers)
    return _Lexicon(MappingProxyType(maps), MappingProxyType(lists), MappingProxyType(exclusions))


_LEX: Final = _load_lexicon(_LEXICON_PATH.read_text(encoding="utf-8"))
_ARABIC_DIGITS: Final = _LEX.maps["arabic_digits"]
_DIGITS: Final = _LEX.maps["digits"]
_TENS: Final = _LEX.maps["tens"]
_SMALL: Final = _LEX.maps["small_units"]
_LARGE: Final = _LEX.maps["large_units"]
_UNITS: Final = MappingProxyType({**_SMALL, **_LARGE})
_PERCENT: Final = _LEX.maps["percent_signs"]
_POINTS: Final = _LEX.lists["decimal_points"]
_NEGATIVE: Final = _LEX.lists["negative_signs"]
_ZEROS: Final = "".join(ch for ch, v in _DIGITS.items() if v == 0)
# 廿 -> 二十: the first-listed digit of each value spells the tens out.
_DIGIT_CHAR: Final = {v: ch for ch, v in reversed(list(_DIGITS.items()))}
_TENS_SPELLED: Final = MappingProxyType(
    {ch: _DIGIT_CHAR[v // 10] + next(u for u, uv in _SMALL.items() if uv == 10) for ch, v in _TENS.items()})
_ARABIC_TRANSLATION: Final = str.maketrans(
    {**{ch: str(v) for ch, v in _ARABIC_DIGITS.items()},
     **{ch: "." for ch in _LEX.lists["arabic_decimal_points"]},
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


_AD: Final = _cls(_ARABIC_DIGITS)
_ARABIC_INT: Final = (f"(?:{_AD}{{1,3}}(?:{_cls(_LEX.lists['group_commas'])}{_AD}{{3}}(?!{_AD}))+"
                      f"|{_AD}{{1,3}}(?:{_cls(_LEX.lists['group_spaces'])}{_AD}{{3}}(?!{_AD}))+"
                      f"|{_AD}+)")
_ARABIC: Final = f"{_ARABIC_INT}(?:{_cls(_LEX.lists['arabic_decimal_points'])}{_AD}+)?"
_CD: Final = _cls(_DIGITS)
_SMALL_UNIT: Final = _unit_fragment(_SMALL)
_MULTIPLIER: Final = _unit_fragment([*_SMALL, *_LARGE])
# 点 + digits, not followed by a digit or a small unit (十点五十分 is a time).
_CN_DECIMAL: Final = f"{_cls(_POINTS)}{_CD}+(?!{_CD}|{_cls(_TENS)}|{_SMALL_UNIT})"
_CHINESE: Final = f"{_CD}+(?:{_CN_DECIMAL})?"
_VALUE: Final = f"(?:{_ARABIC}|{_CHINESE}|{_CN_DECIMAL})"
_TEN_HEAD: Final = _cls([*_TENS, *(u for u, v in _SMALL.items() if v == 10)])
_HEAD: Final = f"(?:{_ARABIC}|{_CHINESE}|{_TEN_HEAD}{_VALUE}?)"
_WORD_SIGNS: Final = [s for s in _NEGATIVE if s.isalpha()]
_SYMBOL_SIGNS: Final = [s for s in _NEGATIVE if not s.isalpha()]
_SIGN: Final = f"(?:{_cls(_WORD_SIGNS)}|(?<![A-Za-z]|{_AD}){_cls(_SYMBOL_SIGNS)})"
_NUMERAL_CHAR: Final = _cls([*_ARABIC_DIGITS, *_DIGITS, *_TENS, *_SMALL, *_LARGE])
# Never start inside another numeral: after a numeral character, after 点 or
# "." that follows one, or at a 3-digit group after "1," / "1 ". Then every
# start of a failing outer pattern scans a fresh stretch of text: linear.
_NOT_INSIDE: Final = (
    f"(?<!{_NUMERAL_CHAR})(?<!{_NUMERAL_CHAR}{_cls(_POINTS)})"
    f"(?<!{_AD}{_cls(_LEX.lists['arabic_decimal_points'])})"
    f"(?!(?<={_AD}{_cls([*_LEX.lists['group_commas'], *_LEX.lists['group_spaces']])}){_AD}{{3}}(?!{_AD}))")

# 零售, 队伍, 大陆: an ambiguous character starts a numeral only if one goes on.
_CONTINUES: Final = f"(?:{_cls([*_DIGITS, *_TENS, *_SMALL, *_LARGE])}|{_cls(_POINTS)}{_CD})"
_NOT_A_WORD: Final = f"(?!{_cls(_LEX.lists['ambiguous_alone'])}(?!{_CONTINUES}))"

NUMBER_PATTERN: Final[str] = f"{_NOT_INSIDE}(?>{_SIGN}?{_NOT_A_WORD}{_HEAD}(?:{_MULTIPLIER}{_VALUE}?)*)"
"""Regex source (for `regex`, VERBOSE-safe, no groups) of one maximal numeral."""
NUMBER_RE: Final = regex.compile(NUMBER_PATTERN)

_TOKEN_RE: Final = regex.compile(
    f"(?P<arabic>{_ARABIC})|(?P<run>{_CD}+)|(?P<frac>{_cls(_POINTS)}{_CD}+)"
    f"|(?P<small>{_cls(_SMALL)})|(?P<large>{_cls(_LARGE)})")


# --- parsing -------------------------------------------------------------------

class _Token(NamedTuple):
    kind: str  # arabic | run | frac | small | large
    text: str


def _context(text: str) -> decimal.Context:
    """Enough digits for any value `text` can spell (one char adds at most 13), Inexact trapped."""
    return decimal.Context(prec=14 * len(text) + 40, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                           traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero])


def _canonical(value: Decimal) -> Decimal:
    """Integers with exponent 0, fractions without trailing zeros, no negative zero."""
    if value.is_zero():
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _tokenize(body: str, text: str) -> list[_Token]:
    body = "".join(_TENS_SPELLED.get(ch, ch) for ch in body)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(body):
        m = _TOKEN_RE.match(body, pos)
        if m is None or m.lastgroup is None:
            raise ValueError(f"not a numeral: {text!r} (at {body[pos:pos + 5]!r})")
        tokens.append(_Token(m.lastgroup, m.group()))
        pos = m.end()
    return tokens


def _digits_value(run: str) -> Decimal:
    return Decimal("".join(str(_DIGITS[ch]) for ch in run))


def _evaluate(tokens: list[_Token], text: str) -> Decimal:  # noqa: C901 - one state machine
    def fail(why: str) -> ValueError:
        return ValueError(f"not a numeral: {text!r} ({why})")

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
        if kind in ("arabic", "run"):
            if pending is not None or closed:
                raise fail("two values without a unit between them")
            if kind == "run":
                digits = tok.lstrip(_ZEROS)
                if len(digits) > 1:
                    raise fail("digit run inside a numeral with units (an approximate range?)")
                pending, lone = (_digits_value(digits) if digits else Decimal(0)), len(digits) == len(tok) == 1
            else:
                plain = tok.translate(_ARABIC_TRANSLATION)
                pending, lone, decimal_pending = Decimal(plain), len(plain) == 1 and plain != "0", "." in plain
            short = last_mag / 10 if lone and prev in ("small", "large") else None
            short_after_small = prev == "small"
        elif kind == "frac":
            if prev is None or decimal_pending or closed:
                raise fail("misplaced decimal point")
            base = (pending or Decimal(0)) * (short or 1)
            pending, short, decimal_pending = base + _digits_value(tok[1:]).scaleb(1 - len(tok)), None, True
        elif kind == "small":
            unit = _SMALL[tok]
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
    if not tokens:
        raise fail("empty")
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
    >>> parse_number("3 426 800"), parse_number("零点五")
    (Decimal('3426800'), Decimal('0.5'))
    >>> parse_number("十四五")
    Traceback (most recent call last):
    ...
    ValueError: not a numeral: '十四五' (digit run inside a numeral with units (an approximate range?))
    """
    negative, body = _split_sign(text)
    with decimal.localcontext(_context(text)):
        value = _canonical(_evaluate(_tokenize(body, text), text))
        return -value if negative and not value.is_zero() else value


def _denominator(text: str) -> Decimal:
    if text in _UNITS:  # 万分之三, 亿分之一: a bare unit is one of it
        return Decimal(_UNITS[text])
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
    """
    negative, body = _split_sign(text)
    try:
        whole, numerator, denominator = _fraction_parts(body)
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
        "cn_numerals": (*_DIGITS, *_TENS, *_SMALL, *_LARGE),
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
