"""Static HTML review of extracted records: `press-extract review PATH... --html DIR`.

`write_review` runs the pipeline on each input and writes `index.html` (one
row per document: record counts by kind, or the reason it could not be read)
and one page per document: the source text with every record's span
highlighted by kind, boilerplate zones greyed, and the table of facts beside
it. Clicking a span marks its fact row and scrolls it into view; clicking a
row marks its spans and scrolls the text to them.

Pages are self-contained (inline CSS and JS, no network, open them with
file://), every piece of text is escaped, and the same input gives the same
bytes: no timestamps, nothing read from the environment.

Spans may overlap in any way (a fact covers its quantity and ranking; an
entity may cross a ranking). The text is cut at every span boundary and the
open elements kept on a stack: properly nested spans become nested elements,
and a span that crosses another is closed and reopened, so it becomes several
elements with the same `data-record-id`. The HTML is always well nested.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .batch import collect_inputs
from .guard import REVIEW_PAGE_MARK, skip_outputs
from .lexicons import load as load_lexicons
from .load import InputError, load_path
from .models import Document, Entity, Fact, Record
from .runner import StageError, run_document
from .write import OffsetError, atomic_write, check_offsets, output_name, record_dict, remove_stale_temporaries

KINDS = ("quantity", "ranking", "entity", "fact")
FACT_COLUMNS = ("text", "metric", "value", "unit", "qualifier", "period", "region", "rank", "scope", "rule")
_DEPTH = {"zone": 0, "fact": 1, "quantity": 2, "ranking": 2, "entity": 3}  # outer first on a tie
_CELL_CLASS = {"page": "num nw", "value": "num nw", "rank": "num nw", "unit": "nw", "qualifier": "nw", "rule": "nw"}
_SHOWN = ("kind", "type", "rule", "page", "value", "unit", "qualifier", "direction", "comparison", "metric",
          "period", "region", "rank", "scope", "basis", "title", "org", "iso")

CSS = """
*{box-sizing:border-box}
body{margin:0;height:100vh;display:flex;flex-direction:column;color:#1d1d1d;
 font:15px/1.6 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif}
header{padding:.4rem 1rem;border-bottom:1px solid #ccc;background:#fafafa}
header h1{font-size:1.1rem;margin:0 1rem 0 0;display:inline}
.legend span{margin-right:.4rem;padding:0 .3rem}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
#source{overflow:auto;padding:1rem;white-space:pre-wrap;word-break:break-all;border-right:1px solid #ccc}
#facts{overflow:auto}
table{border-collapse:collapse;font-size:12.5px;line-height:1.4;width:100%}
th,td{border-bottom:1px solid #e3e3e3;padding:.2rem .3rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{position:sticky;top:0;background:#eee}
tbody tr{cursor:pointer}
tbody tr:hover td{background:#f4f8ff}
.rec{cursor:pointer;border-radius:2px}
.quantity{background:#ffe37a}
.ranking{background:#ffb36b}
.fact{border-bottom:2px dotted #7a8aa6}
.ent-PER{background:#bfe0ff}.ent-ORG{background:#dcc8f5}.ent-LOC{background:#c3ebc3}
.ent-WORK{background:#f8c8dc}.ent-DATE{background:#c8eeee}
.zone{color:#9c9c9c;background:#f0f0f0}
.sel{outline:2px solid #d0021b;outline-offset:1px}
tr.sel td{background:#ffe1e1}
.err td{color:#b00020}
.num{text-align:right}
.pg{display:inline-block;margin:.2rem 0;padding:0 .4rem;border-radius:3px;background:#e8e8e8;color:#555;
 font-size:11px;line-height:1.5;white-space:nowrap;user-select:none}
.pg::before{content:"第 " attr(data-page) " 页"}
th,.nw{white-space:nowrap}
"""

JS = """
(function () {
  var spans = {}, rows = {}, marked = [];
  document.querySelectorAll("#source [data-record-id]").forEach(function (el) {
    (spans[el.dataset.recordId] = spans[el.dataset.recordId] || []).push(el);
  });
  document.querySelectorAll("#facts tr[data-record-id]").forEach(function (row) {
    JSON.parse(row.dataset.links).forEach(function (id) { rows[id] = rows[id] || row; });
  });
  function mark(ids, row) {
    marked.forEach(function (el) { el.classList.remove("sel"); });
    marked = row ? [row] : [];
    ids.forEach(function (id) { marked = marked.concat(spans[id] || []); });
    marked.forEach(function (el) { el.classList.add("sel"); });
  }
  function pick(row) {
    mark(JSON.parse(row.dataset.links), row);
    var first = (spans[row.dataset.recordId] || [])[0];
    if (first) first.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest("#facts tr[data-record-id]");
    if (row) return pick(row);
    var span = ev.target.closest("#source [data-record-id]");
    if (!span) return;
    row = rows[span.dataset.recordId];
    if (!row) return mark([span.dataset.recordId], null);
    mark(JSON.parse(row.dataset.links), row);
    row.scrollIntoView({block: "center"});
  });
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest && ev.target.closest("#facts tr[data-record-id]");
    if (row && ev.key === "Enter") pick(row);
  });
})();
"""


@dataclass(frozen=True)
class IndexEntry:
    """One line of index.html: a document's page and record counts, or its error."""

    doc_id: str
    page: str | None  # file name of the document's page beside index.html
    counts: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None
    path: str = ""


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    depth: int
    order: int
    open_tag: str


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, script: bool) -> str:
    tail = f"<script>{JS}</script>\n" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{REVIEW_PAGE_MARK}\n'
            f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}{tail}</body>\n</html>\n")


def _record_tag(record: Record) -> str:
    data = record_dict(record)
    tip = "\n".join(f"{k}: {data[k]}" for k in _SHOWN if k in data)
    classes = f"rec {record.kind}" + (f" ent-{record.type.value}" if isinstance(record, Entity) else "")
    return (f'<span class="{classes}" data-record-id="{_esc(record.id)}" data-kind="{record.kind}" '
            f'title="{_esc(tip)}">')


def _spans(doc: Document) -> list[_Span]:
    size = len(doc.source)
    spans = [_Span(z.start, z.end, _DEPTH["zone"], i,
                   f'<span class="zone" data-zone="{_esc(z.kind)}" title="boilerplate: {_esc(z.kind)}">')
             for i, z in enumerate(doc.zones)]
    spans += [_Span(r.start, r.end, _DEPTH.get(r.kind, 3), len(spans) + i, _record_tag(r))
              for i, r in enumerate(doc.records)]
    spans = [_Span(max(0, s.start), min(size, s.end), s.depth, s.order, s.open_tag) for s in spans]
    return [s for s in spans if s.start < s.end]


def render_source(doc: Document) -> str:
    """The source text, escaped, with every zone and record span as nested <span> elements.

    >>> from .models import Entity, Quantity
    >>> doc = Document(doc_id="d", source="a<b>c", records=[
    ...     Quantity(id="q", doc_id="d", text="a<b", start=0, end=3, rule="r", value=1, unit=None,
    ...              number_text="1"),
    ...     Entity(id="e", doc_id="d", text="b>c", start=2, end=5, rule="r", type="LOC")])
    >>> import re; re.sub(r' (data-kind|title)="[^"]*"', "", render_source(doc))
    '<span class="rec quantity" data-record-id="q">a&lt;<span class="rec entity ent-LOC" data-record-id="e">b</span></span><span class="rec entity ent-LOC" data-record-id="e">&gt;c</span>'
    """
    spans = _spans(doc)
    starts: dict[int, list[_Span]] = {}
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.depth, s.order)):
        starts.setdefault(s.start, []).append(s)
    pages: dict[int, list[int]] = {}  # offset -> PDF pages starting there (an empty page too)
    for p in doc.pages:
        pages.setdefault(p.start, []).append(p.page)
    bounds = sorted({0, len(doc.source)} | {s.start for s in spans} | {s.end for s in spans} | set(pages))
    out: list[str] = []
    stack: list[_Span] = []
    for pos, nxt in zip(bounds, bounds[1:] + [None]):
        closing = [i for i, s in enumerate(stack) if s.end <= pos]
        if closing:  # close down to the outermost span that ends here, reopen the others
            low = closing[0]
            reopen = [s for s in stack[low:] if s.end > pos]
            out.append("</span>" * (len(stack) - low))
            del stack[low:]
            out.extend(s.open_tag for s in reopen)
            stack.extend(reopen)
        out.extend(_page_mark(n) for n in pages.get(pos, []))
        for s in starts.get(pos, []):
            out.append(s.open_tag)
            stack.append(s)
        if nxt is not None:
            out.append(html.escape(doc.source[pos:nxt], quote=False))
    return "".join(out)


def _page_mark(page: int) -> str:
    """Where a PDF page starts: an empty element whose label is drawn by CSS, so the
    text of the page (what the records index) is unchanged."""
    return f'<span class="pg" data-page="{page}" title="PDF page {page}"></span>'


def _cell(column: str, value: object) -> str:
    cls = _CELL_CLASS.get(column)
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_esc(value)}</td>"


def _fact_row(fact: Fact, columns: Sequence[str]) -> str:
    data = record_dict(fact)
    links = json.dumps([i for i in (fact.id, fact.quantity_id, fact.ranking_id) if i], ensure_ascii=False)
    cells = "".join(_cell(c, data.get(c, "")) for c in columns)
    return f'<tr data-record-id="{_esc(fact.id)}" data-links="{_esc(links)}" tabindex="0">{cells}</tr>\n'


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {counts.get(k, 0)}" for k in KINDS)


def _pages_text(doc: Document) -> str:
    return f", {len(doc.pages)} pages" if doc.pages else ""


def render_document(doc: Document) -> str:
    """The review page of one document that has been through `run_document`."""
    counts: dict[str, int] = dict(Counter(r.kind for r in doc.records))
    legend = "".join(f'<span class="{c}">{_esc(n)}</span>' for c, n in (
        ("quantity", "quantity"), ("ranking", "ranking"), ("fact", "fact"), ("ent-PER", "PER"),
        ("ent-ORG", "ORG"), ("ent-LOC", "LOC"), ("ent-WORK", "WORK"), ("ent-DATE", "DATE"),
        ("zone", "boilerplate")))
    columns = ("page", *FACT_COLUMNS) if doc.pages else FACT_COLUMNS
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    rows = "".join(_fact_row(r, columns) for r in doc.records if isinstance(r, Fact))
    body = (f'<header><a href="index.html">index</a> · <h1>{_esc(doc.doc_id)}</h1>'
            f"<span>{_esc(doc.encoding)}{_esc(_pages_text(doc))} · {_esc(_counts_text(counts))}</span> "
            f'<span class="legend">{legend}</span></header>\n'
            f'<main>\n<div id="source">{render_source(doc)}</div>\n'
            f'<div id="facts"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n'
            f"</table></div>\n</main>\n")
    return _page(f"{doc.doc_id} · press-extract review", body, script=True)


def render_index(entries: Sequence[IndexEntry]) -> str:
    """index.html: one row per document, linking to its page, or showing its error."""
    head = "".join(f"<th>{_esc(c)}</th>" for c in ("document", "path", *KINDS, "error"))
    rows: list[str] = []
    for e in entries:
        name = f'<a href="{_esc(quote(e.page))}">{_esc(e.doc_id)}</a>' if e.page else _esc(e.doc_id)
        counts = "".join(f'<td class="num">{"" if e.error else e.counts.get(k, 0)}</td>' for k in KINDS)
        attr = ' class="err"' if e.error else ""
        rows.append(f'<tr{attr}><td>{name}</td><td>{_esc(e.path)}</td>'
                    f"{counts}<td>{_esc(e.error or '')}</td></tr>\n")
    errors = sum(1 for e in entries if e.error)
    body = (f"<header><h1>press-extract review</h1><span>{len(entries) - errors} documents, "
            f"{errors} errors</span></header>\n<main style=\"display:block;overflow:auto;padding:1rem\">"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table></main>\n")
    return _page("press-extract review", body, script=False)


def page_name(doc_id: str) -> str:
    """The page of a document beside index.html: `<doc_id>.html`, or
    `<doc_id>.doc.html` for `index` and ids ending in `.doc`, so that no two
    documents and no document and the index share a page.

    >>> [page_name(d) for d in ("a", "index", "index.doc", "INDEX")]
    ['a.html', 'index.doc.html', 'index.doc.doc.html', 'INDEX.doc.html']
    """
    folded = doc_id.casefold()
    return output_name(doc_id, ".doc.html" if folded == "index" or folded.endswith(".doc") else ".html")


def write_review(paths: Sequence[Path], out_dir: Path) -> tuple[list[str], list[str]]:
    """Write one page per input document and index.html into `out_dir`;
    return (error lines, notes).

    A file that cannot be read or processed is listed in the index with its
    error (and in the returned lines); the other files are still reviewed.
    Inputs inside `out_dir`, and pages written by an earlier review
    wherever they are, are skipped with a note, so a page never replaces an
    input and is never read as one.
    """
    lex = load_lexicons()
    entries: list[IndexEntry] = []
    errors: list[str] = []
    seen: dict[str, Path] = {}
    inputs, notes = skip_outputs(collect_inputs(paths), [out_dir])
    notes += [f"{p}: removed, left by an interrupted run" for p in remove_stale_temporaries(out_dir)]
    for path in inputs:
        doc_id = path.stem
        try:
            if doc_id.casefold() in seen and path.is_file():
                raise InputError(f"duplicate document id {doc_id!r} (also {seen[doc_id.casefold()]})")
            seen.setdefault(doc_id.casefold(), path)
            doc = run_document(load_path(path, doc_id), lex)
            check_offsets(doc)
            page = page_name(doc_id)
            atomic_write(out_dir / page, render_document(doc))
        except (InputError, StageError, OffsetError) as exc:
            error = str(exc)
        except OSError as exc:
            error = f"cannot write output: {exc.strerror or exc}"
        else:
            entries.append(IndexEntry(doc_id, page, dict(Counter(r.kind for r in doc.records)), None, str(path)))
            continue
        errors.append(f"{path}: {error}")
        entries.append(IndexEntry(doc_id, None, {}, error, str(path)))
    atomic_write(out_dir / "index.html", render_index(entries))
    return errors, notes
