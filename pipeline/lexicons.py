"""Load, validate and compile the lexicons in `pipeline/lexicons/`, once.

Everything a rule knows about Chinese lives in those files; this module
turns them into typed tables and regex fragments. `load()` is cached, so a
process reads the files once. Errors name the file and the entry, and
duplicate entries are refused (quantulum3's loader does the same).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

LEXICON_DIR = Path(__file__).parent / "lexicons"


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and entry."""


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Unit(_Entry):
    id: str
    canonical: str
    surfaces: tuple[str, ...]
    ge: bool = False  # may be written with 个 in front: 3个月, 3个百分点
    arabic_only: bool = False  # only after Arabic digits (十分 is an adverb)
    counted_after: tuple[str, ...] = ()  # ... or after a Chinese numeral these words count (分三期, 连续五期)
    denominator_only: bool = False  # only after / or 每 (元/学年): 2024学年 is no duration
    not_before: tuple[str, ...] = ()  # no unit before these: its character begins a word (支持, 支出)
    not_before_except: tuple[str, ...] = ()  # ... unless one of these follows (人次之间: 之间 is a word)
    unit_class: Literal["measure", "currency", "physical", "time", "share", "points", "multiple"] = Field(
        alias="class")


class Qualifier(_Entry):
    id: str
    surface: str
    value: Literal["over", "under", "about"]


class WordGroup(_Entry):
    id: str
    value: str = ""
    surfaces: tuple[str, ...]


class NonQuantity(_Entry):
    """A non-quantity rule of non_quantity.yaml: a pattern template and its examples."""

    id: str
    doc: str
    pattern: str
    examples: tuple[str, ...] = Field(min_length=1)
    not_examples: tuple[str, ...] = ()


class BoilerplateKind(_Entry):
    id: str
    suppress: tuple[str, ...]
    max_line_chars: int
    prose: bool = True  # may a marked line hold sentence punctuation?
    markers: tuple[str, ...] = ()


Words = tuple[str, ...]


class OrganisationsFile(_Entry):
    """organisations.yaml: every key required, nothing else allowed."""

    known: dict[str, Words]
    standalone_only: Words
    strong_suffixes: Words
    weak_suffixes: Words
    weak_suffix_not_before: Words
    strong_suffix_not_before: Words
    government_terms: Words
    short_names: Words
    short_name_not_before: Words
    bare_suffixes: Words
    subunit_suffixes: Words
    heads: Words
    left_trim: Words
    left_trim_anywhere: Words
    left_context: Words
    body_stop_words: Words
    body_end_words: Words
    max_body_chars: int
    generic_modifiers: Words
    not_in_names: Words
    weak_suffix_words: Words
    min_strong_body_chars: int
    min_weak_body_chars: int


class RankingsFile(_Entry):
    triggers: Words
    bare_position_triggers: Words
    field_triggers: Words
    scopes: Words
    peer_nouns: Words
    position_suffixes: Words
    top_suffixes: Words
    tier_words: Words
    change_up: Words
    change_down: Words
    change_suffixes: Words
    first_place_words: Words
    first_place_verbs: Words
    band_triggers: Words
    second_place_words: Words
    list_names: Words
    not_rank_after_ordinal: Words
    rank_column_headers: Words
    scope_not_before: Words


class MetricsFile(_Entry):
    leading: Words
    trailing: Words
    having: Words
    totalling: Words
    per_unit_averages: Words
    conversions: Words
    totals: Words
    additions: Words
    compared_with: Words
    money_nouns: Words
    action_verbs: Words
    action_min_chars: int
    respective_pairs: dict[str, Words]
    following_stops: Words
    following_through: Words
    following_selection: Words
    following_not_counted: Words
    max_following_chars: int
    max_leading_chars: int


class ContextFile(_Entry):
    """context.yaml: words of a figure's period and region."""

    period_words: Words
    holidays: Words
    seasons: Words
    holiday_parts: Words
    holiday_days: Words
    relative_period_words: Words
    targets: Words
    compared_level_before: Words
    topic_after: Words
    topic_after_nouns: Words
    aside_zones: Words
    not_period_before: Words
    vague_period_words: Words
    whole_year_words: Words
    report_title_words: Words
    comparison_before: Words
    comparison_after: Words
    day_period_before: Words
    route_names: Words
    reporting_verbs: Words
    region_words: Words
    world_words: Words
    national_words: Words
    region_word_not_before: Words
    subject_words: Words
    territory_words: Words  # "word place" pairs (本澳 澳门)
    origin_nouns: Words
    origin_before: Words
    partner_before: Words
    trade_nouns: Words
    venue_after: Words
    base_before: Words
    route_joiners: Words
    address_markers: Words
    dateline_ends: Words
    cause_openers: Words


class FeaturesFile(_Entry):
    """places/features.yaml: named islands, rivers, lakes and landforms."""

    alone: Words
    in_context: Words
    context_after: Words
    generic: Words
    joined_after: Words
    zones_after: Words
    facilities: Words
    province_abbreviations: Words
    group_counts: Words
    place_words: Words
    road_words: Words


class JoinersFile(_Entry):
    list: Words
    range: Words


class MenuLine(_Entry):
    id: str
    suppress: Words
    min_items: int
    max_item_chars: int
    separators: Words


def _checked(file: str, model: type[_Entry], data: Any) -> dict[str, Any]:
    """A whole lexicon file validated against its model, back as plain data."""
    try:
        return model.model_validate(data).model_dump()
    except ValidationError as exc:
        raise LexiconError(f"{LEXICON_DIR / file}: {exc}") from exc


class Place(_Entry):
    name: str  # as written in text (full or short form)
    full: str  # the official full name
    level: Literal["country", "province", "prefecture", "county", "region", "city"]
    ambiguous: bool = False  # also a common word: tagged only beside other places
    traditional_only: bool = False  # a place only as releases in Traditional script use it (内地)
    parent: str | None = None  # the full name of the division holding it (长沙市 -> 湖南省, 长沙县 -> 长沙市)


# Alternations longer than this are compiled as a trie (see trie_regex).
TRIE_THRESHOLD = 64


def or_regex(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (price-parser).

    >>> or_regex(["公里", "平方公里", "%"])
    '(?:平方公里|公里|%)'

    Long word lists (the gazetteer) become a trie, which the regex engine
    walks in time proportional to the word's length, not the list's.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return "(?!)"
    if len(unique) > TRIE_THRESHOLD:
        return trie_regex(unique)
    return "(?:" + "|".join(regex.escape(w) for w in unique) + ")"


def trie_regex(words: Iterable[str]) -> str:
    """The same language as the alternation of `words`, as a prefix trie.

    Children are tried before the end of a word, so the longest word wins,
    as in a longest-first alternation.

    >>> trie_regex(["重庆", "重庆市", "成都"])
    '(?:成都|重庆(?:市)?)'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [regex.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:  # a word ends here: the longer ones are optional
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "(?:" + "|".join(regex.escape(ch) + build(child) for ch, child in sorted(trie.items()) if ch) + ")"


# libyaml's parser where PyYAML has it (its wheels do): reading the lexicons
# with the pure-Python one was a quarter of the start-up time.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(name: str) -> Any:
    path = LEXICON_DIR / name
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - safe loaders only
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc


def _read_lines(relative: str) -> list[tuple[int, str]]:
    """Non-empty, non-comment lines with their line numbers."""
    path = LEXICON_DIR / relative
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    return [
        (n, line.rstrip())
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _no_duplicates(file: str, items: Iterable[str]) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise LexiconError(f"{LEXICON_DIR / file}: duplicate entry {item!r}")
        seen.add(item)


def _validated(file: str, model: type[_Entry], rows: list[dict[str, Any]]) -> list[Any]:
    out = []
    for n, row in enumerate(rows, 1):
        try:
            out.append(model(**row))
        except ValidationError as exc:
            raise LexiconError(f"{LEXICON_DIR / file}: entry {n} ({row.get('id', row)}): {exc}") from exc
    _no_duplicates(file, [getattr(e, "id", "") for e in out if getattr(e, "id", "")])
    return out


def _load_units() -> list[Unit]:
    units: list[Unit] = _validated("units.yaml", Unit, _read_yaml("units.yaml"))
    _no_duplicates("units.yaml", [s for u in units for s in u.surfaces])
    return units


def _load_words(relative: str) -> list[str]:
    words = [w for _, line in _read_lines(relative) for w in line.split()]
    _no_duplicates(relative, words)
    return words


def _load_places() -> list[Place]:
    """The gazetteer: official full names, short names and named regions.

    See lexicons/places/README.md for the sources and columns. Short forms of
    counties and districts that are also common words (温泉, 和平) are marked
    ambiguous through a list kept beside the data.
    """
    ambiguous_words = set(_load_words("places/ambiguous.txt"))
    places: dict[str, Place] = {}

    def add(name: str, full: str, level: Any, ambiguous: bool = False, traditional_only: bool = False,
            parent: str | None = None) -> None:
        if len(name) < 2 or name in places:
            return  # one-character abbreviations are never tagged alone
        places[name] = Place(
            name=name, full=full, level=level, ambiguous=ambiguous or name in ambiguous_words,
            traditional_only=traditional_only, parent=parent,
        )

    for file, level in (("provinces.txt", "province"), ("prefectures.txt", "prefecture"),
                        ("counties.txt", "county")):
        for _, line in _read_lines(f"places/{file}"):
            cols = line.split("\t")
            parent = cols[2] if level != "province" and len(cols) > 2 and cols[2] != cols[0] else None
            add(cols[0], cols[0], level, parent=parent)
            if len(cols) > 1 and cols[1]:
                add(cols[1], cols[0], level, parent=parent)
                if cols[0].endswith("自治州"):
                    add(cols[1] + "州", cols[0], level, parent=parent)  # 博尔塔拉州: how news writes it
    for _, line in _read_lines("places/countries.txt"):
        cols = line.split("\t")
        add(cols[0], cols[0], "country")
        for alt in (cols[1].split(",") if len(cols) > 1 else []):
            if alt.strip():
                add(alt.strip(), cols[0], "country")
    for _, line in _read_lines("places/regions.txt"):
        add(line.split("\t")[0], line.split("\t")[0], "region")
    for _, line in _read_lines("places/traditional_usage.txt"):
        add(line, line, "region", traditional_only=True)
    for _, line in _read_lines("places/world_cities.txt"):
        for city in line.split():
            add(city, city, "city")
    directional = _read_yaml("places/directional.yaml")
    excluded = set(directional["exclude"])
    for abbreviation in directional["abbreviations"]:
        for direction in directional["directions"]:
            if abbreviation + direction not in excluded:
                add(abbreviation + direction, abbreviation + direction, "region")
    return sorted(places.values(), key=lambda p: p.name)


COMMON_CHARACTERS_FILE = LEXICON_DIR / "common_characters.txt"
COMMON_CHARACTER_COUNT = 2500  # the most frequent Simplified characters kept


def build_common_characters() -> str:
    """The text of lexicons/common_characters.txt, rebuilt from the data it
    is derived from: jieba's dictionary (character frequencies summed over
    words) and OpenCC's Simplified->Traditional table (so a Big5 page scores
    as well as a GB one). tests/test_lexicons.py checks the file for drift."""
    from collections import Counter
    from importlib import resources

    freq: Counter[str] = Counter()
    dictionary = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in dictionary.splitlines():
        word, count = line.split(" ")[:2]
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                freq[ch] += int(count)
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    simplified = [ch for ch, _ in ranked[:COMMON_CHARACTER_COUNT]]
    st = resources.files("opencc").joinpath("dictionary/STCharacters.txt").read_text(encoding="utf-8")
    variants: dict[str, list[str]] = {}
    for line in st.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            variants[parts[0]] = parts[1].split(" ")
    chars = set(simplified)
    for ch in simplified:
        chars.update(v for v in variants.get(ch, []) if len(v) == 1)
    body = "".join(sorted(chars))
    lines = [body[i:i + 80] for i in range(0, len(body), 80)]
    header = ("# Common Chinese characters, Simplified and Traditional: the decoder prefers\n"
              "# the reading of a legacy-encoded file in which more characters are common.\n"
              "# Generated by pipeline.lexicons.build_common_characters(); do not edit.\n")
    return header + "\n".join(lines) + "\n"


@functools.cache
def common_characters() -> frozenset[str]:
    text = COMMON_CHARACTERS_FILE.read_text(encoding="utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per process
class Lexicons:
    units: tuple[Unit, ...]
    unit_by_surface: dict[str, Unit]
    qualifiers: dict[str, tuple[Qualifier, ...]]  # before / before_round / mid / after
    directions: tuple[WordGroup, ...]
    not_directions: tuple[str, ...]
    levels_unless_compared: tuple[str, ...]
    comparisons: tuple[WordGroup, ...]
    rankings: dict[str, tuple[str, ...]]
    non_quantity: tuple[NonQuantity, ...]
    boilerplate: tuple[BoilerplateKind, ...]
    menu_line: dict[str, Any]
    countable_nouns: tuple[str, ...]
    titles: tuple[str, ...]
    surnames: tuple[str, ...]
    transliteration: frozenset[str]  # characters of transliterated foreign names (transliteration.txt)
    organisations: dict[str, Any]
    places: dict[str, Place]
    metrics: dict[str, Any]  # framing words around a measured phrase (metrics.yaml)
    joiners: dict[str, tuple[str, ...]]  # list and range joiners (joiners.yaml)
    context: dict[str, tuple[str, ...]]  # period and region words (context.yaml)
    features: dict[str, tuple[str, ...]]  # named islands, rivers, landforms (places/features.yaml)


# Lists that must not share a word: a word in both would make two rules
# contradict each other (file of the first list, its key; file of the second,
# its key; why).
_DISJOINT: tuple[tuple[str, str, str, str, str], ...] = (
    ("units.yaml", "surfaces", "countable_nouns.txt", "words", "a measure word is no counted noun"),
    ("changes.yaml", "directions up", "changes.yaml", "directions down", "a change goes one way"),
    ("changes.yaml", "directions", "changes.yaml", "not_directions", "a direction word is a direction"),
    ("rankings.yaml", "change_up", "rankings.yaml", "change_down", "a rank change goes one way"),
    ("rankings.yaml", "scopes", "rankings.yaml", "peer_nouns", "a scope is written, a peer noun is skipped"),
    ("organisations.yaml", "strong_suffixes", "organisations.yaml", "weak_suffixes", "one strength per suffix"),
    ("titles.txt", "words", "organisations.yaml", "known", "a title names no organisation"),
    ("units.yaml", "surfaces", "titles.txt", "words", "a unit is no title"),
)


def _lists(lex: Lexicons) -> dict[tuple[str, str], set[str]]:
    directions = {g.value: set(g.surfaces) for g in lex.directions}
    return {
        ("units.yaml", "surfaces"): set(lex.unit_by_surface),
        ("countable_nouns.txt", "words"): set(lex.countable_nouns),
        ("changes.yaml", "directions up"): directions.get("up", set()),
        ("changes.yaml", "directions down"): directions.get("down", set()),
        ("changes.yaml", "directions"): set().union(*directions.values()),
        ("changes.yaml", "not_directions"): set(lex.not_directions),
        **{("rankings.yaml", k): set(lex.rankings[k]) for k in ("change_up", "change_down", "scopes", "peer_nouns")},
        **{("organisations.yaml", k): set(lex.organisations[k]) for k in ("strong_suffixes", "weak_suffixes")},
        ("organisations.yaml", "known"): {n for group in lex.organisations["known"].values() for n in group},
        ("titles.txt", "words"): set(lex.titles),
    }


def check_consistency(lex: Lexicons) -> None:
    """Cross-lexicon checks, run at load: a word in two lists that
    contradict each other, and a unit whose name begins with a multiplier
    that numerals.yaml does not know as a unit prefix (then 1013百帕 would
    read as 101300 帕); each error names both files."""
    from . import numerals

    lists = _lists(lex)
    for file_a, key_a, file_b, key_b, why in _DISJOINT:
        both = sorted(lists[(file_a, key_a)] & lists[(file_b, key_b)])
        if both:
            raise LexiconError(f"{LEXICON_DIR / file_a} ({key_a}) and {LEXICON_DIR / file_b} ({key_b}) "
                               f"both list {', '.join(both)}: {why}")
    multipliers = set(numerals.character_classes()["cn_numerals"])
    exclusions = numerals.unit_prefix_exclusions()
    for surface in sorted(lex.unit_by_surface):
        head, rest = surface[0], surface[1:]
        if head in multipliers and rest and not any(rest.startswith(f) for f in exclusions.get(head, ())):
            raise LexiconError(
                f"{LEXICON_DIR / 'units.yaml'}: unit {surface!r} begins with the numeral {head!r}; list "
                f"{rest!r} under unit_prefix_exclusions[{head}] in {LEXICON_DIR / 'numerals.yaml'}, "
                f"or a number before it reads {head} as a multiplier")


@functools.cache
def load() -> Lexicons:
    """All lexicons, validated and checked against each other. Cached: one read per process."""
    units = _load_units()
    quals = _read_yaml("qualifiers.yaml")
    changes = _read_yaml("changes.yaml")
    ranks = _checked("rankings.yaml", RankingsFile, _read_yaml("rankings.yaml"))
    bp = _read_yaml("boilerplate.yaml")
    orgs = _checked("organisations.yaml", OrganisationsFile, _read_yaml("organisations.yaml"))
    for key in ("triggers", "scopes", "not_rank_after_ordinal"):
        _no_duplicates("rankings.yaml", ranks[key])
    known = [name for group in orgs["known"].values() for name in group]
    _no_duplicates("organisations.yaml", known)
    for key in ("strong_suffixes", "weak_suffixes", "bare_suffixes", "short_names", "subunit_suffixes"):
        _no_duplicates("organisations.yaml", orgs[key])
    features = _checked("places/features.yaml", FeaturesFile, _read_yaml("places/features.yaml"))
    for words in features.values():
        _no_duplicates("places/features.yaml", words)
    places = _load_places()
    lex = Lexicons(
        units=tuple(units),
        unit_by_surface={s: u for u in units for s in u.surfaces},
        qualifiers={
            pos: tuple(_validated("qualifiers.yaml", Qualifier, quals[pos]))
            for pos in ("before", "before_round", "mid", "after")
        },
        directions=tuple(_validated("changes.yaml", WordGroup, changes["directions"])),
        not_directions=tuple(changes["not_directions"]),
        levels_unless_compared=tuple(changes["levels_unless_compared"]),
        comparisons=tuple(_validated("changes.yaml", WordGroup, changes["comparisons"])),
        rankings={k: tuple(v) for k, v in ranks.items()},
        non_quantity=tuple(_validated("non_quantity.yaml", NonQuantity, _read_yaml("non_quantity.yaml"))),
        boilerplate=tuple(_validated("boilerplate.yaml", BoilerplateKind, bp["kinds"])),
        menu_line=_checked("boilerplate.yaml", MenuLine, bp["menu_line"]),
        countable_nouns=tuple(_load_words("countable_nouns.txt")),
        titles=tuple(_load_words("titles.txt")),
        surnames=tuple(_load_words("surnames.txt")),
        transliteration=frozenset(_load_words("transliteration.txt")),
        organisations=orgs,
        places={p.name: p for p in places},
        metrics=_load_metric_words(),
        joiners={k: tuple(v) for k, v in _checked("joiners.yaml", JoinersFile, _read_yaml("joiners.yaml")).items()},
        context={k: tuple(v) for k, v in _checked("context.yaml", ContextFile, _read_yaml("context.yaml")).items()},
        features={k: tuple(v) for k, v in features.items()},
    )
    check_consistency(lex)
    return lex


def _load_metric_words() -> dict[str, Any]:
    data = _checked("metrics.yaml", MetricsFile, _read_yaml("metrics.yaml"))
    for key in ("leading", "trailing", "having", "totalling", "per_unit_averages", "conversions", "totals",
                "additions", "following_stops", "following_not_counted"):
        _no_duplicates("metrics.yaml", data[key])
        data[key] = tuple(sorted(data[key], key=lambda w: (-len(w), w)))
    return data
