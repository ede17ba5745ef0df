"""``run_stage``: a stage over every shard of a work folder, skipping shards already done."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import fs
from ..errors import ConfigError
from ..shards import done_marker, shard_paths, stage_key
from ..workdir import count_lines, writing
from .plan import default_workers
from .task import ShardTask, chunk_tasks, join_chunks, merge_stats, run_shard

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
            ex = executor(engine, workers, address)
            tasks = _split(todo, ex.workers)
            parts: dict[str, dict[int, dict]] = {}  # shard -> chunk -> stats, until all its chunks are in
            n_chunks = {t.shard: sum(1 for u in tasks if u.shard == t.shard) for t in todo}
            for task, result in ex.map(run_shard, tasks):
                merge_stats(run.stats, result)
                done_articles += result.get("articles", 0)
                if task.articles is not None:
                    got = parts.setdefault(task.shard, {})
                    got[task.chunk] = result
                    if len(got) < n_chunks[task.shard]:
                        if progress:
                            progress(done_articles)
                        continue
                    join_chunks(task, [got[i] for i in range(len(got))])
                    del parts[task.shard]
                run.ran += 1
                if progress:
                    progress(done_articles)
    return run


def _split(todo: list[ShardTask], workers: int) -> list[ShardTask]:
    """With fewer shards to do than workers, cut each into chunks so that every worker has
    work (the chunks are joined back into the same bytes); else the shards as they are."""
    if len(todo) >= workers or not all(isinstance(fs.path(t.shard), Path) for t in todo):
        return todo  # (chunks are local files: a remote work folder keeps whole shards)
    chunks = -(-workers // len(todo))
    return [c for t in todo for c in chunk_tasks(t, count_lines(Path(t.shard)) or 0, chunks)]
