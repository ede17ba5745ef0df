"""Shards of a work folder and their completion markers.

Articles live in ``WORKDIR/articles/part-00000.jsonl``, ``part-00001.jsonl``, ... (plain
JSONL, a few hundred articles each, in input order).  A folder written before shards
existed holds one ``WORKDIR/articles.jsonl``: it is read and rewritten as a single shard
(``koen migrate`` splits it).

A stage that finished a shard leaves ``WORKDIR/done/STAGE/SHARD.json`` with the stage's
key (version + settings) and the SHA-1 of the shard's bytes it wrote.  The shard counts as
done for that stage while both still match, so a re-run skips it and a killed run resumes.
When a later stage rewrites the shard, the markers of the stages it does not invalidate
follow the new bytes (pre-annotation keeps the alignment valid; re-aligning does not keep
the pre-annotations).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from . import fs
from .errors import WorkdirError

SHARD_DIR = "articles"
LEGACY = "articles.jsonl"
DONE_DIR = "done"
SHARD_SIZE = 500  # articles (ingest: input records) per shard
RESUMABLE = "resume.json"  # the checkpoint of a killed ingest (corpus.ingest.resume)
REJECTS = "rejects.jsonl"
SUMMARY = "ingest.json"
SWAPPED_WITH = (REJECTS, SUMMARY)  # written inside the new shard folder, moved out after the swap
STAGE_ORDER = ("ingest", "align", "preannotate")  # a rewrite by one invalidates the later ones


def shard_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def shard_dir(workdir: Path) -> Path:
    """``articles/``, or ``articles.old/`` while an ingest killed in the middle of its swap left
    no ``articles/`` (the next writer renames it back; readers take no lock, so they read it there)."""
    workdir = fs.path(workdir)
    here, old = workdir / SHARD_DIR, workdir / f"{SHARD_DIR}.old"
    return old if not here.is_dir() and old.is_dir() else here


def layout(workdir: Path) -> str | None:
    """``"sharded"``, ``"single"`` (an old one-file folder) or None (nothing ingested)."""
    workdir = fs.path(workdir)
    if shard_dir(workdir).is_dir():
        return "sharded"
    return "single" if (workdir / LEGACY).exists() else None


def shard_paths(workdir: Path) -> list[Path]:
    """The article files of a work folder, in order; error if ingest has not run."""
    workdir = fs.path(workdir)
    kind = layout(workdir)
    if kind == "sharded":
        return sorted(shard_dir(workdir).glob("part-*.jsonl"))
    if kind == "single":
        return [workdir / LEGACY]
    raise WorkdirError(f"{workdir}: articles not found (no articles/ shards, no articles.jsonl): "
                       f"run `koen ingest ... -o {workdir}` first")


def digest(path: Path) -> str:
    """SHA-1 of a file's bytes (streamed)."""
    h = hashlib.sha1()
    with fs.path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def stage_key(stage: str, version: str, settings: dict[str, Any]) -> str:
    """A stable key of what a stage computes: its version and the settings that change output."""
    blob = json.dumps({"stage": stage, "version": version, "settings": settings}, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def marker_path(workdir: Path, stage: str, shard: Path) -> Path:
    return fs.path(workdir) / DONE_DIR / stage / f"{fs.path(shard).name}.json"


def read_marker(workdir: Path, stage: str, shard: Path) -> dict[str, Any] | None:
    path = marker_path(workdir, stage, shard)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_marker(workdir: Path, stage: str, shard: Path, data: dict[str, Any]) -> None:
    """Write a marker atomically (no timestamps: a resumed run leaves the same files)."""
    with fs.atomic_open(marker_path(workdir, stage, shard)) as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True)
        fh.write("\n")


def done_marker(workdir: Path, stage: str, shard: Path, key: str | None = None,
                current: str | None = None) -> dict[str, Any] | None:
    """The shard's marker for ``stage`` if it still holds (same key, when given, and same bytes)."""
    marker = read_marker(workdir, stage, shard)
    if marker is None or (key is not None and marker.get("key") != key) or not fs.path(shard).exists():
        return None
    return marker if marker.get("digest") == (current or digest(shard)) else None


def mark_done(workdir: Path, stage: str, shard: Path, key: str, stats: dict[str, Any],
              current: str | None = None) -> None:
    """Mark ``shard`` done for ``stage``; ``current`` is its SHA-1 if the caller just computed it."""
    write_marker(workdir, stage, shard, {"stage": stage, "key": key, "digest": current or digest(shard),
                                         "stats": stats})


def carry_markers(workdir: Path, shard: Path, old: str, new: str, invalidates: Iterable[str] = ()) -> None:
    """After ``shard`` was rewritten from bytes ``old`` to ``new``: markers that held for the
    old bytes hold for the new ones, except those of ``invalidates`` (which are removed)."""
    root = fs.path(workdir) / DONE_DIR
    if not root.is_dir():
        return
    dropped = set(invalidates)
    for stage_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        marker = read_marker(workdir, stage_dir.name, shard)
        if marker is None:
            continue
        if stage_dir.name in dropped or marker.get("digest") != old:
            marker_path(workdir, stage_dir.name, shard).unlink(missing_ok=True)
        elif old != new:
            write_marker(workdir, stage_dir.name, shard, {**marker, "digest": new})


def later_stages(stage: str) -> tuple[str, ...]:
    """Stages whose output a rewrite by ``stage`` makes stale (everything after it)."""
    return STAGE_ORDER[STAGE_ORDER.index(stage) + 1:] if stage in STAGE_ORDER else ()


def settle(workdir: Path) -> None:
    """Finish the commit of an ingest killed after its swap (call while holding the lock).

    While ``articles/ingest.json`` is there (it is moved out last), the commit's tail is not
    done: the old shards' markers are removed, an old single ``articles.jsonl`` too, and the
    files swapped in with the shards (``rejects.jsonl``, ``ingest.json``) go to the work folder."""
    workdir = fs.path(workdir)
    if (workdir / SHARD_DIR / SUMMARY).exists():
        fs.rmtree(workdir / DONE_DIR)  # they name the old shards' bytes
        (workdir / LEGACY).unlink(missing_ok=True)
    for name in SWAPPED_WITH:
        if (workdir / SHARD_DIR / name).exists():
            (workdir / SHARD_DIR / name).replace(workdir / name)


def remove_stale_tmp(workdir: Path, keep: Iterable[str] = ()) -> list[Path]:
    """Delete temporary article and marker files a killed run left behind (call while
    holding the lock); ``keep`` names temporary files this process has open."""
    workdir = fs.path(workdir)
    found = list(workdir.glob(f"{LEGACY}.*.tmp")) + list(workdir.glob(f"{SHARD_DIR}/*.tmp"))
    found += list(workdir.glob(f"{DONE_DIR}/*/*.tmp")) + list(workdir.glob(f"{SHARD_DIR}.new/*.tmp"))
    found = [p for p in found if str(p) not in set(keep)]
    for p in found:
        p.unlink(missing_ok=True)
    if not (workdir / SHARD_DIR).exists() and (workdir / f"{SHARD_DIR}.old").is_dir():
        (workdir / f"{SHARD_DIR}.old").rename(workdir / SHARD_DIR)  # killed in the middle of a swap
    settle(workdir)
    for partial in (workdir / f"{SHARD_DIR}.new", workdir / f"{SHARD_DIR}.old"):
        if partial.is_dir() and not (partial / RESUMABLE).exists():  # a killed ingest resumes from it
            fs.rmtree(partial)
            found.append(partial)
    return sorted(found)
