"""DATE entities: calendar expressions that contain a numeral, normalised to
ISO 8601 where the text allows.

Spans keep only the calendar part (`2018-01-24 16:20` -> `2018-01-24`,
`1月24日上午9时` -> `1月24日`). Quantities never overlap a date: the runner
extracts dates first and removes quantity candidates inside them.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator

import regex

from ..numerals import parse_number
from ..offsets import Candidate, longest_first

# Fragments. Years are four digits, Arabic or Chinese digit by digit.
_CN_DIGIT = "〇零一二三四五六七八九"
_YEAR = rf"(?:(?<!\d)(?:1[89]|20|21)\d\d(?!\d)|[{_CN_DIGIT}]{{4}})"
_MONTH = r"(?:(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)|[二三]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
_QUARTER = r"(?:第?[一二三四1-4]季度|第[一二三四1-4]季(?!度)|前[一二三]季度|[1-4]季度)"
_YEAR_PART = r"(?:上半年|下半年|年底|年末|年初|年中)"
_RANGE = r"(?:[-—~～至到]|－)"

# 7月10日, 1至6月, 3月末, 11月17日—25日
_MONTH_DAY = rf"""
    (?P<m>{_MONTH})(?:{_RANGE}(?P<m2>{_MONTH}))?月份?
    (?: (?P<d>{_DAY})[日号]
        (?: {_RANGE} (?:(?P<m3>{_MONTH})月)? (?P<d2>{_DAY})[日号] )?
      | (?P<mpart>末|底|初|上旬|中旬|下旬) )?"""
# What may follow N年: 底, 一季度, 上半年, 首五个月, a month and day.
_YEAR_TAIL = rf"""
    (?: (?P<part>底|末|初)
      | (?P<q>{_QUARTER})
      | (?P<half>上半年|下半年)
      | (?P<first>首[一二三四五六七八九十\d]{{1,3}}个?月)
      | {_MONTH_DAY}
    )?"""

_PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (rule, regex.compile(pattern, regex.VERBOSE))
    for rule, pattern in (
        # 2025-06-19, 2018/02/18, 2018.02.18 (clock times after it are dropped)
        ("date.iso", r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"),
        # 2013-2021年, 一九九七至二零零六年, 二零零五及二零零六年
        ("date.year_range", rf"(?P<y>{_YEAR})(?:{_RANGE}|及|和|、)(?P<y2>{_YEAR})年"),
        # 2022年, 2022年底, 2023年一季度, 2021年1月1日~2月28日, 二零零七年三月
        ("date.year", rf"(?P<y>{_YEAR})年{_YEAR_TAIL}"),
        # 7月10日, 11月17日—25日, 三月二十日, 1至6月, 3月份
        ("date.month_day", rf"""
            (?<![\d{_CN_DIGIT}十])
            {_MONTH_DAY}"""),
        # 21日, 17日 (a day of the current month)
        ("date.day", rf"(?<![\d.月{_CN_DIGIT}十第])(?P<d>(?:3[01]|[12]\d|0?[1-9])(?!\d))日(?!元|均|报|本|语|文|化|常|益|产|前)"),
        # 一季度, 第2季, 前三季度
        ("date.quarter", rf"(?P<q>{_QUARTER})"),
        # 首十个月: a period, not a quantity (GUIDELINES)
        ("date.first_months", r"首[一二三四五六七八九十\d]{1,3}个?月"),
        # 春节假日前三天: the first days of a holiday
        ("date.holiday_days", r"(?<=(?:假日|假期|长假|黄金周|节日|小长假|春节|国庆|五一))前[一二三四五六七\d]天"),
        # 2012届: a graduating class
        ("date.class", r"(?<!\d)(?:19|20)\d\d届"),
    )
)
# Minguo years (民國107年) are dates only in a Traditional-script release.
_MINGUO = regex.compile(rf"(?:民国)?(?<![\d.])(?P<y>1[01]\d)年(?!代){_YEAR_TAIL}", regex.VERBOSE)


def _number(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(parse_number(text))
    except ValueError:
        return None


def _iso(rule: str, groups: dict[str, str | None]) -> tuple[str | None, str]:
    """ISO 8601 form and period name of one match."""
    y, y2 = _number(groups.get("y")), _number(groups.get("y2"))
    m, m2 = _number(groups.get("m")), _number(groups.get("m2"))
    d, d2, m3 = _number(groups.get("d")), _number(groups.get("d2")), _number(groups.get("m3"))
    ys = f"{y:04d}-" if y else "--"  # ISO 8601 writes a missing year as --
    if rule == "date.year_range" and y and y2:
        return f"{y:04d}/{y2:04d}", "range"
    part = groups.get("part")
    if part:
        if not y:
            return None, "year_part"
        return (f"{y:04d}-01-01", "year_start") if part == "初" else (f"{y:04d}-12-31", "year_end")
    if groups.get("first"):
        months = _number(regex.sub(r"[首个月]", "", groups["first"] or ""))
        return (f"{ys}01/{ys}{months:02d}" if months else None), "months"
    mpart = groups.get("mpart")
    if mpart and m:
        return f"{ys}{m:02d}", {"末": "month_end", "底": "month_end", "初": "month_start"}.get(mpart, "month_part")
    if groups.get("half"):
        return (f"{ys}H1" if groups["half"] == "上半年" else f"{ys}H2"), "half"
    if groups.get("q"):
        q = _number(regex.sub(r"[第前季度]", "", groups["q"] or ""))
        if q and (groups["q"] or "").startswith("前"):
            return f"{ys}Q1/{ys}Q{q}", "quarters"
        return (f"{ys}Q{q}" if q else None), "quarter"
    if m and d and m2 is None:
        if d2:
            return f"{ys}{m:02d}-{d:02d}/{ys}{(m3 or m):02d}-{d2:02d}", "range"
        return f"{ys}{m:02d}-{d:02d}", "day"
    if m and m2:
        return f"{ys}{m:02d}/{ys}{m2:02d}", "months"
    if m:
        return f"{ys}{m:02d}", "month"
    if d:
        return f"---{d:02d}", "day"
    if y:
        return f"{y:04d}", "year"
    return None, "period"


def _valid(groups: dict[str, str | None]) -> bool:
    """Month 1-12, day 1-31, and a real calendar day when the year is known (no 2月30日)."""
    y, m, d = _number(groups.get("y")), _number(groups.get("m")), _number(groups.get("d"))
    if not ((m is None or 1 <= m <= 12) and (d is None or 1 <= d <= 31)):
        return False
    if y and m and d:
        try:
            datetime.date(y, m, d)
        except ValueError:
            return False
    return True


def _matches(norm: str, traditional: bool) -> Iterator[Candidate]:
    for rule, pattern in _PATTERNS:
        for match in pattern.finditer(norm):
            groups = match.groupdict()
            if not _valid(groups):
                continue
            iso, period = _iso(rule, groups)
            yield Candidate(match.start(), match.end(), "entity", rule,
                            {"type": "DATE", "iso": iso, "period": period})
    if traditional:
        for match in _MINGUO.finditer(norm):
            groups = {**match.groupdict(), "y": str(int(match.group("y")) + 1911)}
            iso, period = _iso("date.year", groups)
            yield Candidate(match.start(), match.end(), "entity", "date.minguo",
                            {"type": "DATE", "iso": iso, "period": period})


def extract(norm: str, traditional: bool = False) -> list[Candidate]:
    """DATE candidates, longest match wins, in text order.

    >>> [(norm[c.start:c.end], c.fields["iso"]) for norm in ["截至2022年底,7月10日举行"]
    ...  for c in extract(norm)]
    [('2022年底', '2022-12-31'), ('7月10日', '--07-10')]
    """
    return longest_first(_matches(norm, traditional))
