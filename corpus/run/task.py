"""One unit of work: a stage applied to one shard, written atomically, marked done."""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .. import fs
from ..model import Article
from ..shards import later_stages, mark_done
from ..workdir import read_shard, replace_shard

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


def stage_function(stage: str) -> ShardFn:
    """The shard function of ``stage`` (imported on first use, in the worker)."""
    module, name = STAGES[stage].split(":")
    return getattr(importlib.import_module(module), name)


def run_shard(task: ShardTask) -> dict[str, Any]:
    """Rewrite one shard through its stage and leave the completion marker; return its stats."""
    fn, stats = stage_function(task.stage), Counter()
    workdir, shard = fs.path(task.workdir), fs.path(task.shard)

    def write(fh) -> None:
        for art in fn(read_shard(shard), task.settings, stats):
            fh.write(art.to_json() + "\n")

    replace_shard(workdir, shard, write, invalidates=later_stages(task.stage))
    result = plain(stats)
    mark_done(workdir, task.stage, shard, task.key, result)
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
