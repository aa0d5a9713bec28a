"""Lexicon integrity: files load and validate, entries are unique, every
rule id a record can carry is documented in a lexicon or a module."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from pipeline.lexicons import LEXICON_DIR, LexiconError, Lexicons, _no_duplicates, or_regex, trie_regex


def test_lexicons_load(lex: Lexicons) -> None:
    assert len(lex.units) > 80
    assert len(lex.places) > 3000
    assert lex.places["重庆"].full == "重庆市"
    assert lex.places["博尔塔拉州"].full == "博尔塔拉蒙古自治州"
    assert lex.places["温泉"].ambiguous
    assert not lex.places["杭州"].ambiguous


def test_no_direction_is_a_place(lex: Lexicons) -> None:
    for word in ("西部", "东部地区", "中部", "全国", "全州"):
        assert word not in lex.places or lex.places[word].ambiguous


def test_duplicates_are_refused() -> None:
    with pytest.raises(LexiconError, match="duplicate entry '个'"):
        _no_duplicates("units.yaml", ["个", "家", "个"])


def test_non_quantity_patterns_compile(lex: Lexicons) -> None:
    for entry in lex.non_quantity:
        assert regex.compile(entry.pattern).pattern


def test_trie_matches_what_the_alternation_matches(lex: Lexicons) -> None:
    names = sorted(lex.places)[:500]
    trie, alternation = regex.compile(trie_regex(names)), regex.compile(or_regex(names[:60]))
    for name in names:
        assert trie.fullmatch(name)
    for name in names[:60]:
        assert trie.match(name + "市").group() == alternation.match(name + "市").group()


def test_lexicon_files_are_utf8_without_trailing_space() -> None:
    for path in sorted(LEXICON_DIR.rglob("*")):
        if path.suffix in (".yaml", ".txt", ".dict"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                assert line == line.rstrip(), f"{path.relative_to(LEXICON_DIR)}:{n} trailing space"


def test_every_rule_id_is_written_down() -> None:
    """Rule ids in records come from lexicon entries or named patterns in code."""
    from pipeline.batch import run_batch  # noqa: F401  (imports every stage)

    import yaml

    root = Path(__file__).resolve().parent.parent / "outputs"
    used = {r["rule"] for p in root.glob("*.yaml")
            for r in yaml.safe_load(p.read_text(encoding="utf-8"))["records"]}
    sources = "".join(p.read_text(encoding="utf-8") for p in (LEXICON_DIR.parent).rglob("*.py"))
    for rule in used:
        stem = rule.rsplit(".", 1)[0] if rule.endswith(".item") else rule
        assert stem in sources or rule.startswith("ent.loc."), rule


def test_common_characters_are_generated() -> None:
    from pipeline.lexicons import COMMON_CHARACTERS_FILE, build_common_characters

    assert COMMON_CHARACTERS_FILE.read_text(encoding="utf-8") == build_common_characters(), (
        "regenerate lexicons/common_characters.txt with pipeline.lexicons.build_common_characters()")


def test_a_lexicon_file_missing_a_key_is_refused() -> None:
    from pipeline.lexicons import RankingsFile, _checked

    with pytest.raises(LexiconError, match="(?s)rankings.yaml: .*scopes"):
        _checked("rankings.yaml", RankingsFile, {"triggers": ["位列"]})


def test_a_unit_beginning_with_a_multiplier_must_be_a_known_prefix(lex: Lexicons) -> None:
    import dataclasses

    from pipeline.lexicons import LexiconError, Unit, check_consistency

    hg = Unit.model_validate({"id": "unit.hg", "canonical": "百克", "class": "physical", "surfaces": ["百克"]})
    broken = dataclasses.replace(lex, units=(*lex.units, hg), unit_by_surface={**lex.unit_by_surface, "百克": hg})
    with pytest.raises(LexiconError, match="(?s)units.yaml.*'百克'.*unit_prefix_exclusions.*numerals.yaml"):
        check_consistency(broken)


def test_a_word_in_two_contradicting_lists_is_an_error(lex: Lexicons) -> None:
    import dataclasses

    from pipeline.lexicons import LexiconError, check_consistency

    broken = dataclasses.replace(lex, countable_nouns=(*lex.countable_nouns, "家"))
    with pytest.raises(LexiconError, match="(?s)units.yaml.*countable_nouns.txt.*家"):
        check_consistency(broken)
    check_consistency(lex)  # the shipped lexicons agree
