"""Resuming a killed ingest: the key of a run and the checkpoint beside its finished shards.

Ingest writes its shards into ``WORKDIR/articles.new/`` (swapped in whole at the end).  Each
time a shard is complete, the rejects of the records that went into it are saved beside it
and ``articles.new/resume.json`` records the run's key, the shards done, the input records
consumed and the counts so far.  A re-run with the same key (same inputs by content, same
settings) keeps those shards, skips that many input records without cleaning or
segmenting them, and goes on: its files are the bytes an uninterrupted run writes.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from .. import fs
from ..shards import RESUMABLE, stage_key

VERSION = "koen-ingest/1"
RESUME = RESUMABLE


def _digest_path(p: Any) -> str:
    """SHA-1 of a file's bytes, or of a folder's file names and bytes (sorted)."""
    p = fs.path(p)
    h = hashlib.sha1()
    files = sorted(q for q in p.glob("**/*") if q.is_file()) if p.is_dir() else [p]
    for q in files:
        h.update(str(q)[len(str(p)):].encode("utf-8") + b"\0")
        with q.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def ingest_key(inputs: Iterable[Any], warcs: Iterable[Any], settings: dict[str, Any]) -> str | None:
    """The key of an ingest run: inputs and WARCs by name and content, and the settings that
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
        names.append((str(item), _digest_path(p)))
    extra = [(str(w), _digest_path(w)) for w in warcs if fs.path(w).exists()]
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
