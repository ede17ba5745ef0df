"""``koen push``: articles of a work folder to Label Studio tasks, as an idempotent diff.

Our article id rides in each task (``data.koen_id``, and with a content hash in the
task's ``meta``).  Push lists the project's task index once (id, hash, annotation
count per article id), then diffs each batch against it: new articles are imported (with
predictions), unchanged ones are left alone, changed ones are updated, except that a task
a human has annotated is never given new text (its annotations point into the text): it is
reported as a conflict, and its predictions are never replaced (the annotator started from
them).  A push cut short resumes on re-run with no duplicates.

A task is a passage of aligned sentence pairs (``unit="passage"``, the default) or a whole
article (``unit="article"``); a project holds one kind only.  No task carries more than
``max_relations`` predicted relations, so no task opens with more arrows than that.
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
from .config import GUIDE, config_variables, label_config
from .convert import HASH_KEY, ID_KEY, PRED_HASH_KEY, TEXT_HASH_KEY, unit_task
from .errors import ConflictError
from .schema import Schema, load_schema
from .units import MAX_RELATIONS, UNITS, units
from .views import ORDERS, set_view

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
    tasks: int = 0
    predictions: int = 0
    relations_left_out: int = 0
    max_relations_drawn: int = 0
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


def _check_prediction(art: Article, data: dict[str, Any], pred: dict[str, Any], schema: Schema) -> None:
    """A prediction's regions must match the task text and use labels of the schema."""
    for item in pred["result"]:
        if item.get("type") != "labels":
            continue
        lang, v = item["to_name"], item["value"]
        if data[f"text_{lang}"][v["start"]:v["end"]] != v["text"]:
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
        _check_prediction(art, data, pred, schema)


@dataclass(frozen=True)
class Plan:
    """How articles become tasks: the unit, the relation cap, an optional extra predictor."""

    unit: str = "passage"
    max_relations: int = MAX_RELATIONS
    predictor: Predictor | None = None


def _relations(task: dict[str, Any]) -> int:
    return max((sum(1 for r in p["result"] if r.get("type") == "relation") for p in task.get("predictions", [])),
               default=0)


def _tasks(batch: list[Article], plan: Plan, variables: set[str], schema: Schema, seen: set[str],
           stats: PushStats) -> list[dict[str, Any]]:
    tasks = []
    for art in batch:
        if art.id in seen:
            raise InputError(f"duplicate article id {art.id!r}", field="id")
        seen.add(art.id)
        extra = plan.predictor(art) if plan.predictor else []
        models = [a for a in list(art.annotations) + list(extra) if a.origin == "model"]
        for unit in units(art, models, plan.unit, max_relations=plan.max_relations):
            task, left_out = unit_task(art, unit, extra, plan.max_relations, set(schema.event_types))
            validate_task(art, task, variables, schema)
            stats.relations_left_out += left_out
            stats.max_relations_drawn = max(stats.max_relations_drawn, _relations(task))
            tasks.append(task)
    return tasks


def _diff_one(studio: Studio, task: dict[str, Any], old: Existing, stats: PushStats) -> None:
    """Leave an unchanged task, update a changed one unless a human has annotated its text.

    An annotated task whose texts are the same (only titles or the alignment table changed)
    gets the new data, but keeps its predictions: its annotator started from them, and a
    reviewer comparing annotation and prediction should see what the annotator saw.
    """
    key = task["meta"][ID_KEY]
    same_data = old.content_hash == task["data"][HASH_KEY]
    same_preds = old.predictions_hash == task["meta"].get(PRED_HASH_KEY)
    same_text = old.text_hash is not None and old.text_hash == task["meta"].get(TEXT_HASH_KEY)
    if same_data and (same_preds or old.annotations):
        stats.unchanged += 1
    elif old.annotations and not same_text:
        stats.conflicts.append(key)
        log.warning("%s changed but task %d has annotations: left alone", key, old.task_id)
    elif old.annotations:
        meta = {**task["meta"], PRED_HASH_KEY: old.predictions_hash}
        studio.update_task(old.task_id, {"data": task["data"], "meta": {k: v for k, v in meta.items() if v}})
        stats.updated += 1
    else:
        studio.update_task(old.task_id, task)
        if not same_preds:
            studio.replace_predictions(old.task_id, task.get("predictions", []))
            stats.predictions += len(task.get("predictions", []))
        stats.updated += 1


def _push_batch(studio: Studio, pid: int, tasks: list[dict[str, Any]], existing: dict[str, Existing],
                stats: PushStats) -> None:
    """Diff one batch against the project's task index and write only what differs."""
    new = [t for t in tasks if t["meta"][ID_KEY] not in existing]
    for task in tasks:
        old = existing.get(task["meta"][ID_KEY])
        if old is not None:
            _diff_one(studio, task, old, stats)
    if new:
        studio.import_tasks(pid, new)
        stats.created += len(new)
        stats.predictions += sum(len(t.get("predictions", [])) for t in new)
    stats.tasks += len(tasks)


def _check_unit(existing: dict[str, Existing], unit: str, project: str) -> None:
    """A project holds one kind of task: mixing them would ask for the same work twice."""
    if unit not in UNITS:
        raise InputError(f"unknown task unit {unit!r} (expected one of {', '.join(UNITS)})", field="unit")
    other = sorted({old.unit for old in existing.values()} - {unit})
    if other:
        raise ConflictError(f"project {project!r} holds {other[0]} tasks: push with --unit {other[0]}, "
                            f"or push {unit} tasks to another project")


def push(*, workdir: Path, project: str, url: str | None = None, token: str | None = None,
         studio_dir: Path | None = None, schema_path: Path | None = None, predictor: Predictor | None = None,
         unit: str = "passage", max_relations: int = MAX_RELATIONS, order: str | None = "uncertainty",
         batch_size: int = 1000, progress: Callable[[int], None] | None = None) -> PushStats:
    """Push every article of ``workdir`` to project ``project``; return what was written.

    ``order`` names the data manager view koen sets up (``id``, ``alignment``: lowest
    alignment quality first, ``uncertainty``: lowest prediction score first; None: leave views alone).
    """
    workdir = Path(workdir)
    schema = load_schema(schema_path)
    config = label_config(schema)
    variables = config_variables(config)
    if order is not None and order not in ORDERS:
        raise InputError(f"unknown task order {order!r} (expected one of {', '.join(ORDERS)})", field="order")
    url, token = resolve(url=url, token=token, studio_dir=studio_dir or workdir / STUDIO_DIR)
    studio = Studio(url, token)
    stats = PushStats(project_id=studio.project(project, config, instructions=GUIDE))
    existing = studio.task_index(stats.project_id)
    _check_unit(existing, unit, project)
    plan, seen = Plan(unit, max_relations, predictor), set()
    for batch in _batches(iter_articles(workdir), batch_size):
        _push_batch(studio, stats.project_id, _tasks(batch, plan, variables, schema, seen, stats), existing, stats)
        stats.articles += len(batch)
        if progress:
            progress(len(batch))
    if order is not None:
        set_view(studio, stats.project_id, order)
    log.info("push %s: %d articles, %d tasks, %d created, %d updated, %d unchanged, %d conflicts", project,
             stats.articles, stats.tasks, stats.created, stats.updated, stats.unchanged, len(stats.conflicts))
    return stats
