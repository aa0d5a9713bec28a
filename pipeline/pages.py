"""Stage pages: the PDF page each record starts on.

Runs last. Reads `pages` (set by the PDF reader: where each page's text
starts in `source`) and sets `page` on every record; documents without
pages (text, HTML, Word, sheets) are left as they are.
"""
from __future__ import annotations

from bisect import bisect_right

from .lexicons import Lexicons
from .models import Document, PageSpan, replaced


def page_at(pages: list[PageSpan], starts: list[int], pos: int) -> int:
    """The page holding offset `pos` (an empty page's span gives way to the next page).

    >>> pages = [PageSpan(page=1, start=0, end=5), PageSpan(page=2, start=5, end=5),
    ...          PageSpan(page=3, start=5, end=9)]
    >>> [page_at(pages, [p.start for p in pages], pos) for pos in (0, 4, 5, 8)]
    [1, 1, 3, 3]
    """
    return pages[max(0, bisect_right(starts, pos) - 1)].page


def run(doc: Document, lex: Lexicons) -> Document:
    """Reads `pages`, `records`; sets each record's `page`."""
    if not doc.pages:
        return doc
    starts = [p.start for p in doc.pages]
    records = [replaced(r, page=page_at(doc.pages, starts, r.start)) for r in doc.records]
    return doc.model_copy(update={"records": records})
