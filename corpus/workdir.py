"""The work folder: plain JSONL files between stages, rewritten atomically."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import WorkdirError
from .model import Article, read_jsonl

ARTICLES = "articles.jsonl"
REJECTS = "rejects.jsonl"


def articles_path(workdir: Path) -> Path:
    return Path(workdir) / ARTICLES


def count_lines(path: Path) -> int | None:
    """Non-blank lines of a JSONL file (a progress-bar total), None if it is missing."""
    path = Path(path)
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def iter_articles(workdir: Path) -> Iterator[Article]:
    """Stream the articles of a work folder; error if ingest has not run."""
    path = articles_path(workdir)
    if not path.exists():
        raise WorkdirError(f"{path} not found: run `koen ingest ... -o {workdir}` first")
    with path.open(encoding="utf-8") as fh:
        yield from read_jsonl(fh)


@contextmanager
def atomic_writer(path: Path) -> Iterator[Any]:
    """Open a temp file next to ``path``; move it into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_articles(workdir: Path, stage: Callable[[Iterable[Article]], Iterable[Article]]) -> int:
    """Stream every article through ``stage`` and replace the file atomically."""
    n = 0
    with atomic_writer(articles_path(workdir)) as out:
        for art in stage(iter_articles(workdir)):
            out.write(art.to_json() + "\n")
            n += 1
    return n


def write_json(path: Path, data: Any) -> None:
    """Write a small JSON document (stats, resolved config) atomically."""
    with atomic_writer(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
