"""Named entities: WORK (《》 titles), ORG, LOC and PER.

- WORK: the text inside 《》, without the brackets.
- ORG: known names (lexicons/organisations.yaml), then names built from a
  head, a body and a suffix, extended by sub-units written right after
  them (国家发展改革委 + 社会司).
- LOC: gazetteer names that begin and end on a jieba word edge; names that
  are also common words (温泉) only beside another place in a list.
- PER: a family name and one or two given-name characters right after a
  title (副局长严寒冰, 记者 梁浩楠), or alone in a byline "(王晓)". The title
  and the organisation written before it are kept as fields.
DATE entities are in dates.py.
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import regex

from ..fragments import compiled
from ..candidates import EntityCandidate, drop, longest_first, split, unsuppressed
from ..lexicons import Lexicons, or_regex
from ..rules import Rule, ex
from .context import Blocker, Context

_WORK_TITLE = r"《(?P<title>[^《》\n]{1,100})》"

RULES: tuple[Rule, ...] = (
    Rule("ent.work", "entity", "the title inside 《》, without the brackets", _WORK_TITLE,
         (ex("印发《重庆市数字经济发展规划》", text="重庆市数字经济发展规划", type="WORK"),)),
    Rule("ent.org.known", "entity", "a known organisation (organisations.yaml `known`), with sub-units after it",
         None, (ex("据海关总署统计", text="海关总署", type="ORG"), ex("国家发展改革委社会司", text="国家发展改革委社会司"))),
    Rule("ent.org.strong", "entity", "a body ending in a strong suffix (研究院, 有限公司) after a clause edge",
         None, (ex("据21世纪经济研究院发布", text="21世纪经济研究院", type="ORG"),)),
    Rule("ent.org.weak", "entity", "a head (a place, 省, 国家) and a weak suffix (局, 委, 政府)", None,
         (ex("县卫健局发布", text="县卫健局", type="ORG"), ex("市住建委", text="市住建委")),
         ("公立医院",)),
    Rule("ent.loc.province", "entity", "a province of the gazetteer on word edges", None,
         (ex("四川省人民", text="四川省", type="LOC"),)),
    Rule("ent.loc.prefecture", "entity", "a prefecture-level city of the gazetteer on word edges", None,
         (ex("杭州空气质量", text="杭州", type="LOC"),)),
    Rule("ent.loc.county", "entity", "a county or district of the gazetteer on word edges", None,
         (ex("合江县经济", text="合江县", type="LOC"),)),
    Rule("ent.loc.country", "entity", "a country or region of the world", None,
         (ex("出口美国的商品", text="美国", type="LOC"),)),
    Rule("ent.loc.region", "entity", "a named region, river or mountain (成渝, 长江上游, 大运河)", None,
         (ex("保护大运河", text="大运河", type="LOC"),)),
    Rule("ent.loc.subdivision", "entity", "a town, township or village written after a place (清水镇)", None,
         (ex("门头沟区清水镇", text="清水镇", type="LOC"),), ("重庆乡村振兴",)),
    Rule("ent.per.title", "entity", "a name right after a title (副局长严寒冰, 记者 张洋 李欣)", None,
         (ex("副局长严寒冰介绍", text="严寒冰", type="PER", title="副局长"),
          ex("记者 张洋 李欣", text="李欣", type="PER"))),
    Rule("ent.per.byline", "entity", "a name alone in brackets as a by-line ((王晓))", None,
         (ex("(王晓)", text="王晓", type="PER"),)),
    Rule("ent.per.repeated", "entity", "a later mention of a person introduced with a title", None,
         (ex("市人社局局长宋晓峰说。宋晓峰介绍", text="宋晓峰", type="PER", title="局长"),)),
    Rule("drop.org.standalone_only", "drop", "a digits-only name (360) counts only between separators", None,
         (ex("360度全景", text="360"),)),
    Rule("drop.org.not_on_word_edge", "drop", "an organisation starts and ends on jieba word edges", None,
         (ex("省市级部门", text="省市级部"),)),
    Rule("drop.org.cuts_title", "drop", "an organisation never ends inside a title (副局 + 长)", None,
         (ex("市公安局长王明说", text="市公安局"),)),
    Rule("drop.org.generic", "drop", "a kind of body or a word that only ends like one (公立医院, 格局)", None,
         (ex("各级公立医院", text="各级公立医院"), ex("全国城市竞争力格局", text="全国城市竞争力格局"))),
    Rule("drop.loc.ambiguous", "drop", "a place name that is also a word (温泉) counts only in a list of places",
         None, (ex("去温泉泡澡", text="温泉"),), ("博乐、精河、温泉和阿拉山口",)),
)

_MAX_HEAD_CHARS = 12  # the longest head (a place's full name) a weak-suffix name starts with
# Words that may follow a person's name (so the name ends there).
_AFTER_NAME = (
    "表示 介绍 说 指出 告诉 主持 称 透露 强调 认为 说明 回答 出席 在 等 和 与 及 同志 一行 代表 答 "
    "解读 发布 宣布 作 致辞 讲话 提出 回应 对 共同 分别 也 还 就 通报 说道 坦言 先生 女士 教授 "
    "博士 参加 陪同 会见 调研 带队 率 率队 向 是 为 今天 昨天 近日 日前 当天 现场"
).split()


@functools.cache
def _patterns(lex: Lexicons) -> dict[str, regex.Pattern[str]]:
    orgs = lex.organisations
    known = [n for group in orgs["known"].values() for n in group]
    stop = or_regex(orgs["body_stop_words"])
    body = rf"(?:(?!{stop})[\p{{Han}}A-Za-z0-9()（）])"  # 大众汽车(安徽)有限公司
    han_body = rf"(?:(?!{stop})\p{{Han}})"  # a weak suffix needs an all-Han body (not 5G基站)
    max_body = orgs["max_body_chars"]
    left = or_regex(orgs["left_context"])
    compound = [s for s in lex.surnames if len(s) == 2]
    single = [s for s in lex.surnames if len(s) == 1]
    # A name's head (a place, 省, 国家 ...) is looked up in a table (`_heads_at`),
    # not spelled out in these patterns: the gazetteer as a regex took half a
    # second to compile.
    return {
        "known": regex.compile(or_regex(known)),
        # 粤港澳大湾区研究院, 21世纪经济研究院: a strong suffix after a clause edge or a head
        "strong": regex.compile(
            rf"(?P<body>{body}{{{orgs['min_strong_body_chars']},{max_body}}}?){or_regex(orgs['strong_suffixes'])}"),
        "clause_edge": regex.compile(rf"(?:(?<=^|[\s\p{{P}}、]|{left})(?!{left}))", regex.MULTILINE),
        # 市统计局, 重庆市委, 省政府: after a head, a weak suffix
        "weak": regex.compile(
            rf"(?:(?P<body>{han_body}{{{orgs['min_weak_body_chars']},{max_body - 2}}}?)"
            rf"{or_regex(orgs['weak_suffixes'])}"
            rf"|{or_regex(orgs['bare_suffixes'])})"),
        # 社会司, 宣教局, 政策研究室: a unit written right after an organisation
        "generic_body": regex.compile(f"(?:{or_regex(orgs['generic_modifiers'])})+"),
        "head_word": regex.compile(or_regex(orgs["heads"])),
        "any_suffix": regex.compile(or_regex([*orgs["strong_suffixes"], *orgs["weak_suffixes"],
                                              *orgs["bare_suffixes"]])),
        "subunit": regex.compile(rf"{body}{{1,8}}{or_regex(orgs['subunit_suffixes'])}"),
        "title": regex.compile(or_regex(lex.titles)),
        "name": regex.compile(
            rf"(?:[(（]兼[)）])?[\s:：]*(?P<name>(?:{or_regex(compound)}|{or_regex(single)})\p{{Han}}{{1,2}})"),
        "next_name": regex.compile(
            rf"[ 、](?P<name>(?:{or_regex(compound)}|{or_regex(single)})\p{{Han}}{{1,2}})"),
        "byline": regex.compile(
            rf"[(（](?:记者|通讯员)?\s*(?P<name>(?:{or_regex(compound)}|{or_regex(single)})\p{{Han}}{{1,2}})[)）]"),
        "after_name": regex.compile(or_regex(_AFTER_NAME)),
    }


def works(ctx: Context, block: Blocker) -> list[EntityCandidate]:
    """《title》 -> WORK spanning the title without its brackets."""
    return [EntityCandidate(start=m.start("title"), end=m.end("title"), rule="ent.work", type="WORK")
            for m in compiled(_WORK_TITLE, ctx.lex).finditer(ctx.norm)]


def _standalone(norm: str, start: int, end: int) -> bool:
    """Digits-only names (360) stand between separators, never before a unit."""
    before, after = norm[start - 1:start], norm[end:end + 1]
    return (before == "" or bool(_EDGE_BEFORE.match(before))) and (
        after == "" or after in "等和与及" or bool(_EDGE_BEFORE.match(after)))


def _cuts_title(norm: str, start: int, end: int, lex: Lexicons) -> bool:
    """A title starts inside [start, end) and runs past it (副局 + 长, 党组 + 成员)."""
    return any(
        norm.startswith(t, p) and p + len(t) > end
        for p in range(start, end) for t in _titles_at(lex).get(norm[p], ())
    )


@functools.cache
def _titles_at(lex: Lexicons) -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for t in lex.titles:
        by_first.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in by_first.items()}


def _extend(norm: str, end: int, lex: Lexicons, word_edges: frozenset[int]) -> int:
    """Grow an organisation over the sub-units written right after it
    (国家发展改革委 + 社会司): the longest unit ending on a word edge."""
    sub = _patterns(lex)["subunit"]
    while True:
        ends = [
            e for e in range(min(len(norm), end + 10), end, -1)
            if e in word_edges and sub.fullmatch(norm, end, e) and not _cuts_title(norm, end, e, lex)
        ]
        if not ends:
            return end
        end = ends[0]


class _Name(NamedTuple):
    """An organisation's name as a strong or weak pattern matched it."""

    start: int
    end: int
    body: str


def _strong(norm: str, pos: int, lex: Lexicons) -> _Name | None:
    """A strong-suffix name at `pos`, which is a clause edge or a head."""
    p = _patterns(lex)
    if not (_heads_at(norm, pos, lex) or p["clause_edge"].match(norm, pos)):
        return None
    m = p["strong"].match(norm, pos)
    return _Name(pos, m.end(), m.group("body")) if m else None


def _weak(norm: str, pos: int, lex: Lexicons) -> _Name | None:
    """A head at `pos`, then a weak suffix (longest head first, as a regex
    alternation would backtrack)."""
    weak = _patterns(lex)["weak"]
    for length in _heads_at(norm, pos, lex):
        m = weak.match(norm, pos + length)
        if m:
            return _Name(pos, m.end(), m.group("body") or "")
    return None


@functools.cache
def _head_lengths(lex: Lexicons) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Head words and unambiguous places: by first character, their lengths (longest first)."""
    heads = {*lex.organisations["heads"], *(n for n, p in lex.places.items() if not p.ambiguous)}
    by_first: dict[str, set[int]] = {}
    for word in heads:
        by_first.setdefault(word[0], set()).add(len(word))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by_first.items()}, frozenset(heads)


def _heads_at(norm: str, pos: int, lex: Lexicons) -> list[int]:
    """Lengths of the heads that start at `pos`, longest first."""
    lengths, heads = _head_lengths(lex)
    return [n for n in lengths.get(norm[pos:pos + 1], ()) if norm[pos:pos + n] in heads]


def _org(start: int, end: int, rule: str) -> EntityCandidate:
    return EntityCandidate(start=start, end=end, rule=rule, type="ORG")


def organisations(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[EntityCandidate]:
    p = _patterns(lex)
    standalone_only = set(lex.organisations["standalone_only"])
    left_context = set(lex.organisations["left_context"])
    found: list[EntityCandidate] = []
    for m in p["known"].finditer(norm):
        if m.group() in standalone_only and not _standalone(norm, m.start(), m.end()):
            found.append(drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.standalone_only"))
            continue
        if m.start() not in word_edges and not m.group().isascii():
            found.append(drop(_org(m.start(), m.end(), "ent.org.known"), "drop.org.not_on_word_edge"))
            continue
        found.append(_org(m.start(), _extend(norm, m.end(), lex, word_edges), "ent.org.known"))
    # A name starts on a word edge (or right after 从/由 ... that jieba glued
    # to it) and has a suffix within reach: only those starts are tried.
    suffix_starts = sorted(m.start() for m in p["any_suffix"].finditer(norm, overlapped=True))
    reach = lex.organisations["max_body_chars"] + _MAX_HEAD_CHARS
    for pos in _name_starts(norm, lex, word_edges, left_context):
        i = bisect_right(suffix_starts, pos)
        if i == len(suffix_starts) or suffix_starts[i] > pos + reach:
            continue
        for rule, name in (("ent.org.strong", _strong(norm, pos, lex)), ("ent.org.weak", _weak(norm, pos, lex))):
            if name is None:
                continue
            end = _extend(norm, name.end, lex, word_edges)  # …集团 + 股份有限公司
            cand = _org(name.start, end, rule)
            if _cuts_title(norm, name.start, end, lex):
                found.append(drop(cand, "drop.org.cuts_title"))  # 市公安局 + 局长
            elif end not in word_edges:
                found.append(drop(cand, "drop.org.not_on_word_edge"))  # not 市级部门's 部
            elif _generic(norm, name, rule, lex):
                # 公立医院, 全国城市竞争力格局: a kind of body, or a word that only ends like one
                found.append(drop(cand, "drop.org.generic"))
            else:
                found.append(cand)
    return found


@functools.cache
def _place_lengths(lex: Lexicons) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of places starting with it, longest first."""
    by_first: dict[str, set[int]] = {}
    for name in lex.places:
        by_first.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in by_first.items()}


def _place_at(norm: str, pos: int, lex: Lexicons) -> bool:
    return any(norm[pos:pos + n] in lex.places for n in _place_lengths(lex).get(norm[pos:pos + 1], ()))


_SUBDIVISION = regex.compile(r"\p{Han}{1,4}?(?:镇|乡|街道|村|社区)")
# Words that end like a subdivision but name none (四川城乡, 重庆乡村振兴).
_NOT_SUBDIVISION = frozenset({"城乡", "乡村", "农村", "新农村", "城镇", "乡镇", "村镇", "街道", "社区", "城乡社区"})


def _subdivisions(norm: str, place: EntityCandidate, word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Towns and villages written after a place: 门头沟区清水镇 -> 清水镇 (a chain
    of places is split into its units, GUIDELINES)."""
    end = place.end
    while (m := _SUBDIVISION.match(norm, end)) is not None and m.group() not in _NOT_SUBDIVISION and (
        m.end() in word_edges or not _HAN.match(norm[m.end():m.end() + 1] or " ")
    ):
        yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.loc.subdivision", type="LOC")
        end = m.end()


def _generic(norm: str, name: _Name, rule: str, lex: Lexicons) -> bool:
    orgs = lex.organisations
    if name.body and _patterns(lex)["generic_body"].fullmatch(name.body):
        return True
    return rule == "ent.org.weak" and norm.endswith(tuple(orgs["weak_suffix_words"]), name.start, name.end)


def _name_starts(norm: str, lex: Lexicons, word_edges: frozenset[int], left_context: set[str]) -> list[int]:
    """Where an organisation's name may start: a head (a place, 省, 国家 ...) on a
    word edge, or the first character after punctuation, a space or 由/从 ..."""
    heads = _patterns(lex)["head_word"]
    head_chars = {h[0] for h in lex.organisations["heads"]}
    starts = {
        pos for pos in word_edges
        if pos == 0 or _is_edge_char(norm[pos - 1])
        or (norm[pos:pos + 1] in head_chars and heads.match(norm, pos)) or _place_at(norm, pos, lex)
    }
    starts.update(i + 1 for i, ch in enumerate(norm) if ch in left_context)
    return sorted(starts)


_EDGE_BEFORE = regex.compile(r"[\s\p{P}、]")


@functools.cache
def _is_edge_char(ch: str) -> bool:
    """Whitespace or punctuation: a name may start after it."""
    return bool(_EDGE_BEFORE.match(ch))
_HAN = regex.compile(r"\p{Han}")


def places(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[EntityCandidate]:
    """Gazetteer names on word edges; ambiguous ones only inside a list of places."""
    lengths = _place_lengths(lex)
    found: list[EntityCandidate] = []
    for start in sorted(word_edges):
        for length in lengths.get(norm[start:start + 1], ()):
            name = norm[start:start + length]
            place = lex.places.get(name)
            if place and len(name) == length and start + length in word_edges:
                found.append(EntityCandidate(start=start, end=start + length, rule=f"ent.loc.{place.level}",
                                             type="LOC", ambiguous=place.ambiguous))
                break
    found = _gate_ambiguous(norm, found, lex)
    return [*found, *(sub for place in found if place.alive for sub in _subdivisions(norm, place, word_edges))]


def _gate_ambiguous(norm: str, found: list[EntityCandidate], lex: Lexicons) -> list[EntityCandidate]:
    """Keep an ambiguous place only when a list joins it to a sure one (博乐、精河、温泉和阿拉山口)."""
    keep = [not c.ambiguous for c in found]
    joiner = compiled("{list_joiner}", lex)
    joined = [bool(joiner.fullmatch(norm[a.end:b.start])) for a, b in zip(found, found[1:])]
    for i in range(1, len(found)):  # a sure place spreads right along the list ...
        keep[i] = keep[i] or (keep[i - 1] and joined[i - 1])
    for i in range(len(found) - 2, -1, -1):  # ... and left
        keep[i] = keep[i] or (keep[i + 1] and joined[i])
    return [c if k else drop(c, "drop.loc.ambiguous") for c, k in zip(found, keep)]


def people(norm: str, lex: Lexicons, orgs: Sequence[EntityCandidate]) -> Iterator[EntityCandidate]:
    p = _patterns(lex)
    org_by_end = {o.end: o for o in orgs if o.alive}
    for t in p["title"].finditer(norm):
        org = org_by_end.get(t.start())
        title, org_text = t.group(), norm[org.start:org.end] if org else None
        m: regex.Match[str] | None = p["name"].match(norm, t.end())
        end = _name_end(norm, m, lex, strict=False)
        while m is not None and end is not None:
            yield EntityCandidate(start=m.start("name"), end=end, rule="ent.per.title", type="PER",
                                  title=title, org=org_text)
            # 记者 张洋 李欣: one title, more names, each ending the list or the line
            m = p["next_name"].match(norm, end)
            end = _name_end(norm, m, lex, strict=True)
    for m in p["byline"].finditer(norm):
        yield EntityCandidate(start=m.start("name"), end=m.end("name"), rule="ent.per.byline", type="PER")


def _name_end(norm: str, m: regex.Match[str] | None, lex: Lexicons, strict: bool) -> int | None:
    """Where the name matched by `m` ends: after two given-name characters or
    one, whichever is followed by a name boundary (punctuation; unless
    `strict`, also 介绍 or a place: 记者林宜庭台北9日电)."""
    if m is None:
        return None
    after = _patterns(lex)["after_name"]
    start = m.start("name")
    for end in (m.end("name"), m.end("name") - 1):
        if end - start < 2:
            continue
        if not _HAN.match(norm[end:end + 1] or " "):
            return end
        if not strict and (after.match(norm, end) or _place_at(norm, end, lex)):
            return end
    return None


def repeated_people(norm: str, found: Sequence[EntityCandidate],
                    word_edges: frozenset[int]) -> Iterator[EntityCandidate]:
    """Later mentions of a person introduced with a title (宋晓峰介绍 after
    市人社局局长宋晓峰): the same name, starting on a word edge."""
    names = {norm[c.start:c.end]: c for c in found if c.type == "PER" and c.alive}
    if not names:
        return
    introduced = {c.start for c in found}
    for m in regex.finditer(or_regex(names), norm):
        if m.start() in word_edges and m.start() not in introduced:
            first = names[m.group()]
            yield EntityCandidate(start=m.start(), end=m.end(), rule="ent.per.repeated", type="PER",
                                  title=first.title, org=first.org)


def extract(ctx: Context, block: Blocker) -> list[EntityCandidate]:
    """ORG, LOC and PER candidates outside works and dates; the longest span
    wins an overlap, so 重庆 inside 重庆市委网信办 is no LOC."""
    norm, lex, edges = ctx.norm, ctx.lex, ctx.word_edges
    orgs = longest_first(block(organisations(norm, lex, edges)))
    persons = list(people(norm, lex, orgs))
    alive_orgs, dead = split(orgs)
    kept = longest_first(block([*alive_orgs, *persons, *places(norm, lex, edges)]))
    alive, dead_later = split(kept)
    kept = longest_first([*alive, *block(list(repeated_people(norm, persons, edges)))])
    return unsuppressed([*kept, *dead, *dead_later], ctx.zones)
