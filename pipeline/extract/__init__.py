"""Stage 4, extract: candidates of every kind, then records.

The order matters and is the overlap policy between kinds: 《titles》 and
dates are found first and nothing else is read inside them; rankings next
(第9 is no quantity); then names (360 the company, 21世纪经济研究院); then
quantities in what is left.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..lexicons import Lexicons
from ..models import Document, Entity, Quantity, Ranking, Record
from ..offsets import Candidate, outside, unsuppressed, word_edges
from . import dates, entities, quantities, rankings


def candidates(doc: Document, lex: Lexicons) -> list[Candidate]:
    """All candidates of a document, in text order."""
    norm = doc.norm
    edges = word_edges(doc.tokens)
    works = entities.works(norm)
    found_dates = outside(dates.extract(norm, doc.traditional), [w.span for w in works])
    spans = [c.span for c in (*works, *found_dates)]
    clauses = [c for s in doc.sentences for c in s.clauses]
    found_ranks = rankings.extract(norm, lex, clauses, doc.zones, spans)
    names = entities.extract(norm, lex, edges, doc.zones, spans)
    orgs = [c.span for c in names if c.fields["type"] == "ORG"]
    found_qty = quantities.extract(
        norm, lex, doc.tokens, doc.zones, [*spans, *(c.span for c in found_ranks), *orgs]
    )
    entity_like = unsuppressed([*works, *found_dates], doc.zones)
    return sorted([*entity_like, *names, *found_ranks, *found_qty], key=Candidate.sort_key)


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
    common: dict[str, Any] = {
        "id": rid, "doc_id": doc.doc_id, "text": doc.source[cand.start:cand.end],
        "start": cand.start, "end": cand.end, "rule": cand.rule,
    }
    f = cand.fields
    if cand.kind == "quantity":
        value: Decimal = f["value"]
        return Quantity(
            **common, value=value, unit=f["unit_canonical"],
            number_text=doc.source[f["num_start"]:f["num_end"]] if "num" in f else doc.source[cand.start:cand.end],
            qualifier=f["qualifier"],
        )
    if cand.kind == "ranking":
        return Ranking(**common, rank=f["rank"], scope=f["scope"], basis=f["basis"])
    return Entity(
        **common, type=f["type"], title=f.get("title"), org=f.get("org"),
        iso=f.get("iso"), period=f.get("period"),
    )


def records(doc: Document, cands: Sequence[Candidate]) -> list[Record]:
    taken: set[str] = set()
    return [to_record(doc, c, record_id(doc.doc_id, c.kind, c.start, c.end, taken)) for c in cands]


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `norm`, `tokens`, `sentences`, `zones`; adds `records`."""
    return doc.model_copy(update={"records": records(doc, candidates(doc, lex))})


__all__ = ["candidates", "records", "run"]
