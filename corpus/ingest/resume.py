"""Resuming a killed ingest: the key of a run and the checkpoint beside its finished shards.

Ingest writes its shards into ``WORKDIR/articles.new/`` (swapped in whole at the end).  Each
time a shard is complete, the rejects of the records that went into it are saved beside it
and ``articles.new/resume.json`` records the run's key, the shards done, the input records
consumed (and where they end: which input, how many of its records) and the counts so far.
A re-run with the same key (the same inputs by size and modification time, or ETag, and the
same settings) keeps those shards, starts reading after those records without parsing them
(:mod:`corpus.ingest.source`), and goes on: its files are the bytes an uninterrupted run
writes.  The key never reads an input's bytes unless its file system gives neither an ETag
nor a modification time.  A local file is named by its size, mtime, ctime and inode, so one
replaced by a rename, or whose mtime a tool put back, starts afresh; a file rewritten in place
with the same size within one tick of the clock that stamps ctime would be taken as unchanged,
and the resumed run would then skip records the finished shards do not hold.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from .. import fs
from ..shards import RESUMABLE, digest, stage_key

VERSION = "koen-ingest/2"  # 2: inputs keyed by size and mtime (or ETag), checkpoints hold their position
RESUME = RESUMABLE
_TAGS = ("ETag", "etag", "e_tag", "md5Hash", "md5", "checksum", "crc32c")  # fsspec info fields naming the bytes
_TIMES = ("mtime", "LastModified", "last_modified", "updated", "modified", "created", "mtime_ns")


def _remote_tag(info: dict[str, Any]) -> str | None:
    """An object's ETag (or checksum), else its size and modification time, from fsspec ``info``."""
    for name in _TAGS:
        if info.get(name):
            return f"{name}={info[name]}"
    for name in _TIMES:
        if info.get(name) is not None and info.get("size") is not None:
            return f"size={info['size']};{name}={info[name]}"
    return None


def _identity(p: Any) -> str:
    """What names an input's bytes without reading them: size, mtime, ctime and inode (a local
    file), ETag or size and mtime (fsspec ``info``); the bytes only when neither is known.  A
    folder: the same for each of its files, with their names.  A local file rewritten in place
    with the same size within one tick of the file system's clock (a few milliseconds on
    Linux, up to 2 s on FAT or some network mounts) looks unchanged."""
    p = fs.path(p)
    h = hashlib.sha1()
    if isinstance(p, Path):
        for q in sorted(q for q in p.glob("**/*") if q.is_file()) if p.is_dir() else [p]:
            st = q.stat()
            # ctime and inode too: tools that put an mtime back (cp -p, rsync -t, tar, touch -r)
            # cannot put back the ctime, and a file replaced by a rename has another inode
            h.update(f"{str(q)[len(str(p)):]}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n"
                     .encode("utf-8"))
        return h.hexdigest()
    infos = p.fs.find(p.key, detail=True) if p.is_dir() else {p.key: p.fs.info(p.key)}
    for key in sorted(infos):
        tag = _remote_tag(infos[key]) or "sha1=" + digest(p._child(key))
        h.update(f"{key[len(p.key):]}\0{tag}\n".encode("utf-8"))
    return h.hexdigest()


def ingest_key(inputs: Iterable[Any], warcs: Iterable[Any], settings: dict[str, Any]) -> str | None:
    """The key of an ingest run: inputs and WARCs by name and :func:`_identity`, and the settings that
    change the output; None (no resuming) when an input is a DataFrame, or a pages mapping
    (whose page files are read by reference, not part of the key)."""
    names = []
    for item in inputs:
        if not isinstance(item, (str, Path, fs.RemotePath)):
            return None
        if settings.get("format") == "pages" or str(item).lower().removesuffix(".gz").endswith(".pairs"):
            return None
        p = fs.path(item)
        if not p.exists():
            return None  # reading it fails with a clear error anyway
        names.append((str(item), _identity(p)))
    extra = [(str(w), _identity(w)) for w in warcs if fs.path(w).exists()]
    return stage_key("ingest", VERSION, {**settings, "inputs": names, "warcs": extra})


def report_state(report: Any) -> dict[str, Any]:
    """The counts of a :class:`corpus.ingest.stage.Report` as JSON."""
    return {k: v for k, v in report.to_dict().items() if k != "output"}


def restore_report(report: Any, state: dict[str, Any]) -> None:
    """Put saved counts back into a fresh report."""
    report.n_in, report.n_out = state["in"], state["out"]
    for name in ("rejected", "flagged", "fixed", "sentences", "encodings"):
        setattr(report, name, Counter(state[name]))


def read_checkpoint(new_dir: Any, key: str | None) -> dict[str, Any] | None:
    """The checkpoint in ``new_dir`` if it belongs to a run with ``key``."""
    if key is None:
        return None
    try:
        data = json.loads((fs.path(new_dir) / RESUME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("key") == key else None
