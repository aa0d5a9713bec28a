"""Engines: local processes and Dask give the same results in the same order; a dying worker is survived."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import dask
import pytest
from distributed import LocalCluster

from pipeline.dask_worker import EXIT_OVER_BUDGET, run_task
from pipeline.documents import DocResult, Task, process_task
from pipeline.engines import LOCAL_CLUSTER_CONFIG, RETRIES, DaskEngine, EngineError, LocalEngine, TimeBudget
from pipeline.sources import Row

from .crawl_corpus import crawl_rows

ROWS = [Row(r["id"], f"crawl.jsonl:{n}", r["text"], "text") for n, r in enumerate(crawl_rows(24), 1)]
ROWS.append(Row("bad", "crawl.jsonl:25", "<html><script>1</script></html>", "html"))  # an error, in its place
KILL = "KILL-THIS-WORKER"
SLEEP = "SLEEP-PAST-THE-BUDGET"


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes, one thread each, configured as the engine's own local cluster."""
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR)
    yield local
    local.close()


def test_local_jobs_and_dask_give_the_same_results(cluster: LocalCluster) -> None:
    one = list(LocalEngine(1).map(ROWS))
    two = LocalEngine(2)
    try:
        both = list(two.map(ROWS))
    finally:
        two.close()
    dask_engine = DaskEngine(cluster.scheduler_address)
    try:
        on_dask = list(dask_engine.map(ROWS))
        assert dask_engine.threads == 2
    finally:
        dask_engine.close()
    assert [r.doc_id for r in one] == [r.doc_id for r in ROWS]
    assert one == both == on_dask
    assert one[-1].error and all(r.error is None for r in one[:-1])


def _dies_on_marker(task: Task, seconds: float) -> DocResult:
    if isinstance(task, Row) and KILL in task.content:
        os._exit(3)  # a crash in C code, the OOM killer: the worker process is gone
    return run_task(task, seconds)


cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module


def test_dask_worker_death_is_retried_once_then_named(cluster: LocalCluster) -> None:
    tasks = [ROWS[0], Row("doomed", "crawl.jsonl:99", KILL + ROWS[1].content, "text"), ROWS[2]]
    engine = DaskEngine(cluster.scheduler_address, work=_dies_on_marker)
    try:
        results = list(engine.map(tasks))
    finally:
        engine.close()
    assert [r.doc_id for r in results] == ["r000000-0", "doomed", "r000000-2"]
    assert results[0].error is None and results[2].error is None
    assert results[1].error is not None and results[1].error.startswith(
        f"Dask worker died while processing it, {RETRIES + 1} times")


def test_watchdog_ends_a_worker_over_its_budget(tmp_path: Path) -> None:
    script = ("import time\nimport pipeline.dask_worker as w\nfrom pipeline.sources import Row\n"
              "w.process_task = lambda task: time.sleep(30)\n"
              "w.run_task(Row('slow', 'x', 'x', 'text'), 0.2)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, timeout=60)
    assert done.returncode == EXIT_OVER_BUDGET


def _dies_or_sleeps(task: Task) -> DocResult:
    if isinstance(task, Row) and KILL in task.content:
        os.kill(os.getpid(), signal.SIGKILL)
    if isinstance(task, Row) and SLEEP in task.content:
        time.sleep(60)
    return process_task(task)


def test_local_engine_names_a_dead_worker_and_a_document_over_its_budget() -> None:
    """The local engine is `workers.ordered_map`: issue 12's retries and budgets hold for crawled rows too."""
    tasks = [ROWS[0], Row("doomed", "crawl.jsonl:99", KILL + ROWS[1].content, "text"),
             Row("slow", "crawl.jsonl:100", SLEEP + ROWS[2].content, "text"), ROWS[3]]
    results = list(LocalEngine(2, TimeBudget(base=2.0, per_mb=0), work=_dies_or_sleeps).map(tasks))
    assert [r.doc_id for r in results] == [t.doc_id for t in tasks]
    assert [r.error for r in results] == [None, "worker process died (killed by SIGKILL), 2 times",
                                          "over its time budget of 2 s", None]
    assert results[0] == process_task(ROWS[0])


def test_budget_grows_with_input() -> None:
    seconds = TimeBudget(30.0, 60.0).seconds
    assert seconds(Row("a", "x", "", "text")) == 30.0
    assert seconds(Row("a", "x", "重" * (1024 * 1024 // 3), "text")) == pytest.approx(90.0, abs=0.01)


def test_no_scheduler_at_the_address_is_an_engine_error() -> None:
    engine = DaskEngine("tcp://127.0.0.1:9", connect_timeout="1s")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(engine.map(ROWS[:1]))


def test_nothing_to_do_starts_nothing() -> None:
    engine = DaskEngine("tcp://127.0.0.1:9")
    assert list(engine.map([])) == [] and engine.threads == 0
