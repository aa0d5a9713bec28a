"""The rule registry: every rule the pipeline runs, declared once.

A `Rule` is one declaration (spaCy's `SpanRuler.patterns`, price-parser's
example lists): its id, the kind of record it makes (or `drop` for a filter
that drops candidates), what it reads, the pattern template it finds
candidates with (over the named fragments of `pipeline/fragments.py`), and
examples and not-examples that `make test` runs:

- an example of a record rule is a text and the fields of a record that the
  rule must make from it (`text` included);
- an example of a drop rule is a text and the fields of a candidate that the
  rule must drop in it (see `press-extract explain --trace`);
- a not-example is a text where the rule makes (or drops) nothing.

Rules are declared beside the code that resolves them (each extractor
module has a `RULES` tuple); `registry()` gathers them, with the
non-quantity patterns of `lexicons/non_quantity.yaml`, which are data.
"""
from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["quantity", "ranking", "entity", "fact", "drop"]


@dataclass(frozen=True)
class Example:
    """A text and the fields expected of what the rule makes (or drops) in it."""

    text: str
    expect: Mapping[str, object] = field(default_factory=dict)


def ex(source: str, /, **expect: object) -> Example:
    """`ex("超19个", text="超19个", value=19, unit="个")`: the example text, then
    the fields expected (`text` is the span's own text)."""
    return Example(source, expect)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    doc: str  # one line: what the rule reads, or why it drops
    pattern: str | None = None  # template over named fragments (pipeline/fragments.py)
    examples: tuple[Example, ...] = ()
    not_examples: tuple[str, ...] = ()


# Modules that declare rules, in the order `press-extract rules` lists them.
_MODULES = (
    "pipeline.extract.quantities",
    "pipeline.extract.rankings",
    "pipeline.extract.entities",
    "pipeline.extract.organisations",
    "pipeline.extract.dates",
    "pipeline.extract",
    "pipeline.tables",
    "pipeline.link",
)


@functools.cache
def registry() -> tuple[Rule, ...]:
    """Every rule, each id once (a repeated id is an error naming it)."""
    from .lexicons import load

    rules: list[Rule] = []
    for name in _MODULES:
        rules.extend(importlib.import_module(name).RULES)
    rules.extend(
        Rule(id=nq.id, kind="drop", doc=nq.doc, pattern=nq.pattern,
             examples=tuple(Example(t, {}) for t in nq.examples),
             not_examples=nq.not_examples)
        for nq in load().non_quantity
    )
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"rule id {rule.id!r} is declared twice")
        seen.add(rule.id)
    return tuple(rules)


@functools.cache
def by_id() -> Mapping[str, Rule]:
    return {r.id: r for r in registry()}
