"""Stage 1, load: bytes on disk -> a `Document` with its decoded `source`.

Reads `.txt` and `.html`/`.htm` files. Decodes UTF-8 (with or without BOM),
UTF-16/32 with BOM, GB18030 (a superset of GBK and GB2312) and Big5, and
records which one it used. For HTML, `source` is the page's visible text
(scripts, styles and markup dropped, block elements on their own lines), so
record offsets point into what a reader of the page sees.

Anything that is not text (empty, binary, a PDF or ZIP under a .txt name,
undecodable, too large) raises `InputError` with a one-line reason.
"""
from __future__ import annotations

import codecs
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

from .lexicons import common_characters
from .models import Document

MAX_BYTES = 64 * 1024 * 1024  # larger inputs are refused, not truncated
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")

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
# used to break ties: mainland pages far outnumber Big5 ones.
_LEGACY_ENCODINGS = ("gb18030", "big5")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


class InputError(Exception):
    """An input that cannot be read as text; str() is the one-line reason."""


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
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {name} after its byte order mark: {exc.reason}") from exc
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
            candidates.append("big5")
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
        raise InputError("undecodable: not UTF-8, UTF-16 with BOM, GB18030 or Big5")
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


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, block elements on new lines."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "header", "footer", "nav", "ul", "ol", "table", "dd", "dt", "dl", "blockquote", "pre",
        "form", "hr", "main", "aside", "figure", "figcaption", "address", "center",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            # Runs of ASCII whitespace collapse as in a browser; &nbsp; stays.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line.

    >>> html_to_text("<html><head><title>T</title><script>x=1</script></head>"
    ...              "<body><p>重庆&amp;成都</p><p>第二段</p></body></html>")
    '重庆&成都\\n第二段'
    """
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser asserts on some malformed markup
        raise InputError(f"malformed HTML: {exc or type(exc).__name__}") from exc
    lines = (line.strip(" ") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def is_html(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def load_path(path: Path, doc_id: str | None = None) -> Document:
    """Read one input file into a Document, or raise InputError."""
    if path.is_dir():
        raise InputError("is a directory")
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file (a device, pipe or socket)")
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file that grows while read cannot exhaust memory
        if len(data) > MAX_BYTES:
            raise InputError(f"too large: over {MAX_BYTES} bytes")
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc
    text, encoding = decode(data)
    if is_html(path):
        text = html_to_text(text)
        if not text.strip():
            raise InputError("HTML page with no visible text")
    if "\x00" in text:
        raise InputError("binary data: NUL characters in decoded text")
    return Document(doc_id=doc_id or path.stem, path=str(path), encoding=encoding, source=text)

