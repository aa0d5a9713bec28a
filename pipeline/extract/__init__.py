"""Stage 4, extract: the engine that runs the rule registry over a document.

The steps run in one declared order (`STEPS`), which is the overlap policy
between kinds: a step's candidates are dropped where they overlap what the
steps it is `blocked_by` kept (`drop.overlaps_date`, ...), and inside a
step the longest span wins (`drop.longer_match`). So 《titles》 and dates
come first and nothing else is read inside them; then names (360 the
company, 21世纪经济研究院) and rankings (第9 is no quantity; a ranking takes no
scope from inside a name); then quantities in what is left. Every candidate, kept or dropped, is in `trace(doc)`; records
are made from the kept ones only, without validating again what the
candidate types already guarantee.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..candidates import (Candidate, EntityCandidate, QuantityCandidate, RankingCandidate, inside_longer,
                          outside)
from ..lexicons import Lexicons
from ..models import Document, Entity, EntityType, Quantity, Qualifier, Ranking, Record, construct
from ..rules import Rule, ex
from . import dates, entities, quantities, rankings
from .context import Blocker, Context


@dataclass(frozen=True)
class Step:
    name: str
    find: Callable[[Context, Blocker], Sequence[Candidate]]
    blocked_by: tuple[str, ...]  # labels of what earlier steps kept (see `_label`)


STEPS: tuple[Step, ...] = (
    Step("work", entities.works, blocked_by=()),
    Step("date", dates.extract, blocked_by=("work",)),
    Step("name", entities.extract, blocked_by=("work", "date")),
    Step("ranking", rankings.extract, blocked_by=("work", "date")),  # reads "org": no scope inside a name
    Step("quantity", quantities.extract, blocked_by=("work", "date", "ranking", "org", "place")),
)

RULES: tuple[Rule, ...] = (
    Rule("drop.longer_match", "drop", "overlaps a longer candidate of the same step (the longest wins)", None,
         (ex("重庆市统计局发布", text="重庆市"),)),
    Rule("drop.in_furniture", "drop", "inside page furniture that suppresses its kind (navigation, footers)",
         None, (ex("【广告】京南好房 首付30万起 咨询热线\n", text="30万起"),)),
    Rule("drop.overlaps_work", "drop", "inside a 《title》: nothing else is read there", None,
         (ex("《2020年中国296个城市营商环境报告》", text="2020年"),)),
    Rule("drop.overlaps_date", "drop", "overlaps a date (2022年 is no duration)", None,
         (ex("截至2022年底", text="2022年"),)),
    Rule("drop.overlaps_ranking", "drop", "overlaps a ranking (第9 is no quantity)", None,
         (ex("位列第12位,较上年上升3位", text="3位"),)),
    Rule("drop.overlaps_org", "drop", "inside an organisation's name (21世纪经济研究院)", None,
         (ex("据21世纪经济研究院发布", text="21"),)),
    Rule("drop.overlaps_place", "drop", "inside a place's name (二七区, 七台河市): a numeral there counts nothing",
         None, (ex("金水区、二七区机动车保有量", text="二七"), ex("七台河市煤炭产量", text="七台"))),
)


# Labels that drop only what lies inside a longer span of theirs (二七 in 二七区), not what overlaps one.
_HELD_ONLY = frozenset({"place"})


def _label(cand: Candidate) -> str:
    """What a kept candidate blocks later steps as."""
    if isinstance(cand, EntityCandidate):
        return {"WORK": "work", "DATE": "date", "ORG": "org", "LOC": "place"}.get(cand.type, "name")
    return cand.kind


def trace(doc: Document, lex: Lexicons) -> list[Candidate]:
    """Every candidate of a document, kept or dropped, in text order."""
    ctx = Context.of(doc, lex)
    kept: dict[str, list[tuple[int, int]]] = {}
    everything: list[Candidate] = []
    for step in STEPS:
        def block(cands: list[Candidate], step: Step = step) -> list[Candidate]:
            for label in step.blocked_by:
                cover = inside_longer if label in _HELD_ONLY else outside
                cands = cover(cands, kept.get(label, []), f"drop.overlaps_{label}")
            return cands

        found = step.find(ctx, Blocker(block, lambda label: kept.get(label, [])))
        everything.extend(found)
        for cand in found:
            if cand.alive:
                kept.setdefault(_label(cand), []).extend(cand.blocking())
    return sorted(everything, key=Candidate.sort_key)


def record_id(doc_id: str, kind: str, start: int, end: int, taken: set[str]) -> str:
    """A stable id from document, kind and span (and a counter on a tie)."""
    base = f"{doc_id}:{kind}:{start}-{end}"
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}:{n}"
    taken.add(rid)
    return rid


def to_record(doc: Document, cand: Candidate, rid: str) -> Record:
    """The record of a kept candidate (constructed, not validated again:
    the candidate types already hold exactly the record's fields)."""
    common: dict[str, Any] = dict(id=rid, doc_id=doc.doc_id, text=doc.source[cand.start:cand.end],
                                  start=cand.start, end=cand.end, rule=cand.rule)
    if isinstance(cand, QuantityCandidate):
        return construct(Quantity, 
            **common, value=cand.value, unit=cand.unit,
            number_text=doc.source[cand.number_start:cand.number_end],
            qualifier=Qualifier(cand.qualifier) if cand.qualifier else None,
            direction=None, comparison=None, metric=cand.metric, period=cand.period, region=cand.region)
    if isinstance(cand, RankingCandidate):
        return construct(Ranking, **common, rank=cand.rank, scope=cand.scope, basis=cand.basis)
    assert isinstance(cand, EntityCandidate)
    return construct(Entity, **common, type=EntityType(cand.type), title=cand.title, org=cand.org,
                                  iso=cand.iso, period=cand.period)


def records(doc: Document, cands: Sequence[Candidate]) -> list[Record]:
    taken: set[str] = set()
    return [to_record(doc, c, record_id(doc.doc_id, c.kind, c.start, c.end, taken)) for c in cands if c.alive]


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `norm`, `tokens`, `sentences`, `zones`; adds `records`."""
    return doc.model_copy(update={"records": records(doc, trace(doc, lex))})


__all__ = ["STEPS", "record_id", "records", "run", "to_record", "trace"]
