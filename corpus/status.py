"""``koen status`` and ``koen migrate``: what a work folder holds, and old folders split into shards."""
from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fs
from .lock import holder
from .shards import (DONE_DIR, LEGACY, SHARD_DIR, SHARD_SIZE, SUMMARY, digest, layout, read_marker,
                     shard_name, shard_paths)
from .workdir import atomic_writer, count_lines, read_shard, writing

log = logging.getLogger(__name__)
STAGES = ("align", "preannotate")


@dataclass
class Status:
    """Per stage: shards done (markers that hold for the current bytes) and stale ones."""

    layout: str | None
    shards: int = 0
    articles: int = 0
    done: dict[str, int] = field(default_factory=dict)
    stale: dict[str, int] = field(default_factory=dict)
    lock: dict[str, Any] | None = None
    ingested: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def status(*, workdir: Path) -> Status:
    """Read the state of ``workdir`` without taking its lock (never writes)."""
    workdir = fs.path(workdir)
    # an ingest killed after its swap leaves ingest.json in articles/ until the next writer moves it
    ingested = (workdir / SUMMARY).exists() or (workdir / SHARD_DIR / SUMMARY).exists()
    st = Status(layout(workdir), lock=holder(workdir), ingested=ingested)
    if st.layout is None:
        return st
    paths = shard_paths(workdir)
    st.shards, st.articles = len(paths), sum(count_lines(p) or 0 for p in paths)
    stages = sorted({*STAGES, *(p.name for p in (workdir / DONE_DIR).glob("*") if p.is_dir())})
    digests = {p: digest(p) for p in paths}
    for stage in stages:
        markers = [read_marker(workdir, stage, p) for p in paths]
        st.done[stage] = sum(1 for p, m in zip(paths, markers) if m and m.get("digest") == digests[p])
        st.stale[stage] = sum(1 for p, m in zip(paths, markers) if m and m.get("digest") != digests[p])
    return st


def migrate(*, workdir: Path, shard_size: int = SHARD_SIZE) -> int:
    """Split an old single-file ``articles.jsonl`` into shards; return the number of shards.

    The shards are written to ``articles.new/`` and renamed into place before the old file is
    removed, so a killed migration leaves a readable folder.  Annotations are carried as they are.
    """
    workdir = Path(workdir)
    with writing(workdir, "migrate"):
        if layout(workdir) != "single":
            return 0
        new = workdir / f"{SHARD_DIR}.new"
        shutil.rmtree(new, ignore_errors=True)
        new.mkdir()
        n, out, cm = 0, None, None
        for art in read_shard(workdir / LEGACY):
            if n % shard_size == 0:
                if cm is not None:
                    cm.__exit__(None, None, None)
                cm = atomic_writer(new / shard_name(n // shard_size))
                out = cm.__enter__()
            out.write(art.to_json() + "\n")
            n += 1
        if cm is not None:
            cm.__exit__(None, None, None)
        new.rename(workdir / SHARD_DIR)
        (workdir / LEGACY).unlink()
        shutil.rmtree(workdir / DONE_DIR, ignore_errors=True)  # markers named the old file
    shards = (n + shard_size - 1) // shard_size
    log.info("%s: articles.jsonl (%d articles) split into %d shards under %s/", workdir, n, shards, SHARD_DIR)
    return shards


def describe(st: Status, workdir: Path) -> list[str]:
    """The status as lines for the terminal."""
    if st.layout is None:
        return [f"{workdir}: nothing ingested yet (run `koen ingest ... -o {workdir}`)"]
    lines = [f"{workdir}: {st.articles} articles in {st.shards} shard(s)"
             + ("" if st.ingested else " (ingest.json missing: ingest did not finish)")]
    if st.layout == "single":
        lines.append(f"single-file layout (articles.jsonl): `koen migrate {workdir}` splits it into shards "
                     "so that stages resume and use every core")
    for stage in st.done:
        stale = f", {st.stale[stage]} stale (the shard changed since)" if st.stale.get(stage) else ""
        lines.append(f"{stage}: {st.done[stage]} of {st.shards} shards done{stale}")
    if st.lock:
        lines.append(f"locked by `koen {st.lock.get('stage', '?')}` (pid {st.lock.get('pid', '?')})")
    return lines


def status_json(st: Status) -> str:
    return json.dumps(st.to_dict(), ensure_ascii=False, sort_keys=True)
