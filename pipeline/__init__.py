"""press-extract: structured records from Chinese press releases.

>>> from pipeline import extract
>>> [(r.kind, r.text) for r in extract("全市软件业务收入超过2700亿元,进入全国前十。", doc_id="x")
...  if r.kind in ("quantity", "ranking")]
[('quantity', '超过2700亿元'), ('ranking', '进入全国前十')]
"""
from __future__ import annotations

from .candidates import Candidate
from .models import Document, Entity, Fact, Quantity, Ranking, Record
from .rules import Rule, registry
from .runner import run_document, trace_document


def extract(text: str, doc_id: str = "text") -> list[Record]:
    """The records of one document given as decoded text."""
    return run_document(Document(doc_id=doc_id, source=text)).records


def trace(text: str, doc_id: str = "text") -> list[Candidate]:
    """Every candidate the rules made in `text`, kept or dropped (`dropped_by`
    names the rule that dropped it), in text order."""
    return trace_document(Document(doc_id=doc_id, source=text))[1]


def rules() -> tuple[Rule, ...]:
    """Every registered rule, with its examples."""
    return registry()


__all__ = ["Candidate", "Document", "Entity", "Fact", "Quantity", "Ranking", "Record", "Rule", "extract",
           "rules", "trace"]
