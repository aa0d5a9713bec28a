"""Stage 1, load: bytes on disk -> a `Document` with its decoded `source`.

A dispatcher by file suffix. `.txt` is decoded here: UTF-8 (with or without
BOM), UTF-16/32 with BOM, GB18030 (a superset of GBK and GB2312) or Big5,
recording which one was used. Every other format has a reader of its own in
`pipeline/formats/`: `.html`/`.htm` (visible text and tables), `.pdf` (text
by page, running headers and footers as furniture zones), `.docx`
(paragraphs and tables in document order), `.xlsx` and `.csv` (sheets as
tables). For those `source` is the text the reader made, so record offsets
point into what a reader of the document sees; the batch saves it beside
the records.

Anything that cannot be read (empty, binary under a .txt name, undecodable,
too large, too long, encrypted, truncated, a scan without text) raises
`InputError` with a one-line reason.
"""
from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from .formats import Extracted, InputError, html, sheet
from .formats.html import html_to_text
from .lexicons import common_characters
from .models import Document

__all__ = ["INPUT_SUFFIXES", "InputError", "check_text", "decode", "html_to_text", "load_path", "max_bytes",
           "read_bytes"]

# Larger inputs are refused, not truncated. A document's cost in a worker's
# data segment (RLIMIT_DATA, which --memory-budget caps) grows with its text,
# so the longest text a worker takes follows from its budget (`max_chars`):
# 200,000 characters of text at the default 280 MB, which keeps a worker
# under 300 MB resident (tests/BENCHMARKS.md). A file whose bytes are its
# text (.txt, .html, .csv) may be larger than that, for markup, up to
# MAX_TEXT_FILE_BYTES; a PDF, Word or Excel file, for images, up to MAX_BYTES.
# A worker's data segment, in MB (workers.limit_memory: never below what it
# inherits plus half of this, about 440 MB in a run, whose main process holds
# ~300 MB of address space once NumPy and SciPy are loaded for reposts).
MEMORY_BUDGET_MB = 280
# (base MB, bytes per character) a document needs of the budget, records
# included, by the reader that made its text. Measured with corpus prose
# (the smallest --memory-budget at which a run succeeds, so the cap's floor
# above is in the figures): as text 270 MB at 199,000
# characters, 430 at 348,817; as a PDF 300 MB at 197,722, 520 at 348,817
# (PDFium's allocations stay in the heap after the file is closed). Word and
# Excel files are counted as text: not measured at these sizes.
DATA_COST: dict[str, tuple[int, int]] = {"text": (60, 1_100), "pdf": (20, 1_550)}
MAX_CHARS_STEP = 10_000  # limits are round numbers


def max_chars(budget_mb: int = MEMORY_BUDGET_MB, fmt: str = "text") -> int:
    """The longest text of format `fmt` a worker with this budget takes.

    >>> max_chars(280), max_chars(430), max_chars(280, "pdf"), max_chars(540, "pdf")
    (200000, 350000, 170000, 350000)
    """
    base, per_char = DATA_COST.get(fmt, DATA_COST["text"])
    chars = (budget_mb - base) * 2**20 // per_char
    return max(0, chars // MAX_CHARS_STEP * MAX_CHARS_STEP)


def budget_for(chars: int, fmt: str = "text") -> int:
    """The smallest budget, in tens of MB, whose `max_chars` admits `chars`.

    >>> budget_for(348_817), budget_for(348_817, "pdf")
    (430, 540)
    """
    base, per_char = DATA_COST.get(fmt, DATA_COST["text"])
    steps = -(-chars // MAX_CHARS_STEP)  # the limit is a multiple of the step
    mb = base + -(-steps * MAX_CHARS_STEP * per_char // 2**20)
    return -(-mb // 10) * 10


MAX_CHARS = max_chars()  # of text, at the default budget
MAX_TEXT_FILE_BYTES = 8 * 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
# Formats read by a reader of their own (pipeline/formats/), whose text is
# made by the reader, not decoded from the file.
BINARY_SUFFIXES = (".pdf", ".docx", ".xlsx")
SHEET_SUFFIXES = (".csv",)
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + BINARY_SUFFIXES + SHEET_SUFFIXES

# Magic numbers of common binary formats that get renamed to .txt.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (DOC/XLS)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Chinese encodings tried when the bytes are not UTF-8, in the order
# used to break ties: mainland pages far outnumber Big5 ones, and Big5 text
# reads the same in Big5-HKSCS, its Hong Kong superset (衞, 啲, 嘅 ...), which
# strict Big5 refuses (tests/BENCHMARKS.md compares this with charset-normalizer).
_LEGACY_ENCODINGS = ("gb18030", "big5", "big5hkscs")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding name).

    >>> decode("重庆".encode("gbk"))
    ('重庆', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "重庆".encode())
    ('重庆', 'utf-8-sig')
    """
    if not data.strip():
        raise InputError("empty file" if not data else "only whitespace")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {name} after its byte order mark: {exc.reason}") from exc
            if not text.strip(" \t\r\n\ufeff"):
                raise InputError("only a byte order mark" + (" and whitespace" if text else ""))
            return text, name
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"binary data: {what}, not text")
    if b"\x00" in data[:4096]:
        raise InputError("binary data: NUL bytes and no UTF-16 byte order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    candidates: list[str] = []
    if declared:  # trusted only if it names a Chinese legacy codec (pages lie about utf-8, latin-1)
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("gb2312", "gbk", "gb18030"):
            candidates.append("gb18030")
        elif name.startswith("big5"):
            candidates += ["big5", "big5hkscs"]  # pages declared Big5 often hold HKSCS characters
        else:
            declared = None
    candidates += [e for e in _LEGACY_ENCODINGS if e not in candidates]
    decoded: dict[str, str] = {}
    for name in candidates:
        try:
            decoded[name] = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    if not decoded:
        raise InputError("undecodable: not UTF-8, UTF-16 with BOM, GB18030, Big5 or Big5-HKSCS")
    if len(decoded) == 1 or declared:
        name = next(iter(decoded))
        return decoded[name], name
    # Both legacy codecs accept the bytes (GB18030 accepts almost anything):
    # the right reading is the one made of common characters, not mojibake.
    name = max(decoded, key=lambda n: (_common_share(decoded[n]), -candidates.index(n)))
    return decoded[name], name


def _common_share(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters or punctuation."""
    common = common_characters()
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 0.0
    return sum(1 for ch in wide if ch in common or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef") / len(wide)


def max_bytes(suffix: str) -> int:
    """The largest file with this suffix that is read: MAX_BYTES for the
    formats read by a reader of their own, else MAX_TEXT_FILE_BYTES."""
    return MAX_BYTES if suffix.lower() in BINARY_SUFFIXES else MAX_TEXT_FILE_BYTES


def check_text(text: str, budget_mb: int = MEMORY_BUDGET_MB, fmt: str = "text") -> None:
    """Refuse a document's text that no file or crawled row may have: NUL
    characters, or more characters than a worker with `budget_mb` takes
    (InputError)."""
    if "\x00" in text:
        raise InputError("binary data: NUL characters in decoded text")
    if len(text) > max_chars(budget_mb, fmt):
        raise InputError(too_long(len(text), budget_mb, fmt))


def too_long(chars: int, budget_mb: int = MEMORY_BUDGET_MB, fmt: str = "text") -> str:
    """The error of a text longer than a worker's budget takes, with the budget that would take it.

    >>> too_long(348_817)
    'too long: 348,817 characters of text, over 200,000 (--memory-budget 430 would take it)'
    """
    return (f"too long: {chars:,} characters of text, over {max_chars(budget_mb, fmt):,} "
            f"(--memory-budget {budget_for(chars, fmt)} would take it)")


def load_path(path: Path, doc_id: str | None = None, budget_mb: int = MEMORY_BUDGET_MB) -> Document:
    """Read one input file into a Document, or raise InputError; its text
    may be as long as a worker with `budget_mb` takes (`max_chars`)."""
    if path.is_dir():
        raise InputError("is a directory")
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file (a device, pipe or socket)")
        limit = max_bytes(path.suffix)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # a file that grows while read cannot exhaust memory
        if len(data) > limit:
            raise InputError(f"too large: over {limit:,} bytes")
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc
    extracted = read_bytes(data, path.suffix.lower())
    check_text(extracted.text, budget_mb, extracted.format)
    return Document(doc_id=doc_id or path.stem, path=str(path), encoding=extracted.encoding,
                    source=extracted.text, format=extracted.format, pages=list(extracted.pages),
                    zones=list(extracted.zones), tables=list(extracted.tables))


def read_bytes(data: bytes, suffix: str) -> Extracted:
    """The text and structure of a file's bytes, by the file's suffix."""
    # the PDF and Word readers are imported when first needed: with their
    # libraries they are a fifth of the start-up of a run on text files
    if suffix == ".pdf":
        from .formats import pdf
        return pdf.read(data)
    if suffix == ".docx":
        from .formats import docx
        return docx.read(data)
    if suffix == ".xlsx":
        return sheet.read_xlsx(data)
    text, encoding = decode(data)
    if suffix in HTML_SUFFIXES:
        return html.read(text, encoding)
    if suffix in SHEET_SUFFIXES:
        return sheet.read_csv(text, encoding)
    return Extracted(text, "text", encoding)
