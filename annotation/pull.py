"""``koen pull``: annotations of a Label Studio project back into the work folder.

Exports every annotated task (streamed to a file, read a task at a time and indexed by
article in a temporary SQLite file, so memory stays flat), converts and validates each
annotation against the stored article text and the schema, and replaces the project's human annotations of
each article (other annotations are kept).  What fails goes to ``pull_rejects.jsonl``
with task id, annotator and reason.  Pulling again changes nothing.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from corpus.model import Annotation, Article
from corpus.workdir import atomic_writer, rewrite_articles

from .client import Studio, resolve
from .convert import ID_KEY
from .errors import LabelStudioError
from .push import STUDIO_DIR
from .results import Reject, annotator_name, parse_annotation
from .schema import Schema, load_schema

log = logging.getLogger(__name__)
REJECTS = "pull_rejects.jsonl"


@dataclass
class PullStats:
    """Counts of a pull: annotations in = stored + rejected + cancelled."""

    tasks: int = 0
    annotations: int = 0
    stored: int = 0
    rejected: int = 0
    cancelled: int = 0
    unknown_tasks: int = 0
    articles_updated: int = 0


class ExportIndex:
    """Exported annotations by our article id, kept in a temporary SQLite file, not in memory.

    ``pop(koen_id, default)`` hands over (and forgets) an article's (task id, annotation)
    pairs; ``items()`` yields what was never popped.  ``tasks`` counts the exported tasks.
    """

    def __init__(self, tasks: Iterable[dict[str, Any]], where: Path | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="koen-pull-", dir=where)
        self._db = sqlite3.connect(Path(self._dir.name) / "export.sqlite")
        self._db.execute("CREATE TABLE ann (koen_id TEXT, task_id INTEGER, body TEXT)")
        self.tasks = 0
        rows: list[tuple] = []
        for task in tasks:
            self.tasks += 1
            koen_id = (task.get("data") or {}).get(ID_KEY)
            rows += [(koen_id, task["id"], json.dumps(ann, ensure_ascii=False)) for ann in task.get("annotations") or []]
            if len(rows) >= 1000:
                self._db.executemany("INSERT INTO ann VALUES (?, ?, ?)", rows)
                rows = []
        self._db.executemany("INSERT INTO ann VALUES (?, ?, ?)", rows)
        self._db.execute("CREATE INDEX ann_id ON ann (koen_id)")
        self._db.commit()

    def pop(self, koen_id: str | None, default=None):
        rows = self._db.execute("SELECT task_id, body FROM ann WHERE koen_id IS ? ORDER BY rowid", (koen_id,)).fetchall()
        if not rows:
            return default
        self._db.execute("DELETE FROM ann WHERE koen_id IS ?", (koen_id,))
        return [(task_id, json.loads(body)) for task_id, body in rows]

    def items(self) -> Iterator[tuple[str | None, list[tuple[int, dict[str, Any]]]]]:
        ids = [r[0] for r in self._db.execute("SELECT DISTINCT koen_id FROM ann ORDER BY koen_id")]
        for koen_id in ids:
            yield koen_id, self.pop(koen_id, [])

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


def group_export(export: Iterable[dict[str, Any]], where: Path | None = None) -> ExportIndex:
    """Exported annotations by our article id, as (task id, annotation) pairs."""
    return ExportIndex(export, where)


def iter_export(path: Path, chunk: int = 1 << 20) -> Iterator[dict[str, Any]]:
    """The tasks of a Label Studio JSON export (one array), one at a time, without loading it whole."""
    decoder = json.JSONDecoder()
    with Path(path).open(encoding="utf-8") as fh:
        buf, pos, started, eof = "", 0, False, False
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if not started and pos < len(buf):
                if buf[pos] != "[":
                    raise LabelStudioError(f"{path}: a Label Studio export is a JSON array")
                started, pos = True, pos + 1
                continue
            if pos < len(buf) and buf[pos] == "]":
                return
            try:
                task, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if eof:
                    raise LabelStudioError(f"{path}: the export ends in the middle of a task") from None
                more = fh.read(chunk)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            yield task
            pos = end


def _convert(art: Article, items: list[tuple[int, dict[str, Any]]], schema: Schema, project: str,
             stats: PullStats, rejects: list[dict[str, Any]], users: dict[int, str]) -> list[Annotation]:
    kept = []
    for task_id, ls_ann in sorted(items, key=lambda x: (x[0], x[1].get("id") or 0)):
        stats.annotations += 1
        if ls_ann.get("was_cancelled"):
            stats.cancelled += 1
            continue
        try:
            kept.append(parse_annotation(ls_ann, art, schema, project=project, task_id=task_id, users=users))
            stats.stored += 1
        except Reject as exc:
            stats.rejected += 1
            rejects.append({"koen_id": art.id, "task_id": task_id, "annotation_id": ls_ann.get("id"),
                            "annotator": annotator_name(ls_ann, users), "reasons": exc.reasons})
    return kept


def merge_stage(grouped: dict[str, list], schema: Schema, project: str, stats: PullStats,
           rejects: list[dict[str, Any]], users: dict[int, str]):
    """The rewrite stage: swap in this project's human annotations, keep everything else."""
    def stage(arts: Iterable[Article]) -> Iterator[Article]:
        for art in arts:
            items = grouped.pop(art.id, None)
            if items is not None:
                new = _convert(art, items, schema, project, stats, rejects, users)
                keep = [a for a in art.annotations if not (a.origin == "human" and a.meta.get("ls_project") == project)]
                if [a.to_dict() for a in keep + new] != [a.to_dict() for a in art.annotations]:
                    stats.articles_updated += 1
                art.annotations = keep + new
            yield art
    return stage


def unknown_rejects(grouped: dict[str, list], stats: PullStats, rejects: list[dict[str, Any]],
             users: dict[int, str]) -> None:
    """Annotated tasks whose article is not in the work folder: rejected, never dropped silently."""
    for koen_id, items in grouped.items():
        stats.unknown_tasks += 1
        for task_id, ls_ann in items:
            stats.annotations += 1
            stats.rejected += 1
            rejects.append({"koen_id": koen_id, "task_id": task_id, "annotation_id": ls_ann.get("id"),
                            "annotator": annotator_name(ls_ann, users), "reasons": ["article not in the work folder"]})


def pull(*, workdir: Path, project: str, url: str | None = None, token: str | None = None,
         studio_dir: Path | None = None, schema_path: Path | None = None) -> PullStats:
    """Pull the annotations of ``project`` into ``workdir``'s articles; return counts."""
    workdir = Path(workdir)
    schema = load_schema(schema_path)
    url, token = resolve(url=url, token=token, studio_dir=studio_dir or workdir / STUDIO_DIR)
    studio = Studio(url, token)
    proj = studio.find_project(project)
    if proj is None:
        raise LabelStudioError(f"{url}: no project titled {project!r}")
    dest = workdir / STUDIO_DIR / f"export-{proj.id}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    grouped = group_export(iter_export(studio.export(proj.id, dest)), where=dest.parent)
    dest.unlink()
    stats, rejects = PullStats(tasks=grouped.tasks), []
    try:
        users = studio.users()
        rewrite_articles(workdir, merge_stage(grouped, schema, project, stats, rejects, users))
        unknown_rejects(grouped, stats, rejects, users)
    finally:
        grouped.close()
    with atomic_writer(workdir / REJECTS) as fh:
        for row in rejects:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    log.info("pull %s: %d annotations, %d stored, %d rejected, %d cancelled", project, stats.annotations,
             stats.stored, stats.rejected, stats.cancelled)
    return stats
