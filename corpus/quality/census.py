"""Corpus counts for the report, accumulated one article at a time.

Scores are kept as counts per 0.01 bin, so memory stays bounded however large the
corpus.  Entities and events are counted on the one human annotation per article
that the export would take (adjudicated or ground truth first).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..export.select import pick_one
from ..model import LANGS, Article
from .items import annotator_views, entity_spans, is_final

BIN = 0.01


def _bin(x: float) -> float:
    return round(round(x / BIN) * BIN, 2)


class Census:
    """Articles, sentences, links, scores, entities, events and annotation progress."""

    def __init__(self) -> None:
        self.articles = 0
        self.sentences: Counter = Counter()
        self.link_kinds: Counter = Counter()
        self.scores: dict[bool, Counter] = {False: Counter(), True: Counter()}
        self.quality: Counter = Counter()
        self.unaligned = 0
        self.entities: Counter = Counter()
        self.events: Counter = Counter()
        self.cross_links = 0
        self.progress: Counter = Counter()
        self.finals = 0
        self.predicted = 0

    def add(self, art: Article) -> None:
        """Count one article."""
        self.articles += 1
        for lang in LANGS:
            self.sentences[lang] += len(art.sentences(lang))
        self._alignment(art)
        self._annotations(art)

    def _alignment(self, art: Article) -> None:
        if art.alignment is None:
            self.unaligned += 1
            return
        for link in art.alignment.links:
            self.link_kinds[link.kind] += 1
            if link.ko and link.en:
                self.scores[link.low][_bin(link.score)] += 1
        if art.alignment.quality is not None:
            self.quality[_bin(art.alignment.quality)] += 1

    def _annotations(self, art: Article) -> None:
        humans = [a for a in art.annotations if a.origin == "human"]
        n = len(annotator_views(art))
        self.progress["0" if n == 0 else "1" if n == 1 else "2+"] += 1
        self.finals += any(is_final(a) for a in humans)
        self.predicted += any(a.origin == "model" for a in art.annotations)
        chosen = pick_one(humans)
        if chosen is None:
            return
        for span in entity_spans(chosen):
            self.entities[(span.lang, span.label)] += 1
        for ev in chosen.events:
            self.events[(ev.lang, ev.type)] += 1
        self.cross_links += len(chosen.links)

    @property
    def links(self) -> int:
        return sum(self.link_kinds.values())

    @property
    def low_links(self) -> int:
        return sum(self.scores[True].values())

    @property
    def scored_links(self) -> int:
        return sum(sum(c.values()) for c in self.scores.values())

    def result(self) -> dict[str, Any]:
        """Plain counts, as written beside the report."""
        return {"articles": self.articles, "sentences": dict(self.sentences), "links": self.links,
                "link_kinds": dict(sorted(self.link_kinds.items())), "low_links": self.low_links,
                "scored_links": self.scored_links, "unaligned": self.unaligned,
                "entities": {f"{l}:{t}": n for (l, t), n in sorted(self.entities.items())},
                "events": {f"{l}:{t}": n for (l, t), n in sorted(self.events.items())},
                "cross_links": self.cross_links, "progress": {k: self.progress[k] for k in ("0", "1", "2+")},
                "adjudicated": self.finals, "pre_annotated": self.predicted}
