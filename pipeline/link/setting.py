"""The setting of a figure: its period and region (GUIDELINES "Period and
region of a quantity").

A figure's period is the time written in its own clause, else in its
sentence, else the one that leads its paragraph, else the document's
reporting period (from its title or first sentence); its region likewise
with places. This module finds the mentions those steps choose from, once
per document:
- times: DATE entities and the period words of context.yaml (今年, 上半年),
  but not a comparison base (比上年, 较2012年, 去年同期), and a single day
  (7月10日: the date of an event or of the page) only in the figure's own
  clause or after 截至;
- places: LOC entities and the region words of context.yaml (全国, 我国) as
  written, subject words (全市, 我省) as the document's subject place, and
  the scope words of rankings.yaml (西部, 长三角); but never a place in a
  dateline or by-line (新华社北京1月10日电), in page furniture, in a
  ranking's scope (排杭州第一) or naming where people come from (香港旅客);
  places joined by 、/和 are one mention written as the list.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ..fragments import compiled
from ..lexicons import Lexicons, or_regex
from ..models import Document, Entity, Ranking, Sentence, Zone
from ..offsets import LINE as _LINE, Lines, word_edges

_WORK_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # 《报告(2022)》: a year without 年
# A numbered section title that opens a paragraph as a sentence of its own
# ((三)卫生人员。年末全省…, 2.对外贸易。…): a few words, no figure, no
# clause. It states no time or place for the paragraph; the sentence after it leads.
_SECTION_TITLE = regex.compile(
    r"\s*(?:[(（](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、．.](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[章节部分])\s*[^\d,，。;；:：!！?？]{1,16}[。.．]?\s*")


class Mention(NamedTuple):
    start: int
    end: int
    text: str  # as a record carries it (a subject word as the subject's name)
    day: bool = False  # a single day or a vague time: a period only in the figure's own sentence
    relative: bool = False  # 上月, 去年: relative to the time a text is about
    items: tuple["Mention", ...] = ()  # the places of a list (博乐、精河、温泉和阿拉山口)


class Mentions:
    """Mentions in text order, found by position."""

    def __init__(self, items: Iterable[Mention]) -> None:
        self.items = sorted(items)
        self.starts = [m.start for m in self.items]

    def last_in(self, lo: int, hi: int, days: bool = True, brackets: "Brackets | None" = None,
                relative: bool = True) -> Mention | None:
        """The last mention inside [lo, hi) (days only if `days`, relative
        times only if `relative`; with `brackets`, none closed in a bracket
        that `hi` is not in)."""
        i = bisect_right(self.starts, hi) - 1
        while i >= 0 and self.items[i].start >= lo:
            m = self.items[i]
            if (m.end <= hi and (days or not m.day) and (relative or not m.relative)
                    and (brackets is None or brackets.reaches(m.start, hi))):
                return m
            i -= 1
        return None

    def last_before(self, hi: int) -> Mention | None:
        """The last mention before `hi` that is no day."""
        return self.last_in(0, hi, days=False)

    def first_in(self, lo: int, hi: int, days: bool = True, relative: bool = True) -> Mention | None:
        i = bisect_left(self.starts, lo)
        while i < len(self.items) and self.items[i].start < hi:
            m = self.items[i]
            if m.end <= hi and (days or not m.day) and (relative or not m.relative):
                return m
            i += 1
        return None


class Brackets:
    """Bracketed stretches (…)/（…）: what is said inside one is about what
    is inside it (累计投资9.5亿元(其中2011年1.87亿元), 30平方公里: the 2011年 is
    not the period of 30平方公里)."""

    def __init__(self, norm: str) -> None:
        self.spans = [m.span() for m in _BRACKET.finditer(norm)]
        self.starts = [s for s, _ in self.spans]

    def reaches(self, pos: int, target: int) -> bool:
        """Whether something at `pos` may speak for `target` (later)."""
        i = bisect_right(self.starts, pos) - 1
        if i < 0 or self.spans[i][1] <= pos:
            return True  # `pos` is in no bracket
        start, end = self.spans[i]
        return start <= target < end


_BRACKET = regex.compile(r"[(（][^()（）\n]{0,80}[)）]")


@dataclass(frozen=True)
class Setting:
    times: Mentions
    places: Mentions
    brackets: Brackets
    period: str | None  # the document's reporting period
    subject: str | None  # the document's subject place
    leads: dict[int, tuple[int, Mention | None, Mention | None]]  # line start -> (lead end, time, place)
    province: str | None = None  # the province its places lie in (for 全省 in a count of its divisions)
    # Lines naming another article (上一篇：前三季度全省工业增加值增长7.2%): their times and
    # places are their own figures' only, never the document's
    asides: Asides | None = None


class Asides:
    """The lines of a page that name other articles, with their own times and places."""

    def __init__(self, spans: Iterable[tuple[int, int]], times: Iterable[Mention], places: Iterable[Mention]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.times, self.places = Mentions(times), Mentions(places)

    def at(self, pos: int) -> tuple[int, int] | None:
        """The aside line holding `pos`, if any."""
        i = bisect_right(self.starts, pos) - 1
        return self.spans[i] if i >= 0 and pos < self.spans[i][1] else None


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    c = lex.context
    region_words = [*c["region_words"], *c["subject_words"], *lex.rankings["scopes"]]
    year = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年|今年|去年|明年"
    parts = f"(?:{or_regex(c['holiday_parts'])})"
    return {
        # (一年中四季分明, 一年内: a year in general, no time; 2024年中 is a date's)
        # (未來三年內: a span of three years, no 年內)
        "period_word": regex.compile(rf"(?<![一二两三四五六七八九十每\d])(?:{or_regex(c['period_words'])})"),
        # 2026年春节假期(2月15日至23日), 今年“五一”假期, 春节档, 大年初一(2月17日)
        "holiday": regex.compile(
            # (今年国庆中秋“双节”假期: holidays that meet, and the name they go by together)
            rf"(?:(?P<year>{year})?[“\"]?(?:{or_regex(c['holidays'])})(?:[、和与及]?(?:{or_regex(c['holidays'])}))?[”\"]?"
            rf"(?:[“\"][^“”\"\n]{{1,4}}[”\"])?(?(year){parts}?|{parts})"
            # (春季63天: a season before its length is what is measured, no period)
            rf"|(?:{year})?(?:{or_regex(c['seasons'])}){parts}?(?![\d一二三四五六七八九十])"
            # (暑期全市接待入境游客…, 暑期（7月至8月）亲子游…: alone, where it leads its clause; 受暑期
            # 自驾游带动 names a kind of trip)
            rf"|(?<=^|[\s,，。;；:：])(?:{or_regex(c['holidays'])})(?=全|各|[(（])"
            rf")(?:[(（][^()（）\n]{{1,20}}[)）])?"
            rf"|(?:{or_regex(c['holiday_days'])})(?:[(（][^()（）\n]{{1,20}}[)）])?"),
        # a clause that is only a time: 今年4月1日入汛以来, 强降雨期间 (before its comma)
        # (“十四五”以来, 1999年国家科技奖励制度改革以来, 开幕以来(1月18日至2月4日): quotes, a longer
        # clause and a bracket of dates too); an event and the bracket of its dates (欧洲杯(6月15日至
        # 7月15日)期间, 赛事周末（3月15日至16日）)
        "time_clause": regex.compile(r"(?<=^|[\s,，。;；:：])(?:[^\s\d,，。;；:：“”\"()（）]{0,4}?"
                                     r"[^\s,，。;；:：()（）]{2,16}?(?:以来|期间|时期)(?:[(（][^()（）\n]{1,20}[)）])?"
                                     r"|[^\s\d,，。;；:：()（）]{2,16}?"  # (no figure: 单日最高达4.1万人次（8月2日）)
                                     r"[(（][^()（）\n]{0,12}?\d{1,2}[月日][^()（）\n]{0,12}[)）](?:以来|期间)?)(?=[,，])",
                                     regex.MULTILINE),
        # an event's span leading its clause (消费季期间汽车类零售额…, 活动期间): a time
        # (失業期間達1年以上: the length of a spell, no time)
        "event_span": regex.compile(r"(?<=^|[\s,，。;；:：])\p{Han}{2,5}?期间(?=\p{Han})(?![达为在超逾])",
                                    regex.MULTILINE),
        # the last or next few years or months (近三年, 近5年来, 未来五年, 在三年内): a period
        # of the figures of its own sentence, like 近年来
        "recent_span": regex.compile(r"(?:近|最近|过去|未来|今后)(?:\d{1,2}|[一二两三四五六七八九十]{1,3})个?(?:年|月)(?:以?来)?"
                                     r"|(?<!\d)(?:\d{1,2}|[一二两三四五六七八九十]{1,3})个?(?:年|月)内"),
        "year_whole": regex.compile(rf"(?:{year})全年"),  # 2025年全年: one time
        "report_title": regex.compile(or_regex(c["report_title_words"])),
        "restating": regex.compile(r"[(（]即?(?P<inner>[^()（）\n]{2,20})[)）]"),
        "vague": regex.compile(or_regex(c["vague_period_words"])),
        "relative": regex.compile(or_regex(c["relative_period_words"])),
        "target": regex.compile(or_regex([*c["targets"], *c["not_period_before"]])),
        # (年初确定的“下降3.2%左右”目标任务: when a target was set, no period)
        "target_set": regex.compile(rf"(?:确定|制定|提出|下达|设定|明确|定下)的?[^,，。;；\n]{{0,14}}?"
                                    rf"(?:{or_regex(c['targets'])})"),
        "reporting": regex.compile(or_regex(c["reporting_verbs"])),
        # (国内外: no place; but 我国外贸, 全国外资: trade and money from abroad, the place's own;
        # 境外游 is a kind of trip, 全国游戏市场 the nation's game market; 海外市场销售收入 is earned abroad
        # by whoever sells there, and 境外学生 study where the text is about)
        "region_word": regex.compile(f"(?!(?:海外|境外|国外)(?:市场|学生|留学生|生源))(?:{or_regex(region_words)})"
                                     f"(?:(?!{or_regex(c['region_word_not_before'])})|(?=外[贸资商汇]|游戏))"),
        "comparison_before": regex.compile(f"(?:{or_regex(c['comparison_before'])})\\s*$"),
        "comparison_after": regex.compile(or_regex(c["comparison_after"])),
        "day_before": regex.compile(f"(?:{or_regex(c['day_period_before'])})\\s*$"),
        # 香港旅客, 香港及中國台灣旅客; 来自香港, 來自中國台灣及中國大陸
        # (內地訪港旅客: a visit's verb and where to may stand between)
        # (内地继续是首位客源市场: a place said to be a source market)
        "origin_after": compiled(rf"(?:(?:{{list_joiner}})\p{{Han}}{{1,6}}?)?(?:[访来赴]\p{{Han}}{{0,2}}?"
                                 rf"|\p{{Han}}{{0,3}}?(?:是|为|成为)\p{{Han}}{{0,4}}?(?=客源))?"
                                 rf"{or_regex(c['origin_nouns'])}", lex),
        # a table of source markets (a header cell names them): its rows' places are where people come from
        # (按主要目的地划分的整体出口货值: a table of trade partners too; 居住地 | 人次, 原居地 | 人均消費:
        # visitors by where they live)
        "origin_header": regex.compile(r"客源|来源地|来源国|目的地|贸易伙伴|居住地|原居地|国籍"),
        # a place said to be a market or source of the trade (香港續為澳門第一大出口市場,
        # 歐盟和香港分別為第二、第三大進口來源地): a partner, not where the figures are
        # (the market's order says so: 第一大, 第二、第三大, 最大)
        "market_after": regex.compile(r"\p{Han}{0,3}?(?:是|为|成为)[^,，。;；\n]{0,6}?"
                                      r"(?:第[一二三四五六七八九十\d、第]{1,6}大|最大的?)"
                                      r"(?:出口市场|进口市场|进口来源|贸易伙伴|出口目的地)"),
        # 世界500强企业: the name of a list of firms, no place a figure is about (全国百强县's
        # figures are the nation's)
        "list_after": regex.compile(r"(?:\d{1,4}|[十百千])强企业"),
        # 对东盟进出口, 输往内地的出口, 自日本进口: a trading partner
        # (对东盟、欧盟、美国意向成交: partners that are no places may come first in the list)
        "partner_before": regex.compile(f"(?:{or_regex(c['partner_before'])})"
                                        f"(?:[^,，。;；、\\s]{{1,8}}[、和及与])*$"),
        # (对非洲、中亚五国进出口: a count of the partners may stand between)
        # (对美国、欧盟、东盟出口: the list may go on over partners that are no places)
        "trade_after": regex.compile(f"(?:[、和及与]\\p{{Han}}{{1,8}}?){{0,6}}?"
                                     f"(?:[一二三四五六七八九十\\d]{{1,3}}国)?的?(?:{or_regex(c['trade_nouns'])})"),
        "venue_after": regex.compile(or_regex(c["venue_after"])),
        "origin_before": compiled(rf"{or_regex(c['origin_before'])}(?:\p{{Han}}{{1,6}}?(?:{{list_joiner}}))?$", lex),
        # a dateline or by-line: a place and a day before 电/讯 near a line's start
        "dateline": compiled(
            r"^[^\n。,，]{0,24}?(?:\d{1,2}|{cn_digit}{1,3}|十[一二]?)月(?:\d{1,2}|(?:{cn_digit}|十){1,3})日"
            r"(?:{dateline_end})|^[^\n。]{0,30}?[／/](?P<place>\p{Han}{2,4})(?:{dateline_end})|^本报讯"
            .replace("{dateline_end}", or_regex(c["dateline_ends"])), lex, regex.MULTILINE),
        "list_joiner": compiled(r"\s*(?:{list_joiner})\s*", lex),
        "route_joiner": regex.compile(rf"\s*(?:{or_regex(c['route_joiners'])})\s*"),
        "route_after": regex.compile(or_regex(c["route_names"])),
        # (德国杜伊斯堡、汉堡和波兰: a list that goes on through names the gazetteer lacks)
        "list_on": compiled(r"(?:(?:{list_joiner})?[^\s,，。;；:：()（）]{0,6}?(?:{list_joiner}))?", lex),
        # (比2021年陕西十四运会: a year may stand between)
        "base": regex.compile(rf"(?:{or_regex(c['base_before'])})\s*(?:(?:19|20)\d{{2}}年|上年|去年)?$"),
        # (a name between holds no word of a clause: 香港共接待访港 is no port)
        "facility": regex.compile(rf"[^\P{{Han}}共有在是为与和及的了等接待访来赴抵离往至到从向经]{{0,4}}?"
                                  rf"(?:{or_regex(lex.features['facilities'])})"),
        # the base of an index (二〇一九年十月至二〇二〇年九月＝100, 2020年=100): no period
        "index_base": regex.compile(r"[(（][^()（）\n]{0,30}?[=＝]\s*100\s*[)）]"),
        "address": regex.compile(rf"(?:{or_regex(c['address_markers'])})[^,，。;；\n]*"),
        # a cause given for a figure (context.yaml cause_openers): its times are no period
        "cause": regex.compile(rf"(?:{or_regex(c['cause_openers'])})[^,，。;；\n]{{1,30}}"),
        # the twelve months to a month (截至九月份止的十二个月): one period
        "trailing_year": regex.compile(r"截至[^,，。;；\n]{2,12}?止的?(?:过去)?(?:十二|12)个月"),
    }


def setting_of(doc: Document, lex: Lexicons, entities: Sequence[Entity], rankings: Sequence[Ranking],
               figures: Sequence[int]) -> Setting:
    """The times and places of a document, its reporting period and subject
    place; `figures`: where its quantities start, in order."""
    norm, source = doc.norm, doc.source
    p = _patterns(lex)
    aside_spans = [(z.start, z.end) for z in doc.zones if z.kind in lex.context["aside_zones"]]
    asides = _Spans(aside_spans)
    excluded = _Spans([*((z.start, z.end) for z in doc.zones if z.kind not in lex.context["aside_zones"]),
                       *_datelines(norm, p), *(m.span() for m in p["address"].finditer(norm)),
                       *(m.span() for m in p["index_base"].finditer(norm)),
                       *((r.start, r.end) for r in rankings),
                       *((e.start, e.end) for e in entities if e.type.value in ("WORK", "ORG"))])
    causes = _Spans([*excluded.spans, *(m.span() for m in p["cause"].finditer(norm))])
    all_times = [m._replace(text=source[m.start:m.end]) for m in _times(norm, lex, entities, causes)]
    times = Mentions(m for m in all_times if not asides.covers(m.start, m.end))
    edges = word_edges(doc.tokens)
    all_found = _not_destinations(norm, p, _not_origins(
        norm, p, _lists(norm, p, list(_places(norm, lex, entities, excluded, edges)), lex)))
    found = [m for m in all_found if not asides.covers(m.start, m.end)]
    head = _head(norm, doc.sentences, doc.zones, [(e.start, e.end) for e in entities if e.type.value == "ORG"])
    subject_words = set(lex.context["subject_words"])
    by_level = _subjects_by_level(source, lex, found, head)
    # 我市 in a document about 建德 is a mention of 建德 when the subject is weighed
    weighed = [m._replace(text=by_level[m.text[-1]]) if m.text in subject_words and m.text[-1] in by_level
               else m for m in found]
    subject = _subject(norm, source, lex, weighed, head, entities, _ranked_in(norm, lex, rankings, asides))

    def as_written(m: Mention) -> Mention:
        text = source[m.start:m.end]
        if m.text in subject_words:  # 全县 is the county the document is about, 全市 its city
            text = by_level.get(m.text[-1]) or text  # (我省 stays 我省 where no province is named)
        return m._replace(text=text, items=tuple(as_written(i) for i in m.items))

    # the subject is weighed by places; a figure's region may be a facility named after one
    places = Mentions(as_written(m) for m in _facilities(norm, p, found, edges, lex.places))
    aside = Asides(aside_spans, (m for m in all_times if asides.covers(m.start, m.end)),
                   (as_written(m) for m in all_found if asides.covers(m.start, m.end)))
    period = _period(norm, times, head, entities, p["reporting"])
    return Setting(times, places, Brackets(norm), period, subject,
                   _leads(norm, doc.sentences, times, places, figures), _province(by_level, lex), aside)


class _Spans:
    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end: list[int] = []
        best = -1
        for _, end in self.spans:
            best = max(best, end)
            self.max_end.append(best)

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span."""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.max_end[i] > start


def _datelines(norm: str, p: dict[str, regex.Pattern[str]]) -> Iterable[tuple[int, int]]:
    return (m.span() for m in p["dateline"].finditer(norm))


_RECORD_WORDS = r"(?:第|最|之最|新高|新低|极值)"  # what a record is stated as (最高, 第二高, 新高)
_RECORD_AFTER = regex.compile(r"(?:同期|历史同期)?的?" + _RECORD_WORDS)  # 近两年来 | 最高
_RECORD_SINCE = regex.compile("以来" + _RECORD_AFTER.pattern)  # 1961年 | 以来第二高


def _times(norm: str, lex: Lexicons, entities: Sequence[Entity], excluded: _Spans) -> Iterable[Mention]:
    p = _patterns(lex)
    holidays = [m.span() for m in p["holiday"].finditer(norm)]  # one period, the dates in it included
    holidays = _outermost([*holidays, *(m.span() for m in p["time_clause"].finditer(norm)),
                           *(m.span() for m in p["event_span"].finditer(norm)),
                           *_restated(norm, entities, p), *(m.span() for m in p["year_whole"].finditer(norm)),
                           *(m.span() for m in p["trailing_year"].finditer(norm))])
    within = _Spans(holidays)
    # (为1961年以来第二高, 居1961年以来同期第一位: the start of a record's years, no period)
    dates = [e for e in entities if e.type.value == "DATE" and not within.covers(e.start, e.end)
             and not _RECORD_SINCE.match(norm, e.end)]
    taken = _Spans([*((e.start, e.end) for e in dates), *holidays])
    found = [(e.start, e.end, e.period == "day") for e in dates]
    found += [(start, end, False) for start, end in holidays]
    found += [(m.start(), m.end(), False) for m in p["period_word"].finditer(norm)
              if not taken.covers(m.start(), m.end())]
    # (为近两年来最高: the years of a record, no period)
    found += [(m.start(), m.end(), False) for m in p["recent_span"].finditer(norm)
              if not _RECORD_AFTER.match(norm, m.end())]
    # the year in a report's or an index's title (《全球城市综合实力指数2025》): the time its
    # figures are of, for the figures of its own sentence (extra NOTES b01)
    titled = {(m.start(), m.end()) for e in entities
              if e.type.value == "WORK" and p["report_title"].search(norm, e.start, e.end)
              for m in _WORK_YEAR.finditer(norm, e.start, e.end)}
    found += [(start, end, True) for start, end in titled]
    found.sort()
    for start, end, day in found:
        targeted = p["target"].match(norm, end) or p["target_set"].match(norm, end)
        if (start, end) not in titled and (excluded.covers(start, end) or _comparison_base(norm, start, end, p)
                                           or targeted):
            continue
        if day and p["day_before"].search(norm, max(0, start - 4), start):
            day = False  # 截至6月30日: a day that is a period
        vague = p["vague"].fullmatch(norm, start, end) or p["recent_span"].fullmatch(norm, start, end)
        yield Mention(start, end, norm[start:end], day or bool(vague),
                      relative=bool(p["relative"].fullmatch(norm, start, end)))


def _restated(norm: str, entities: Sequence[Entity], p: dict[str, regex.Pattern[str]]) -> Iterator[tuple[int, int]]:
    """A time and the bracket after it that says it again in dates, one period
    (第四季度（即二〇二六年一月至三月）, 首九个月(4月至12月)), as a holiday and its dates are."""
    dates = {e.start: e.end for e in entities if e.type.value == "DATE"}
    for start, end in dates.items():
        m = p["restating"].match(norm, end)
        if m and dates.get(m.start("inner")) == m.end("inner"):
            yield start, m.end()


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, without those inside another (春运期间 within 2025年春运期间,)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not out or end > out[-1][1]:
            out.append((start, end))
    return out


def _comparison_base(norm: str, start: int, end: int, p: dict[str, regex.Pattern[str]]) -> bool:
    """比上年, 较2012年, 与2019年同期相比, 去年同期: a time compared with, not the period;
    so is the base of a multiple (是9月批次的2倍) and the start of a record's span
    (为今年以来拱墅区溢价率最高的)."""
    stated = norm.endswith(_STATING, 0, start)
    return bool(p["comparison_before"].search(norm, max(0, start - 3), start)
                or p["comparison_after"].match(norm, end)
                or stated and _MULTIPLE_OF.match(norm, end)
                or stated and _RECORD_SPAN.match(norm, start))


_STATING = ("是", "为", "創", "创")
_MULTIPLE_OF = regex.compile(r"[^,，。;；\n]{0,12}?的(?:[\d.]+|[一二两三四五六七八九十]{1,3})倍")
_RECORD_SPAN = regex.compile(r"[^,，。;；\n]{1,10}?以来[^,，。;；\n]{0,10}?" + _RECORD_WORDS)


# an economic area named by its direction (北部海洋经济圈, 沿海经济带), and the coast (沿海地区): one
# place, as written (a part of a province, 南部地区, stays with its province)
_NAMED_AREA = regex.compile(r"(?<![中东西南北])(?:(?:东|西|南|北|中|东北|西北|东南|西南)部|沿海|沿边|内陆)(?:海洋|沿海)?"
                            r"(?:经济圈|经济带|经济区|城市群)|(?<!\p{Han})沿海地区")


def _places(norm: str, lex: Lexicons, entities: Sequence[Entity], excluded: _Spans,
            word_edges: frozenset[int]) -> Iterable[Mention]:
    p = _patterns(lex)
    # an airport's own place (长沙黄花国际机场: 黄花) names the airport, no place of its own
    # (with its city before it the airport is the region: _facilities)
    locs = [e for e in entities if e.type.value == "LOC" and e.rule != "ent.loc.airport"]
    taken = _Spans([(e.start, e.end) for e in entities])
    found = [(e.start, e.end) for e in locs]
    areas = [m.span() for m in _NAMED_AREA.finditer(norm) if not taken.covers(m.start(), m.end())]
    found += areas
    area_spans = _Spans(areas)
    found += [m.span() for m in p["region_word"].finditer(norm)
              if not taken.covers(m.start(), m.end()) and m.end() in word_edges  # not 世界一流
              and not area_spans.covers(m.start(), m.end())]
    for start, end in found:
        if not excluded.covers(start, end):
            yield Mention(start, end, norm[start:end])


def _facilities(norm: str, p: dict[str, regex.Pattern[str]], places: list[Mention],
                word_edges: frozenset[int], gazetteer: Mapping[str, object]) -> list[Mention]:
    """A place with the facility named after it is the facility, as written
    (湘潭站, 长沙黄花国际机场, 泉州湾河口湿地): its figures are about it."""
    out = []
    for m in places:
        facility = p["facility"].match(norm, m.end) if m.text in gazetteer else None  # not 全省港口
        if facility is not None and facility.end() in word_edges and not m.items:
            m = Mention(m.start, facility.end(), norm[m.start:facility.end()])
        out.append(m)
    return out


def _not_origins(norm: str, p: dict[str, regex.Pattern[str]], places: list[Mention]) -> list[Mention]:
    """Without the places (or lists of places) that name where people come
    from (香港旅客, 香港及中國台灣旅客, 来自香港, 内地继续是首位客源市场, the rows
    of a table of source markets), a trading partner (对东盟进出口, 输往内地的出口),
    a list of firms' name (世界500强企业),
    where a meeting is held (在北京召开), the whole a share is
    taken of (占全省的70.1%) or what a figure is compared with (比全国高)."""
    tables = _Spans(_origin_rows(norm, p["origin_header"]))
    return [m for m in places if not (p["origin_after"].match(norm, m.end)
                                      or p["origin_before"].search(norm, max(0, m.start - 12), m.start)
                                      or p["base"].search(norm, max(0, m.start - 7), m.start)
                                      or p["list_after"].match(norm, m.end)
                                      or p["market_after"].match(norm, m.end)
                                      or p["partner_before"].search(norm, max(0, m.start - 30), m.start)
                                      and p["trade_after"].match(norm, m.end)
                                      or norm[m.start - 1:m.start] == "在" and p["venue_after"].match(norm, m.end)
                                      or tables.covers(m.start, m.end))]


def _origin_rows(norm: str, header: regex.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The rows of flattened tables whose header line names source markets
    (排名 客源市场 旅客人次(万) …): lines of three cells or more, no sentence."""
    in_table = False
    for line in _LINE.finditer(norm):
        text = line.group()
        cells = len(text.split())
        if in_table and cells >= 2 and "。" not in text:
            yield line.span()
            continue
        in_table = cells >= 3 and len(text) <= 80 and "。" not in text and header.search(text) is not None


def _not_destinations(norm: str, p: dict[str, regex.Pattern[str]], places: list[Mention]) -> list[Mention]:
    """Without the places (or lists) a route leads to: 郑州至吉隆坡、阿拉木图等
    航线11条 and 郑州—卢森堡航班 are about 郑州, 西安至德国杜伊斯堡、汉堡和波兰马拉舍维奇
    三条线路 about 西安 (the places listed after a destination lead on from it); nor a place
    that names a route (中欧班列, 中亚方向)."""
    kept, destination = [], False
    for prev, m in zip([None, *places], places):
        destination = prev is not None and (
            bool(p["route_joiner"].fullmatch(norm, prev.end, m.start))
            or destination and bool(p["list_on"].fullmatch(norm, prev.end, m.start)))
        if not destination and not p["route_after"].match(norm, m.end):
            kept.append(m)
    return kept


def _chains(places: list[Mention], lex: Lexicons) -> list[Mention]:
    """Places of the gazetteer written one after another (甘肃酒泉, 四川合江)
    are one place, written as the chain: the larger one says where the
    smaller is (浙江全省 stays two: 全省 is a word for the subject)."""
    out: list[Mention] = []
    for m in sorted(places):
        if out and out[-1].end == m.start and not out[-1].items and m.text in lex.places \
                and _gazetteer_chain(out[-1].text, lex):
            prev = out[-1]
            out[-1] = Mention(prev.start, m.end, prev.text + m.text)
        else:
            out.append(m)
    return out


def _gazetteer_chain(text: str, lex: Lexicons) -> bool:
    """Whether `text` is made of gazetteer places only (甘肃, 甘肃酒泉)."""
    pos = 0
    while pos < len(text):
        for length in range(min(8, len(text) - pos), 1, -1):
            if text[pos:pos + length] in lex.places:
                pos += length
                break
        else:
            return False
    return True


def _lists(norm: str, p: dict[str, regex.Pattern[str]], places: list[Mention], lex: Lexicons) -> list[Mention]:
    """Places joined by 、/和 into one mention written as the list."""
    places = _chains(places, lex)
    out: list[Mention] = []
    i = 0
    while i < len(places):
        j = i
        while j + 1 < len(places) and p["list_joiner"].fullmatch(norm, places[j].end, places[j + 1].start):
            j += 1
        if j > i:
            first, last = places[i], places[j]
            out.append(Mention(first.start, last.end, norm[first.start:last.end], items=tuple(places[i:j + 1])))
        else:
            out.append(places[i])
        i = j + 1
    return out


def _head(norm: str, sentences: Sequence[Sentence], zones: Sequence[Zone],
          orgs: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """The span of the title (the first line that is neither page furniture
    nor a site's masthead, a line that is one organisation's name) and the
    first prose sentence after it (one that ends in 。！？)."""
    furniture = _Spans((z.start, z.end) for z in zones)
    lines = Lines(norm)
    mastheads = {lines.start_of(s) for s, e in orgs
                 if norm[lines.start_of(s):s].strip() == "" and norm[e:lines.end_of(s)].strip() == ""}
    body = [s for s in sentences if not furniture.covers(s.start, s.end)
            and lines.start_of(s.start) not in mastheads]
    if not body:
        return (0, 0)
    title_line = lines.start_of(body[0].start)
    after = [s for s in body if lines.start_of(s.start) != title_line]
    prose = [s for s in after if norm[s.end - 1:s.end] in _PROSE_END] or after
    return (body[0].start, prose[0].end if prose else lines.end_of(body[0].start))


_PROSE_END = frozenset("。！？!?")
_HEADLINE_BREAK = regex.compile(r"[ \u3000]+")


def _headline_rank(norm: str, head: tuple[int, int], pos: int) -> int:
    """Where a place in the head stands for the subject: the title's main headline
    first, then the first sentence, then the title's sub-headline after a space
    (内政部公布114年上半年人口统计　桃园市人口增加数居全国首位: a ranked city, not the subject)."""
    title_end = norm.find("\n", head[0], head[1])
    title_end = head[1] if title_end < 0 else title_end
    if pos >= title_end:
        return 1
    gap = _HEADLINE_BREAK.search(norm, head[0], title_end)
    return 0 if gap is None or pos < gap.start() else 2


# Mentions that make a place the subject when the head names none and other
# places are named too. 3 on blind (region 0.794 -> 0.811) and extra (4 cost
# it 0.949 -> 0.932; 2 is what the rule had).
SUBJECT_MENTIONS = 3


def _ranked_in(norm: str, lex: Lexicons, rankings: Sequence[Ranking], asides: _Spans) -> list[Mention]:
    """The places rankings open with as their scope (澳門第一大出口市場, 湖南第一): the
    field a document ranks things in, a mention of its place when none leads it."""
    out = []
    for r in rankings:
        name = _place_at(norm, r.start, r.end, lex)
        if name and lex.places[name].level != "region" and not asides.covers(r.start, r.end):
            out.append(Mention(r.start, r.start + len(name), name))
    return out


def _subject(norm: str, source: str, lex: Lexicons, places: Sequence[Mention], head: tuple[int, int],
             entities: Sequence[Entity], ranked_in: Sequence[Mention] = ()) -> str | None:
    """The place the document is about: the first named place of its title or
    first sentence (a place in a 《title》 there counts), else the place it
    names most often, if that is its only place or named SUBJECT_MENTIONS
    times (大灣區 in a Hong Kong answer on elderly care is no subject: a city
    cluster or a word like 全国 is one only in the head), else the nation (我国) the
    rest of the first paragraph names."""
    subject_words = set(lex.context["subject_words"])

    def written(m: Mention) -> str:  # a subject word weighed as its place keeps that place's name
        return m.text if m.text != norm[m.start:m.end] else source[m.start:m.end]

    named = [item for m in places for item in (m.items or (m,)) if item.text not in subject_words]
    facilities = tuple(lex.features["facilities"])
    # a port or airport named after its city (青岛港集装箱吞吐量 in a port group's title) leads no
    # document; the place still counts below
    world = set(lex.context["world_words"])  # 世界競爭力評比: what is ranked, no subject

    def leading(lo: int, hi: int) -> list[Mention]:
        return [m for m in named
                if lo <= m.start < hi and m.text == norm[m.start:m.end] and m.text not in world
                and not (norm.startswith(facilities, m.end) and _a_facility_name(m.text, lex))]

    in_head = leading(*head)
    in_head += [m for m in _places_in_works(norm, lex, entities) if head[0] <= m.start < head[1]]
    if in_head:
        first = min(in_head, key=lambda m: (_headline_rank(norm, head, m.start), m.start))
        return source[first.start:first.end]
    # where no place is named often enough, after a first sentence that only says who published what
    # (財政部11月7日發布…統計。): the nation, if the rest of its paragraph names it (本月我國出口值為…)
    paragraph_end = norm.find("\n", head[1])
    national = set(lex.context["national_words"])
    paragraph = leading(head[1], paragraph_end if paragraph_end >= 0 else len(norm))
    rest = [m for m in paragraph if m.text in national]
    nation = source[(first := min(rest, key=lambda m: m.start)).start:first.end] if rest else None
    general = {*lex.context["region_words"], *lex.rankings["scopes"]}  # 全国, 西部: a subject only in the head

    def counted(m: Mention) -> bool:  # nor a city cluster (大湾区, 长三角): the setting of the body, not its subject
        place = lex.places.get(m.text)
        return m.text not in general and (place is None or place.level != "region")

    counts = Counter(written(m) for m in [*named, *ranked_in] if counted(m))
    territories = _territories(lex)
    counts.update(_as_the_page_writes(territories[m.text], norm, source)
                  for m in places if m.text in territories)
    if not counts:
        return nation
    (text, best), *others = counts.most_common()
    if others and (best < SUBJECT_MENTIONS or best < 2 * others[0][1]):
        # among other places, one named once or twice, or not twice as often as the next, is no subject
        return nation
    return text


@functools.cache
def _territories(lex: Lexicons) -> dict[str, str]:
    """context.yaml territory_words as word -> the place it names (本澳 -> 澳门)."""
    return dict(pair.split() for pair in lex.context["territory_words"])


def _as_the_page_writes(name: str, norm: str, source: str) -> str:
    """`name` (normalised) as the page first writes it (澳门 -> 澳門), else as it is."""
    at = norm.find(name)
    return source[at:at + len(name)] if at >= 0 else name


def _a_facility_name(name: str, lex: Lexicons) -> bool:
    """Whether a facility after `name` is named after it (青岛港, 长沙机场): a
    city's or county's; after a region or a scope (西南地区机场) it is that area's."""
    place = lex.places.get(name)
    return place is not None and place.level != "region"


def _subjects_by_level(source: str, lex: Lexicons, places: Sequence[Mention],
                       head: tuple[int, int]) -> dict[str, str]:
    """For 省, 市, 县, 区 ...: the place of that level the document is about
    (its first in the title or first sentence, else its most named, a city's own
    county-level cities aside)."""
    # a chain's first place counts at its own level (江西省赣北: 江西省 for 全省)
    named = [_chain_head(item, lex) for m in places for item in (m.items or (m,))]
    named = [m for m in named if m.text in lex.places]
    out: dict[str, str] = {}
    for level in sorted({w[-1] for w in lex.context["subject_words"]}):
        of_level = [m for m in named if lex.places[m.text].full.endswith(level)]
        if not of_level:
            continue
        in_head = [m for m in of_level if head[0] <= m.start < head[1]]
        # (长沙市 and its county-level 浏阳市 named often in a table: 全市 is the prefecture)
        named_cities = {lex.places[m.text].full for m in of_level}
        counted = [m for m in of_level if lex.places[m.text].parent not in named_cities] or of_level
        pick = min(in_head) if in_head else Counter(
            source[m.start:m.end] for m in counted).most_common(1)[0][0]
        out[level] = pick if isinstance(pick, str) else source[pick.start:pick.end]
    return out


def _province(by_level: Mapping[str, str], lex: Lexicons) -> str | None:
    """The province the document's places lie in: the one it names, else the
    one holding its city or county (长沙 -> 湖南省)."""
    if "省" in by_level:
        return by_level["省"]
    place = lex.places.get(by_level.get("市") or by_level.get("县") or "")
    while place is not None and place.level != "province" and place.parent is not None:
        place = lex.places.get(place.parent)
    return place.full if place is not None and place.level == "province" else None


def _chain_head(m: Mention, lex: Lexicons) -> Mention:
    """The first gazetteer place of a chain of them (江西省赣北 -> 江西省), else `m`."""
    if m.text in lex.places:
        return m
    n = next((n for n in range(min(len(m.text) - 1, 8), 1, -1) if m.text[:n] in lex.places), 0)
    return Mention(m.start, m.start + n, m.text[:n]) if n else m


def _places_in_works(norm: str, lex: Lexicons, entities: Sequence[Entity]) -> Iterable[Mention]:
    """Gazetteer places inside 《titles》 (no entity is read there)."""
    for work in (e for e in entities if e.type.value == "WORK"):
        pos = work.start
        while pos < work.end:
            name = _place_at(norm, pos, work.end, lex)
            if name:
                yield Mention(pos, pos + len(name), name)
                pos += len(name)
            else:
                pos += 1


def _place_at(norm: str, pos: int, end: int, lex: Lexicons) -> str | None:
    for length in range(min(8, end - pos), 1, -1):
        place = lex.places.get(norm[pos:pos + length])
        if place is not None and not place.ambiguous:
            return norm[pos:pos + length]
    return None


def _period(norm: str, times: Mentions, head: tuple[int, int], entities: Sequence[Entity],
            reporting: regex.Pattern[str]) -> str | None:
    """The document's reporting period: the first time of its title or first
    sentence that is no single day (a year in a 《title》 there counts); one
    relative to the text's own (去年) only when the head states no other
    (湖南：去年全省道路交通事故… / 通报2024年全省…: 2024年)."""
    first = times.first_in(head[0], head[1], days=False)
    if first is not None and first.relative:
        first = times.first_in(head[0], head[1], days=False, relative=False) or first
    in_works = [m for e in entities if e.type.value == "WORK" and head[0] <= e.start < head[1]
                for m in _WORK_YEAR.finditer(norm, e.start, e.end)]  # digits: the same in source
    if in_works and (first is None or in_works[0].start() < first.start):
        return in_works[0].group()
    if first is None and (day := times.first_in(head[0], head[1])) is not None:
        return _event_day(norm, day, head, reporting)
    return first.text if first else None


def _event_day(norm: str, day: Mention, head: tuple[int, int], reporting: regex.Pattern[str]) -> str | None:
    """A day opening the head's sentence (11月18日，杭州市区4宗经营性用地…成功出让): the day of
    the event its figures are of, when the sentence reports no meeting or release."""
    line = norm.rfind("\n", head[0], day.start) + 1 or head[0]
    end = norm.find("。", day.end, head[1] + 1)
    if norm[line:day.start].strip(" \u3000") or reporting.search(norm, day.end, end if end >= 0 else head[1]):
        return None
    return day.text


def _opens_clause(norm: str, sentence: Sentence, pos: int) -> bool:
    """Whether only punctuation stands between `pos` and the start of its clause."""
    start = next((c.start for c in sentence.clauses if c.start <= pos < c.end), sentence.start)
    return not norm[start:pos].strip(" \u3000,，:：“\"")


_TOPIC_CHARS = 16  # a sentence no longer than this, with no figure, time or place, only names a topic


def _leads(norm: str, sentences: Sequence[Sentence], times: Mentions, places: Mentions,
           figures: Sequence[int]) -> dict[int, tuple[int, Mention | None, Mention | None]]:
    """For each paragraph (line), the time and place its first sentence
    states (a numbered section title before it is no sentence here, nor a
    topic sentence with no figure, time or place); the
    place before its first figure (`figures`: where quantities start): one
    after it is what that sentence goes on to (…新设外商投资企业612户,…其中香港
    投资企业占比近四成), not what the paragraph is about. A time
    relative to the text's own (上年, 上月) leads only when it opens its clause
    (经过初步核算,去年我市…): in 死亡率由上年的13.41/10万下降到… it is a
    comparison base, which the paragraph's later figures do not inherit."""
    lines = Lines(norm)
    leads: dict[int, tuple[int, Mention | None, Mention | None]] = {}
    topical: set[int] = set()  # lines opening on a topic sentence: the next one gives their time only
    for s in sentences:
        line = lines.start_of(s.start)
        if line not in leads and not _SECTION_TITLE.fullmatch(norm, s.start, s.end):
            time = times.first_in(s.start, s.end, days=False)
            if time is not None and time.relative and not _opens_clause(norm, s, time.start):
                time = times.first_in(s.start, s.end, days=False, relative=False)
            first_figure = figures[i] if (i := bisect_left(figures, s.start)) < len(figures) else s.end
            place = places.first_in(s.start, min(s.end, first_figure))
            if time is None and place is None and first_figure >= s.end and s.end - s.start <= _TOPIC_CHARS:
                topical.add(line)
                continue  # “双十一”消费热度高涨。: a short topic sentence; the next one leads
            leads[line] = (s.end, time, None if line in topical else place)
    return leads
