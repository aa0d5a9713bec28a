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

import regex

from ..lexicons import Lexicons, or_regex
from ..models import Clause, Zone
from ..numerals import parse_number
from ..offsets import Candidate, Span, longest_first, outside, unsuppressed

# Atomic, and never cut out of a longer numeral: 前50% is never 前5, 第10000 never 1000.
_NUM = r"(?>\d{1,4}|[一二三四五六七八九十百零两]{1,5})(?![\d〇零一二三四五六七八九十百千两])"


@functools.cache
def _fragments(lex: Lexicons) -> dict[str, str]:
    r = lex.rankings
    return {
        "num": _NUM,
        "scope": or_regex(r["scopes"]),
        "trigger": or_regex(r["triggers"]),
        "pos_suffix": or_regex(r["position_suffixes"]),
        "top_suffix": or_regex(r["top_suffixes"]),
        "tier": or_regex(r["tier_words"]),
        "up": or_regex(r["change_up"]),
        "down": or_regex(r["change_down"]),
        "change_suffix": or_regex(r["change_suffixes"]),
        "first": or_regex(r["first_place_words"]),
        "peer": or_regex(r["peer_nouns"]),
        "measure": or_regex(s for u in lex.units for s in u.surfaces),
        "not_rank": or_regex(r["not_rank_after_ordinal"]),
    }


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    """Patterns over scope WORDS only; a place as scope (排杭州第一) is read
    by `_place_scope` from the gazetteer, which keeps these patterns small."""
    f = _fragments(lex)
    # a list item is a position like the first (位居全国第八、西部第一), never the
    # start of an amount (第一、300家企业) or of 第一、二产业
    item = (rf"(?P<scope2>{f['scope']})?第?(?P<n2>{f['num']})(?:{f['pos_suffix']})?"
            rf"(?!{f['not_rank']}|[“\"]?{f['tier']}|[%‰.]|{f['measure']})")
    return {
        # 位列全国第7, 在全国…位列第一, 居中部第2, 第一大贸易伙伴
        "rank.position": regex.compile(rf"""
            (?:在(?P<scope_pre>{f['scope']}))?
            (?P<trig>{f['trigger']})?
            (?:(?P<scope>{f['scope']})(?:{f['peer']})?)?
            第(?P<n>{f['num']})(?P<suffix>{f['pos_suffix']}|大(?=\p{{Han}}))?
            (?!{f['not_rank']}|[“"]?{f['tier']})
            """, regex.VERBOSE),
        # 进入全国前十, 前五名, 前三甲
        "rank.top": regex.compile(rf"""
            (?P<trig>{f['trigger']})?(?P<scope>{f['scope']})?
            前(?P<n>{f['num']})(?P<suffix>{f['top_suffix']})?
            (?![个天日月年周季%])
            """, regex.VERBOSE),
        # 位于全国第一梯队, 全国“第一方阵”
        "rank.tier": regex.compile(rf"""
            (?P<trig>{f['trigger']})?(?P<scope>{f['scope']})?
            [“"]?第(?P<n>{f['num']})(?:{f['tier']})[”"]?
            """, regex.VERBOSE),
        # 上升15位, 分别上升8位、7位, 下降3位
        "rank.change": regex.compile(rf"""
            (?:(?P<up>{f['up']})|(?P<down>{f['down']}))
            (?P<n>{f['num']})(?:{f['change_suffix']}|个(?=、))
            """, regex.VERBOSE),
        # 从全省113位跃升至83位
        "rank.from_to": regex.compile(rf"""
            从(?P<scope>{f['scope']})?第?(?P<n>{f['num']})(?:位|名)
            \p{{Han}}{{0,3}}?(?:至|到|为)(?:{f['scope']})?第?(?P<n2>{f['num']})(?:位|名)
            """, regex.VERBOSE),
        # 位居榜首, 摘取亚洲头名
        "rank.first_place": regex.compile(
            rf"(?P<trig>{f['trigger']})?(?:(?P<scope>{f['scope']})(?:{f['peer']})?)?(?:{f['first']})"),
        "list_item": regex.compile(rf"(?:、|至)(?:{f['trigger']})?{item}"),
        "change_item": regex.compile(rf"、(?P<n2>{f['num']})(?:{f['change_suffix']}|个(?=、))"),
        "frame": regex.compile(rf"在(?P<scope>{f['scope']})[^在,，。;；]{{0,25}}?中"),
        "scope_word": regex.compile(f["scope"]),
        "trigger_end": regex.compile(rf"(?:在|{f['trigger']})$"),
    }


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


def _place_list(norm: str, m: regex.Match[str], rank: int, lex: Lexicons) -> Iterator[Candidate]:
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


def _with_clause_scope(norm: str, cand: Candidate, clauses: Sequence[Clause], clause_starts: Sequence[int],
                       lex: Lexicons) -> Candidate:
    """A scopeless position takes the scope written earlier in its clause:
    an `在全国…中` frame, else a scope word (迈入全国数字经济“第一方阵”)."""
    if cand.fields["scope"] or cand.fields["basis"] == "change":
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
    return Candidate(cand.start, cand.end, cand.kind, cand.rule, {**cand.fields, "scope": scope})


def extract(norm: str, lex: Lexicons, clauses: Sequence[Clause], zones: Sequence[Zone],
            blockers: Sequence[Span]) -> list[Candidate]:
    """Ranking candidates in text order; longest span wins an overlap."""
    found = unsuppressed(outside(_find(norm, lex), blockers), zones)
    starts = [c.start for c in clauses]
    return [_with_clause_scope(norm, c, clauses, starts, lex) for c in longest_first(found)]
