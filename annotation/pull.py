"""``koen pull``: annotations of a Label Studio project back into the work folder.

Exports every annotated task, converts and validates each annotation against the
stored article text and the schema, and replaces the project's human annotations of
each article (other annotations are kept).  What fails goes to ``pull_rejects.jsonl``
with task id, annotator and reason.  Pulling again changes nothing.
"""
from __future__ import annotations

import json
import logging
from collections import defaultdict
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


def group_export(export: list[dict[str, Any]]) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Exported annotations by our article id, as (task id, annotation) pairs."""
    out: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for task in export:
        koen_id = (task.get("data") or {}).get(ID_KEY)
        for ann in task.get("annotations") or []:
            out[koen_id].append((task["id"], ann))
    return out


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
    with studio.export(proj.id, dest).open(encoding="utf-8") as fh:
        export = json.load(fh)
    dest.unlink()
    stats, rejects = PullStats(tasks=len(export)), []
    grouped = group_export(export)
    del export
    users = studio.users()
    rewrite_articles(workdir, merge_stage(grouped, schema, project, stats, rejects, users))
    unknown_rejects(grouped, stats, rejects, users)
    with atomic_writer(workdir / REJECTS) as fh:
        for row in rejects:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    log.info("pull %s: %d annotations, %d stored, %d rejected, %d cancelled", project, stats.annotations,
             stats.stored, stats.rejected, stats.cancelled)
    return stats
