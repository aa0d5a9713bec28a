"""Reading phrases around a number: the measured phrase before it, the
counted noun after it, the change word and comparison ending before it, the
row label of a table cell. Pure functions over `norm` and offsets; the words
they skip are lexicon data (metrics.yaml, changes.yaml)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex

from ..fragments import compiled
from ..lexicons import Lexicons, or_regex
from ..models import Direction

_TRAILING_PUNCT_CHARS = " \t\n,，、:：;；(（“\"'‘「『-—~"
_NAME_START = regex.compile(r"[\p{Han}“\"A-Za-z]")
_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z+]")
_HAN = regex.compile(r"\p{Han}")
_CLOSING = regex.compile(r"[^()（）\n]{0,8}[)）]")
_PER_HEAD = regex.compile(r"每|[人户亩]均")
_SELECTED = regex.compile(r"前[\d一二三四五六七八九十两]")
# 以 as a preposition (以抓举, 以91.26分的综合得分): not 以上, 以来, 可以, 所以 …; the last one
# 以安徽“十三五”发展改革为内容的微信文章, 以新能源汽车为代表的新产品: a modifier saying what the thing
# is about or stands for; the measure is what follows it
_TAKEN_AS = regex.compile(r"以[^以,，。;；]{1,24}?为(?:内容|主题|代表|主体|核心|重点|主|主线|载体|引领|支撑|龙头)的")
_BY = regex.compile(r"(?r)(?<![可所予难加用得足])以(?![上下来及往便后前内外为旧])")
# where the noun named after a 以-figure ends: a verb of placing (以9.36亿元票房居全国首位)
_PLACING = regex.compile(r"居(?![民住])|位居|位列|排名|排在|名列|稳居|跃居|最高|最低|最多|最少|领先|夺冠|夺得|获得")
_FORMER = ("过去", "原来", "此前", "以前", "之前", "上年", "去年")  # 由原来的25个工作日: where a from-to starts
# 大中型水库, 70个大中城市, 公共停车泊位: 中 or 共 inside a word ends no counted noun
_IN_WORD = regex.compile(r"中[型小心医药学央专高级城]|(?<=公)共")  # (70个大中城市)
# the kinds of division a count may list (6个区、县（市）): one counted noun
_DIVISION = regex.compile(r"(?:区|县|市|乡|镇|街道|旗)(?:[(（][^()（）\n]{1,6}[)）])?")
# a comparison with a year right before the direction word (较2023年, 比二〇二三年同期)
# (or a five-year plan's end: 比“十三五”末)
_DATED_COMPARISON = regex.compile(r"(?:较|比|与)(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:同期|末|底)?"
                                  r"|[“\"]?[一二三四五六七八九十]{2,3}五[”\"]?(?:末|期末|时期)?)(?:相比)?$")
_COMPARED_BEFORE = regex.compile(r"(?:较|比|与)[^,，。;；]{0,10}$")  # 比上年末 | 新增
_SKIP = regex.compile(r"[\s,，、:：;；()（）“”\"'‘’「」『』《》\-—~‧•·●]+"  # (‧收入: a bullet)
                     r"|[一二三四五六七八九十]{1,3}[)）、](?!\d)"  # （二）把离境税…: an item's number
                     r"|(?<![\d.])\d{1,2}[.．、](?=\s*\p{Han})")  # 3. 橫琴…新增澳資企業: a listed link's number


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int


@functools.cache
def words(lex: Lexicons) -> dict[str, Any]:
    """metrics.yaml's framing words, with direction and comparison surfaces, longest first."""
    directions = tuple(sorted({s for g in lex.directions for s in g.surfaces}, key=len, reverse=True))
    comparisons = tuple(sorted({s for g in lex.comparisons for s in g.surfaces}, key=len, reverse=True))
    having_last = regex.compile(or_regex(lex.metrics["having"]), regex.REVERSE)
    # a totalling adverb that is a word of its own: not 公共, 中共, 共建, 共享, 共同, 共有 (having),
    # 去年全年 (a period), 全年的
    totalling_last = regex.compile(r"(?<![公中总一年])(?:" + or_regex(lex.metrics["totalling"])
                                   + r")(?![建享同青赢识性振创商有计的])", regex.REVERSE)
    # 内地旅客: a place right before an origin noun says whose figure it is; it stays in the metric
    origin = regex.compile(or_regex(n for n in lex.context["origin_nouns"] if n != "注册成立"))
    # the last verb of doing in a long phrase (运营客运航线), and the kinds of money (政府债券)
    action_last = regex.compile(or_regex(lex.metrics["action_verbs"]), regex.REVERSE)
    # a time counted back from now (三年前, 10个月前): non_quantity.yaml's rule, no duration there either
    time_ago = compiled(next(nq.pattern for nq in lex.non_quantity if nq.id == "nq.time_ago"), lex)
    # 、加拿大之, 低于全国的: a place whose level is compared with, and nothing else (link._compared_place)
    compared_place = regex.compile(r"[\s,，、]*(?:和|及|与|以及)?(?:惟|但|而|则|仍)?"
                                   r"(?:" + or_regex(lex.metrics["compared_with"]) + r")?"
                                   r"(?P<place>[^\s,，、]{2,8}?)(?:之|的)?")
    additions = or_regex(lex.metrics["additions"])
    additions_at_ends = regex.compile(rf"^(?:{additions})|(?:{additions})$")
    trailing = tuple(sorted(lex.metrics["trailing"], key=len, reverse=True))  # 提升至 before 升至
    return {**lex.metrics, "trailing": trailing, "additions_at_ends": additions_at_ends,
            "directions": directions, "comparisons": comparisons, "having_last": having_last,
            "compared_place": compared_place, "action_last": action_last,
            "money_nouns": tuple(lex.metrics["money_nouns"]),
            "totalling_last": totalling_last, "origin": origin, "time_ago": time_ago}


def strip(norm: str, start: int, end: int, lex: Lexicons, entity_starts: dict[int, int]) -> Phrase:
    """The phrase in [start, end) without framing words, punctuation, and
    leading dates and places (`entity_starts`: start -> end of those)."""
    w = words(lex)
    changed = True
    while changed and start < end:
        changed = False
        if (m := _SKIP.match(norm, start, end)) is not None:
            start, changed = m.end(), True
        elif (start in entity_starts and entity_starts[start] <= end
              and not w["origin"].match(norm, entity_starts[start], end)):
            start, changed = entity_starts[start], True  # all of it, if it is only a date or place
            # 青岛港完成货物吞吐量: the port, airport or crossing named after the place goes with it
            facility = next((f for f in lex.features["joined_after"] if norm.startswith(f, start, end)), None)
            start += len(facility) if facility else 0
        else:
            for word in w["leading"]:
                if norm.startswith(word, start):
                    # all of it, if it is only framing (其中); else the rest
                    start, changed = (end if start + len(word) >= end else start + len(word)), True
                    break
    changed = True
    while changed and start < end:
        changed = False
        text = norm[start:end]
        stripped = text.rstrip(_TRAILING_PUNCT_CHARS)
        if len(stripped) < len(text):
            end, changed = start + len(stripped), True
            continue
        if text.endswith(w["per_unit_averages"]):
            break  # 日均: an average, not the framing 均
        for word in w["trailing"]:
            if text.endswith(word):  # all of it, if it is only framing (稳定在)
                end, changed = end - len(word), True
                break
    # 全市共有A级景区56家: what is counted follows a verb of having; not a
    # per-head rate (每万人拥有5G基站数, 人均拥有) nor a noun (专利拥有量)
    # (科幻、喜剧类影片分别贡献票房: after 分别 the subjects say whose figure each is, kept)
    last = w["having_last"].search(norm, start, end)  # the last verb of having: one reverse search
    if last and last.end() < end and norm[last.end()] not in "量率数者" and not _PER_HEAD.search(
            norm, start, last.end()) and not norm.endswith("分别", start, last.start()):
        start = last.end()
    # 全省各级应急管理部门累计检查企业: after an agent and a totalling adverb, what it did (a verb
    # and its object) is the measure; not a noun it qualifies (移动互联网累计流量), nor after a
    # selected group, which is what is measured (前十家企业集团累计销售汽车)
    total = w["totalling_last"].search(norm, start + 2, end - 4)
    # (完成全年目标任务的53.5%: after a verb the adverb's word qualifies the object)
    if total is not None and _HAN.match(norm[total.start() - 1]) and not _SELECTED.search(
            norm, start, total.start()) and not norm.endswith(w["trailing"], start, total.start()):
        start = total.end()
    # 女子59公斤级选手杨雪以抓举106公斤: 以 (by) introduces what the figure measures; not
    # before a place (粗出生率以新竹市6.82‰最高: the measure stands before 以)
    if (taken := _TAKEN_AS.search(norm, start, end)) is not None and taken.end() < end:
        start = taken.end()
    by = _BY.search(norm, start, end)
    if by is not None and by.end() < end and by.end() not in entity_starts:
        start = by.end()
    elif by is not None and entity_starts.get(by.end()) == end:
        # the place that has the figure is no part of the measure; with nothing before 以 the
        # measure was named in the clause before (…年平均气温在16.2～20.4℃之间,以江华县20.4℃为最高)
        end = by.start() if by.start() > start else start
    # 集聚科大讯飞、思必驰等相关企业1180家: 等 closes an enumeration of examples;
    # what is counted is named after it
    cut = norm.rfind("等", start, end - 1)
    # (not 等级, 一等奖, 等同, 等效声级, 等候; nor an enumeration inside a note: 数字化阅读方式（…Pad阅读等）接触率)
    if cut > start and norm[cut + 1] not in "级奖同待候于效量比额)）":
        start = cut + 1
    # 地区生产总值从1978年的1.13亿元起步: what is measured stands before 从/由 and its date
    for at in (i for i in range(start + 1, end - 1) if norm[i] in "从由"):
        # (由三年前的不足10%提高到, 由过去的15至20个工作日压减至)
        if (at + 1 in entity_starts or w["time_ago"].match(norm, at + 1, end)
                or norm.startswith(_FORMER, at + 1)):
            return strip(norm, start, at, lex, entity_starts)  # (通行时间将由原来的: the framing before 由 too)
    return Phrase(start, end)


def by_figure(norm: str, pos: int, lex: Lexicons) -> Phrase | None:
    """What a figure introduced by 以 measures, named right after it (以91.26分的综合得分,
    以9.36亿元票房居全国首位 -> 票房); none when a verb follows (以24.15亿元位列第二)."""
    named = following(norm, pos, lex)
    if named is None or norm.startswith(words(lex)["following_stops"], named.start):
        return None
    cut = _PLACING.search(norm, named.start, named.end)
    end = cut.start() if cut else named.end
    return Phrase(named.start, end) if end - named.start >= 2 else None


def only_framing(text: str, lex: Lexicons) -> bool:
    w = words(lex)
    return text in w["trailing"] or text in w["leading"]


def following(norm: str, pos: int, lex: Lexicons, share: bool = False) -> Phrase | None:
    """The counted noun phrase right after a number (2万余家企业 -> 企业);
    after a share only one introduced by 的 (99%的事项)."""
    w = words(lex)
    start = pos + 1 if norm.startswith("的", pos) else pos
    if share and start == pos:
        return None  # 99%的事项 names what the share is of; 99%和… does not
    if start >= len(norm) or not _NAME_START.match(norm[start]):
        return None
    if _verb_at(norm, start, w):
        return None  # a verb or the rest of a range follows (由1000上升至…, 58万至60万), not a noun
    end, quoted = start, False
    limit = min(len(norm), start + int(w["max_following_chars"]))
    while end < limit:
        ch = norm[end]
        if ch in "(（" and (close := _CLOSING.match(norm, end + 1, limit)) is not None:
            end = close.end()  # 5个县（市、区）: a short bracket belongs to the name (not a note: 78项获奖成果(含…,下同))
            continue
        if ch in "“\"":
            quoted = True
        elif ch in "”\"" and quoted:
            quoted = False
        elif quoted:
            pass
        elif ch == "、" and _DIVISION.fullmatch(norm, start, end) and _DIVISION.match(norm, end + 1):
            pass
        elif not _NAME_CHAR.match(ch) or end > start and any(
                norm.startswith(word, end) for word in w["following_stops"]) and not (
                ch == "的" and norm[start:end] in w["following_through"]) and not _IN_WORD.match(norm, end):
            break  # (a stop word may begin the name: 56所中国内地高校)
        end += 1
    if end == start or (end == limit and end < len(norm) and _HAN.match(norm[end])):
        return None  # nothing, or a run-on clause rather than a name
    if norm[start:end] in w["following_not_counted"]:
        return None  # 406枚的成绩: how the figure stands, not what it counts
    if norm[start:end] in w["following_stops"] and not _NAME_CHAR.match(norm[end:end + 1] or "。"):
        return None  # 吸引台胞300余人参加。: what they did, ending the clause
    selected = next((v for v in w["following_selection"] if norm.startswith(v, end)), "")
    return Phrase(start, end + len(selected))  # 2家企业进入全国前十 -> 企业进入


def _verb_at(norm: str, pos: int, w: dict[str, Any]) -> bool:
    """A direction or framing verb starts at `pos` (增长, 达到, 至); a one-character
    one only before a number or punctuation (高1.2个百分点, not 高校)."""
    for word in (*w["directions"], *w["trailing"], "至", "到"):
        if norm.startswith(word, pos):
            after = norm[pos + len(word):pos + len(word) + 1]
            if len(word) > 1 or not after or not _HAN.match(after):
                return True
    return False


@functools.cache
def _direction_surfaces(lex: Lexicons) -> tuple[tuple[str, str], ...]:
    pairs = {(s, g.value) for g in lex.directions for s in g.surfaces}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def _added_level(window: str, lex: Lexicons) -> bool:
    """Whether `window` ends in what was added, a level (分别新增1420万千瓦), not
    a change from a base before it (比上年末新增3.1万个)."""
    added = next((w for w in lex.levels_unless_compared if window.endswith(w)), None)
    return added is not None and not _COMPARED_BEFORE.search(window, 0, len(window) - len(added))


def change(norm: str, start: int, end: int, lex: Lexicons) -> tuple[Direction | None, str | None, int]:
    """The direction word ending [start, end), the comparison in it, and
    where the change phrase starts (`end` when there is none)."""
    window = norm[start:end].rstrip("了 ")
    direction, phrase_start = None, end
    if not window.endswith(lex.not_directions) and not _added_level(window, lex):
        for surface, value in _direction_surfaces(lex):  # longest first, whatever the group
            if window.endswith(surface):
                direction = Direction(value)
                phrase_start = start + len(window) - len(surface)
                break
    comparison = None
    for surface in words(lex)["comparisons"]:
        at = norm.rfind(surface, start, end)
        if at >= 0:
            comparison = surface
            phrase_start = min(phrase_start, at) if direction else phrase_start
            break
    if direction and comparison is None and (dated := _DATED_COMPARISON.search(norm, start, phrase_start)):
        comparison, phrase_start = dated.group(), dated.start()  # 收入…,较2023年增长8.3%
    return direction, comparison, phrase_start
