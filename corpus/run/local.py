"""The local executor: shard tasks in worker processes on this machine (or inline)."""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterable, Iterator

from .plan import threads_per_worker
from .worker import init_worker, set_threads


class LocalExecutor:
    """Runs tasks in ``workers`` spawned processes, each with its share of the cores.

    ``map`` yields ``(task, result)`` as tasks finish, keeping at most ``2 * workers``
    in flight.  With one worker the tasks run in this process, with every core.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.threads = threads_per_worker(self.workers)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        if self.workers == 1:
            set_threads(self.threads)
            for task in tasks:
                yield task, fn(task)
            return
        # spawn, not fork: forking a process whose BLAS or kiwipiepy threads run can deadlock
        with ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=init_worker,
                                 initargs=(os.getpid(), self.threads)) as pool:
            pending: dict = {}
            for task in tasks:
                pending[pool.submit(fn, task)] = task
                if len(pending) >= 2 * self.workers:
                    yield from self._drain(pending)
            while pending:
                yield from self._drain(pending)

    @staticmethod
    def _drain(pending: dict) -> Iterator[tuple[Any, Any]]:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in done:
            yield pending.pop(fut), fut.result()
