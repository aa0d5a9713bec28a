"""The rule registry: every rule's examples and not-examples run here, every
registered id fires on its examples, and every id a record or a dropped
candidate carries is registered."""
from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal

import pytest

from pipeline import Candidate, Document, Record, extract, rules, trace
from pipeline.fragments import expand, fragments
from pipeline.lexicons import load
from pipeline.rules import Example, Rule, by_id
from pipeline.write import record_dict

from .conftest import CORPUS_DIR, ROOT

RULES = rules()
RECORD_RULES = [r for r in RULES if r.kind != "drop"]
DROP_RULES = [r for r in RULES if r.kind == "drop"]


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and actual is not None:
        return isinstance(actual, (int, float, Decimal)) and float(actual) == pytest.approx(float(expected))
    return expected == actual


def _matches(fields: dict[str, object], expect: dict[str, object]) -> bool:
    return all(_same(v, fields.get(k)) for k, v in expect.items())


def _candidate_fields(source: str, cand: Candidate) -> dict[str, object]:
    return {**asdict(cand), "text": source[cand.start:cand.end]}


def _made(rule: Rule, text: str) -> list[dict[str, object]]:
    """What `rule` makes (or, for a drop rule, drops) in `text`."""
    if rule.kind == "drop":
        return [_candidate_fields(text, c) for c in trace(text) if c.dropped_by == rule.id]
    if text.startswith("<table"):  # a table rule's example is an HTML table, read as a page
        return [record_dict(r) for r in _page_records(text) if r.rule == rule.id]
    return [record_dict(r) for r in extract(text) if r.rule == rule.id]


def _page_records(markup: str) -> list[Record]:
    from pipeline.load import read_bytes
    from pipeline.runner import run_document

    page = read_bytes(markup.encode(), ".html")
    return run_document(Document(doc_id="example", source=page.text, format=page.format,
                                 tables=list(page.tables))).records


EXAMPLES = [(r, e) for r in RULES for e in r.examples]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_an_example(rule: Rule) -> None:
    assert rule.examples, f"{rule.id} has no example"
    assert rule.doc


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{r.id}:{e.text[:20]}" for r, e in EXAMPLES])
def test_example(rule: Rule, example: Example) -> None:
    made = _made(rule, example.text)
    assert any(_matches(m, dict(example.expect)) for m in made), (
        f"{rule.id} on {example.text!r}: expected {dict(example.expect)}, made {made}")


NOT_EXAMPLES = [(r, t) for r in RULES for t in r.not_examples]


@pytest.mark.parametrize(("rule", "text"), NOT_EXAMPLES, ids=[f"{r.id}:{t[:20]}" for r, t in NOT_EXAMPLES])
def test_not_example(rule: Rule, text: str) -> None:
    assert _made(rule, text) == []


def test_ids_are_unique_and_spread() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    counts: dict[str, int] = {}
    for path in (ROOT / "outputs").glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip("- ").startswith("rule: "):
                rule = json.loads(line.split("rule: ", 1)[1])
                counts[rule] = counts.get(rule, 0) + 1
    quantity_rules = {r.id for r in RULES if r.kind == "quantity"}
    quantities = {k: n for k, n in counts.items() if k in quantity_rules}
    assert max(quantities.values()) < 0.5 * sum(quantities.values()), quantities


def test_every_record_rule_is_registered() -> None:
    registered = by_id()
    for path in sorted(CORPUS_DIR.iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
    seen: set[str] = set()
    for path in (ROOT / "outputs").glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip("- ").startswith("rule: "):
                seen.add(json.loads(line.split("rule: ", 1)[1]))
    assert seen and seen <= set(registered), sorted(seen - set(registered))


def test_every_dropping_rule_is_registered() -> None:
    from pipeline.load import load_path

    registered = set(by_id())
    dropped: set[str] = set()
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        text = load_path(path).source
        dropped |= {c.dropped_by for c in trace(text) if c.dropped_by}
        assert all(c.rule in registered for c in trace(text))
    assert dropped and dropped <= registered, sorted(dropped - registered)


def test_every_template_names_known_fragments() -> None:
    frags = fragments(load())
    for rule in RULES:
        if rule.pattern:
            expand(rule.pattern, frags, rule.id)  # raises on an unknown {name}
