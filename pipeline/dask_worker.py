"""What runs on a Dask worker (imported there, and by `engines` only when `--engine dask`).

- `Warm`, a worker plugin: each worker loads the lexicons and jieba and
  compiles every rule once, when it starts, not in its first document.
- `run_task`: one document, within a time budget. Dask cannot stop a
  running task, so a watchdog thread ends the worker process when the
  budget runs out; to the scheduler that is a worker that died, and the
  engine's rule for dead workers applies: the document is tried once more,
  then reported as an error naming it (`engines.DaskEngine`).
"""
from __future__ import annotations

import os
import threading

from distributed.diagnostics.plugin import WorkerPlugin

from .cache import fingerprint
from .documents import DocResult, Task, process_task, warm

EXIT_OVER_BUDGET = 75  # the exit status of a worker whose document ran out of time


class Warm(WorkerPlugin):
    """Loads what every document needs once per worker process."""

    name = "press-extract-warm"

    def setup(self, worker: object) -> None:
        warm()


def run_task(task: Task, seconds: float) -> DocResult:
    """`process_task(task)`, or the end of this worker process after `seconds`."""
    watchdog = threading.Timer(seconds, os._exit, (EXIT_OVER_BUDGET,))
    watchdog.daemon = True
    watchdog.start()
    try:
        return process_task(task)
    finally:
        watchdog.cancel()


def worker_fingerprint() -> str:
    """The code fingerprint of this worker's press-extract (it must be the driver's)."""
    return fingerprint()
