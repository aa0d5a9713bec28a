"""PDF: text by page (pypdfium2), lines joined into paragraphs, page furniture marked.

PDFium gives every character of a page with its box, in the order the page
draws them. From those this reader makes lines (characters on one baseline,
left to right; a character drawn again on itself, as fake bold does, once),
puts a tab where a line has a gap wider than 1.2 characters (the columns
of a table drawn as text), and joins a line to the next without anything in
between when the line runs to the right edge of the text and the next one
is not indented: Chinese wraps inside words and numbers (`2836.` / `5亿元`)
and has no hyphen to remove. A paragraph that runs over a page break is
joined the same way; the footer and header of the break follow it.

Page furniture: a line in the top or bottom band of a page that is a page
number (`— 3 —`, `第3页 共12页`, `3/12`) or that repeats, digits aside, in
the same band of another page (a running header) becomes a zone in which no
record is extracted. `pages` gives the offsets each page's text starts at.

Pages are read one at a time and closed, so memory follows the largest
page, not the document (tests/BENCHMARKS.md: a 300-page PDF).
tests/BENCHMARKS.md also has the measurement that chose PDFium over
pdfplumber.
"""
from __future__ import annotations

import ctypes
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..models import PageSpan, Zone
from . import Extracted, InputError, TextBuilder

FURNITURE = Zone(start=0, end=0, kind="pdf.furniture", suppress=("quantity", "ranking", "entity"))
BAND = 0.08  # top and bottom 8% of a page (67 pt of A4): where running headers and footers sit
COLUMN_GAP = 1.2  # a gap wider than this many characters separates columns (a tab)
MAX_FURNITURE_CHARS = 60  # a running header is short; a longer line is text
_PAGE_NUMBER = re.compile(
    r"[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?[\s\-—–－·•]*"
    r"|[\s\-—–－·•]*(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-—–－·•]*")
_DIGITS = re.compile(r"\d+")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class _Char:
    text: str
    left: float
    bottom: float  # PDFium's loose box: the font's ascent and descent, the same for
    right: float   # every character of a font, unlike the glyph's own outline
    top: float
    size: float
    baseline: float


@dataclass
class _Line:
    chars: list[_Char] = field(default_factory=list)
    text: str = ""
    left: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    top: float = 0.0
    size: float = 0.0
    tabbed: bool = False  # has a column gap: a row of a table drawn as text


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    furniture: set[int] = field(default_factory=set)  # indices into lines

    def band(self, line: _Line) -> str | None:
        if line.bottom >= self.height * (1 - BAND):
            return "top"
        if line.top <= self.height * BAND:
            return "bottom"
        return None


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        raise InputError("truncated PDF: no end-of-file marker")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError("encrypted PDF: it needs a password") from exc
        raise InputError(f"corrupt PDF: {exc}") from exc


def _chars(page: pdfium.PdfPage) -> list[_Char]:
    """The characters the page draws, in drawing order (PDFium's own spaces and
    line breaks left out: lines and gaps are made from the boxes)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        out: list[_Char] = []
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code < 0x20 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code < 0xE000:
                continue
            text = chr(code)
            if "\u2f00" <= text <= "\u2fdf" or "\uf900" <= text <= "\ufaff":
                text = unicodedata.normalize("NFKC", text)[:1]  # Kangxi radicals some fonts map to
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(raw, i) or (top - bottom) or 10.0
            pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
            out.append(_Char(text, left, bottom, right, top, size, y.value))
        return out
    finally:
        textpage.close()


def _without_overdraw(chars: Sequence[_Char]) -> list[_Char]:
    """Characters drawn again on themselves (fake bold, a shadow: the same character
    less than a third of its size away) kept once. PDFium drops some of these
    itself, not all."""
    kept: list[_Char] = []
    seen: dict[tuple[str, int, int], list[_Char]] = {}
    for ch in chars:
        cell = 0.3 * ch.size or 1.0
        x, y = int(ch.left // cell), int(ch.baseline // cell)
        near = [c for dx in (-1, 0, 1) for dy in (-1, 0, 1) for c in seen.get((ch.text, x + dx, y + dy), ())]
        if any(abs(c.left - ch.left) < cell and abs(c.baseline - ch.baseline) < cell for c in near):
            continue
        seen.setdefault((ch.text, x, y), []).append(ch)
        kept.append(ch)
    return kept


def _lines(chars: Sequence[_Char]) -> list[_Line]:
    """Characters grouped into lines: a new line where the baseline moves or the
    text jumps back left."""
    lines: list[_Line] = []
    current: list[_Char] = []
    for ch in _without_overdraw(chars):
        if current:
            last = current[-1]
            same_height = abs(ch.baseline - last.baseline) < 0.4 * max(ch.size, last.size)
            if same_height and ch.left >= last.left - 0.3 * ch.size:
                current.append(ch)
                continue
            lines.append(_make_line(current))
        current = [ch]
    if current:
        lines.append(_make_line(current))
    return [line for line in lines if line.text.strip()]


def _make_line(chars: list[_Char]) -> _Line:
    parts: list[str] = []
    tabbed = False
    for prev, ch in zip([None, *chars], chars):
        if prev is not None and ch.text != " " and prev.text != " ":
            gap = ch.left - prev.right
            if gap > COLUMN_GAP * ch.size:
                parts.append("\t")
                tabbed = True
            elif gap > 0.3 * ch.size and _LATIN.match(ch.text) and _LATIN.match(prev.text):
                parts.append(" ")  # a word space in Latin text
        parts.append(ch.text)
    inked = [c for c in chars if c.text.strip()] or chars
    return _Line(chars, "".join(parts).strip(" "), min(c.left for c in inked), max(c.right for c in inked),
                 min(c.bottom for c in inked), max(c.top for c in inked),
                 Counter(round(c.size, 1) for c in inked).most_common(1)[0][0], tabbed)


def _pages(document: pdfium.PdfDocument) -> Iterator[_Page]:
    for n in range(len(document)):
        page = document[n]
        try:
            height = page.get_height()
            chars = _chars(page)
        finally:
            page.close()
        lines = _lines(chars)
        for line in lines:
            line.chars = []  # boxes are no longer needed: keep memory to lines
        yield _Page(n + 1, height, lines)


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.replace(" ", ""))


def mark_furniture(pages: Sequence[_Page]) -> None:
    """Running headers, footers and page numbers, per page (see the module doc)."""
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        seen.update({(band, _shape(line.text)) for line in page.lines if (band := page.band(line))})
    for page in pages:
        for i, line in enumerate(page.lines):
            band = page.band(line)
            if band and len(line.text) <= MAX_FURNITURE_CHARS and (
                    _PAGE_NUMBER.fullmatch(line.text) or seen[(band, _shape(line.text))] >= 2):
                page.furniture.add(i)


@dataclass(frozen=True)
class _Column:
    left: float
    right: float


@dataclass
class _Body:
    """The text block as most lines have it: its columns' edges, and the usual gap
    between the lines of a paragraph."""

    columns: list[_Column]
    gap: float

    def column(self, line: _Line) -> _Column | None:
        """The column a line stands in (an indented first line a little right of its edge)."""
        found = None
        for col in self.columns:
            if col.left <= line.left + 0.5 * line.size:
                found = col
        return found


def _body_edges(pages: Sequence[_Page]) -> _Body:
    lefts: Counter[int] = Counter()
    gaps: list[float] = []
    size = 0.0
    for page in pages:
        body = [line for i, line in enumerate(page.lines) if i not in page.furniture]
        for line, nxt in zip(body, [*body[1:], None]):
            if not line.tabbed:
                lefts[round(line.left)] += len(line.text)
                size = max(size, line.size)
            if nxt is not None and 0 <= line.bottom - nxt.top < 3 * line.size:
                gaps.append(line.bottom - nxt.top)
    if not lefts:
        return _Body([], 0.0)
    # Column edges: left edges that many characters start at, apart from one
    # another by more than an indent (a first line two characters in is no column).
    heaviest = lefts.most_common(1)[0][1]
    edges: list[int] = []
    for left, weight in lefts.most_common():
        if weight >= 0.15 * heaviest and all(abs(left - e) > 3 * size for e in edges):
            edges.append(left)
    edges.sort()
    rights: dict[int, list[float]] = {e: [] for e in edges}
    probe = _Body([_Column(float(e), 0.0) for e in edges], 0.0)
    for page in pages:
        for i, line in enumerate(page.lines):
            col = probe.column(line)
            if i not in page.furniture and not line.tabbed and col is not None:
                rights[int(col.left)].append(line.right)
    columns = [_Column(float(e), sorted(r)[int(len(r) * 0.9)] if r else float("inf")) for e, r in rights.items()]
    gaps.sort()
    return _Body(columns, gaps[len(gaps) // 2] if gaps else 0.0)


def _blank_between(prev: _Line, line: _Line, body: _Body) -> bool:
    """A paragraph gap: more space than between the lines of a paragraph, which a
    text file writes as a blank line (and which ends a table of text lines)."""
    return prev.bottom - line.top > body.gap + 0.4 * prev.size


def _continues(prev: _Line, line: _Line, body: _Body, same_page: bool) -> bool:
    """Whether `line` goes on with the paragraph `prev` wrapped from: `prev` runs to
    its column's right edge, `line` starts at its column's left edge, below `prev`
    or at the top of the next column or page."""
    size = prev.size
    here, there = body.column(prev), body.column(line)
    if here is None or there is None or prev.tabbed or line.tabbed or abs(line.size - size) >= 0.15 * size:
        return False
    below = here is there and 0 <= prev.bottom - line.top < 1.2 * size
    next_column = here is not there and line.top > prev.top
    return (prev.right >= here.right - 1.5 * size and prev.left <= here.left + 2.5 * size
            and abs(line.left - there.left) < 0.5 * size and (not same_page or below or next_column))


def _joiner(prev: str, nxt: str) -> str:
    """Nothing between wrapped Chinese (or a wrapped number); a space between Latin words."""
    return " " if _LATIN.match(prev[-1:]) and _LATIN.match(nxt[:1]) else ""


def assemble(pages: Sequence[_Page]) -> tuple[str, list[PageSpan], list[Zone]]:
    """The document's text, where each page starts in it, and its furniture zones."""
    body = _body_edges(pages)
    out = TextBuilder()
    first: dict[int, int] = {}  # page number -> where its first text landed
    zones: list[Zone] = []
    pending: list[tuple[int, _Line]] = []  # furniture held back while a paragraph runs on
    prev: tuple[int, _Line] | None = None

    def put(number: int, text: str) -> tuple[int, int]:
        start, end = out.add(text)
        first.setdefault(number, start)
        return start, end

    def flush() -> None:
        for number, line in pending:
            start, end = put(number, line.text)
            zones.append(FURNITURE.model_copy(update={"start": start, "end": end}))
            out.add("\n")
        pending.clear()

    for page in pages:
        for i, line in enumerate(page.lines):
            if i in page.furniture:
                pending.append((page.number, line))
                continue
            if prev is not None and _continues(prev[1], line, body, prev[0] == page.number):
                out.add(_joiner(prev[1].text, line.text))
            else:
                if prev is not None:
                    out.add("\n\n" if prev[0] == page.number and _blank_between(prev[1], line, body) else "\n")
                flush()
            put(page.number, line.text)
            prev = (page.number, line)
    if prev is not None:
        out.add("\n")
    flush()
    text = out.text().rstrip("\n")
    # Contiguous spans: a page runs to where the next one starts; a page
    # without text is an empty span there.
    starts: list[int] = []
    nxt = len(text)
    for page in reversed(pages):
        nxt = min(first.get(page.number, nxt), nxt)
        starts.append(nxt)
    starts.reverse()
    starts[0] = 0
    spans = [PageSpan(page=page.number, start=start, end=end)
             for page, start, end in zip(pages, starts, [*starts[1:], len(text)])]
    return text, spans, zones


def read(data: bytes) -> Extracted:
    """Text, page spans and furniture zones of a PDF file's bytes."""
    document = _open(data)
    try:
        if len(document) == 0:
            raise InputError("PDF with no pages")
        pages = list(_pages(document))
    finally:
        document.close()
    if not any(page.lines for page in pages):
        raise InputError(f"scanned PDF: no text layer on any of its {len(pages)} pages (no OCR is done)")
    mark_furniture(pages)
    text, spans, zones = assemble(pages)
    return Extracted(text, "pdf", "pdf", pages=tuple(spans), zones=tuple(zones))


__all__ = ["read"]
