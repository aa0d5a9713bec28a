"""Where documents are processed: processes on this machine, or a Dask cluster.

An engine maps `documents.process_task` over a sequence of tasks and yields
one `DocResult` per task, in the order of the tasks, so what the batch
writes never depends on the engine, the number of workers or which worker
finished first: the records are the same bytes either way (a test).

- `LocalEngine` (`--engine local`, the default): `--jobs N` worker
  processes on this machine (`workers.ordered_map`, forked from this
  process once it has loaded the lexicons and jieba), each document within
  its time budget (`TimeBudget`) and a worker's memory budget
  (`--memory-budget`); a document whose worker dies is tried once more in
  a fresh worker, then reported as an error naming it.
- `DaskEngine` (`--engine dask`): the tasks of dask.distributed, on the
  cluster of `--scheduler ADDRESS`, or, without an address, on a
  `LocalCluster` of `--jobs` worker processes (one thread each) started
  for the run. Each worker loads lexicons and jieba once (a worker plugin,
  `dask_worker.Warm`) and must run the driver's press-extract: their code
  fingerprints (`cache.fingerprint`) are compared before any task is sent.
  A document whose worker dies is tried once more (`retries=1`, and the
  local cluster's `allowed-failures` set to 1 and `worker-saturation` to 1,
  see `LOCAL_CLUSTER_CONFIG`; a cluster of your own keeps its own settings),
  then reported as an error naming it. A
  document over its time budget ends its worker (`dask_worker.run_task`),
  which counts as a death. The batch sends a chunk of documents at a time
  (`batch.CHUNK`), so the scheduler's memory stays bounded whatever the
  corpus; results are fetched `GATHER` at a time, in order.

Engines start lazily: a rerun whose documents all come from the cache
starts no worker and no cluster.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from .documents import MB, DocResult, Task, process_task, task_bytes, warm
from .load import MEMORY_BUDGET_MB
from .workers import ordered_map

RETRIES = 1  # a document whose worker died is tried once more
GATHER = 32  # Dask results fetched at a time, in order: one round trip each, not one per document
CONNECT_TIMEOUT = "30s"
# The scheduler of the local cluster: a task whose worker died is tried once
# more, and a worker holds only the task it runs (with the default
# saturation it would hold a second one, which its death would count as a
# failure of that innocent task too).
LOCAL_CLUSTER_CONFIG = {"distributed.scheduler.allowed-failures": RETRIES,
                        "distributed.scheduler.worker-saturation": 1.0}


class EngineError(Exception):
    """An engine that cannot run at all (no scheduler at the address, workers of another version)."""


class Engine(Protocol):
    def map(self, tasks: Sequence[Task]) -> Generator[DocResult, None, None]:
        """`process_task(task)` for every task, in the order of `tasks`."""
        ...

    def close(self) -> None:
        ...


@dataclass(frozen=True)
class TimeBudget:
    """Seconds a document may take: `base`, plus `per_mb` for each MB of its input.

    Prose runs at about 200 KB/s (tests/BENCHMARKS.md), so the default gives
    a document ten times its expected time, and a few seconds to start.
    """

    base: float = 30.0
    per_mb: float = 60.0

    def seconds(self, task: Task) -> float:
        return self.base + self.per_mb * task_bytes(task) / MB


class LocalEngine:
    """`jobs` worker processes on this machine, `work` in each: `process_task`
    in workers of `memory_mb`, which refuses texts longer than that takes."""

    def __init__(self, jobs: int = 1, budget: TimeBudget = TimeBudget(), memory_mb: int = MEMORY_BUDGET_MB,
                 work: Callable[[Task], DocResult] | None = None) -> None:
        self.jobs, self.budget, self.memory_mb = jobs, budget, memory_mb
        self.work = work or partial(process_task, budget_mb=memory_mb)
        self._warm = False

    def map(self, tasks: Sequence[Task]) -> Generator[DocResult, None, None]:
        if not tasks:
            return
        if not self._warm:  # forked workers inherit what is loaded here (spawned ones spent ~1.5 s each)
            warm()
            self._warm = True
        with closing(ordered_map(self.work, tasks, self.jobs, self.budget.seconds,
                                 self.memory_mb * MB)) as outcomes:  # leaving early stops the workers
            for outcome in outcomes:
                if outcome.result is not None:
                    yield outcome.result
                else:
                    task = outcome.item
                    yield DocResult(task.origin, task.doc_id, error=outcome.error)

    def close(self) -> None:
        """Nothing to do: the workers of a `map` end with it."""


class DaskEngine:
    """Tasks on a dask.distributed cluster: the one at `scheduler`, or a local one of `workers` processes."""

    def __init__(self, scheduler: str | None = None, workers: int = 2,
                 seconds: Callable[[Task], float] = TimeBudget().seconds,
                 work: Callable[[Task, float], DocResult] | None = None,
                 connect_timeout: str = CONNECT_TIMEOUT) -> None:
        self.scheduler, self.workers, self.seconds = scheduler, max(1, workers), seconds
        self.work = work  # what runs a task on a worker: `dask_worker.run_task` (tests put faults in it)
        self.connect_timeout = connect_timeout
        self._client: Any = None
        self._cluster: Any = None
        self.threads = 0

    def _start(self) -> Any:
        if self._client is not None:
            return self._client
        import dask
        import distributed

        # distributed's constructors are untyped: called through Any.
        Client: Any = distributed.Client
        LocalCluster: Any = distributed.LocalCluster

        from .dask_worker import Warm, worker_fingerprint

        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout=self.connect_timeout)
            else:
                with dask.config.set(LOCAL_CLUSTER_CONFIG):
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        self._client.register_plugin(Warm(), name=Warm.name)
        from .cache import fingerprint

        others = {w: fp for w, fp in self._client.run(worker_fingerprint).items() if fp != fingerprint()}
        if others:
            self.close()
            raise EngineError("Dask workers run another press-extract (code or lexicons): "
                              f"{', '.join(sorted(others))}")
        self.threads = sum(self._client.nthreads().values()) or self.workers
        return self._client

    def map(self, tasks: Sequence[Task]) -> Generator[DocResult, None, None]:
        if not tasks:
            return
        client = self._start()
        from .dask_worker import run_task

        futures = client.map(self.work or run_task, list(tasks), [self.seconds(t) for t in tasks],
                             retries=RETRIES, pure=False)
        try:
            for start in range(0, len(futures), GATHER):
                group = futures[start:start + GATHER]
                # gather, not status checks after a wait: a result held by a worker that dies later is
                # recomputed, and its future is "lost" or "pending" again until then; gather waits for
                # it. An erred task gives None (errors="skip" on a dict; a list would drop it).
                values = client.gather({f.key: f for f in group}, errors="skip")
                for future, task in zip(group, tasks[start:start + GATHER]):
                    yield self._result(future, task, values.get(future.key))
                    future.release()
        finally:
            client.cancel([f for f in futures if not f.done()])  # left early (an error, Ctrl-C)

    def _result(self, future: Any, task: Task, value: object) -> DocResult:
        from distributed import KilledWorker

        if isinstance(value, DocResult):
            return value
        if future.status != "error":
            return DocResult(task.origin, task.doc_id,
                             error=f"Dask task {future.status}" if value is None
                             else f"Dask task returned {type(value).__name__}")
        exc = future.exception()
        if isinstance(exc, KilledWorker):
            died = (f"Dask worker died while processing it, {RETRIES + 1} times (killed, out of memory, "
                    f"or over its time budget of {self.seconds(task):.3g} s)")
            return DocResult(task.origin, task.doc_id, error=died)
        return DocResult(task.origin, task.doc_id, error=f"Dask task failed: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
