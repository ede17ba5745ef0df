"""``koen adjudicate --review``: merged proposals back to Label Studio for a reviewer.

Each article whose merge left conflicts gets the merged annotation as a prediction
(``model_version="adjudication"``) on its own task (cut to each of its passage tasks in a
passage project), so a reviewer opens the task, starts
from the proposal, resolves the conflicts (listed in the prediction's notes) and
submits; marking that annotation as ground truth makes the next ``koen pull`` +
``koen adjudicate`` take it.  Sending again replaces a changed proposal and leaves an
unchanged one alone.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import httpx
from label_studio_sdk.core.api_error import ApiError

from corpus.model import Annotation, Article
from corpus.workdir import iter_articles

from .client import Studio, resolve
from .config import NOTES
from .client import Existing
from .convert import annotation_results, text_hash
from .units import restrict, units
from .errors import LabelStudioError
from .push import STUDIO_DIR

log = logging.getLogger(__name__)
MODEL_VERSION = "adjudication"


@dataclass
class ReviewStats:
    """Proposals by outcome; ``missing`` lists articles that have no task in the project."""

    proposals: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)


@contextmanager
def _errors(what: str, url: str) -> Iterator[None]:
    try:
        yield
    except ApiError as exc:
        raise LabelStudioError(f"{url}: {what} failed with HTTP {exc.status_code}: {str(exc.body)[:300]}") from None
    except httpx.HTTPError as exc:
        raise LabelStudioError(f"{url}: cannot reach Label Studio ({what}): {exc}") from None


def proposal(art: Article, project: str, *, all_merges: bool = False) -> Annotation | None:
    """The article's merged adjudication of ``project`` that needs a reviewer, if any."""
    for ann in art.annotations:
        meta = ann.meta
        if meta.get("adjudicated") and meta.get("project") == project and meta.get("source") != "ground_truth" \
                and (all_merges or meta.get("conflicts", 0) > 0):
            return ann
    return None


def proposal_result(ann: Annotation, conflicts: list[str]) -> list[dict[str, Any]]:
    """Label Studio result items of the proposal; the conflicts go into the notes box."""
    items = [r for r in annotation_results(ann) if r.get("from_name") != NOTES]
    text = "\n".join(x for x in [ann.notes, *(f"conflict: {c}" for c in conflicts)] if x)
    if text:
        items.append({"from_name": NOTES, "to_name": "ko", "type": "textarea", "value": {"text": [text]}})
    return items


def _send(studio: Studio, task_id: int, result: list[dict[str, Any]], stats: ReviewStats) -> None:
    """Create the proposal on the task, replacing an older different one."""
    with _errors("listing predictions", studio.url):
        old = [p for p in studio.sdk.predictions.list(task=task_id) if p.model_version == MODEL_VERSION]
    if len(old) == 1 and list(old[0].result or []) == result:
        stats.unchanged += 1
        return
    with _errors("replacing a proposal", studio.url):
        for pred in old:
            studio.sdk.predictions.delete(id=pred.id)
        studio.sdk.predictions.create(task=task_id, result=result, model_version=MODEL_VERSION)
    if old:
        stats.replaced += 1
    else:
        stats.created += 1


def _unit_hash(art: Article, unit) -> str:
    """The text hash push stored for a passage task (offsets and slices)."""
    return text_hash(*(f"{unit.range(lang)[0]}:{unit.text(art, lang)}" for lang in ("ko", "en")))


def targets(art: Article, ann: Annotation, index: dict[str, Existing]) -> list[tuple[int, Annotation]]:
    """The tasks of ``art`` and the part of ``ann`` each shows (none if the tasks changed since push)."""
    if art.id in index:
        return [(index[art.id].task_id, ann)]
    models = [a for a in art.annotations if a.origin == "model"]
    out = []
    for unit in units(art, models, "passage"):
        old = index.get(unit.key)
        if old is None or old.text_hash != _unit_hash(art, unit):
            return []
        out.append((old.task_id, restrict(ann, unit)[0]))
    return out


def review(*, workdir: Path, project: str, conflicts: dict[str, list[str]] | None = None, url: str | None = None,
           token: str | None = None, studio_dir: Path | None = None, all_merges: bool = False) -> ReviewStats:
    """Send each merged proposal with conflicts (or every merge) to its task in ``project``."""
    workdir = Path(workdir)
    url, token = resolve(url=url, token=token, studio_dir=studio_dir or workdir / STUDIO_DIR)
    studio = Studio(url, token)
    proj = studio.find_project(project)
    if proj is None:
        raise LabelStudioError(f"{url}: no project titled {project!r}")
    index, stats = studio.task_index(proj.id), ReviewStats()
    for art in iter_articles(workdir):
        ann = proposal(art, project, all_merges=all_merges)
        if ann is None:
            continue
        stats.proposals += 1
        found = targets(art, ann, index)
        if not found:
            stats.missing.append(art.id)
            continue
        for task_id, part in found:
            _send(studio, task_id, proposal_result(part, (conflicts or {}).get(art.id, [])), stats)
    log.info("review %s: %d proposals, %d created, %d replaced, %d unchanged, %d without task", project,
             stats.proposals, stats.created, stats.replaced, stats.unchanged, len(stats.missing))
    return stats
