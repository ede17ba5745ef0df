"""The work folder: sharded JSONL between stages, each shard rewritten atomically.

:func:`iter_articles` and :func:`rewrite_articles` hide the shards (see
:mod:`corpus.shards`); both work on an old single-file folder too.  Every writer holds
the folder's lock (:mod:`corpus.lock`) and first removes temporary files a killed run
left behind.
"""
from __future__ import annotations

import json
import logging
import sys
from collections import deque
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import fs
from .errors import KoenError
from .lock import workdir_lock
from .model import Article, read_jsonl
from .shards import LEGACY, REJECTS, carry_markers, digest, remove_stale_tmp, shard_paths

log = logging.getLogger(__name__)

ARTICLES = LEGACY  # the old single-file layout; new folders hold articles/part-*.jsonl
_open_tmp: set[str] = set()  # temp files this process is writing (never "stale")


def articles_path(workdir: Path) -> Path:
    """The old single-file article path (kept for callers that write a one-file folder)."""
    return fs.path(workdir) / ARTICLES


def count_lines(path: Path) -> int | None:
    """Non-blank lines of a JSONL file (a progress-bar total), None if it is missing."""
    path = fs.path(path)
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def count_articles(workdir: Path) -> int | None:
    """Articles in the work folder (a progress-bar total), None if nothing was ingested."""
    try:
        return sum(count_lines(p) or 0 for p in shard_paths(workdir))
    except KoenError:
        return None


def read_shard(path: Path) -> Iterator[Article]:
    """Stream the articles of one shard file."""
    with fs.path(path).open(encoding="utf-8") as fh:
        yield from read_jsonl(fh)


def iter_articles(workdir: Path) -> Iterator[Article]:
    """Stream the articles of a work folder, shard after shard; error if ingest has not run."""
    for path in shard_paths(workdir):
        yield from read_shard(path)


@contextmanager
def atomic_writer(path: Path) -> Iterator[Any]:
    """Open a temp file next to ``path``; move it into place only on success."""
    with fs.atomic_open(path, track=_open_tmp) as fh:
        yield fh


@contextmanager
def writing(workdir: Path, stage: str) -> Iterator[Path]:
    """Hold the lock of ``workdir`` for ``stage`` and clean up what a killed run left."""
    workdir = fs.path(workdir)
    with workdir_lock(workdir, stage):
        stale = remove_stale_tmp(workdir, keep=set(_open_tmp))
        if stale:
            log.info("removed %d temporary file(s) left by an interrupted run", len(stale))
        yield workdir


def replace_shard(workdir: Path, shard: Path, write: Callable[[Any], None],
                  invalidates: Iterable[str] = ()) -> str:
    """Rewrite one shard atomically through ``write(fh)`` and carry its markers forward;
    return the SHA-1 of the new bytes."""
    old = digest(shard) if fs.path(shard).exists() else ""
    with atomic_writer(shard) as fh:
        write(fh)
    new = digest(shard)
    carry_markers(workdir, shard, old, new, invalidates)
    return new


class _Router:
    """Sends a 1:1 stage's output articles back to the shard each input came from."""

    def __init__(self, workdir: Path, shards: list[Path], invalidates: Iterable[str]) -> None:
        self.workdir, self.shards, self.invalidates = workdir, shards, tuple(invalidates)
        self.owners: deque[tuple[int, str]] = deque()  # (shard, article id) of each article read
        self.stack = ExitStack()
        self.current, self.fh, self.old = -1, None, ""
        self.count = 0

    def source(self) -> Iterator[Article]:
        for n, path in enumerate(self.shards):
            for art in read_shard(path):
                self.owners.append((n, art.id))
                yield art

    def write(self, art: Article) -> None:
        if not self.owners:
            raise KoenError("a rewrite stage yielded more articles than it read")
        shard, expected = self.owners.popleft()
        if art.id != expected:
            raise KoenError(f"a rewrite stage dropped articles or changed their order: got {art.id!r} "
                            f"where {expected!r} was read ({self.shards[shard]})")
        self._open(shard)
        self.fh.write(art.to_json() + "\n")
        self.count += 1

    def _open(self, n: int) -> None:
        while self.current < n:
            self._close()
            self.current += 1
            shard = self.shards[self.current]
            self.old = digest(shard)
            self.fh = self.stack.enter_context(atomic_writer(shard))

    def _close(self) -> None:
        if self.fh is not None:
            self.stack.close()
            self.stack, self.fh = ExitStack(), None
            shard = self.shards[self.current]
            carry_markers(self.workdir, shard, self.old, digest(shard), self.invalidates)

    def finish(self) -> None:
        if self.owners:
            raise KoenError("a rewrite stage dropped articles it read")
        self._open(len(self.shards) - 1)  # shards that ended up empty are rewritten too
        self._close()


def rewrite_articles(workdir: Path, stage: Callable[[Iterable[Article]], Iterable[Article]], *,
                     name: str = "rewrite", invalidates: Iterable[str] = ()) -> int:
    """Stream every article through ``stage`` (one article out per article in, in order) and
    replace each shard atomically as soon as its last article is written; return the count.

    Holds the folder's lock.  Completion markers of other stages follow the new bytes, except
    those named in ``invalidates``.
    """
    workdir = fs.path(workdir)
    with writing(workdir, name):
        router = _Router(workdir, shard_paths(workdir), invalidates)
        try:
            for art in stage(router.source()):
                router.write(art)
            router.finish()
        except BaseException:
            router.stack.__exit__(*sys.exc_info())  # the shard being written stays as it was
            raise
    return router.count


def write_json(path: Path, data: Any) -> None:
    """Write a small JSON document (stats, resolved config) atomically."""
    with atomic_writer(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
