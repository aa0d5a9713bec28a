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

import regex

from ..lexicons import Lexicons, or_regex
from ..models import Zone
from ..offsets import Candidate, Span, longest_first, outside, unsuppressed

_MAX_HEAD_CHARS = 12  # the longest head (a place's full name) a weak-suffix name starts with
_WORK = regex.compile(r"《(?P<title>[^《》\n]{1,100})》")
_LIST_JOINER = regex.compile(r"(?:、|和|与|及|以及)")
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
    places = [name for name, p in lex.places.items() if not p.ambiguous]
    stop = or_regex(orgs["body_stop_words"])
    body = rf"(?:(?!{stop})[\p{{Han}}A-Za-z0-9()（）])"  # 大众汽车(安徽)有限公司
    han_body = rf"(?:(?!{stop})\p{{Han}})"  # a weak suffix needs an all-Han body (not 5G基站)
    max_body = orgs["max_body_chars"]
    head = or_regex([*orgs["heads"], *places])
    left = or_regex(orgs["left_context"])
    compound = [s for s in lex.surnames if len(s) == 2]
    single = [s for s in lex.surnames if len(s) == 1]
    return {
        "known": regex.compile(or_regex(known)),
        # 粤港澳大湾区研究院, 21世纪经济研究院: a strong suffix after a clause edge
        "strong": regex.compile(
            rf"(?:(?<=^|[\s\p{{P}}、]|{left})(?!{left})|(?={head}))"
            rf"(?P<body>{body}{{{orgs['min_strong_body_chars']},{max_body}}}?){or_regex(orgs['strong_suffixes'])}",
            regex.MULTILINE),
        # 市统计局, 重庆市委, 省政府: a head then a weak suffix
        "weak": regex.compile(
            rf"(?P<head>{head})(?:(?P<body>{han_body}{{{orgs['min_weak_body_chars']},{max_body - 2}}}?)"
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


def works(norm: str) -> list[Candidate]:
    """《title》 -> WORK spanning the title without its brackets."""
    return [
        Candidate(m.start("title"), m.end("title"), "entity", "ent.work", {"type": "WORK"})
        for m in _WORK.finditer(norm)
    ]


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


def organisations(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[Candidate]:
    p = _patterns(lex)
    standalone_only = set(lex.organisations["standalone_only"])
    left_context = set(lex.organisations["left_context"])
    found: list[Candidate] = []
    for m in p["known"].finditer(norm):
        if m.group() in standalone_only and not _standalone(norm, m.start(), m.end()):
            continue
        if m.start() not in word_edges and not m.group().isascii():
            continue
        found.append(Candidate(m.start(), _extend(norm, m.end(), lex, word_edges), "entity",
                               "ent.org.known", {"type": "ORG"}))
    # A name starts on a word edge (or right after 从/由 ... that jieba glued
    # to it) and has a suffix within reach: only those starts are tried.
    suffix_starts = sorted(m.start() for m in p["any_suffix"].finditer(norm, overlapped=True))
    reach = lex.organisations["max_body_chars"] + _MAX_HEAD_CHARS
    for pos in _name_starts(norm, lex, word_edges, left_context):
        i = bisect_right(suffix_starts, pos)
        if i == len(suffix_starts) or suffix_starts[i] > pos + reach:
            continue
        for rule, pattern in (("ent.org.strong", p["strong"]), ("ent.org.weak", p["weak"])):
            name = pattern.match(norm, pos)
            if name is None:
                continue
            end = _extend(norm, name.end(), lex, word_edges)  # …集团 + 股份有限公司
            if end not in word_edges or _cuts_title(norm, name.start(), end, lex):
                continue  # a name ends on a word edge (not 市级部门's 部)
            if _generic(name, rule, lex):
                continue  # 公立医院, 全国城市竞争力格局: a kind of body, or a word that only ends like one
            found.append(Candidate(name.start(), end, "entity", rule, {"type": "ORG"}))
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


def _subdivisions(norm: str, place: Candidate, word_edges: frozenset[int]) -> Iterator[Candidate]:
    """Towns and villages written after a place: 门头沟区清水镇 -> 清水镇 (a chain
    of places is split into its units, GUIDELINES)."""
    end = place.end
    while (m := _SUBDIVISION.match(norm, end)) is not None and m.group() not in _NOT_SUBDIVISION and (
        m.end() in word_edges or not _HAN.match(norm[m.end():m.end() + 1] or " ")
    ):
        yield Candidate(m.start(), m.end(), "entity", "ent.loc.subdivision", {"type": "LOC", "ambiguous": False})
        end = m.end()


def _generic(name: regex.Match[str], rule: str, lex: Lexicons) -> bool:
    orgs = lex.organisations
    body = name.groupdict().get("body") or ""
    if body and _patterns(lex)["generic_body"].fullmatch(body):
        return True
    return rule == "ent.org.weak" and any(name.group().endswith(w) for w in orgs["weak_suffix_words"])


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


def places(norm: str, lex: Lexicons, word_edges: frozenset[int]) -> list[Candidate]:
    """Gazetteer names on word edges; ambiguous ones only inside a list of places."""
    lengths = _place_lengths(lex)
    found: list[Candidate] = []
    for start in sorted(word_edges):
        for length in lengths.get(norm[start:start + 1], ()):
            name = norm[start:start + length]
            place = lex.places.get(name)
            if place and len(name) == length and start + length in word_edges:
                found.append(Candidate(start, start + length, "entity", f"ent.loc.{place.level}",
                                       {"type": "LOC", "ambiguous": place.ambiguous}))
                break
    found = _gate_ambiguous(norm, found)
    return [*found, *(sub for place in found for sub in _subdivisions(norm, place, word_edges))]


def _gate_ambiguous(norm: str, found: list[Candidate]) -> list[Candidate]:
    """Keep an ambiguous place only when a list joins it to a sure one (博乐、精河、温泉和阿拉山口)."""
    keep = [not c.fields["ambiguous"] for c in found]
    joined = [bool(_LIST_JOINER.fullmatch(norm[a.end:b.start])) for a, b in zip(found, found[1:])]
    for i in range(1, len(found)):  # a sure place spreads right along the list ...
        keep[i] = keep[i] or (keep[i - 1] and joined[i - 1])
    for i in range(len(found) - 2, -1, -1):  # ... and left
        keep[i] = keep[i] or (keep[i + 1] and joined[i])
    return [c for c, k in zip(found, keep) if k]


def people(norm: str, lex: Lexicons, orgs: Sequence[Candidate]) -> Iterator[Candidate]:
    p = _patterns(lex)
    org_by_end = {o.end: o for o in orgs}
    for t in p["title"].finditer(norm):
        org = org_by_end.get(t.start())
        fields = {"type": "PER", "title": t.group(), "org": norm[org.start:org.end] if org else None}
        m: regex.Match[str] | None = p["name"].match(norm, t.end())
        end = _name_end(norm, m, lex, strict=False)
        while m is not None and end is not None:
            yield Candidate(m.start("name"), end, "entity", "ent.per.title", dict(fields))
            # 记者 张洋 李欣: one title, more names, each ending the list or the line
            m = p["next_name"].match(norm, end)
            end = _name_end(norm, m, lex, strict=True)
    for m in p["byline"].finditer(norm):
        yield Candidate(m.start("name"), m.end("name"), "entity", "ent.per.byline", {"type": "PER"})


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


def repeated_people(norm: str, found: Sequence[Candidate], word_edges: frozenset[int]) -> Iterator[Candidate]:
    """Later mentions of a person introduced with a title (宋晓峰介绍 after
    市人社局局长宋晓峰): the same name, starting on a word edge."""
    names = {norm[c.start:c.end]: c for c in found if c.fields["type"] == "PER"}
    if not names:
        return
    introduced = {c.start for c in found}
    for m in regex.finditer(or_regex(names), norm):
        if m.start() in word_edges and m.start() not in introduced:
            first = names[m.group()]
            yield Candidate(m.start(), m.end(), "entity", "ent.per.repeated",
                            {"type": "PER", "title": first.fields.get("title"), "org": first.fields.get("org")})


def extract(norm: str, lex: Lexicons, word_edges: frozenset[int], zones: Sequence[Zone],
            blockers: Sequence[Span]) -> list[Candidate]:
    """ORG, LOC and PER candidates outside `blockers` (works and dates);
    the longest span wins an overlap, so 重庆 inside 重庆市委网信办 is no LOC."""
    orgs = longest_first(outside(organisations(norm, lex, word_edges), blockers))
    persons = list(people(norm, lex, orgs))
    found = [*orgs, *persons, *places(norm, lex, word_edges)]
    kept = longest_first(outside(found, blockers))
    kept = longest_first([*kept, *outside(repeated_people(norm, persons, word_edges), blockers)])
    return unsuppressed(kept, zones)
