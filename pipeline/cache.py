"""The extraction cache: a rerun extracts only documents it has not seen.

Content-addressed: an entry's name is the hash of what the document's
records follow from, and nothing else:

- a crawled row: its doc_id (record ids hold it), whether it is text or
  HTML, and its decoded text;
- a file: its doc_id, its suffix (which reader reads it) and its bytes, from
  which its decoded text, encoding and structure follow. (Hashing the bytes
  rather than the decoded text spares the run from reading a PDF twice; a
  file re-saved in another encoding gives other output anyway, since the
  YAML names the encoding.)

Every entry records the `fingerprint` of the code that made it: the
package's version, every file of the package (rules are code and lexicons),
and the versions of the libraries whose behaviour the records depend on.
A rule or lexicon change therefore invalidates every entry. An entry is
trusted only if its header names this cache format, its key and this
fingerprint and its body has the checksum the header gives; anything else
(another version, a truncated or corrupt file) is ignored, counted, and
rewritten once the document is extracted again.

Entries live in `folder/ab/cdef….entry` (256 subfolders), each written to a
temporary file in `folder` and renamed, so a killed run leaves no half
entry, and the temporary files it leaves are where the next run's
`write.remove_stale_temporaries` looks. The
folder gets a `.gitignore` (so `outputs/` under git never shows it) and a
`CACHEDIR.TAG` (so backup tools skip it). Entries of documents that
changed or left the corpus stay until the folder is deleted.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .documents import DocResult, FileTask, Task, task_url
from .load import max_bytes

FORMAT = "press-extract-cache 2"
FOLDER_NAME = ".press-extract-cache"  # the default cache, inside the output folder
# Libraries whose output reaches the records (segmentation, matching,
# script conversion, the readers) or the stored signatures (datasketch).
DEPENDENCIES = ("jieba", "regex", "opencc-python-reimplemented", "pypdfium2", "python-docx", "openpyxl",
                "pydantic", "PyYAML", "datasketch", "numpy")
_PACKAGE = Path(__file__).resolve().parent
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by press-extract.\n"
                 "# For information about cache directory tags see https://bford.info/cachedir/\n")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


@functools.cache
def fingerprint() -> str:
    """The hash of everything records depend on besides the document: this
    package's version and files, and the libraries' versions (once per process)."""
    return package_fingerprint(_PACKAGE)


def package_fingerprint(package: Path) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for name in ("press-extract", *DEPENDENCIES):
        digest.update(f"\0{name}={_version(name)}".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def task_key(task: Task) -> str | None:
    """The content address of a task, or None when it cannot be had (an
    unreadable or oversized file, which the worker then reports)."""
    digest = hashlib.sha256()
    if isinstance(task, FileTask):
        try:
            if not stat.S_ISREG(task.path.stat().st_mode):  # a pipe would block: load names it
                return None
            limit = max_bytes(task.path.suffix)
            with task.path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError:
            return None
        if len(data) > limit:
            return None
        digest.update(f"file\0{task.doc_id}\0{task.path.suffix.lower()}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)
    else:
        digest.update(f"row\0{task.doc_id}\0{task.format}\0".encode())
        digest.update(task.content.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stale: int = 0  # entries of another version, ignored
    corrupt: int = 0  # entries that failed their checks, ignored
    written: int = 0
    unwritable: int = 0

    def note(self) -> str | None:
        """What a user should know of, or None."""
        parts = [f"{n} {what}" for n, what in ((self.stale, "from another version"),
                                              (self.corrupt, "corrupt")) if n]
        said = f"cache: ignored and rewritten: {', '.join(parts)}" if parts else None
        if self.unwritable:
            said = (said + "; " if said else "cache: ") + f"{self.unwritable} entries could not be written"
        return said


class Cache:
    """Entries of DocResults in `folder`, valid for one `fingerprint`."""

    def __init__(self, folder: Path, fingerprint: str | None = None) -> None:
        self.folder = folder
        self.fingerprint = fingerprint or globals()["fingerprint"]()
        self.stats = CacheStats()
        self._ready = False

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.entry"

    def get(self, key: str | None, task: Task) -> DocResult | None:
        """The cached result of `task`, or None (a miss)."""
        if key is None:
            self.stats.misses += 1
            return None
        try:
            data = self.path(key).read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        body = self._checked(data, key)
        result = _result(body, task) if body is not None else None
        if result is None:
            self.stats.corrupt += body is not None  # checked, but not an entry of this document
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return result

    def _checked(self, data: bytes, key: str) -> dict[str, Any] | None:
        header_line, _, packed = data.partition(b"\n")
        try:
            header = json.loads(header_line)
            ours = isinstance(header, dict) and str(header.get("format")).startswith(FORMAT.rsplit(" ", 1)[0])
            if not ours or header.get("key") != key:
                raise ValueError("not an entry of this cache")
            if header.get("format") != FORMAT or header.get("fingerprint") != self.fingerprint:
                self.stats.stale += 1
                return None
            if hashlib.sha256(packed).hexdigest() != header.get("sha256"):
                raise ValueError("checksum")
            return _unframed(zlib.decompress(packed))
        except (ValueError, zlib.error, UnicodeDecodeError):  # json.JSONDecodeError is a ValueError
            self.stats.corrupt += 1
            return None

    def put(self, key: str | None, result: DocResult) -> None:
        """Store a successful result (errors are never cached: they are tried again)."""
        if key is None or result.error is not None:
            return
        body = {"doc_id": result.doc_id, "counts": result.counts, "chars": result.chars,
                "encoding": result.encoding, "signature": result.signature}
        texts = {"yaml": result.yaml_text, "jsonl": result.jsonl_text, "source_text": result.source_text}
        packed = zlib.compress(_framed(body, texts), 3)
        header = json.dumps({"format": FORMAT, "key": key, "fingerprint": self.fingerprint,
                             "sha256": hashlib.sha256(packed).hexdigest()})
        try:
            self._prepare()
            _atomic_bytes(self.path(key), header.encode() + b"\n" + packed, self.folder)
        except OSError:
            self.stats.unwritable += 1
            return
        self.stats.written += 1

    def _prepare(self) -> None:
        if self._ready:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# written by press-extract: the cache is never committed\n*\n"),
                           ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            if not (self.folder / name).exists():
                _atomic_bytes(self.folder / name, text.encode(), self.folder)
        self._ready = True


# An entry's body: one line of JSON with the small fields and the length in
# bytes of each text, then the texts' UTF-8 one after another. Reading the
# texts is slicing, where as JSON strings (quotes escaped) they took half the
# time of a rerun's cache reads.
_TEXTS = ("yaml", "jsonl", "source_text")


def _framed(fields: dict[str, Any], texts: dict[str, str | None]) -> bytes:
    data = {name: None if text is None else text.encode("utf-8", "surrogatepass") for name, text in texts.items()}
    lengths = {name: None if blob is None else len(blob) for name, blob in data.items()}
    line = json.dumps({**fields, "lengths": lengths}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return b"\n".join([line, *(blob for blob in data.values() if blob is not None)])


def _unframed(body: bytes) -> dict[str, Any]:
    """The fields and texts of a body; ValueError if it is not whole."""
    line, _, rest = body.partition(b"\n")
    fields = json.loads(line)
    if not isinstance(fields, dict) or not isinstance(fields.get("lengths"), dict):
        raise ValueError("body")
    at = 0  # where the next text starts: after the one before it and its "\n"
    for name in _TEXTS:
        length = fields["lengths"].get(name)
        if length is None:
            fields[name] = None
            continue
        if not isinstance(length, int) or at + length > len(rest):
            raise ValueError("body")
        fields[name] = rest[at:at + length].decode("utf-8", "surrogatepass")
        at += length + 1
    if max(at - 1, 0) != len(rest):  # the texts, and nothing else
        raise ValueError("body")
    return fields


def _result(body: dict[str, Any], task: Task) -> DocResult | None:
    """The DocResult an entry holds, for `task`; None if the entry does not fit it."""
    try:
        signature = body["signature"]
        result = DocResult(task.origin, str(body["doc_id"]), str(body["yaml"]), str(body["jsonl"]),
                           {str(k): int(v) for k, v in body["counts"].items()}, int(body["chars"]),
                           source_text=None if body["source_text"] is None else str(body["source_text"]),
                           encoding=str(body["encoding"]),
                           signature=None if signature is None else tuple(int(v) for v in signature),
                           cached=True, url=task_url(task))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return result if result.doc_id == task.doc_id else None


def _atomic_bytes(path: Path, data: bytes, temporary_dir: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".press-extract-{os.getpid()}-", suffix=".tmp", dir=temporary_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
