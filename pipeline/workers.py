"""Documents processed in worker processes, each within a time budget.

`ordered_map(work, items, jobs, budget)` runs `work(item)` in `jobs` worker
processes and yields one `Outcome` per item, in the order of `items`, so
what a caller writes does not depend on which worker finished first. Only
the standard library is used (`multiprocessing` processes and pipes, waited
on with `multiprocessing.connection.wait`):

- a worker that dies (killed, out of memory, a crash in C code) is noticed
  by its process sentinel; its item is tried once more in a fresh worker,
  and if that one dies too the item's outcome is an error naming how (one
  that ran out of memory where `work` could not catch it is named so at
  once);
- a worker still busy when the item's budget (`budget(item)` seconds) runs
  out is killed and replaced; the outcome is an error naming the budget;
- a worker's memory is capped (`memory_limit` bytes of data segment,
  RLIMIT_DATA, where the OS has it): past it allocations fail, so `work`
  sees a MemoryError instead of the machine running out;
- at most `jobs * AHEAD` items are in hand beyond the next one to yield, so
  a slow first item cannot make finished results pile up;
- workers ignore SIGINT (Ctrl-C reaches the whole process group; the
  calling process alone decides), and leaving the generator early, by an
  exception or Ctrl-C, kills every worker.

Workers are forked where the OS has fork, so they inherit what the caller
has loaded (lexicons, jieba's dictionary); elsewhere they are spawned.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 2  # items handed out per worker beyond the next one to yield
RETRIES = 1  # a document whose worker died is tried once more
# A worker's exit code when an allocation failed past its memory limit: the
# item is named out of memory and not tried again (it would fail the same way).
EXIT_OUT_OF_MEMORY = 75
OUT_OF_MEMORY = "out of memory: over the worker's memory budget"


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    item: T
    result: R | None = None
    error: str | None = None  # why there is no result: a dead worker, a budget run out


def _serve(conn: Connection, work: Callable[[T], R], memory_limit: int | None) -> None:
    """A worker's loop: items in, results out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_limit is not None:
        limit_memory(memory_limit)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            conn.send(work(item))
        except MemoryError:  # in `work` outside its own handling, or pickling a large result
            os._exit(EXIT_OUT_OF_MEMORY)  # the pipe may hold half a message: the exit code says it


def limit_memory(limit: int) -> None:
    """Cap this process's data segment at `limit` bytes, or at half of that
    beyond what it holds already when it was forked from a large process (a
    notebook, a benchmark); a no-op where the OS has no RLIMIT_DATA."""
    try:
        import resource
    except ImportError:  # not on Unix
        return
    limit = max(limit, _data_bytes() + limit // 2)
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes() -> int:
    """This process's data segment (VmData), 0 where /proc does not tell."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _Worker(Generic[T, R]):
    def __init__(self, context: multiprocessing.context.BaseContext, work: Callable[[T], R],
                 memory_limit: int | None) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, work, memory_limit), daemon=True)
        self.process.start()
        child.close()
        self.index = -1  # the item in hand, or -1
        self.deadline = 0.0

    def give(self, index: int, item: T, seconds: float) -> None:
        self.index, self.deadline = index, time.monotonic() + seconds
        try:
            self.conn.send(item)
        except OSError:
            pass  # the worker is dead: its sentinel says so at the next wait

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill and self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def death(process: BaseProcess) -> str:
    """How a worker process ended, in words."""
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _context() -> multiprocessing.context.BaseContext:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def ordered_map(work: Callable[[T], R], items: Sequence[T], jobs: int, budget: Callable[[T], float],
                memory_limit: int | None = None) -> Generator[Outcome[T, R], None, None]:
    """`work(item)` for every item in worker processes; outcomes in the order of `items`."""
    if not items:
        return
    context = _context()
    workers: list[_Worker[T, R]] = [_Worker(context, work, memory_limit)
                                    for _ in range(max(1, min(jobs, len(items))))]
    waiting: deque[int] = deque(range(len(items)))
    tries = [0] * len(items)
    finished: dict[int, Outcome[T, R]] = {}
    next_out = 0

    def hand_out() -> None:
        for w in workers:
            if w.index < 0 and waiting and waiting[0] < next_out + AHEAD * len(workers):
                i = waiting.popleft()
                w.give(i, items[i], budget(items[i]))

    try:
        while next_out < len(items):
            hand_out()
            busy = [w for w in workers if w.index >= 0]
            if not busy:  # cannot happen: the next item to yield is always in hand or waiting
                raise AssertionError("no item in hand")
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([*(w.conn for w in busy), *(w.process.sentinel for w in busy)], timeout))
            for n, w in enumerate(workers):
                if w.index < 0:
                    continue
                i = w.index
                if w.conn in ready:
                    try:
                        finished[i] = Outcome(items[i], result=w.conn.recv())
                        w.index = -1
                        continue
                    except (EOFError, OSError):
                        pass  # the pipe broke: the worker is dead; its sentinel says how
                if w.conn in ready or w.process.sentinel in ready:
                    w.process.join()
                    tries[i] += 1
                    if w.process.exitcode == EXIT_OUT_OF_MEMORY:
                        finished[i] = Outcome(items[i], error=OUT_OF_MEMORY)
                    elif tries[i] <= RETRIES:
                        waiting.appendleft(i)
                    else:
                        finished[i] = Outcome(items[i], error=f"worker process died ({death(w.process)}), "
                                                              f"{tries[i]} times")
                elif time.monotonic() >= w.deadline:
                    finished[i] = Outcome(items[i], error=f"over its time budget of {budget(items[i]):.3g} s")
                else:
                    continue
                w.stop(kill=True)
                workers[n] = _Worker(context, work, memory_limit)
            while next_out in finished:
                # idle workers get their next item before the caller handles this outcome (writes
                # files, say): with one worker, that time was idle time (1.7x slower than two workers)
                hand_out()
                yield finished.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop(kill=w.index >= 0)
