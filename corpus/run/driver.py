"""``run_stage``: a stage over every shard of a work folder, skipping shards already done."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import fs
from ..errors import ConfigError
from ..shards import done_marker, shard_paths, stage_key
from ..workdir import writing
from .plan import default_workers
from .task import ShardTask, merge_stats, run_shard

log = logging.getLogger(__name__)
ENGINES = ("local", "ray")


@dataclass
class StageRun:
    """What a stage run did: merged counts, and shards run / skipped (already done)."""

    stats: dict[str, Any] = field(default_factory=dict)
    shards: int = 0
    ran: int = 0
    skipped: int = 0


def executor(engine: str, workers: int | None, address: str | None = None):
    """The executor for ``engine``: local worker processes, or tasks on a Ray cluster."""
    if engine == "local":
        from .local import LocalExecutor

        return LocalExecutor(workers or default_workers())
    if engine == "ray":
        from .ray import RayExecutor

        return RayExecutor(address=address, workers=workers)
    raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")


def run_stage(*, workdir: Path, stage: str, version: str, settings: dict[str, Any],
              workers: int | None = None, engine: str = "local", address: str | None = None,
              progress: Callable[[int], None] | None = None) -> StageRun:
    """Run ``stage`` over the shards of ``workdir`` not yet done with the same version and
    settings; each shard is rewritten atomically and marked done.  Holds the folder's lock."""
    workdir = fs.path(workdir).resolve()  # Ray workers on a cluster do not share our working directory
    if fs.process_local(workdir):
        engine, workers = "local", 1  # a memory:// folder exists in this process only
    if engine not in ENGINES:
        raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    key = stage_key(stage, version, settings)
    run, done_articles = StageRun(), 0
    with writing(workdir, stage):
        shards = shard_paths(workdir)
        run.shards, todo = len(shards), []
        for shard in shards:
            marker = done_marker(workdir, stage, shard, key)
            if marker is None:
                todo.append(ShardTask(stage, str(workdir), str(shard), key, settings))
                continue
            run.skipped += 1
            merge_stats(run.stats, marker.get("stats", {}))
            done_articles += marker.get("stats", {}).get("articles", 0)
        if run.skipped:
            log.info("%s: %d of %d shards already done, skipped", stage, run.skipped, run.shards)
        if progress:
            progress(done_articles)
        if todo:
            for task, result in executor(engine, workers, address).map(run_shard, todo):
                run.ran += 1
                merge_stats(run.stats, result)
                done_articles += result.get("articles", 0)
                if progress:
                    progress(done_articles)
    return run
