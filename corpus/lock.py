"""One writer at a time: an advisory lock on the work folder.

``flock`` on ``WORKDIR/.koen.lock``: the kernel releases it when the holder dies (even
by SIGKILL), so a crashed run never leaves a stale lock.  The lock is re-entrant within
a process (a stage driver that calls :func:`corpus.workdir.rewrite_articles` holds it once).
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import WorkdirBusyError

LOCK_FILE = ".koen.lock"
_held: dict[str, tuple[int, int]] = {}  # resolved workdir -> (fd, depth)
_guard = threading.Lock()


def holder(workdir: Path) -> dict | None:
    """Who holds the lock (``{"pid", "stage"}``), or None when it is free."""
    path = Path(workdir) / LOCK_FILE
    if not path.exists():
        return None
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            try:
                return json.loads(fh.read() or "{}")
            except ValueError:
                return {}
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


def _command(stage: str) -> str:
    """The stage name, or for a generic rewrite the koen subcommand that runs it (pull, adjudicate)."""
    if stage != "rewrite":
        return stage
    words = [w for w in sys.argv[1:] if not w.startswith("-")]
    return words[0] if Path(sys.argv[0]).name == "koen" and words else stage


def _acquire(workdir: Path, stage: str) -> int:
    workdir.mkdir(parents=True, exist_ok=True)
    fd = os.open(workdir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096).decode("utf-8", "replace")
        os.close(fd)
        try:
            info = json.loads(raw)
        except ValueError:
            info = {}
        raise WorkdirBusyError(f"{workdir}: busy, `koen {info.get('stage', '?')}` (pid {info.get('pid', '?')}) "
                               "is writing it; wait for it to finish") from None
    os.ftruncate(fd, 0)
    os.write(fd, json.dumps({"pid": os.getpid(), "stage": _command(stage)}).encode())
    return fd


@contextmanager
def workdir_lock(workdir: Path, stage: str) -> Iterator[None]:
    """Hold the work folder's lock for ``stage``; raise WorkdirBusyError if another process has it."""
    key = str(Path(workdir).resolve())
    with _guard:
        fd, depth = _held.get(key, (-1, 0))
        if depth == 0:
            fd = _acquire(Path(workdir), stage)
        _held[key] = (fd, depth + 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth == 1:
                del _held[key]
                os.ftruncate(fd, 0)
                os.close(fd)  # closing the descriptor releases the flock
            else:
                _held[key] = (fd, depth - 1)
