"""``koen push``: articles of a work folder to Label Studio tasks, as an idempotent diff.

Our article id rides in each task (``data.koen_id``, and with a content hash in the
task's ``meta``).  Push lists the project's task index once (id, hash, annotation
count per article id), then diffs each batch against it: new articles are imported (with
predictions), unchanged ones are left alone, changed ones are updated, except that a task
a human has annotated is never given new text (its annotations point into the text): it is
reported as a conflict.  A push cut short resumes on re-run with no duplicates.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from corpus.errors import InputError
from corpus.model import Annotation, Article
from corpus.workdir import count_articles as _count, iter_articles

from .client import Existing, Studio, resolve
from .config import config_variables, label_config
from .convert import HASH_KEY, ID_KEY, PRED_HASH_KEY, TEXT_HASH_KEY, article_task
from .schema import Schema, load_schema

log = logging.getLogger(__name__)
Predictor = Callable[[Article], list[Annotation]]
STUDIO_DIR = ".studio"


@dataclass
class PushStats:
    """What a push did, by outcome."""

    articles: int = 0
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    predictions: int = 0
    conflicts: list[str] = field(default_factory=list)
    project_id: int | None = None

    @property
    def writes(self) -> int:
        return self.created + self.updated


def count_articles(workdir: Path) -> int | None:
    """Number of articles in the work folder (for a progress bar total)."""
    return _count(workdir)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _check_prediction(art: Article, pred: dict[str, Any], schema: Schema) -> None:
    """A prediction's regions must match the text and use labels of the schema."""
    for item in pred["result"]:
        if item.get("type") != "labels":
            continue
        lang, v = item["to_name"], item["value"]
        if art.text(lang)[v["start"]:v["end"]] != v["text"]:
            raise InputError(f"prediction region {item['id']} [{v['start']}:{v['end']}] does not match the "
                             f"{lang} text", path=str(art.id), field="annotations")
        label = v["labels"][0]
        if label not in schema.entity_types and not schema.is_trigger(label):
            raise InputError(f"prediction label {label!r} is not in the schema", path=str(art.id), field="annotations")


def validate_task(art: Article, task: dict[str, Any], variables: set[str], schema: Schema) -> None:
    """Check a task against the labeling config before it is sent."""
    data = task["data"]
    if not art.id:
        raise InputError("article without id", field="id")
    missing = [v for v in variables if not isinstance(data.get(v), str)]
    if missing:
        raise InputError(f"task lacks text fields {missing}", path=str(art.id), field=missing[0])
    for pred in task.get("predictions", []):
        _check_prediction(art, pred, schema)


def _tasks(batch: list[Article], predictor: Predictor | None, variables: set[str],
           schema: Schema, seen: set[str]) -> list[dict[str, Any]]:
    tasks = []
    for art in batch:
        if art.id in seen:
            raise InputError(f"duplicate article id {art.id!r}", field="id")
        seen.add(art.id)
        task = article_task(art, predictor(art) if predictor else [])
        validate_task(art, task, variables, schema)
        tasks.append(task)
    return tasks


def _diff_one(studio: Studio, task: dict[str, Any], old: Existing, stats: PushStats) -> None:
    """Leave an unchanged task, update a changed one unless a human has annotated its text.

    An annotated task whose two texts are the same (only the titles, the alignment table or
    the predictions changed) is updated: its annotations point into the texts, which stay.
    """
    same_data = old.content_hash == task["data"][HASH_KEY]
    same_preds = old.predictions_hash == task["meta"].get(PRED_HASH_KEY)
    same_text = old.text_hash is not None and old.text_hash == task["meta"].get(TEXT_HASH_KEY)
    if same_data and same_preds:
        stats.unchanged += 1
    elif old.annotations and not same_text:
        stats.conflicts.append(task["data"][ID_KEY])
        log.warning("article %s changed but task %d has annotations: left alone", task["data"][ID_KEY], old.task_id)
    else:
        studio.update_task(old.task_id, task)
        if not same_preds:
            studio.replace_predictions(old.task_id, task.get("predictions", []))
            stats.predictions += len(task.get("predictions", []))
        stats.updated += 1


def _push_batch(studio: Studio, pid: int, tasks: list[dict[str, Any]], existing: dict[str, Existing],
                stats: PushStats) -> None:
    """Diff one batch against the project's task index and write only what differs."""
    new = [t for t in tasks if t["data"][ID_KEY] not in existing]
    for task in tasks:
        old = existing.get(task["data"][ID_KEY])
        if old is not None:
            _diff_one(studio, task, old, stats)
    if new:
        studio.import_tasks(pid, new)
        stats.created += len(new)
        stats.predictions += sum(len(t.get("predictions", [])) for t in new)


def push(*, workdir: Path, project: str, url: str | None = None, token: str | None = None,
         studio_dir: Path | None = None, schema_path: Path | None = None, predictor: Predictor | None = None,
         batch_size: int = 1000, progress: Callable[[int], None] | None = None) -> PushStats:
    """Push every article of ``workdir`` to project ``project``; return what was written."""
    workdir = Path(workdir)
    schema = load_schema(schema_path)
    config = label_config(schema)
    variables = config_variables(config)
    url, token = resolve(url=url, token=token, studio_dir=studio_dir or workdir / STUDIO_DIR)
    studio = Studio(url, token)
    stats = PushStats(project_id=studio.project(project, config))
    seen: set[str] = set()
    existing = studio.task_index(stats.project_id)
    for batch in _batches(iter_articles(workdir), batch_size):
        _push_batch(studio, stats.project_id, _tasks(batch, predictor, variables, schema, seen), existing, stats)
        stats.articles += len(batch)
        if progress:
            progress(len(batch))
    log.info("push %s: %d articles, %d created, %d updated, %d unchanged, %d conflicts", project,
             stats.articles, stats.created, stats.updated, stats.unchanged, len(stats.conflicts))
    return stats
