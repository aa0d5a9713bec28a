"""The extraction cache: content-addressed, invalidated by any code or lexicon change, never trusting a bad entry."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from pipeline import cache
from pipeline.cache import Cache, fingerprint, package_fingerprint, task_key
from pipeline.documents import FileTask, process_task
from pipeline.sources import Row

TEXT = "截至2022年底,重庆每万人拥有5G基站数超19个,位列全国第7。全市软件业务收入超过2700亿元。"
ROW = Row("gov-1", "crawl.jsonl:1", TEXT, "text", "https://a.example/1")


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Cache, str]:
    store = Cache(tmp_path / "cache", "fp-1")
    key = task_key(ROW)
    store.put(key, process_task(ROW))
    assert key is not None and store.stats.written == 1
    return store, key


def test_round_trip(filled: tuple[Cache, str]) -> None:
    store, key = filled
    fresh = process_task(ROW)
    hit = store.get(key, ROW)
    assert hit is not None and hit.cached
    assert dataclasses.replace(hit, cached=False) == fresh
    assert store.stats.hits == 1


@pytest.mark.parametrize("name, content", [
    (b"\xff-page.html", f"<html><body><p>{TEXT}</p><p>\u2028</p></body></html>"),
    (b"no-records.txt", "。"),
], ids=["html with a source text, a name that is not UTF-8", "no records"])
def test_round_trip_of_every_text(tmp_path: Path, name: bytes, content: str) -> None:
    """The texts of an entry (YAML, JSON Lines, the source text of HTML or None) come back as they were."""
    path = tmp_path / os.fsdecode(name)
    path.write_text(content, encoding="utf-8")
    task = FileTask(path)
    store, key, fresh = Cache(tmp_path / "cache", "fp-1"), task_key(task), process_task(task)
    assert fresh.error is None and (fresh.source_text is None) == name.endswith(b".txt")
    store.put(key, fresh)
    hit = store.get(key, task)
    assert hit is not None and dataclasses.replace(hit, cached=False) == fresh


def test_keys_follow_content_and_doc_id(tmp_path: Path) -> None:
    same = task_key(dataclasses.replace(ROW, origin="elsewhere.parquet:9", url=None, fetched_at="today"))
    assert same == task_key(ROW)  # where a row came from is no part of its records
    others = {task_key(dataclasses.replace(ROW, doc_id="gov-2")), task_key(dataclasses.replace(ROW, content=TEXT + "。")),
              task_key(dataclasses.replace(ROW, format="html"))}
    assert task_key(ROW) not in others and len(others) == 3
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    first = task_key(FileTask(path))
    path.write_text(TEXT, encoding="gb18030")  # other bytes, other encoding in the YAML: another entry
    assert first is not None and task_key(FileTask(path)) not in (first, None)
    assert task_key(FileTask(tmp_path / "missing.txt")) is None
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block: no key, load reports it
    assert task_key(FileTask(tmp_path / "pipe.txt")) is None and task_key(FileTask(tmp_path)) is None


def test_other_version_is_ignored_then_rewritten(filled: tuple[Cache, str]) -> None:
    store, key = filled
    newer = Cache(store.folder, "fp-2")
    assert newer.get(key, ROW) is None and newer.stats.stale == 1
    newer.put(key, process_task(ROW))
    assert newer.get(key, ROW) is not None and Cache(store.folder, "fp-1").get(key, ROW) is None


def test_entry_of_another_format_is_from_another_version(filled: tuple[Cache, str]) -> None:
    store, key = filled
    path = store.path(key)
    path.write_bytes(path.read_bytes().replace(cache.FORMAT.encode(), b"press-extract-cache 1", 1))
    assert store.get(key, ROW) is None and store.stats.stale == 1 and store.stats.corrupt == 0


CORRUPTIONS = {
    "truncated": lambda data: data[: len(data) // 2],
    "byte flipped": lambda data: data[:-5] + bytes([data[-5] ^ 0xFF]) + data[-4:],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00\x01garbage\n\xff",
    "header only": lambda data: data.split(b"\n")[0],
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupt_entry_is_ignored_then_rewritten(filled: tuple[Cache, str], corrupt: object) -> None:
    store, key = filled
    path = store.path(key)
    path.write_bytes(corrupt(path.read_bytes()))  # type: ignore[operator]
    assert store.get(key, ROW) is None
    assert store.stats.corrupt + store.stats.misses >= 1 and store.stats.hits == 0
    store.put(key, process_task(ROW))
    assert store.get(key, ROW) is not None


def test_entry_of_another_document_is_not_used(filled: tuple[Cache, str]) -> None:
    store, key = filled
    assert store.get(key, dataclasses.replace(ROW, doc_id="gov-9")) is None and store.stats.corrupt == 1


def test_errors_are_not_cached(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c", "fp")
    bad = Row("bad", "c.jsonl:1", "<html><script>x</script></html>", "html")
    result = process_task(bad)
    assert result.error
    store.put(task_key(bad), result)
    assert store.stats.written == 0 and not (tmp_path / "c").exists()


def test_folder_is_tagged_and_ignored_by_git(filled: tuple[Cache, str]) -> None:
    store, _ = filled
    assert (store.folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (store.folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert not list(store.folder.rglob("*.tmp"))


def test_fingerprint_follows_every_package_file(tmp_path: Path) -> None:
    package = tmp_path / "pipeline"
    (package / "lexicons").mkdir(parents=True)
    (package / "lexicons" / "units.yaml").write_text("a: 1\n")
    (package / "rules.py").write_text("X = 1\n")
    before = package_fingerprint(package)
    (package / "lexicons" / "units.yaml").write_text("a: 2\n")
    after_lexicon = package_fingerprint(package)
    (package / "rules.py").write_text("X = 2\n")
    assert len({before, after_lexicon, package_fingerprint(package)}) == 3
    assert fingerprint() == package_fingerprint(cache._PACKAGE) and fingerprint() is fingerprint()
