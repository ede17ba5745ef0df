"""One unit of work: a stage applied to one shard, written atomically, marked done."""
from __future__ import annotations

import importlib
import math
import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .. import fs
from ..model import Article, read_jsonl
from ..shards import later_stages, mark_done
from ..workdir import atomic_writer, read_shard, replace_shard

# stage name -> "module:function"; the function maps (articles, settings, stats) -> articles
STAGES = {
    "align": "corpus.align.stage:align_shard",
    "preannotate": "corpus.preannotate.stage:preannotate_shard",
}
ShardFn = Callable[[Iterable[Article], dict[str, Any], Counter], Iterator[Article]]


@dataclass(frozen=True)
class ShardTask:
    """A stage, its key and settings, and the shard it rewrites (picklable, for any executor)."""

    stage: str
    workdir: str
    shard: str
    key: str
    settings: dict[str, Any] = field(default_factory=dict)
    articles: tuple[int, int] | None = None  # a chunk: articles [start, stop) of the shard; None: all
    chunk: int = 0


CHUNK_ALIGN = 32  # chunks start at multiples of the stages' batch sizes (align 32, preannotate 16)


def chunk_tasks(task: ShardTask, n_articles: int, chunks: int) -> list[ShardTask]:
    """``task`` cut into up to ``chunks`` runs of consecutive articles (each a multiple of
    :data:`CHUNK_ALIGN` long but the last, so every batch holds the articles it holds in
    a whole-shard run and the joined output is the same bytes); one task if too short."""
    step = math.lcm(CHUNK_ALIGN, int(task.settings.get("batch_size", 1)))  # a stage's own batch setting
    per = -(-n_articles // max(1, chunks))
    per = -(-per // step) * step
    bounds = list(range(0, n_articles, per)) if n_articles > per else []
    if len(bounds) < 2:
        return [task]
    return [replace(task, articles=(a, min(a + per, n_articles)), chunk=i) for i, a in enumerate(bounds)]


def chunk_path(task: ShardTask, chunk: int | None = None) -> Path:
    """Where a chunk's output waits to be joined (a ``.tmp`` name: a killed run's are removed)."""
    shard = Path(task.shard)
    return shard.with_name(f"{shard.name}.chunk-{task.chunk if chunk is None else chunk:03d}.tmp")


def read_articles(path: Path, start: int, stop: int) -> Iterator[Article]:
    """Articles ``[start, stop)`` of a shard (non-blank lines), parsing only those."""
    with Path(path).open(encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip())
        yield from read_jsonl(islice(lines, start, stop), where=str(path), first=start + 1)


def stage_function(stage: str) -> ShardFn:
    """The shard function of ``stage`` (imported on first use, in the worker)."""
    module, name = STAGES[stage].split(":")
    return getattr(importlib.import_module(module), name)


def run_shard(task: ShardTask) -> dict[str, Any]:
    """Rewrite one shard through its stage and leave the completion marker; return its stats.

    A chunk task (``task.articles`` set) writes its articles to :func:`chunk_path` instead;
    :func:`join_chunks` then replaces the shard with the chunks in order."""
    fn, stats = stage_function(task.stage), Counter()
    workdir, shard = fs.path(task.workdir), fs.path(task.shard)
    source = read_shard(shard) if task.articles is None else read_articles(shard, *task.articles)

    def write(fh) -> None:
        for art in fn(source, task.settings, stats):
            fh.write(art.to_json() + "\n")

    if task.articles is not None:
        with atomic_writer(chunk_path(task)) as fh:
            write(fh)
        return plain(stats)
    new = replace_shard(workdir, shard, write, invalidates=later_stages(task.stage))
    result = plain(stats)
    mark_done(workdir, task.stage, shard, task.key, result, current=new)
    return result


def join_chunks(task: ShardTask, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Replace the shard of ``task`` by its chunks' output, in order, and mark it done;
    ``parts`` are the chunks' stats (in chunk order).  Returns the shard's stats."""
    workdir, shard = Path(task.workdir), Path(task.shard)
    paths = [chunk_path(task, i) for i in range(len(parts))]

    def write(fh) -> None:
        for path in paths:
            with path.open(encoding="utf-8") as part:
                shutil.copyfileobj(part, fh, 1 << 20)

    new = replace_shard(workdir, shard, write, invalidates=later_stages(task.stage))
    for path in paths:
        path.unlink()
    result: dict[str, Any] = {}
    for part in parts:
        merge_stats(result, part)
    result = plain(result)
    mark_done(workdir, task.stage, shard, task.key, result, current=new)
    return result


def plain(stats: Counter) -> dict[str, Any]:
    """Counters (possibly nested) as sorted plain dicts, for markers and JSON reports."""
    return {k: plain(v) if isinstance(v, dict) else v for k, v in sorted(stats.items())}


def merge_stats(total: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """Add one shard's counts into ``total`` (numbers add up, nested dicts merge)."""
    for k, v in part.items():
        if isinstance(v, dict):
            total[k] = merge_stats(dict(total.get(k, {})), v)
        elif isinstance(v, (int, float)):
            total[k] = total.get(k, 0) + v
    return total
