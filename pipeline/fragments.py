"""Named regex fragments, defined once, and the templates built from them.

Every rule pattern is a template over these names (Recognizers-Text's
`!nestedRegex` with `references`): `{number}{unit}` means "a numeral, then a
unit". A fragment is derived from the lexicon that owns its words: numeral
classes and multipliers from `numerals.yaml` (through `pipeline.numerals`),
units and qualifiers from `units.yaml` and `qualifiers.yaml`, rank words from
`rankings.yaml`, joiners from `joiners.yaml`. Nothing here retypes a word
list, so two rules can never disagree about what a multiplier is.

`expand` replaces `{name}` by `(?:fragment)`; regex repetition braces
(`{1,3}`) are left alone because they hold no letters. An unknown name is an
error naming the template, so a typo fails at load, not silently.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import regex

from . import numerals
from .lexicons import Lexicons, or_regex

_NAME = regex.compile(r"\{([a-z_]+)\}")


def _cls(chars: Iterable[str]) -> str:
    return "[" + "".join(regex.escape(ch) for ch in chars) + "]"


def _guarded(multipliers: tuple[str, ...]) -> str:
    """A longest-first alternation of multipliers; one that ends in a
    character that begins a unit name must not be followed by the rest of it."""
    exclusions = numerals.unit_prefix_exclusions()
    alternatives = []
    for word in sorted(set(multipliers), key=lambda w: (-len(w), w)):
        guard = exclusions.get(word[-1])
        alternatives.append(regex.escape(word) + (f"(?!{or_regex(guard)})" if guard else ""))
    return "(?:" + "|".join(alternatives) + ")"


# the recipients of a sum written with 每 (每人800元, 每股0.28港元): a base of holders, no unit of a rate
_RECIPIENT_BASES = frozenset(("人", "人次", "户", "名", "位", "家", "个", "员", "股"))  # 每股派息0.28港元


@functools.cache
def fragments(lex: Lexicons) -> Mapping[str, str]:
    """Every named fragment, as regex source (VERBOSE-safe)."""
    chars = numerals.character_classes()
    join = lex.joiners
    units = [s for u in lex.units if not u.denominator_only for s in u.surfaces]
    frags = {
        # numerals (numerals.yaml)
        "number": numerals.NUMBER_PATTERN,
        "cn_digit": _cls(chars["cn_digits"]),  # 一 二 两 三 … 九, 〇 零 (no capitals)
        "cn_numeral": _cls(chars["cn_numerals"]),  # every character a Chinese numeral is made of
        "cn_count": _cls(chars["cn_counts"]),  # 一 … 九 十 百 两: small counts in running text
        # 万 亿 万亿 千万 … as written after a number; never the first character
        # of a unit's name (千克, 兆瓦: numerals.yaml unit_prefix_exclusions)
        "multiplier": _guarded(chars["multipliers"]),
        "large_multiplier": _guarded(chars["large_multipliers"]),  # 万 亿 兆 and their compounds
        # 7, 十二, 一百零三 after 第/前: atomic, and never cut out of a longer numeral
        # of its own script (前50% is never 前5, 第10000 never 1000); 第三27项 is
        # the third, with 27 项
        "rank_number": (rf"(?>\d{{1,4}}(?!\d)|{_cls(chars['cn_counts'] + ('零',))}{{1,5}}"
                        rf"(?![{''.join(chars['cn_digits'])}{''.join(chars['everyday_small'])}]))"),
        # joiners (joiners.yaml)
        "list_joiner": or_regex(join["list"]),  # 、 和 及 与 或
        "range": or_regex(join["range"]),  # - — ~ 至 到
        # a verb of going up or down of two characters or more (changes.yaml), maybe after an
        # adverb of how (持续增长, 逐渐下降)
        "change_verb": (r"(?:逐步|逐渐|逐漸|进一步|進一步|持续|持續|稳步|穩步|继续|均|都|较快|快速|大幅)?"
                        + or_regex(s for g in lex.directions if g.value in ("up", "down")
                                   for s in g.surfaces if len(s) > 1)),
        # units and qualifiers (units.yaml, qualifiers.yaml)
        "unit": or_regex(units),
        "ge_unit": or_regex(s for u in lex.units if u.ge for s in u.surfaces),
        # (每桶64.3美元, 每辆2万元, 每餐2元, 每间夜312元: a unit or a measure word; but a base of
        # recipients, 每人800元, 每户, 每家, belongs to the metric: GUIDELINES)
        "per_unit": or_regex(s for u in lex.units
                             if u.unit_class == "physical"
                             or u.unit_class == "measure" and u.canonical not in _RECIPIENT_BASES
                             for s in u.surfaces),
        # after a slash: any unit, and words that are units only there (元/学年)
        "denominator": or_regex(s for u in lex.units for s in u.surfaces),
        # 每周32班, 每年110万吨: a time before the number makes a rate of a count, an
        # amount or a measure (never of a share, a multiple or another time)
        "per_time": or_regex(s for u in lex.units if u.unit_class == "time" for s in u.surfaces),
        "rate_unit": or_regex(s for u in lex.units if u.unit_class in ("measure", "currency", "physical")
                              and not u.denominator_only for s in u.surfaces),
        "qual_before": or_regex(q.surface for q in lex.qualifiers["before"]),
        "qual_mid": or_regex(q.surface for q in lex.qualifiers["mid"]),
        "qual_round": or_regex(q.surface for q in lex.qualifiers["before_round"]),
        "qual_after": or_regex(q.surface for q in lex.qualifiers["after"]),
    }
    r = lex.rankings
    peer = or_regex(r["peer_nouns"])
    frags.update({
        # rankings (rankings.yaml)
        "scope": or_regex(r["scopes"]),
        "trigger": or_regex(r["triggers"]),
        "position_suffix": or_regex(r["position_suffixes"]),
        "top_suffix": or_regex(r["top_suffixes"]),
        "tier": or_regex(r["tier_words"]),
        "rank_up": or_regex(r["change_up"]),
        "rank_down": or_regex(r["change_down"]),
        "change_suffix": or_regex(r["change_suffixes"]),
        "first_place": or_regex(r["first_place_words"]),
        "first_place_verb": or_regex(r["first_place_verbs"]),
        "second_place": or_regex(r["second_place_words"]),
        "bare_trigger": or_regex(r["bare_position_triggers"]),
        "band_trigger": or_regex(r["band_triggers"]),
        "field_trigger": or_regex(r["field_triggers"]),
        # not a placing: a list or table name within a few words (前1200强高校名单)
        "list_name": rf"\p{{Han}}{{0,4}}?(?:{or_regex(r['list_names'])})",
        "peer": peer,
        # the ranked class between a scope and its position, written out: a few
        # words ending in a peer noun, a bracket after it (全国师范类高校第12位,
        # 全省农村金融机构首位, 全省各县(市、区)首位, 全国创新型城市前五十)
        # 居全省11个设区市首位: the class may be counted; 全省5A级景区首位: graded; 全市各区、县(市)
        # 首位: each of a few kinds listed
        "ranked_class": (rf"(?:(?:\d{{1,4}}|{frags['cn_count']}{{1,3}})个|各(?:\p{{Han}}{{1,2}}、){{1,3}})?"
                         # (no verb of placing or scope inside: 全市柑橘产量居全省第二 ranks in 全省)
                         rf"(?:(?:(?!{or_regex(r['triggers'])}|{or_regex(r['scopes'])})"
                         rf"[\p{{Han}}A-Z\d]){{0,6}}?{peer}"
                         r"(?:[(（][^()（）,，。]{1,8}[)）])?)"),
        "not_rank": or_regex(r["not_rank_after_ordinal"]),
    })
    return MappingProxyType(frags)


def expand(template: str, frags: Mapping[str, str], where: str = "template") -> str:
    """`template` with every `{name}` replaced by its fragment in a group.

    >>> expand("前{n}名", {"n": "[0-9]+"})
    '前(?:[0-9]+)名'
    >>> expand("[0-9]{1,3}", {})
    '[0-9]{1,3}'
    >>> expand("{nope}", {}, "rule x")
    Traceback (most recent call last):
    ...
    ValueError: rule x: unknown fragment {nope}
    """
    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in frags:
            raise ValueError(f"{where}: unknown fragment {{{name}}}")
        return f"(?:{frags[name]})"

    return _NAME.sub(sub, template)


@functools.cache
def compiled(template: str, lex: Lexicons, flags: int = 0) -> regex.Pattern[str]:
    """A template expanded and compiled once per process."""
    return regex.compile(expand(template, fragments(lex)), flags)
