"""Per-annotator counts and time (Label Studio's lead time, in seconds)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ..model import Annotation
from .items import entity_spans


class AnnotatorStats:
    """Articles, spans, events, links and seconds spent, per annotator."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(self, annotations: Iterable[Annotation]) -> None:
        """Count one article's annotations (one per annotator)."""
        for ann in annotations:
            row = self.rows[ann.annotator]
            row["articles"] += 1
            row["spans"] += len(entity_spans(ann))
            row["events"] += len(ann.events)
            row["links"] += len(ann.links)
            if ann.lead_time is not None:
                row["timed"] += 1
                row["seconds"] += float(ann.lead_time)

    def result(self) -> dict[str, dict[str, Any]]:
        out = {}
        for name, row in sorted(self.rows.items()):
            timed = int(row["timed"])
            out[name] = {"articles": int(row["articles"]), "spans": int(row["spans"]),
                         "events": int(row["events"]), "links": int(row["links"]),
                         "seconds": round(row["seconds"], 3),
                         "seconds_per_article": round(row["seconds"] / timed, 3) if timed else None}
        return out
