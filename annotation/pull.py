"""``koen pull``: annotations of a Label Studio project back into the work folder.

Exports every annotated task (streamed to a file, read a task at a time and indexed by
article in a temporary SQLite file, so memory stays flat), converts and validates each
annotation against the stored article text and the schema, and replaces the project's human annotations of
each article (other annotations are kept).  An invalid element (a region, relation or
choice) is left out and the rest of its annotation is stored; every problem goes to
``pull_rejects.jsonl`` with task id, task URL, annotator and reasons.  One annotator's
annotations of an article's passage tasks are merged into one annotation of the article.
Pulling again changes nothing.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from corpus.model import Annotation, Article
from corpus.workdir import atomic_writer, rewrite_articles

from .client import Studio, resolve
from .convert import ID_KEY
from .errors import LabelStudioError
from .push import STUDIO_DIR
from .results import Reject, TaskText, annotator_name, read_annotation
from .schema import Schema, load_schema

log = logging.getLogger(__name__)
REJECTS = "pull_rejects.jsonl"
SHOWN = ("text_ko", "text_en", "ko_start", "en_start")


@dataclass
class PullStats:
    """Counts of a pull: annotations in = stored + rejected + cancelled.

    ``partial`` stored annotations lost ``elements_rejected`` invalid elements in all;
    ``to_fix`` lists each task with a problem as (article id, task id, URL).
    """

    tasks: int = 0
    annotations: int = 0
    stored: int = 0
    rejected: int = 0
    cancelled: int = 0
    partial: int = 0
    elements_rejected: int = 0
    unknown_tasks: int = 0
    articles_updated: int = 0
    to_fix: list = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Nothing was rejected, not even one element."""
        return not (self.rejected or self.elements_rejected)


class ExportIndex:
    """Exported annotations by our article id, kept in a temporary SQLite file, not in memory.

    ``pop(koen_id, default)`` hands over (and forgets) an article's (task id, annotation,
    task data) triples, the data cut to the texts and offsets a task showed; ``items()``
    yields what was never popped.  ``tasks`` counts the exported tasks.
    """

    def __init__(self, tasks: Iterable[dict[str, Any]], where: Path | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="koen-pull-", dir=where)
        self._db = sqlite3.connect(Path(self._dir.name) / "export.sqlite")
        self._db.execute("CREATE TABLE ann (koen_id TEXT, task_id INTEGER, body TEXT, shown TEXT)")
        self.tasks = 0
        rows: list[tuple] = []
        for task in tasks:
            self.tasks += 1
            data = task.get("data") or {}
            shown = json.dumps({k: data[k] for k in SHOWN if k in data}, ensure_ascii=False)
            rows += [(data.get(ID_KEY), task["id"], json.dumps(ann, ensure_ascii=False), shown)
                     for ann in task.get("annotations") or []]
            if len(rows) >= 1000:
                self._db.executemany("INSERT INTO ann VALUES (?, ?, ?, ?)", rows)
                rows = []
        self._db.executemany("INSERT INTO ann VALUES (?, ?, ?, ?)", rows)
        self._db.execute("CREATE INDEX ann_id ON ann (koen_id)")
        self._db.commit()

    def pop(self, koen_id: str | None, default=None):
        rows = self._db.execute("SELECT task_id, body, shown FROM ann WHERE koen_id IS ? ORDER BY rowid",
                                (koen_id,)).fetchall()
        if not rows:
            return default
        self._db.execute("DELETE FROM ann WHERE koen_id IS ?", (koen_id,))
        return [(task_id, json.loads(body), json.loads(shown)) for task_id, body, shown in rows]

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


def task_url(base: str, project_id: int | None, task_id: int | None) -> str:
    """The Label Studio address that opens ``task_id`` for labeling."""
    return f"{base}/projects/{project_id}/data?task={task_id}"


@dataclass
class PullContext:
    """What converting an article's annotations needs besides the annotations."""

    schema: Schema
    project: str
    users: dict[int, str]
    url: str = ""
    project_id: int | None = None


def _reject_row(art_id: str | None, task_id: int, ls_ann: dict[str, Any], ctx: PullContext, reasons: list[str],
                kept: bool) -> dict[str, Any]:
    return {"koen_id": art_id, "task_id": task_id, "annotation_id": ls_ann.get("id"),
            "annotator": annotator_name(ls_ann, ctx.users), "reasons": reasons, "kept_rest": kept,
            "url": task_url(ctx.url, ctx.project_id, task_id)}


def _note(stats: PullStats, row: dict[str, Any]) -> None:
    fix = [row["koen_id"], row["task_id"], row["url"]]
    if not stats.to_fix or stats.to_fix[-1] != fix:  # an article's rows come task by task
        stats.to_fix.append(fix)


def _convert(art: Article, items: list[tuple], ctx: PullContext, stats: PullStats,
             rejects: list[dict[str, Any]]) -> list[Annotation]:
    """Each annotator's annotations of ``art`` (one per task), merged per annotator."""
    parts: dict[tuple[str, int], list[Annotation]] = {}
    seen: dict[tuple[int, str], int] = {}
    for task_id, ls_ann, shown in sorted(items, key=lambda x: (x[0], x[1].get("id") or 0)):
        stats.annotations += 1
        if ls_ann.get("was_cancelled"):
            stats.cancelled += 1
            continue
        try:
            ann, problems = read_annotation(ls_ann, art, ctx.schema, project=ctx.project, task_id=task_id,
                                            users=ctx.users, shown=TaskText.of(shown, art))
        except Reject as exc:
            stats.rejected += 1
            rejects.append(_reject_row(art.id, task_id, ls_ann, ctx, exc.reasons, False))
            _note(stats, rejects[-1])
            continue
        stats.stored += 1
        if problems:
            stats.partial += 1
            stats.elements_rejected += len(problems)
            rejects.append(_reject_row(art.id, task_id, ls_ann, ctx, problems, True))
            _note(stats, rejects[-1])
        nth = seen[(task_id, ann.annotator)] = seen.get((task_id, ann.annotator), -1) + 1
        parts.setdefault((ann.annotator, nth), []).append(ann)
    return [merge_parts(anns) for anns in parts.values()]


def merge_parts(anns: list[Annotation]) -> Annotation:
    """One annotator's annotations of an article's tasks as one annotation (one task: unchanged)."""
    if len(anns) == 1:
        return anns[0]
    first = anns[0]
    choices: dict[str, list[str]] = {}
    for ann in anns:
        for name, values in ann.choices.items():
            choices[name] = choices.get(name, []) + [v for v in values if v not in choices.get(name, [])]
    times = [a.lead_time for a in anns if a.lead_time is not None]
    return Annotation(
        annotator=first.annotator, origin="human", spans=sorted((s for a in anns for s in a.spans),
                                                                key=lambda s: (s.lang, s.start, s.end, s.id)),
        events=sorted((e for a in anns for e in a.events), key=lambda e: e.id),
        links=[l for a in anns for l in a.links], choices=choices,
        notes="\n".join(a.notes for a in anns if a.notes), ground_truth=any(a.ground_truth for a in anns),
        created_at=min((a.created_at for a in anns if a.created_at), default=None),
        updated_at=max((a.updated_at for a in anns if a.updated_at), default=None),
        lead_time=sum(times) if times else None,
        meta={"ls_project": first.meta["ls_project"], "ls_task": [a.meta["ls_task"] for a in anns],
              "ls_annotation": [a.meta["ls_annotation"] for a in anns]})


def merge_stage(grouped: ExportIndex, ctx: PullContext, stats: PullStats, rejects: list[dict[str, Any]]):
    """The rewrite stage: swap in this project's human annotations, keep everything else."""
    def stage(arts: Iterable[Article]) -> Iterator[Article]:
        for art in arts:
            items = grouped.pop(art.id, None)
            if items is not None:
                new = _convert(art, items, ctx, stats, rejects)
                keep = [a for a in art.annotations if not (a.origin == "human" and a.meta.get("ls_project") == ctx.project)]
                if [a.to_dict() for a in keep + new] != [a.to_dict() for a in art.annotations]:
                    stats.articles_updated += 1
                art.annotations = keep + new
            yield art
    return stage


def unknown_rejects(grouped: ExportIndex, ctx: PullContext, stats: PullStats, rejects: list[dict[str, Any]]) -> None:
    """Annotated tasks whose article is not in the work folder: rejected, never dropped silently."""
    for koen_id, items in grouped.items():
        stats.unknown_tasks += 1
        for task_id, ls_ann, _shown in items:
            stats.annotations += 1
            stats.rejected += 1
            rejects.append(_reject_row(koen_id, task_id, ls_ann, ctx, ["article not in the work folder"], False))
            _note(stats, rejects[-1])


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
        ctx = PullContext(schema, project, studio.users(), url, proj.id)
        rewrite_articles(workdir, merge_stage(grouped, ctx, stats, rejects))
        unknown_rejects(grouped, ctx, stats, rejects)
    finally:
        grouped.close()
    with atomic_writer(workdir / REJECTS) as fh:
        for row in rejects:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    log.info("pull %s: %d annotations, %d stored (%d without %d invalid elements), %d rejected, %d cancelled",
             project, stats.annotations, stats.stored, stats.partial, stats.elements_rejected, stats.rejected,
             stats.cancelled)
    return stats
