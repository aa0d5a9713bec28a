"""The ordered stages, and running one document through them.

Each stage is `run(doc, lex) -> Document` (spaCy's pipeline of named
components); a failure is re-raised as `StageError` naming the stage and the
document, and a stage that returns anything but a Document is refused.
"""
from __future__ import annotations

from collections.abc import Callable

from . import clean, link, pages, segment, tables
from . import extract as extract_stage
from .candidates import Candidate
from .lexicons import Lexicons, load
from .models import Document

Stage = Callable[[Document, Lexicons], Document]

STAGES: tuple[tuple[str, Stage], ...] = (
    ("clean", clean.run),
    ("segment", segment.run),
    ("extract", extract_stage.run),
    ("tables", tables.run),
    ("link", link.run),
    ("pages", pages.run),
)


class StageError(Exception):
    def __init__(self, stage: str, doc_id: str, cause: BaseException) -> None:
        super().__init__(f"{doc_id}: stage {stage!r} failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.doc_id = doc_id


def trace_document(doc: Document, lex: Lexicons | None = None) -> tuple[Document, list[Candidate]]:
    """The document after the stages before extraction, and every candidate
    the extraction engine made, kept or dropped (`explain --trace`)."""
    lex = lex or load()
    for name, stage in STAGES[:STAGES.index(("extract", extract_stage.run))]:
        doc = stage(doc, lex)
    return doc, extract_stage.trace(doc, lex)


def run_document(doc: Document, lex: Lexicons | None = None) -> Document:
    """Run every stage on `doc`; the records are in the returned Document."""
    lex = lex or load()
    for name, stage in STAGES:
        try:
            result = stage(doc, lex)
        except Exception as exc:  # named and re-raised: the caller decides
            raise StageError(name, doc.doc_id, exc) from exc
        if not isinstance(result, Document):
            raise StageError(name, doc.doc_id, TypeError(f"returned {type(result).__name__}"))
        doc = result
    return doc
