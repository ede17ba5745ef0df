"""Where ingest writes: a fresh set of shards, swapped in whole, that never drops human work.

New shards are written to ``WORKDIR/articles.new/`` and swapped for ``articles/`` only when
ingest finishes (a killed ingest leaves the old articles as they were).  Each finished
shard is followed by a checkpoint (:mod:`corpus.ingest.resume`), so a re-run of the same
ingest resumes after it; a partial folder of another run is removed.  Human annotations
already in the folder are refused, merged
(kept where an article's id and text are unchanged) or, with ``overwrite``, replaced; the
old records of articles whose annotations are not carried over are added to
``ingest_superseded.jsonl`` (earlier ingests' records stay), so even ``--overwrite`` keeps a copy.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import fs
from ..errors import AnnotationsAtRiskError, ConfigError
from ..model import Article
from ..shards import DONE_DIR, LEGACY, SHARD_DIR, SHARD_SIZE, SUMMARY, layout, settle, shard_name
from ..workdir import REJECTS, atomic_writer, read_shard, shard_paths, write_json
from .resume import RESUME, read_checkpoint

log = logging.getLogger(__name__)
NEW_DIR = SHARD_DIR + ".new"
REJECTS_PART = "rejects-{:05d}.jsonl"  # rejects of the records that went into one shard
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


def _with_annotations(key: str | None, annotated: dict[str, Article]) -> str | None:
    """The run key, covering the annotated articles it carries over (a pull in between changes it)."""
    if key is None or not annotated:
        return key
    h = hashlib.sha1(key.encode("utf-8"))
    for art_id in sorted(annotated):
        h.update(annotated[art_id].to_json().encode("utf-8"))
    return h.hexdigest()[:16]


def _add_superseded(path: Path, arts: Iterable[Article]) -> None:
    """Add the old records of ``arts`` to ``path`` (the only copy of the human work an ingest
    replaced): earlier ingests' records are kept, and a record already there is not written
    again (a commit killed before its swap and run again)."""
    seen: set[bytes] = set()  # SHA-1s of the records already kept (the file is copied, not held)
    with atomic_writer(path) as out:
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        line = line if line.endswith("\n") else line + "\n"
                        seen.add(hashlib.sha1(line.encode("utf-8")).digest())
                        out.write(line)
        for art in arts:
            line = art.to_json() + "\n"
            digest = hashlib.sha1(line.encode("utf-8")).digest()
            if digest not in seen:
                seen.add(digest)
                out.write(line)


class ShardWriter:
    """Writes ingested articles into shards of ``shard_size``, carrying human annotations over.

    With a ``key`` (see :func:`corpus.ingest.resume.ingest_key`) the shards a killed run of
    the same ingest finished are kept: ``resumed`` is then its checkpoint (input records
    consumed, counts) and :meth:`written` yields the articles already written.
    """

    def __init__(self, workdir: Path, *, mode: str = "refuse", shard_size: int = SHARD_SIZE,
                 key: str | None = None) -> None:
        if mode not in MODES:
            raise ConfigError(f"annotations mode must be one of {', '.join(MODES)}, got {mode!r}")
        if shard_size < 1:
            raise ConfigError(f"--shard-size must be at least 1, got {shard_size}")
        self.workdir, self.mode, self.size = fs.path(workdir), mode, shard_size
        self.annotated = annotated_articles(self.workdir)
        if self.annotated and mode == "refuse":
            first = next(iter(self.annotated))
            raise AnnotationsAtRiskError(
                f"{self.workdir}: {len(self.annotated)} article(s) hold human annotations (e.g. {first!r}); "
                "ingest would replace them: pass --merge to keep those of unchanged articles, or --overwrite "
                f"to replace them (their old records go to {SUPERSEDED})")
        self.counts: Counter = Counter()
        self.superseded: list[Article] = []
        self.key, self.new = _with_annotations(key, self.annotated), self.workdir / NEW_DIR
        self.n, self._files = 0, {}  # "shard" / "rejects": (context manager, file) of the open shard
        self.resumed = read_checkpoint(self.new, self.key)  # the key it was written with
        if self.resumed is None:
            fs.rmtree(self.new)
            self.new.mkdir(parents=True)
            return
        for art in self.written():  # the carried-over annotations are in these shards already
            self._carry(art)
        self.n = self.resumed["shards"] * self.size
        log.info("%s: resuming ingest after %d shard(s), %d input record(s)", self.workdir,
                 self.resumed["shards"], self.resumed["records"])

    def written(self) -> Iterable[Article]:
        """The articles of the shards a resumed run had finished."""
        for k in range(self.resumed["shards"] if self.resumed else 0):
            yield from read_shard(self.new / shard_name(k))

    def _carry(self, art: Article) -> None:
        old = self.annotated.pop(art.id, None)
        if old is not None:
            if self.mode == "merge" and (old.text_ko, old.text_en) == (art.text_ko, art.text_en):
                art.annotations = [a for a in old.annotations if a.origin == "human"]
                self.counts["kept"] += 1
            else:
                self.counts["changed" if self.mode == "merge" else "replaced"] += 1
                self.superseded.append(old)

    def _file(self, kind: str) -> Any:
        if kind not in self._files:
            name = shard_name(self.n // self.size) if kind == "shard" else REJECTS_PART.format(self.n // self.size)
            cm = atomic_writer(self.new / name)
            self._files[kind] = (cm, cm.__enter__())
        return self._files[kind][1]

    def write(self, art: Article) -> bool:
        """Add one article (with the human annotations of its unchanged old version, on merge);
        True when it completed a shard (time for :meth:`checkpoint`)."""
        self._carry(art)
        self._file("shard").write(art.to_json() + "\n")
        self.n += 1
        if self.n % self.size:
            return False
        self._close()
        return True

    def reject(self, line: str) -> None:
        """Keep one rejects line (with the shard the next articles go to)."""
        self._file("rejects").write(line)

    def checkpoint(self, at: dict[str, int], report: dict[str, Any]) -> None:
        """Record that the shards so far hold the output of the first ``at["records"]`` input
        records (``at``: :meth:`corpus.ingest.source.Source.position`)."""
        if self.key is not None:
            with atomic_writer(self.new / RESUME) as fh:
                json.dump({"key": self.key, "shards": self.n // self.size, "records": at["records"], "at": at,
                           "report": report}, fh, sort_keys=True)

    def _close(self, exc: BaseException | None = None) -> None:
        for kind in ("shard", "rejects"):
            cm, _ = self._files.pop(kind, (None, None))
            if cm is not None:
                cm.__exit__(type(exc) if exc else None, exc, None)

    def abort(self, keep: bool = False) -> None:
        """Leave the folder as it was: the shard being written is dropped, and the finished ones
        too unless ``keep`` (an interrupted run that a re-run resumes)."""
        self._close(KeyboardInterrupt())
        if not (keep and self.key is not None):
            fs.rmtree(self.new)

    def _rejects(self) -> None:
        """The rejects of every shard, in input order, into the new folder (the parts are removed):
        ``rejects.jsonl`` travels with the shards it belongs to and is moved out after the swap."""
        parts = [self.new / REJECTS_PART.format(k) for k in range(self.n // self.size + 1)]
        with atomic_writer(self.new / REJECTS) as out:
            for part in parts:
                if part.exists():
                    with part.open(encoding="utf-8") as fh:
                        for line in fh:
                            out.write(line)
        for part in [self.new / RESUME] + parts:  # the checkpoint first: a run killed in between
            part.unlink(missing_ok=True)  # must start afresh, not resume without the parts

    def commit(self, summary: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
        """Swap the new shards in, drop every stage's markers, save rejects and superseded records.

        ``rejects.jsonl`` and ``summary(output)`` (written as ``ingest.json``) are written into the
        new folder and swapped in with the shards, then moved to the work folder
        (:func:`corpus.shards.settle`): a run killed at any point leaves the old articles with the
        old rejects and counts, or the new ones with the new (the next writer finishes the move)."""
        self._close()
        self._rejects()
        for art in self.annotated.values():  # annotated articles the new input no longer has
            self.counts["missing" if self.mode == "merge" else "replaced"] += 1
            self.superseded.append(art)
        if self.superseded:
            _add_superseded(self.workdir / SUPERSEDED, self.superseded)
        output = {"shards": (self.n + self.size - 1) // self.size, **dict(sorted(self.counts.items()))}
        if summary is not None:
            write_json(self.new / SUMMARY, summary(output))
        old = self.workdir / (SHARD_DIR + ".old")
        fs.rmtree(old)
        if (self.workdir / SHARD_DIR).exists():
            (self.workdir / SHARD_DIR).rename(old)
        self.new.rename(self.workdir / SHARD_DIR)
        if (self.workdir / LEGACY).exists():
            log.info("%s: the single-file articles.jsonl was replaced by shards in %s/", self.workdir, SHARD_DIR)
        settle(self.workdir)  # markers and articles.jsonl removed, rejects and counts moved out
        fs.rmtree(old)
        if summary is None:  # no ingest.json travelled with the shards to tell settle()
            fs.rmtree(self.workdir / DONE_DIR)
            (self.workdir / LEGACY).unlink(missing_ok=True)
        return output
