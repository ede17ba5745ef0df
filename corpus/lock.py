"""One writer at a time: an advisory lock on the work folder.

``flock`` on ``WORKDIR/.koen.lock``: the kernel releases it when the holder dies (even
by SIGKILL), so a crashed run never leaves a stale lock.  The lock is re-entrant within
a process (a stage driver that calls :func:`corpus.workdir.rewrite_articles` holds it once).

A work folder on an ``fsspec`` file system (object storage) has no ``flock``: there the
lock is the same file, written when free and removed at the end (:class:`RemoteLock`).
It stops a second run that starts after the first took it, but two runs starting at the
same instant can both take it, and a killed run leaves it behind: the next run then
refuses, naming the file to remove.  ``memory://`` folders live in one process, where the
in-process table below is a real lock.
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

from . import fs
from .errors import WorkdirBusyError

LOCK_FILE = ".koen.lock"
_held: dict[str, tuple[int, int]] = {}  # resolved workdir -> (fd, depth)
_guard = threading.Lock()


def holder(workdir: Path) -> dict | None:
    """Who holds the lock (``{"pid", "stage"}``), or None when it is free."""
    path = fs.path(workdir) / LOCK_FILE
    if not path.exists():
        return None
    if not isinstance(path, Path):
        return RemoteLock.read(path)
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


class RemoteLock:
    """The lock of a work folder on an ``fsspec`` file system: a lock file (see the module doc)."""

    @staticmethod
    def read(path) -> dict | None:
        try:
            return json.loads(path.read_text()) or {"stage": "?"}
        except (OSError, ValueError):  # a lock file being written, or damaged: still held
            return {"stage": "?"}

    @staticmethod
    def acquire(workdir, stage: str) -> None:
        path = workdir / LOCK_FILE
        if path.exists():
            info = RemoteLock.read(path) or {}
            raise WorkdirBusyError(
                f"{workdir}: locked by `koen {info.get('stage', '?')}` (pid {info.get('pid', '?')} on "
                f"{info.get('host', '?')}); a remote folder cannot be locked by the kernel: if no run is "
                f"active (one was killed), remove {path} and run again")
        workdir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"pid": os.getpid(), "stage": _command(stage), "host": os.uname().nodename}))

    @staticmethod
    def release(workdir) -> None:
        (workdir / LOCK_FILE).unlink(missing_ok=True)


def _acquire(workdir: Path, stage: str) -> int:
    if not isinstance(workdir, Path):
        RemoteLock.acquire(workdir, stage)
        return -1
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
    workdir = fs.path(workdir)
    key = str(workdir.resolve())
    with _guard:
        fd, depth = _held.get(key, (-1, 0))
        if depth == 0:
            fd = _acquire(workdir, stage)
        _held[key] = (fd, depth + 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth == 1:
                del _held[key]
                if fd < 0:
                    RemoteLock.release(workdir)
                else:
                    os.ftruncate(fd, 0)
                    os.close(fd)  # closing the descriptor releases the flock
            else:
                _held[key] = (fd, depth - 1)
