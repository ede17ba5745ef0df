"""Which annotations of an article get exported (gold, silver, one or all annotators).

Rule for one human annotation per article (documented in the card):

1. an annotation marked ``ground_truth`` (the adjudicated one) wins; among several,
   the most recently updated;
2. otherwise the annotator with the most spans plus events over all their
   annotations of the article (ties: most recent ``updated_at``, then name);
   of that annotator, the most recently updated annotation.

Model annotations (pre-annotations) are exported only on request, as a silver
source: the most recently updated one per article, or all with ``all_annotators``.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..model import Annotation, Article

SELECTION_RULE = (
    "the annotation marked ground_truth (adjudicated) if any, most recently updated first; "
    "otherwise the annotator with the most spans+events on the article (ties: latest "
    "updated_at, then annotator name), using that annotator's most recently updated annotation"
)


def _recency(ann: Annotation) -> str:
    return ann.updated_at or ann.created_at or ""


def _size(ann: Annotation) -> int:
    return len(ann.spans) + len(ann.events)


def _latest(anns: Iterable[Annotation]) -> Annotation:
    return max(anns, key=lambda a: (_recency(a), a.annotator))


def pick_one(anns: list[Annotation]) -> Annotation | None:
    """The single annotation the documented rule selects, or None."""
    if not anns:
        return None
    gold = [a for a in anns if a.ground_truth]
    if gold:
        return _latest(gold)
    by_annotator: dict[str, list[Annotation]] = defaultdict(list)
    for a in anns:
        by_annotator[a.annotator].append(a)
    best = max(by_annotator.items(), key=lambda kv: (sum(_size(a) for a in kv[1]),
                                                     max(_recency(a) for a in kv[1]), kv[0]))
    return _latest(best[1])


def select_annotations(article: Article, *, include_predictions: bool = False,
                       all_annotators: bool = False) -> list[Annotation]:
    """Human annotations by the rule (or all), then model ones if asked for."""
    human = [a for a in article.annotations if a.origin == "human"]
    model = [a for a in article.annotations if a.origin == "model"]
    if all_annotators:
        chosen = sorted(human, key=lambda a: (a.annotator, _recency(a)))
    else:
        one = pick_one(human)
        chosen = [one] if one else []
    if include_predictions and model:
        chosen += sorted(model, key=lambda a: (a.annotator, _recency(a))) if all_annotators \
            else [_latest(model)]
    return chosen
