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
from collections.abc import Iterator, Sequence

import regex

from ..lexicons import Lexicons, or_regex
from ..models import Clause, Zone
from ..numerals import parse_number
from ..offsets import Candidate, Span, longest_first, outside, suppressed

_NUM = r"(?:\d{1,4}|[一二三四五六七八九十百零两]{1,5})"


@functools.cache
def _fragments(lex: Lexicons) -> dict[str, str]:
    r = lex.rankings
    places = [name for name, p in lex.places.items() if not p.ambiguous]
    scope = or_regex([*r["scopes"], *(p + "地区" for p in places), *places])
    return {
        "num": _NUM,
        "scope": scope,
        "trigger": or_regex(r["triggers"]),
        "pos_suffix": or_regex(r["position_suffixes"]),
        "top_suffix": or_regex(r["top_suffixes"]),
        "tier": or_regex(r["tier_words"]),
        "up": or_regex(r["change_up"]),
        "down": or_regex(r["change_down"]),
        "change_suffix": or_regex(r["change_suffixes"]),
        "first": or_regex(r["first_place_words"]),
        "not_rank": or_regex(r["not_rank_after_ordinal"]),
        "place": or_regex(places),
    }


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    f = _fragments(lex)
    item = rf"(?P<scope2>{f['scope']})?第?(?P<n2>{f['num']})(?:{f['pos_suffix']})?"
    return {
        # 位列全国第7, 在杭州地区位列第一, 排杭州第一, 第一大贸易伙伴
        "rank.position": regex.compile(rf"""
            (?:在(?P<scope_pre>{f['scope']}))?
            (?P<trig>{f['trigger']})?
            (?P<scope>{f['scope']})?
            第(?P<n>{f['num']})(?P<suffix>{f['pos_suffix']}|大(?=\p{{Han}}))?
            (?!{f['not_rank']}|{f['tier']}|[“"]?{f['tier']})
            """, regex.VERBOSE),
        # 江苏、福建第一大: one position per place
        "rank.place_list": regex.compile(
            rf"(?P<places>{f['place']}(?:、{f['place']})+)第(?P<n>{f['num']})大"),
        # 进入全国前十, 排名中国前四, 前五名, 前三甲
        "rank.top": regex.compile(rf"""
            (?P<trig>{f['trigger']})?(?P<scope>{f['scope']})?
            前(?P<n>{f['num']})(?P<suffix>{f['top_suffix']})?
            (?![个天日月年周季])
            """, regex.VERBOSE),
        # 位于全国第一梯队, 全国“第一方阵”
        "rank.tier": regex.compile(rf"""
            (?P<trig>{f['trigger']})?(?P<scope>{f['scope']})?
            [“"]?第(?P<n>{f['num']})(?:{f['tier']})[”"]?
            """, regex.VERBOSE),
        # 上升15位, 分别上升8位、7位, 下降3位
        "rank.change": regex.compile(rf"""
            (?:(?P<up>{f['up']})|(?P<down>{f['down']}))
            (?P<n>{f['num']})(?:{f['change_suffix']})
            """, regex.VERBOSE),
        # 从全省113位跃升至83位
        "rank.from_to": regex.compile(rf"""
            从(?P<scope>{f['scope']})?第?(?P<n>{f['num']})(?:位|名)
            \p{{Han}}{{0,3}}?(?:至|到|为)(?:{f['scope']})?第?(?P<n2>{f['num']})(?:位|名)
            """, regex.VERBOSE),
        # 位居榜首, 摘取亚洲头名
        "rank.first_place": regex.compile(
            rf"(?P<trig>{f['trigger']})?(?P<scope>{f['scope']})?(?:{f['first']})"),
        "list_item": regex.compile(rf"(?:、|至)(?:{f['trigger']})?{item}"),
        "change_item": regex.compile(rf"、(?P<n2>{f['num']})(?:{f['change_suffix']})"),
        "frame": regex.compile(rf"在(?P<scope>{f['scope']})[^在,，。;；]{{0,25}}?中"),
    }


def _rank(text: str | None) -> int | None:
    try:
        return int(parse_number(text)) if text else None
    except ValueError:
        return None


def _cand(start: int, end: int, rule: str, rank: int, scope: str | None, basis: str) -> Candidate:
    return Candidate(start, end, "ranking", rule, {"rank": rank, "scope": scope, "basis": basis})


def _list_items(norm: str, pos: int, scope: str | None, rule: str, pattern: regex.Pattern[str],
                basis: str, sign: int = 1) -> Iterator[Candidate]:
    """Items that continue a list after a ranking ends at `pos`."""
    while (m := pattern.match(norm, pos)) is not None:
        rank = _rank(m.group("n2"))
        if rank is None:
            return
        own_scope = m.groupdict().get("scope2")
        yield _cand(m.start() + 1, m.end(), rule + ".item", sign * rank, own_scope or scope, basis)
        pos = m.end()


def _find(norm: str, lex: Lexicons) -> Iterator[Candidate]:
    p = _patterns(lex)
    for m in p["rank.position"].finditer(norm):
        g = m.groupdict()
        if not (g["trig"] or g["scope"] or g["scope_pre"] or g["suffix"] == "大"):
            continue
        rank = _rank(g["n"])
        if rank is None:
            continue
        scope = g["scope"] or g["scope_pre"]
        yield _cand(m.start(), m.end(), "rank.position", rank, scope, "position")
        yield from _list_items(norm, m.end(), scope, "rank.position", p["list_item"], "position")
    for m in p["rank.place_list"].finditer(norm):
        rank = _rank(m.group("n"))
        pos = m.start()
        for place in m.group("places").split("、"):
            start = norm.index(place, pos)
            if rank is not None:
                yield _cand(start, m.end(), "rank.place_list", rank, place, "position")
            pos = start + len(place)
    for m in p["rank.top"].finditer(norm):
        g = m.groupdict()
        rank = _rank(g["n"])
        if rank is not None and (g["trig"] or g["scope"] or g["suffix"]):
            yield _cand(m.start(), m.end(), "rank.top", rank, g["scope"], "top")
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
        for key, span in (("n", m.span("n")), ("n2", m.span("n2"))):
            rank = _rank(m.group(key))
            if rank is not None:
                start = m.start() if key == "n" else span[0]
                end = span[1] + 1 if key == "n" else m.end()
                yield _cand(start, end, "rank.from_to", rank, m.group("scope"), "position")
    for m in p["rank.first_place"].finditer(norm):
        if m.group("trig") or m.group("scope"):
            yield _cand(m.start(), m.end(), "rank.first_place", 1, m.group("scope"), "position")


def _with_frame_scope(norm: str, cand: Candidate, clauses: Sequence[Clause], lex: Lexicons) -> Candidate:
    """A scopeless position takes the scope of an `在全国…中` frame before it."""
    if cand.fields["scope"] or cand.fields["basis"] not in ("position", "top"):
        return cand
    clause = next((c for c in clauses if c.start <= cand.start < c.end), None)
    if clause is None:
        return cand
    frames = list(_patterns(lex)["frame"].finditer(norm, clause.start, cand.start))
    if not frames:
        return cand
    return Candidate(cand.start, cand.end, cand.kind, cand.rule,
                     {**cand.fields, "scope": frames[-1].group("scope")})


def extract(norm: str, lex: Lexicons, clauses: Sequence[Clause], zones: Sequence[Zone],
            blockers: Sequence[Span]) -> list[Candidate]:
    """Ranking candidates in text order; longest span wins an overlap."""
    found = [c for c in outside(_find(norm, lex), blockers) if not suppressed(c, zones)]
    return [_with_frame_scope(norm, c, clauses, lex) for c in longest_first(found)]
