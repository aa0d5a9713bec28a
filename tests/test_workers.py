"""pipeline.workers: outcomes in input order, a dead worker's item tried once
more then reported, an item over its budget reported, the rest processed."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from pipeline.workers import OUT_OF_MEMORY, Outcome, ordered_map


def _work(item: str) -> str:
    if item.startswith("die-once:"):
        marker = Path(item.split(":", 1)[1])
        if not marker.exists():
            marker.write_text("died once", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
    elif item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif item == "slow":
        time.sleep(60)
    elif item == "quick-slow":
        time.sleep(0.3)
    return item.upper()


def _budget(item: str) -> float:
    return 1.0


def _run(items: list[str], jobs: int) -> list[Outcome[str, str]]:
    return list(ordered_map(_work, items, jobs, _budget))


def test_results_come_in_input_order() -> None:
    items = ["quick-slow", "a", "b", "quick-slow", "c"]
    for jobs in (1, 2, 3):
        assert [o.result for o in _run(items, jobs)] == [i.upper() for i in items]


def test_a_dead_worker_is_retried_once_then_reported(tmp_path: Path) -> None:
    items = ["a", f"die-once:{tmp_path / 'marker'}", "die", "b"]
    for jobs in (1, 2):
        (tmp_path / "marker").unlink(missing_ok=True)
        outcomes = _run(items, jobs)
        assert [o.item for o in outcomes] == items
        assert outcomes[0].result == "A" and outcomes[3].result == "B"
        assert outcomes[1].result == items[1].upper() and outcomes[1].error is None  # the retry worked
        assert outcomes[2].result is None
        assert outcomes[2].error == "worker process died (killed by SIGKILL), 2 times"


def test_an_item_over_its_budget_is_stopped_and_reported() -> None:
    started = time.monotonic()
    outcomes = _run(["a", "slow", "b"], 2)
    assert time.monotonic() - started < 30
    assert [o.result for o in outcomes] == ["A", None, "B"]
    assert outcomes[1].error == "over its time budget of 1 s"


def test_no_worker_is_left_running() -> None:
    before = set(_children())
    list(ordered_map(_work, ["a", "b"], 2, _budget))
    assert set(_children()) <= before
    outcomes = ordered_map(_work, ["a", "slow", "b"], 2, _budget)
    assert next(outcomes).result == "A"
    assert set(_children()) - before  # the slow item's worker is busy
    outcomes.close()  # as when the caller stops early (an exception, Ctrl-C)
    assert set(_children()) <= before


def _children() -> list[int]:
    me = str(os.getpid())
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[1] == me and stat[0] != "Z":
                out.append(int(name))
    return out


def _allocate(item: str) -> str:
    try:
        block = bytearray(int(item) * 1024 * 1024)
    except MemoryError:
        return "out of memory"
    return f"{len(block) // 1024 // 1024} MB"


def test_a_worker_over_its_memory_limit_gets_a_memory_error() -> None:
    outcomes = list(ordered_map(_allocate, ["10", "600", "10"], 1, _budget, memory_limit=300 * 1024 * 1024))
    assert [o.result for o in outcomes] == ["10 MB", "out of memory", "10 MB"]


def _allocate_uncaught(item: str) -> str:
    if item.startswith("count:"):  # a file counts the tries
        with open(item.split(":", 1)[1], "a", encoding="utf-8") as fh:
            fh.write("x")
        bytearray(600 * 1024 * 1024)
    return item


def test_a_memory_error_the_work_does_not_catch_is_named_and_not_retried(tmp_path: Path) -> None:
    """An allocation past the limit outside the work's own handling (pickling
    a large result, say) ends the worker; its item is named out of memory,
    once: it would fail the same way again."""
    tries = tmp_path / "tries"
    outcomes = list(ordered_map(_allocate_uncaught, ["a", f"count:{tries}", "b"], 1, _budget,
                                memory_limit=300 * 1024 * 1024))
    assert [(o.result, o.error) for o in outcomes] == [("a", None), (None, OUT_OF_MEMORY), ("b", None)]
    assert tries.read_text(encoding="utf-8") == "x"


def test_a_worker_forked_from_a_large_process_keeps_room() -> None:
    ballast = bytearray(400 * 1024 * 1024)  # this process holds more than the limit below
    try:
        outcomes = list(ordered_map(_allocate, ["10"], 1, _budget, memory_limit=300 * 1024 * 1024))
    finally:
        del ballast
    assert [o.result for o in outcomes] == ["10 MB"]
