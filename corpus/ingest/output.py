"""Where ingest writes: a fresh set of shards, swapped in whole, that never drops human work.

New shards are written to ``WORKDIR/articles.new/`` and swapped for ``articles/`` only when
ingest finishes (a killed ingest leaves the old articles as they were; the next writer
removes the partial folder).  Human annotations already in the folder are refused, merged
(kept where an article's id and text are unchanged) or, with ``overwrite``, replaced; the
old records of articles whose annotations are not carried over go to
``ingest_superseded.jsonl``, so even ``--overwrite`` keeps a copy.
"""
from __future__ import annotations

import logging
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import AnnotationsAtRiskError, ConfigError
from ..model import Article
from ..shards import DONE_DIR, LEGACY, SHARD_DIR, SHARD_SIZE, layout, shard_name
from ..workdir import atomic_writer, shard_paths

log = logging.getLogger(__name__)
NEW_DIR = SHARD_DIR + ".new"
SUPERSEDED = "ingest_superseded.jsonl"
MODES = ("refuse", "merge", "overwrite")


def annotated_articles(workdir: Path) -> dict[str, Article]:
    """Articles of the folder that hold human annotations, by id (read before they are replaced)."""
    if layout(workdir) is None:
        return {}
    out = {}
    for path in shard_paths(workdir):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if '"origin": "human"' in line:
                    art = Article.from_json(line)
                    if any(a.origin == "human" for a in art.annotations):
                        out[art.id] = art
    return out


class ShardWriter:
    """Writes ingested articles into shards of ``shard_size``, carrying human annotations over."""

    def __init__(self, workdir: Path, *, mode: str = "refuse", shard_size: int = SHARD_SIZE) -> None:
        if mode not in MODES:
            raise ConfigError(f"annotations mode must be one of {', '.join(MODES)}, got {mode!r}")
        if shard_size < 1:
            raise ConfigError(f"--shard-size must be at least 1, got {shard_size}")
        self.workdir, self.mode, self.size = Path(workdir), mode, shard_size
        self.annotated = annotated_articles(self.workdir)
        if self.annotated and mode == "refuse":
            first = next(iter(self.annotated))
            raise AnnotationsAtRiskError(
                f"{self.workdir}: {len(self.annotated)} article(s) hold human annotations (e.g. {first!r}); "
                "ingest would replace them: pass --merge to keep those of unchanged articles, or --overwrite "
                f"to replace them (their old records go to {SUPERSEDED})")
        self.counts: Counter = Counter()
        self.superseded: list[Article] = []
        self.new = self.workdir / NEW_DIR
        shutil.rmtree(self.new, ignore_errors=True)
        self.new.mkdir(parents=True)
        self.n, self.fh, self._cm = 0, None, None

    def write(self, art: Article) -> None:
        """Add one article (with the human annotations of its unchanged old version, on merge)."""
        old = self.annotated.pop(art.id, None)
        if old is not None:
            if self.mode == "merge" and (old.text_ko, old.text_en) == (art.text_ko, art.text_en):
                art.annotations = [a for a in old.annotations if a.origin == "human"]
                self.counts["kept"] += 1
            else:
                self.counts["changed" if self.mode == "merge" else "replaced"] += 1
                self.superseded.append(old)
        if self.n % self.size == 0:
            self._close()
            self._cm = atomic_writer(self.new / shard_name(self.n // self.size))
            self.fh = self._cm.__enter__()
        self.fh.write(art.to_json() + "\n")
        self.n += 1

    def _close(self) -> None:
        if self._cm is not None:
            self._cm.__exit__(None, None, None)
            self._cm = self.fh = None

    def abort(self) -> None:
        """Leave the folder as it was (the partial new shards are removed)."""
        if self._cm is not None:
            self._cm.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)
        shutil.rmtree(self.new, ignore_errors=True)

    def commit(self) -> dict[str, Any]:
        """Swap the new shards in, drop every stage's markers, save superseded records."""
        self._close()
        for art in self.annotated.values():  # annotated articles the new input no longer has
            self.counts["missing" if self.mode == "merge" else "replaced"] += 1
            self.superseded.append(art)
        if self.superseded:
            with atomic_writer(self.workdir / SUPERSEDED) as fh:
                for art in self.superseded:
                    fh.write(art.to_json() + "\n")
        old = self.workdir / (SHARD_DIR + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if (self.workdir / SHARD_DIR).exists():
            (self.workdir / SHARD_DIR).rename(old)
        self.new.rename(self.workdir / SHARD_DIR)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.workdir / DONE_DIR, ignore_errors=True)
        if (self.workdir / LEGACY).exists():
            (self.workdir / LEGACY).unlink()
            log.info("%s: the single-file articles.jsonl was replaced by shards in %s/", self.workdir, SHARD_DIR)
        return {"shards": (self.n + self.size - 1) // self.size, **dict(sorted(self.counts.items()))}
