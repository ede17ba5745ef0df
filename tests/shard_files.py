"""Helpers for tests that compare work folders file by file."""
from __future__ import annotations

from pathlib import Path


def article_files(workdir: Path) -> dict[str, bytes]:
    """The bytes of every article shard of a work folder, by shard name."""
    from corpus.shards import shard_paths

    return {p.name: p.read_bytes() for p in shard_paths(workdir)}


def folder_files(workdir: Path, skip: tuple[str, ...] = (".koen.lock",)) -> dict[str, bytes]:
    """Every file under a work folder (shards, markers, reports), by relative path."""
    root = Path(workdir)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in skip}
