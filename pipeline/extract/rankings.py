"""Rankings: positions (第N), top-N (前N), tiers (第N梯队) and changes (上升N位).

Patterns are built once from lexicons/rankings.yaml and the gazetteer
(a place is a scope too: 排杭州第一, 摘取亚洲头名). After a match, list
continuations are read item by item (位居全国第八、西部第一; 分别位居第十四、
十五、十八、十九名; 第五名至第十名), each item keeping its own scope or
carrying the first one's. A position without a scope takes the scope of an
`在全国…中` frame earlier in its clause.
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Literal

import regex

from ..candidates import RankingCandidate, drop, longest_first, unsuppressed
from ..fragments import compiled
from ..lexicons import Lexicons
from ..models import Clause
from ..numerals import parse_number
from ..rules import Rule, ex
from .context import Blocker, Context

# A list item is a position like the first (位居全国第八、西部第一), never the
# start of an amount (第一、300家企业) or of 第一、二产业.
_ITEM = (r"(?P<scope2>{scope})?第?(?P<n2>{rank_number})(?:{position_suffix})?"
         r"(?!{not_rank}|[“\"]?{tier}|[%‰.]|{unit})")

_POSITION = r"""
    (?:在(?P<scope_pre>{scope}))?
    (?P<trig>{trigger})?
    (?:(?P<scope>{scope})(?:{peer})?)?
    第(?P<n>{rank_number})(?P<suffix>{position_suffix}|大(?=\p{Han}))?
    (?!{not_rank}|[“"]?{tier})
    """
_TOP = r"""
    (?P<trig>{trigger})?(?P<scope>{scope})?
    前(?P<n>{rank_number})(?P<suffix>{top_suffix})?
    (?![个天日月年周季%])
    """
_TIER = r"""
    (?P<trig>{trigger})?(?P<scope>{scope})?
    [“"]?第(?P<n>{rank_number})(?:{tier})[”"]?
    """
_CHANGE = r"""
    (?:(?P<up>{rank_up})|(?P<down>{rank_down}))
    (?P<n>{rank_number})(?:{change_suffix}|个(?=、))
    """
_FROM_TO = r"""
    从(?P<scope>{scope})?第?(?P<n>{rank_number})(?:位|名)
    \p{Han}{0,3}?(?:至|到|为)(?:{scope})?第?(?P<n2>{rank_number})(?:位|名)
    """
_CHANGE_ITEM = r"、(?P<n2>{rank_number})(?:{change_suffix}|个(?=、))"
_FIRST_PLACE = r"(?P<trig>{trigger})?(?:(?P<scope>{scope})(?:{peer})?)?(?:{first_place})"

RULES: tuple[Rule, ...] = (
    Rule("rank.position", "ranking", "a stated position 第N after a ranking verb or a scope", _POSITION,
         (ex("每万人拥有5G基站数超19个,位列全国第7", text="位列全国第7", rank=7, scope="全国", basis="position"),
          ex("在全国31个省(区、市)中排名第9", rank=9, scope="全国"),
          ex("综合评价位居全国第12位", text="位居全国第12位", rank=12)),
         ("第一产业增加值", "第三十二期", "名列全国第10000位")),
    Rule("rank.position.item", "ranking", "a further position in a list after a position (、西部第一)", _ITEM,
         (ex("分别位居第十四、十五名", text="十五名", rank=15, scope=None),), ("第一、二产业",)),
    Rule("rank.place_list", "ranking", "第一大 after places: one position per place (江苏、福建第一大)", None,
         (ex("分别是江苏、福建第一大经济总量城市", text="江苏", rank=1, scope="江苏"),)),
    Rule("rank.top", "ranking", "a top-N (进入全国前十, 前五名, 前三甲)", _TOP,
         (ex("总量进入全国前十", text="进入全国前十", rank=10, scope="全国", basis="top"),
          ex("北京、上海、深圳位列前三甲", rank=3, scope=None, basis="top")),
         ("前两个月", "前50%")),
    Rule("rank.tier", "ranking", "a tier (第一梯队, “第一方阵”)", _TIER,
         (ex("重庆位于全国第一梯队", text="位于全国第一梯队", rank=1, scope="全国", basis="tier"),)),
    Rule("rank.change", "ranking", "a change of rank (上升15位, 下降3位: signed)", _CHANGE,
         (ex("排名较2021年上升15位", text="上升15位", rank=15, basis="change"),
          ex("产业数字化指数下降3位", rank=-3)), ("下降3%",)),
    Rule("rank.change.item", "ranking", "a further change in a list (分别上升8位、7位)", _CHANGE_ITEM,
         (ex("分别上升8位、7位", text="7位", rank=7, basis="change"),)),
    Rule("rank.from_to", "ranking", "both ends of a move between positions (从全省113位跃升至83位)", _FROM_TO,
         (ex("从全省113位跃升至83位", rank=83, scope="全省", basis="position"),)),
    Rule("rank.first_place", "ranking", "a first place without 第N (位居榜首, 摘取亚洲头名)", _FIRST_PLACE,
         (ex("综合实力位居榜首", text="位居榜首", rank=1, scope=None),
          ex("香港国际机场摘取亚洲头名", text="摘取亚洲头名", rank=1, scope="亚洲"))),
    Rule("drop.rank.no_trigger", "drop", "第N with neither a ranking verb nor a scope is no ranking", None,
         (ex("这第9", text="第9"),)),
)

_PATTERNS = {"rank.position": _POSITION, "rank.top": _TOP, "rank.tier": _TIER, "rank.change": _CHANGE,
             "rank.from_to": _FROM_TO, "rank.first_place": _FIRST_PLACE}


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    """Patterns over scope WORDS only; a place as scope (排杭州第一) is read
    by `_place_scope` from the gazetteer, which keeps these patterns small."""
    out = {rule: compiled(template, lex, regex.VERBOSE) for rule, template in _PATTERNS.items()}
    out.update({
        "list_item": compiled(r"(?:、|至)(?:{trigger})?" + _ITEM, lex),
        "change_item": compiled(_CHANGE_ITEM, lex),
        "frame": compiled(r"在(?P<scope>{scope})[^在,，。;；]{0,25}?中", lex),
        "scope_word": compiled("{scope}", lex),
        "trigger_end": compiled(r"(?:在|{trigger})$", lex),
    })
    return out


def _place_before(norm: str, pos: int, lex: Lexicons) -> int | None:
    """Start of the longest gazetteer place (or `X地区`) ending at `pos`."""
    end = pos - 2 if norm.endswith("地区", 0, pos) else pos
    for length in range(min(8, end), 1, -1):
        place = lex.places.get(norm[end - length:end])
        if place is not None and not place.ambiguous:
            return end - length
    return None


def _place_scope(norm: str, m: regex.Match[str], lex: Lexicons) -> tuple[int, str] | None:
    """A place written right before a scopeless ranking, itself after a
    trigger (排杭州第一, 摘取亚洲头名, 在杭州地区位列第一): new start, scope."""
    if m.group("scope"):
        return None
    trig = m.groupdict().get("trig")
    pos = m.start()
    if trig:  # 在杭州地区位列第一: the place stands before the trigger, after 在
        start = _place_before(norm, pos, lex)
        if start is not None and norm[start - 1:start] == "在":
            return start - 1, norm[start:pos]
        return None
    start = _place_before(norm, pos, lex)
    if start is None:
        return None
    before = _patterns(lex)["trigger_end"].search(norm, max(0, start - 4), start)
    if before is None:
        return None
    return before.start(), norm[start:pos]


def _rank(text: str | None) -> int | None:
    try:
        return int(parse_number(text)) if text else None
    except ValueError:
        return None


Basis = Literal["position", "top", "tier", "change"]


def _cand(start: int, end: int, rule: str, rank: int, scope: str | None, basis: Basis) -> RankingCandidate:
    return RankingCandidate(start=start, end=end, rule=rule, rank=rank, scope=scope, basis=basis)


def _list_items(norm: str, pos: int, scope: str | None, rule: str, pattern: regex.Pattern[str],
                basis: Basis, sign: int = 1) -> Iterator[RankingCandidate]:
    """Items that continue a list after a ranking ends at `pos`."""
    while (m := pattern.match(norm, pos)) is not None:
        rank = _rank(m.group("n2"))
        if rank is None:
            return
        own_scope = m.groupdict().get("scope2")
        yield _cand(m.start() + 1, m.end(), rule + ".item", sign * rank, own_scope or scope, basis)
        pos = m.end()


def _find(norm: str, lex: Lexicons) -> Iterator[RankingCandidate]:
    p = _patterns(lex)
    for m in p["rank.position"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"])
        if rank is None:
            continue
        start, scope = m.start(), g["scope"] or g["scope_pre"]
        if g["suffix"] == "大" and not (g["trig"] or scope):
            yield from _place_list(norm, m, rank, lex)  # 江苏、福建第一大 / 第一大贸易伙伴
            continue
        placed = _place_scope(norm, m, lex) if not scope else None
        if placed:
            start, scope = placed
        elif not (g["trig"] or scope):
            yield drop(_cand(start, m.end(), "rank.position", rank, scope, "position"), "drop.rank.no_trigger")
            continue
        yield _cand(start, m.end(), "rank.position", rank, scope, "position")
        yield from _list_items(norm, m.end(), scope, "rank.position", p["list_item"], "position")
    for m in p["rank.top"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"])
        placed = _place_scope(norm, m, lex)
        start, scope = placed if placed else (m.start(), g["scope"])
        if rank is not None and (g["trig"] or scope or g["suffix"]):
            yield _cand(start, m.end(), "rank.top", rank, scope, "top")
    for m in p["rank.tier"].finditer(norm):
        rank = _rank(m.group("n"))
        if rank is not None:
            yield _cand(m.start(), m.end(), "rank.tier", rank, m.group("scope"), "tier")
    for m in p["rank.change"].finditer(norm):
        rank = _rank(m.group("n"))
        sign = -1 if m.group("down") else 1
        if rank is not None:
            yield _cand(m.start(), m.end(), "rank.change", sign * rank, None, "change")
            yield from _list_items(norm, m.end(), None, "rank.change", p["change_item"], "change", sign)
    for m in p["rank.from_to"].finditer(norm):
        for key in ("n", "n2"):
            rank = _rank(m.group(key))
            if rank is not None:
                start = m.start() if key == "n" else m.start("n2")
                end = m.end("n") + 1 if key == "n" else m.end()
                yield _cand(start, end, "rank.from_to", rank, m.group("scope"), "position")
    for m in p["rank.first_place"].finditer(norm):
        placed = _place_scope(norm, m, lex)
        start, scope = placed if placed else (m.start(), m.group("scope"))
        if m.group("trig") or scope:
            yield _cand(start, m.end(), "rank.first_place", 1, scope, "position")


def _place_list(norm: str, m: regex.Match[str], rank: int, lex: Lexicons) -> Iterator[RankingCandidate]:
    """One position per place of `江苏、福建第一大`; none place-less: 第一大贸易伙伴."""
    places: list[tuple[int, int]] = []
    end = m.start()
    while (start := _place_before(norm, end, lex)) is not None:
        places.append((start, end))
        if norm[start - 1:start] != "、":
            break
        end = start - 1
    if not places:
        yield _cand(m.start(), m.end(), "rank.position", rank, None, "position")
        return
    places.reverse()
    for i, (start, end) in enumerate(places):
        last = i == len(places) - 1
        yield _cand(start, m.end() if last else end, "rank.place_list", rank, norm[start:end], "position")


def _with_clause_scope(norm: str, cand: RankingCandidate, clauses: Sequence[Clause],
                       clause_starts: Sequence[int], lex: Lexicons) -> RankingCandidate:
    """A scopeless position takes the scope written earlier in its clause:
    an `在全国…中` frame, else a scope word (迈入全国数字经济“第一方阵”)."""
    if cand.scope or cand.basis == "change" or not cand.alive:
        return cand
    i = bisect_right(clause_starts, cand.start) - 1
    clause = clauses[i] if i >= 0 and cand.start < clauses[i].end else None
    if clause is None:
        return cand
    p = _patterns(lex)
    frames = list(p["frame"].finditer(norm, clause.start, cand.start))
    words = list(p["scope_word"].finditer(norm, clause.start, cand.start))
    scope = frames[-1].group("scope") if frames else words[-1].group() if words else None
    if scope is None:
        return cand
    return replace(cand, scope=scope)


def extract(ctx: Context, block: Blocker) -> list[RankingCandidate]:
    """Ranking candidates in text order; longest span wins an overlap."""
    found = unsuppressed(block(list(_find(ctx.norm, ctx.lex))), ctx.zones)
    starts = [c.start for c in ctx.clauses]
    return [_with_clause_scope(ctx.norm, c, ctx.clauses, starts, ctx.lex) for c in longest_first(found)]
