"""Quantities: a number, its unit, qualifier and change direction.

Three steps, each its own function:
1. `find` runs the quantity patterns (built once from lexicons and the
   numeral pattern) and yields raw candidates with their regex groups;
2. `resolve` turns one candidate into value, unit and qualifier, or drops it
   with a reason (a date, a code like 5G, an article 一, a frozen N大 ...);
3. `share_units` gives a unit to the bare first members of ranges and lists
   (10-15个, 分别高0.7、1.4个百分点), and `add_direction` reads 增长/下降 and
   同比/比上年 from the words before the number.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from decimal import Decimal

import regex

from ..lexicons import Lexicons, or_regex
from ..models import Token, Zone
from ..numerals import NUMBER_PATTERN, parse_fraction, parse_number
from ..offsets import Candidate, Lines, Span, longest_first, outside, unsuppressed, word_edges

_HAN_NUMERAL = regex.compile(r"[〇零一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟]")
_TRAILING_MULTIPLIER = regex.compile(r"(万亿|亿|万|千万|百万|兆)$")
_IMPLAUSIBLE = Decimal("1e20")  # more than any amount a release states (1 万亿 is 1e12)
_TABLE_UNIT = regex.compile(r"(?:计量)?单位\s*[:：]\s*(?P<cell>\S+)")  # 单位:亿元 over a table
_RANGE_SEPARATOR = regex.compile(r"\s*(?:[-—~～至到]|－)\s*")
_LIST_SEPARATOR = regex.compile(r"\s*(?:、|和|及|与|或)\s*")  # not ",": it ends a clause
# 增速比全国高1.0、比全省高0.4个百分点: list members with their own short comparison
_PARALLEL = regex.compile(r"、[^\d,，。;；:：]{1,8}")
_RANGE_BEFORE = regex.compile(r"[\d%〇零一二两三四五六七八九十百千万亿]")  # 10-15个: a dash after a number
_LATIN = regex.compile(r"[A-Za-z]")
_LATIN_BEFORE = regex.compile(r"[A-Za-z]\.?$")
_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
_HAN = regex.compile(r"\p{Han}")
_CHENG_STOP = "本员为立功果绩熟交都效型就长品分套年式家片人"  # 成本, 成员 ... are words, not 成 "tenths"


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    units = or_regex(lex.unit_by_surface)
    ge_units = or_regex(s for u in lex.units if u.ge for s in u.surfaces)
    per_units = or_regex(
        s for u in lex.units if u.unit_class in ("physical",) for s in u.surfaces
    )
    before = or_regex(q.surface for q in lex.qualifiers["before"])
    mid = or_regex(q.surface for q in lex.qualifiers["mid"])
    after = or_regex(q.surface for q in lex.qualifiers["after"])
    number = f"(?:{NUMBER_PATTERN})"
    return {
        # 超2600万, 2万余家, 3个百分点, 一个多小时, 7微克每立方米, 100亿元以上
        "qty.number_unit": regex.compile(
            rf"""
            (?P<pre>{before})?
            (?P<num>{number})
            (?P<mid>{mid})?
            (?:个(?P<mid2>{mid})?(?={ge_units}))?
            (?P<unit>{units})?
            (?:每(?P<per>{per_units}))?
            (?P<post>{after})?
            """,
            regex.VERBOSE,
        ),
        # 每立方米23微克: a concentration unit written before the number
        "qty.per_unit_first": regex.compile(
            rf"每(?P<per>{per_units})(?P<pre>{before})?(?P<num>{number})(?P<unit>{units})"
        ),
        # 百分之三十, 千分之五
        "qty.percent_words": regex.compile(rf"(?P<pre>{before})?(?P<frac>[百千]分之{number})"),
        # 三分之一, 四分之三: a share, read as a percentage
        "qty.fraction_words": regex.compile(rf"(?P<pre>{before})?(?P<frac>{number}分之{number})"),
        # 缩短1/4
        "qty.fraction_digits": regex.compile(r"(?<![\d/.])(?P<frac>[1-9]\d?/[1-9]\d?)(?![\d/])"),
        # 三成, 八成, 两成七: tenths (and hundredths), read as a percentage
        "qty.cheng": regex.compile(
            rf"(?P<pre>{before})?(?P<num>[一二两三四五六七八九]|[1-9])成"
            rf"(?:(?P<half>半)|(?P<tenth>[一二三四五六七八九])(?!\p{{Han}}))?(?![{_CHENG_STOP}])"
        ),
    }


@functools.cache
def _unit_with_multiplier(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(rf"(?P<mult>万亿|亿|万|千万|百万|千)?(?P<unit>{or_regex(lex.unit_by_surface)})")


@functools.cache
def _non_quantity(lex: Lexicons) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((nq.id, regex.compile(nq.pattern)) for nq in lex.non_quantity)


def find(norm: str, lex: Lexicons) -> Iterator[Candidate]:
    """Raw candidates of every quantity pattern, groups in `fields`."""
    for rule, pattern in _patterns(lex).items():
        for match in pattern.finditer(norm):
            groups = {k: v for k, v in match.groupdict().items() if v}
            groups["num_start"] = match.start("num") if "num" in groups else match.start()
            groups["num_end"] = match.end("num") if "num" in groups else match.end()
            if "unit" in groups:
                groups["unit_start"] = match.start("unit")
            yield Candidate(match.start(), match.end(), "quantity", rule, groups)


def _qualifier(lex: Lexicons, groups: dict[str, str]) -> str | None:
    for position, key in (("before", "pre"), ("mid", "mid"), ("mid", "mid2"), ("after", "post")):
        for q in lex.qualifiers[position]:
            if groups.get(key) == q.surface:
                return q.value
    return None


def _unit(lex: Lexicons, groups: dict[str, str]) -> str | None:
    surface = groups.get("unit")
    if not surface:
        return None
    unit = lex.unit_by_surface[surface].canonical
    per = groups.get("per")
    return f"{unit}/{lex.unit_by_surface[per].canonical}" if per else unit


def _trim_sign(norm: str, cand: Candidate, word_edges: frozenset[int]) -> Candidate:
    """A sign that belongs to the word before is no sign: the '-' of a range
    (10-15个) or the 负 of 减负 / 正负."""
    num = cand.fields["num"]
    sign = num[:1]
    before = norm[cand.start - 1:cand.start]
    if cand.rule == "qty.number_unit" and (
        (sign in "-−" and bool(_RANGE_BEFORE.match(before)))
        or (sign in "负負" and (_HAN.match(before) is not None or cand.start not in word_edges))
    ):
        fields = {**cand.fields, "num": num[1:], "num_start": cand.fields["num_start"] + 1}
        return Candidate(cand.start + 1, cand.end, cand.kind, cand.rule, fields)
    return cand


def _drop_unit(cand: Candidate) -> Candidate:
    """The candidate without its unit and anything after the number."""
    fields = {k: v for k, v in cand.fields.items() if k not in ("unit", "per", "post", "mid2")}
    end = cand.fields["num_end"] + len(fields.get("mid", ""))
    return Candidate(cand.start, end, cand.kind, cand.rule, fields)


def _unit_starts_noun(norm: str, cand: Candidate, lex: Lexicons) -> bool:
    """The "unit" begins a counted noun instead (六部委: 部委, 五部门: 部门)."""
    return "unit" in cand.fields and _counts_noun(norm, cand.fields["unit_start"], lex)


def _needs_digits(num: str, cand: Candidate, lex: Lexicons) -> bool:
    unit = lex.unit_by_surface.get(cand.fields.get("unit", ""))
    return unit is not None and unit.arabic_only and not num[:1].isdigit()


def resolve(norm: str, cand: Candidate, lex: Lexicons, word_edges: frozenset[int],
            lines: Lines) -> Candidate | None:
    """Value, unit and qualifier of one raw candidate, or None if it states no amount."""
    groups = cand.fields
    rule = cand.rule
    try:
        if rule in ("qty.percent_words", "qty.fraction_words", "qty.fraction_digits"):
            frac = groups["frac"]
            share = parse_fraction(frac)
            unit = "‰" if frac.startswith("千分之") else "%"
            value = share * (1000 if unit == "‰" else 100)
            return _with(cand, value, unit, lex)
        if rule == "qty.cheng":
            if cand.end not in word_edges and _HAN.match(norm[cand.end:cand.end + 1] or " "):
                return None  # 一成不变: 成 inside a word, not tenths
            tenth = parse_number(groups["tenth"]) if groups.get("tenth") else 5 if groups.get("half") else 0
            value = parse_number(groups["num"]) * 10 + tenth  # 两成七 = 27%
            return _with(cand, value, "%", lex)
        cand = _trim_sign(norm, cand, word_edges)
        num = cand.fields["num"]
        value = parse_number(num)
    except (ValueError, ArithmeticError):
        return None
    if abs(value) >= _IMPLAUSIBLE:
        return None  # a run of digits, not an amount (and no float could hold it)
    if _unit_starts_noun(norm, cand, lex) or _needs_digits(num, cand, lex):
        cand = _drop_unit(cand)
    groups = cand.fields
    before, after = norm[max(0, cand.start - 1):cand.start], norm[cand.end:cand.end + 1]
    num_before = norm[max(0, groups["num_start"] - 2):groups["num_start"]]
    has_unit = "unit" in groups
    chinese = bool(_HAN_NUMERAL.match(num[0])) if num else False
    bare_han = chinese and not _TRAILING_MULTIPLIER.search(num)
    if num_before.endswith("第") or _LATIN_BEFORE.search(num_before) and not has_unit:
        return None  # ordinal, or a code such as NO.1 / PM2.5
    if _LATIN.match(after) and not has_unit:
        return None  # 5G, 4K, 10G-PON
    if before and after and before in "“\"'「『" and after in "”\"'」』" and not has_unit:
        return None  # "415": a name in quotes
    if chinese and groups["num_start"] not in word_edges:
        return None  # inside a word: 统一, 万一
    if num == "一" and not (groups.get("mid") or groups.get("mid2")):
        return None  # 一 as an article: 一句话, 一批, 一年中
    if not has_unit:
        if bare_han and not _counts_noun(norm, cand.end, lex):
            return None  # 两化, 四季, 其二: a Chinese numeral needs a unit or a counted noun
        if not chinese and _is_bare_code(norm, cand, lines):
            return None
    return _with(cand, value, _unit(lex, groups), lex)


def _counts_noun(norm: str, pos: int, lex: Lexicons) -> bool:
    return _countable(lex).match(norm, pos) is not None


@functools.cache
def _countable(lex: Lexicons) -> regex.Pattern[str]:
    return regex.compile(or_regex(lex.countable_nouns))


def _is_bare_code(norm: str, cand: Candidate, lines: Lines) -> bool:
    """A unitless Arabic number that is a year, label, list marker or counter."""
    num = cand.fields["num"]
    line_start, line_end = lines.start_of(cand.start), lines.end_of(cand.start)
    after = norm[cand.end:cand.end + 1]
    if _YEAR_LIKE.fullmatch(num):
        return True  # a year written without 年 (护网2022, 《报告(2022)》)
    if norm[line_start:cand.start].strip() == "" and after in ("、", ".", ")", "）"):
        return True  # list marker: 1、 2.
    if cand.start > 0 and after and norm[cand.start - 1] in "(（" and after in ")）":
        return True  # (4): a label
    if cand.end == line_end and line_end - line_start < 30 and num.isdigit() and regex.match(
        r"\p{Han}", norm[cand.start - 1:cand.start] or " "
    ):
        return True  # a page counter at the end of a short line (新闻8)
    return after != "" and after in "年月日号时"  # parts of dates and times no date rule took


def _with(cand: Candidate, value: Decimal, unit: str | None, lex: Lexicons) -> Candidate:
    fields = {
        **cand.fields,
        "value": value,
        "unit_canonical": unit,
        "qualifier": _qualifier(lex, cand.fields),
    }
    return Candidate(cand.start, cand.end, cand.kind, cand.rule, fields)


def share_units(norm: str, cands: list[Candidate]) -> list[Candidate]:
    """Bare members of a range or list take the unit of the member after them.

    `10-15个` gives 10 个 and 15 个; `0.7、1.4个百分点` gives two 百分点.
    In a range the multiplier is shared too: 3至5万元 is 3万 to 5万.
    """
    out = list(cands)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.fields.get("unit_canonical") or not b.fields.get("unit_canonical"):
            continue
        between = norm[a.end:b.start]
        is_range = bool(_RANGE_SEPARATOR.fullmatch(between))
        if not (is_range or _LIST_SEPARATOR.fullmatch(between) or _PARALLEL.fullmatch(between)):
            continue
        fields = {**a.fields, "unit_canonical": b.fields["unit_canonical"]}
        multiplier = _TRAILING_MULTIPLIER.search(b.fields.get("num", ""))
        if is_range and multiplier and not _TRAILING_MULTIPLIER.search(a.fields.get("num", "")):
            fields["value"] = a.fields["value"] * parse_number("1" + multiplier.group())
        out[i] = Candidate(a.start, a.end, a.kind, a.rule, {**fields, "shared_unit": True})
    return out


def table_units(norm: str, cands: list[Candidate], lex: Lexicons) -> list[Candidate]:
    """Cells of a flattened table take the unit of its header (GUIDELINES).

    Two layouts: a `单位:亿元` line over the table (the table's unit and
    multiplier: 295.4 -> 29540000000 元), or a `单位` column giving each row
    its own (发电量 亿千瓦时 1798.4). The table runs to the next blank line;
    its first line names the columns, and a column whose header carries a
    unit in brackets (比上年增长(%)) gives that unit instead. A signed cell
    keeps its sign.
    """
    out = list(cands)
    cand_starts = [c.start for c in out]  # in text order
    table_end = -1
    for header, table_unit in _tables(norm, lex):
        if header.start() < table_end:
            continue  # a 单位 cell inside a table already read
        table_end = _blank_line_after(norm, header.end())
        lines = list(regex.finditer(r"[^\n]+", norm, pos=header.end() + 1, endpos=table_end))
        line_starts = [ln.start() for ln in lines]
        cells = header.group().split()
        header_units = [_bracket_unit(cell, lex) for cell in cells]
        unit_column = cells.index("单位") if "单位" in cells else None
        first = bisect_left(cand_starts, lines[0].start()) if lines else len(out)
        last = bisect_left(cand_starts, lines[-1].end()) if lines else len(out)
        for i in range(first, last):
            cand = out[i]
            at = bisect_right(line_starts, cand.start) - 1
            line = lines[at] if at >= 0 and cand.start < lines[at].end() else None
            if line is None or cand.fields.get("unit_canonical") or cand.rule != "qty.number_unit":
                continue
            row = line.group().split()
            column = len(norm[line.start():cand.start].split())
            own = header_units[column] if column < len(header_units) else None
            row_unit = _unit_cell(row[unit_column], lex) if unit_column is not None and unit_column < len(row) else None
            unit, multiplier = (own, Decimal(1)) if own else row_unit or table_unit or (None, Decimal(1))
            if unit is None:
                continue
            fields = {**cand.fields, "unit_canonical": unit, "table": True,
                      "value": cand.fields["value"] * multiplier}
            out[i] = Candidate(cand.start, cand.end, cand.kind, "qty.table_cell", fields)
    return out


def _tables(norm: str, lex: Lexicons) -> Iterator[tuple[regex.Match[str], tuple[str, Decimal] | None]]:
    """Header lines of flattened tables, with the unit a `单位:` line gives them."""
    for m in regex.finditer(r"[^\n]+", norm):
        line = m.group()
        unit_line = _TABLE_UNIT.fullmatch(line.strip())
        if unit_line:
            header = regex.compile(r"[^\n]+").search(norm, m.end() + 1)
            if header is not None:
                yield header, _unit_cell(unit_line.group("cell"), lex)
        elif "单位" in line.split() and len(line.split()) >= 3:
            yield m, None


def _unit_cell(cell: str, lex: Lexicons) -> tuple[str, Decimal] | None:
    """`亿元` -> (元, 1e8), `吨` -> (吨, 1): a unit with its multiplier, as a table writes it."""
    m = _unit_with_multiplier(lex).fullmatch(cell)
    if m is None:
        return None
    multiplier = parse_number("1" + m.group("mult")) if m.group("mult") else Decimal(1)
    return lex.unit_by_surface[m.group("unit")].canonical, multiplier


def _blank_line_after(norm: str, pos: int) -> int:
    blank = regex.compile(r"\n[ ]*\n").search(norm, pos)
    return blank.start() if blank else len(norm)


def _bracket_unit(cell: str, lex: Lexicons) -> str | None:
    m = regex.search(r"[(（]([^()（）]+)[)）]$", cell)
    unit = lex.unit_by_surface.get(m.group(1)) if m else None
    return unit.canonical if unit else None


def _blocked_by_pattern(norm: str, lex: Lexicons) -> list[Span]:
    return [
        Span(m.start(), m.end())
        for _, pattern in _non_quantity(lex)
        for m in pattern.finditer(norm)
    ]


def extract(
    norm: str,
    lex: Lexicons,
    tokens: Sequence[Token],
    zones: Sequence[Zone],
    blockers: Sequence[Span],
) -> list[Candidate]:
    """Quantity candidates of a document, resolved, in text order.

    `blockers` are spans already taken by dates, rankings, titles and names:
    no quantity overlaps them.
    """
    edges = word_edges(tokens)
    lines = Lines(norm)
    resolved = [
        r for c in find(norm, lex) if (r := resolve(norm, c, lex, edges, lines)) is not None
    ]
    kept = longest_first(outside(resolved, [*blockers, *_blocked_by_pattern(norm, lex)]))
    kept = unsuppressed(kept, zones)
    return table_units(norm, share_units(norm, kept), lex)
