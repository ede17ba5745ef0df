"""How many workers, and how many threads each, so that workers do not fight for cores."""
from __future__ import annotations

import os

THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity masks
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """One worker process per core."""
    return cores()


def threads_per_worker(workers: int) -> int:
    """BLAS / kiwipiepy threads of each worker: the cores shared out, at least one.

    Two BLAS threads beside a busy process ran 4x slower than one (measured on 2 cores),
    so workers never get more threads than their share.
    """
    return max(1, cores() // max(1, workers))
