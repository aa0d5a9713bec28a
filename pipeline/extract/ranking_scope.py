"""Scopes of rankings written elsewhere than right before the position.

- A place as scope, after a ranking verb (排杭州第一, 摘取亚洲头名,
  在杭州地区位列第一, 获浙江省第三): `place_scope`.
- A scope word or an `在全国…中` frame earlier in the clause (迈入全国数字经济
  “第一方阵”, 全国…数量第一): `Scoper`; a position with no verb stands only
  with such a scope. A scope word inside an organisation's name is none
  (华中科技大学 is no scope 华中).
- A position stated without a verb (北京大学(第12名), 南京第4、苏州第5) takes
  the scope of the ranking before it in its sentence: the scope is written
  once for the series (位居全球第11名,北京大学(第12名)).
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

import regex

from ..candidates import Intervals, RankingCandidate
from ..fragments import compiled
from ..lexicons import Lexicons
from .context import Context

# a quoted indicator or a title (「國內經濟」, 《世界競爭力年報》) names a thing, not a field
_LINKING = frozenset("则也亦均还")  # 在亚洲则位列第二: an adverb between the place and the verb
_QUOTED = regex.compile(r"[“「『《\"][^“”「」『』《》\"\n]{1,30}[”」』》\"]")
# ... or the place with those ranked in it (在中国内地上榜的222所高校中): the place is the scope
# a scope word owning a count (长三角地区共有17个城市入围前五十名, 全省有6家企业进入): the owner of
# what is ranked, not the field it is ranked in
_OWNS_COUNT = regex.compile(r"(?:地区|区域|片区)?(?:共有|共|有|拥有|已有|还有|另有)(?:\d+|[一二三四五六七八九十两]+)"
                            r"(?:个|家|所|座|项|位|名|只|支|条|款|人)")
_RANKED_IN = regex.compile(r"(?:上榜|参评|入围|入选|参加评价|参与评价|参与排名)的?$")
# Rules whose positions have no verb of their own: the series' scope carries to them.
_SERIES_RULES = frozenset({"rank.bracket", "rank.enumeration"})
NO_TRIGGER = "drop.rank.no_trigger"
_SERIES_REACH = 40  # a place-led position continues a series this close to the placing before it


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    return {
        # 在全国31个省(区、市)中, 在长三角41个城市中, 在亚洲四小龙中, 从省内排名看: a frame
        # names the field for its whole sentence (a count or peer noun after it is no part of it;
        # a numeral inside a place's name is: 在四川省21个市(州)中)
        # (a clause may open with the frame and no 在: 全省14个市州中,…排名前三的是; 中西部地区中,四川增速居首)
        # (在2024年度全国5A级景区品牌影响力100强榜单中: an edition's year may come first)
        # (在中国旅游研究院日前发布的2024年度全国…榜单中: after who published the list)
        # (在全国五大集结中心综合评价中: the 中 of 中心 closes no frame)
        "frame": compiled(r"在(?:[^在,，。;；]{2,20}?发布的)?(?:\d{4}年度?)?(?P<scope>{scope})[^在,，。;；]{0,25}?中(?![心央])"
                          r"|(?<=^|[\s,，。;；:：])(?P<lead>{scope})[^在,，。;；]{0,25}?中(?=[,，])"
                          r"|在(?P<field>(?:(?!{cn_numeral}+(?:个|省|市|区|县|州|{peer})|在)[^,，。;；\d]){2,8}?)(?:{peer})?"
                          r"(?:\d+|{cn_numeral}+)?个?[^在,，。;；\d]{0,8}?中(?=[,，]?\p{Han})"
                          r"|从(?P<from>{scope})(?:排名|排行|排位)?(?:来)?看", lex),
        "scope_word": compiled("{scope}", lex),
        # 全球创新指数, 全球金融中心指数: an index's name opening with a scope word holds no scope
        "index_name": compiled(r"(?:{scope})[\p{Han}A-Za-z]{1,10}?指数", lex),
        "trigger_end": compiled(r"(?:在|{trigger})$", lex),
        # 位列世界第五、亚洲第一: a place opening the next item of a list of positions
        # after a verb; without one the places are what is ranked (其中南京第4、苏州第5)
        # (重返全球第五位、亚洲第三位: a scope word before the item before is placing enough)
        # (中国大陆排名第16名、韩国第27名: after an item with no scope, the place is what is ranked)
        "item_end": compiled(r"(?:(?:{trigger})(?P<between>\p{Han}{0,8}?)|(?P<lead>{scope}))"
                             r"(?:第{rank_number}(?:{position_suffix})?|{first_place})、$", lex),
        "trigger_start": compiled(r"{trigger}", lex),
        "ranked_class": compiled(r"{ranked_class}", lex),
    }


# A part of a place named after it, kept in the scope as written: 西南地区, 中原城市群,
# 长株潭都市圈, 长江沿线, 中国北方; 区 only after a continent or a region (亞太區 in Hong Kong usage).
AREA_PARTS = ("地区", "城市群", "城市带", "经济带", "都市圈", "经济圈", "经济区", "沿线", "北方", "南方")
# An area a frame's field may name by its direction alone (在北方省会城市中); elsewhere the
# direction is a word's part (北方稀土) or a place's (中国北方)
_BARE_AREAS = frozenset({"北方", "南方"})
# ... and the coast or inland, before the count of its members (在沿海11个省(区、市)中; 在沿海省份中
# names a class of provinces)
_COUNTED_AREAS = frozenset({"沿海", "内陆", "沿边"})
_MEMBER_COUNT = regex.compile(r"\d+|[一二两三四五六七八九十]+个")
# ... and the parts a frame's field may end in after a place (渝东北片区, 中原城市群)
_PLACE_PART = regex.compile(f"(?:{'|'.join((*AREA_PARTS, '片区', '区域', '板块', '流域'))})$")


def scope_as_written(norm: str, scope: str, end: int) -> str:
    """A scope word as written: 长三角地区 keeps the 地区 after it (the peer noun
    地区 is not what is ranked there; 为珠三角地区唯一进入前十), 中原城市群 its 城市群."""
    part = next((p for p in AREA_PARTS if norm.startswith(p, end)), "")
    return scope + part if part and not scope.endswith(part) else scope


def place_before(norm: str, pos: int, lex: Lexicons) -> int | None:
    """Start of the longest gazetteer place (or `X地区`, `X城市群`, `亚太区`) ending at `pos`."""
    part = next((len(p) for p in AREA_PARTS if norm.endswith(p, 0, pos)), 0)
    if not part and norm.endswith("区", 0, pos):
        start = _longest_place(norm, pos - 1, lex, area=True)
        if start is not None and lex.places[norm[start:pos - 1]].level in ("country", "region"):
            return start
    return _longest_place(norm, pos - part, lex, area=part > 0)


def _longest_place(norm: str, end: int, lex: Lexicons, area: bool) -> int | None:
    for length in range(min(8, end), 1, -1):
        place = lex.places.get(norm[end - length:end])
        # a direction that is also a word (西南) names an area before 地区 (在西南地区位居第二)
        if place is not None and (not place.ambiguous or area):
            return end - length
    return None


def place_around(norm: str, start: int, end: int, lex: Lexicons) -> tuple[int, int] | None:
    """A gazetteer place that starts before `start` and holds [start, end):
    国内 read inside 中国内地 is no scope of its own; the place is."""
    for begin in range(start - 1, max(-1, start - 4), -1):
        for stop in range(min(len(norm), begin + 8), end - 1, -1):
            if lex.places.get(norm[begin:stop]) is not None:
                return begin, stop
    return None


def place_scope(norm: str, m: regex.Match[str], lex: Lexicons) -> tuple[int, str | None] | None:
    """A place written right before a scopeless ranking, itself after a
    trigger (排杭州第一, 摘取亚洲头名, 在杭州地区位列第一): new start, scope.
    A place opening an item of a list whose item before has no scope is what
    is ranked: new start, no scope (中国大陆排名第16名、韩国第27名)."""
    if m.group("scope"):
        return None
    trig = m.groupdict().get("trig")
    pos = m.start()
    if trig:  # 在杭州地区位列第一: the place stands before the trigger, after 在 (在亚洲则位列第二)
        link = 1 if norm[pos - 1:pos] in _LINKING else 0
        start = place_before(norm, pos - link, lex)
        if start is not None and norm[start - 1:start] == "在":
            return start - 1, norm[start:pos - link]
        return None
    start = place_before(norm, pos, lex)
    if start is None and (classed := _place_and_class(norm, pos, lex)) is not None:
        # 居安徽省高校第3位, 稳居长江下游内河港口第一梯队: the place, then the class ranked in
        start, place_end = classed
        before = _patterns(lex)["trigger_end"].search(norm, max(0, start - 4), start)
        return (before.start(), norm[start:place_end]) if before is not None else None
    if start is None:
        return None
    before = _patterns(lex)["trigger_end"].search(norm, max(0, start - 4), start)
    if before is not None:
        return before.start(), norm[start:pos]
    if item := _patterns(lex)["item_end"].search(norm, max(0, start - 20), start):
        return start, norm[start:pos] if item.group("lead") or item.group("between") else None
    return None


def _place_and_class(norm: str, pos: int, lex: Lexicons) -> tuple[int, int] | None:
    """A place and the class ranked in it ending at `pos` (安徽省高校, 长江下游内河港口):
    where the place starts and ends; the shortest class with a place before it."""
    ranked_class = _patterns(lex)["ranked_class"]
    for length in range(2, min(pos, 12) + 1):
        if not ranked_class.fullmatch(norm, pos - length, pos):
            continue
        if (start := place_before(norm, pos - length, lex)) is not None:
            return start, pos - length
    return None


def _named_span(frame: regex.Match[str]) -> tuple[int, int]:
    """Where a frame names its field: the scope word or place alone. Who
    published the list (在中国旅游研究院发布的…中) and who is ranked (在全国地方
    国资委监管企业中) may be organisations; a scope inside one (华中科技大学) is none."""
    group = next((g for g in ("scope", "lead", "field", "from") if frame.group(g)), None)
    return frame.span(group) if group else frame.span()


class Scoper:
    """Fills in the scopes of one document's rankings."""

    def __init__(self, ctx: Context, org_spans: Sequence[tuple[int, int]]) -> None:
        self.ctx = ctx
        self.orgs = Intervals(org_spans)
        self.clause_starts = [c.start for c in ctx.clauses]
        self.sentence_starts = [s.start for s in ctx.sentences]

    def fill(self, ranked: list[RankingCandidate]) -> list[RankingCandidate]:
        out: list[RankingCandidate] = []
        alive = Intervals((c.start, c.end) for c in ranked if c.alive)
        previous: RankingCandidate | None = None
        for cand in ranked:
            if cand.dropped_by == NO_TRIGGER:
                scope = self._clause_scope(cand.start)
                if alive.overlaps(cand.start, cand.end) or scope is None and not self._place_led(cand, previous):
                    out.append(cand)
                    continue
                # 全国…数量第一; 巩义市位列全国第21位,…;新郑市第34位 (no scope of its own)
                cand = replace(cand, dropped_by=None, scope=scope)
            elif cand.alive and cand.scope is None and cand.basis != "change":
                scope = self._series_scope(cand, previous) if cand.rule in _SERIES_RULES else None
                cand = replace(cand, scope=scope or self._clause_scope(cand.start))
            elif cand.alive and cand.scope is None:
                # a change takes no scope from its clause (升至全省第8位,较上年上升1位), only from
                # a frame it follows at once (在全国城市中前移1位)
                cand = replace(cand, scope=self._clause_scope(cand.start, frame_only=True))
            if cand.alive:
                previous = cand
            out.append(cand)
        return out

    def _place_led(self, cand: RankingCandidate, previous: RankingCandidate | None) -> bool:
        """A position right after a place opening its clause, soon after another
        placing on its line: one more item of a series (…;新郑市第34位,较上年上升5位)."""
        norm = self.ctx.norm
        at = place_before(norm, cand.start, self.ctx.lex)
        i = bisect_right(self.clause_starts, cand.start) - 1
        return (at is not None and i >= 0 and not norm[self.clause_starts[i]:at].strip(" \t,，;；、")
                and previous is not None and 0 <= cand.start - previous.end <= _SERIES_REACH
                and "\n" not in norm[previous.end:cand.start])

    def _clause_scope(self, pos: int, frame_only: bool = False) -> str | None:
        """The last scope written before `pos`: a frame (在全国…中, 从省内看)
        in its sentence, else a scope word in its clause, outside organisation names;
        `frame_only`: a frame ending right before `pos`, or nothing."""
        i = bisect_right(self.clause_starts, pos) - 1
        clauses = self.ctx.clauses
        if i < 0 or pos >= clauses[i].end:
            return None
        p = _patterns(self.ctx.lex)
        norm, start = self.ctx.norm, clauses[i].start
        j = bisect_right(self.sentence_starts, pos) - 1
        s_start = self.ctx.sentences[j].start if j >= 0 else start
        # 世界一流大学 holds no scope 世界; but jieba writes 全球排名 as one word
        edges = self.ctx.word_edges
        quoted = [q.span() for q in _QUOTED.finditer(norm, s_start, pos)]  # 「國內經濟」 names an indicator
        quoted += [q.span() for q in p["index_name"].finditer(norm, s_start, pos)]
        words = [m for m in p["scope_word"].finditer(norm, start, pos)
                 if not self.orgs.overlaps(*m.span()) and m.start() in edges
                 and not any(q_start <= m.start() < q_end for q_start, q_end in quoted)
                 and (m.end() in edges or p["trigger_start"].match(norm, m.end()))
                 and not _OWNS_COUNT.match(norm, m.end())]
        # the frame's look-ahead (中 then a word) reads past `pos`; the frame itself ends before it,
        # and a scope word nearer the position wins (在全国沿海港口中排第9位,全球排名由第15位升至第13位)
        nearest = words[-1].start() if words else -1
        # a frame names the field of its own clause, or of the clause right after it when it is
        # a clause of its own (在亚太地区14个经济体中,新加坡蝉联榜首; a later clause with its
        # own subject is no longer in it: …,我国第2、香港第3)
        window = clauses[i - 1].start if i > 0 and clauses[i - 1].start >= s_start else start
        # a clause with no subject of its own goes on with the one before: a frame opening the
        # sentence still holds (在全港18區中,灣仔區…為46,500元,排名第一)
        subjectless = not norm[start:pos].strip(" \t,，")
        if subjectless:
            window = s_start
        frames = [m for m in p["frame"].finditer(norm, window, pos + 2)
                  if nearest < m.end() <= pos and not self._in_org_name(m)
                  and (m.end() > start or not norm[m.end():start].strip(" \t,，:：")
                       or subjectless and not norm[s_start:m.start()].strip())
                  and not any(q_start <= _named_span(m)[0] < q_end for q_start, q_end in quoted)
                  and (not m.group("field") or self._field_place(m) is not None)]
        if frame_only:
            frames = [m for m in frames if norm[m.end():pos].strip() in ("", "排名", "位次", "排位")]
            words = []
        if frames:
            last = frames[-1]
            if last.group("field"):
                return self._field_place(last)
            key = next(g for g in ("scope", "lead", "from") if last.group(g))
            return scope_as_written(norm, last.group(key), last.end(key))  # 在中原城市群30个城市中: 中原城市群
        if not words:
            return None
        return scope_as_written(norm, words[-1].group(), words[-1].end())

    def _in_org_name(self, frame: regex.Match[str]) -> bool:
        """The frame's scope word lies inside an organisation's name (在华中科技大学…中), unless
        that "name" is the whole field and the frame closes right after it: those ranked, a
        class of bodies (在全球衍生品交易所中排名第9位), not one body."""
        start, end = _named_span(frame)
        return self.orgs.overlaps(start, end) and not self.orgs.holds(start, frame.end() - 1)

    def _field_place(self, frame: regex.Match[str]) -> str | None:
        """The place a frame's field opens with, as written and longest: 在陕西省入围县中
        -> 陕西省, not 陕西; 在黑吉辽三省中 -> 黑吉辽 (the field matched may be shorter)."""
        norm, at, stop = self.ctx.norm, frame.start("field"), frame.end() - 1
        counted = _MEMBER_COUNT.search(norm, frame.end("field"), stop) is not None
        return next((_RANKED_IN.sub("", norm[at:end]) for end in range(min(stop, at + 10), at + 1, -1)
                     if self._place_field(norm[at:end]) or counted and norm[at:end] in _COUNTED_AREAS), None)

    def _place_field(self, field: str) -> bool:
        """A field a frame names is a scope only when it is a place, or a
        place's part (渝东北片区); 在非内地客源市场中 names a market, not where."""
        field = _RANKED_IN.sub("", field)
        return field in _BARE_AREAS or self.ctx.lex.places.get(_PLACE_PART.sub("", field)) is not None

    def _series_scope(self, cand: RankingCandidate, previous: RankingCandidate | None) -> str | None:
        """The scope of the ranking before `cand` in its sentence."""
        if previous is None or previous.scope is None:
            return None
        i = bisect_right(self.sentence_starts, cand.start) - 1
        return previous.scope if i >= 0 and previous.start >= self.sentence_starts[i] else None
