"""The Ray executor: the same shard tasks as Ray tasks, one CPU each, on a running cluster.

Ray workers are long-lived processes, so each loads its models once (the stage modules
cache them).  Only Ray-side failures (a worker crash, a lost node) are retried; an error
of the stage itself is raised as it is.  The work folder must be on a file system every
node sees (the tasks carry paths), and the driver holds the folder's lock.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator

from ..errors import DependencyError
from .worker import set_threads, threads

RETRIES = 3  # re-runs of a task whose worker died; a shard task is idempotent


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise DependencyError("--engine ray needs Ray: pip install 'koen[ray]'") from exc
    return ray


def _in_worker(fn: Callable[[Any], Any], task: Any) -> Any:
    """Run one task in a Ray worker, with one BLAS / kiwipiepy thread (Ray gave it one CPU)."""
    if threads() is None:
        set_threads(1)
    return fn(task)


class RayExecutor:
    """Submits tasks to Ray (``address``, else ``RAY_ADDRESS``, else an already initialised
    or a new local Ray), keeping about two tasks per CPU in flight; yields as they finish."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.ray = _ray()
        if not self.ray.is_initialized():
            self.ray.init(address=address or os.environ.get("RAY_ADDRESS"), log_to_driver=False)
        self.workers = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        self.remote = self.ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=False)(_in_worker)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        pending: dict = {}
        for task in tasks:
            pending[self.remote.remote(fn, task)] = task
            if len(pending) >= 2 * self.workers:
                yield from self._drain(pending)
        while pending:
            yield from self._drain(pending)

    def _drain(self, pending: dict) -> Iterator[tuple[Any, Any]]:
        done, _ = self.ray.wait(list(pending), num_returns=1)
        for ref in done:
            yield pending.pop(ref), self.ray.get(ref)
