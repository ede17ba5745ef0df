"""How well the pre-annotation model did on the articles people annotated, in annotation order.

For every article with a human annotation (the ground-truth one first, else the latest) and
a model annotation of ``koen-pre``, the model's entities are scored against the human's
(exact span and type).  Articles are ordered by when the human annotation was made and cut
into batches, so the report shows the model's F1 on newly annotated tasks as annotation
goes on (and whether retraining with ``koen train`` helped).  The model annotation is the
one stored with the article: re-running ``koen preannotate`` with a model trained on these
articles scores it on its own training data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Annotation, Article

ENTITY_LABELS = {"PS", "OG", "GPE", "LC", "FAC", "NORP", "DT", "TI", "QT", "MONEY"}
MODEL = "koen-pre"


def _human(art: Article) -> Annotation | None:
    humans = [a for a in art.annotations if a.origin == "human" and a.spans]
    pick = [a for a in humans if a.ground_truth] or humans
    return max(pick, key=lambda a: a.updated_at or a.created_at or "") if pick else None


def _keys(ann: Annotation) -> set[tuple]:
    return {(s.lang, s.start, s.end, s.label) for s in ann.spans if s.label in ENTITY_LABELS}


@dataclass
class ModelTrack:
    """Accumulates ``(time, model_version, tp, fp, fn)`` per annotated article."""

    rows: list[tuple[str, str, int, int, int]] = field(default_factory=list)

    def add(self, art: Article) -> None:
        human = _human(art)
        models = [a for a in art.annotations if a.origin == "model" and a.annotator == MODEL]
        if human is None or not models:
            return
        g, p = _keys(human), _keys(models[-1])
        self.rows.append((human.created_at or human.updated_at or "", models[-1].model_version or "",
                          len(g & p), len(p - g), len(g - p)))

    def batches(self, n: int = 10) -> list[tuple[str, str, int, float | None]]:
        """``(first time, model versions, articles, F1)`` for up to ``n`` batches in annotation order."""
        rows = sorted(self.rows)
        size = max(1, -(-len(rows) // n))
        out = []
        for i in range(0, len(rows), size):
            part = rows[i:i + size]
            tp, fp, fn = (sum(r[k] for r in part) for k in (2, 3, 4))
            f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
            out.append((part[0][0][:16], ", ".join(sorted({r[1] for r in part})), len(part), f1))
        return out
