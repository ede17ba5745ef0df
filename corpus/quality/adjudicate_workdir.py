"""``koen adjudicate``: store one final annotation per article; list conflicts in adjudication.json.

The final annotation is stored as an ``Annotation`` by ``adjudicated`` (origin human,
``ground_truth`` set, ``meta.adjudicated``), replacing the previous adjudication of
the same project, so running again with the same annotations changes nothing.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from ..model import Article
from ..workdir import atomic_writer, rewrite_articles
from .adjudicate import Outcome, adjudicate_article

log = logging.getLogger(__name__)
ADJUDICATION_JSON = "adjudication.json"


@dataclass
class AdjudicationStats:
    """Articles by outcome and conflicts by kind."""

    articles: int = 0
    adjudicated: int = 0
    sources: Counter = field(default_factory=Counter)
    with_conflicts: int = 0
    conflicts: Counter = field(default_factory=Counter)

    def add(self, out: Outcome) -> None:
        self.adjudicated += 1
        self.sources[out.source] += 1
        self.with_conflicts += bool(out.conflicts)
        self.conflicts.update(c["kind"] for c in out.conflicts)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "adjudicated": self.adjudicated, "sources": dict(sorted(self.sources.items())),
                "with_conflicts": self.with_conflicts, "conflicts": sum(self.conflicts.values()),
                "conflicts_by_kind": dict(sorted(self.conflicts.items()))}


def _is_previous(ann, project: str | None) -> bool:
    return bool(ann.meta.get("adjudicated")) and ann.meta.get("project") == project


def adjudication_stage(project: str | None, stats: AdjudicationStats, fh: TextIO):
    """Replace each article's adjudication; write one JSON entry per adjudicated article to ``fh``."""
    def stage(arts: Iterable[Article]) -> Iterator[Article]:
        for art in arts:
            stats.articles += 1
            out = adjudicate_article(art, project=project)
            art.annotations = [a for a in art.annotations if not _is_previous(a, project)]
            if out is not None:
                art.annotations.append(out.annotation)
                stats.add(out)
                entry = {"id": art.id, "source": out.source, "annotators": out.annotators, "conflicts": out.conflicts}
                fh.write(("" if stats.adjudicated == 1 else ",\n") + json.dumps(entry, ensure_ascii=False))
            yield art
    return stage


def adjudicate(*, workdir: Path, project: str | None) -> AdjudicationStats:
    """Adjudicate every annotated article of ``workdir`` (annotations from ``project`` only, if given)."""
    stats = AdjudicationStats()
    with atomic_writer(Path(workdir) / ADJUDICATION_JSON) as fh:
        fh.write(f'{{"project": {json.dumps(project, ensure_ascii=False)},\n"articles": [\n')
        rewrite_articles(workdir, adjudication_stage(project, stats, fh))
        fh.write(f'\n],\n"summary": {json.dumps(stats.to_dict(), ensure_ascii=False)}}}\n')
    log.info("adjudicated %d of %d articles; %d with conflicts", stats.adjudicated, stats.articles, stats.with_conflicts)
    return stats


def read_conflicts(workdir: Path) -> dict[str, list[str]]:
    """Conflicts of the last adjudication as one line each, by article id."""
    from .adjudicate import describe

    path = Path(workdir) / ADJUDICATION_JSON
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {e["id"]: [describe(c) for c in e["conflicts"]] for e in data["articles"] if e["conflicts"]}
