"""Corpus statistics gathered while streaming, for the dataset card."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Annotation, Article
from .rows import low_quality


@dataclass
class Stats:
    """Counters only: constant memory whatever the corpus size."""

    articles: Counter = field(default_factory=Counter)          # by split
    annotated: Counter = field(default_factory=Counter)         # by split
    sentences: Counter = field(default_factory=Counter)         # by lang
    links: Counter = field(default_factory=Counter)             # by link type
    low_links: int = 0
    low_quality: Counter = field(default_factory=Counter)       # articles by flag
    entities: Counter = field(default_factory=Counter)          # by (lang, label)
    events: Counter = field(default_factory=Counter)            # by (lang, type)
    cross_links: int = 0
    sources: Counter = field(default_factory=Counter)
    methods: Counter = field(default_factory=Counter)
    quality_sum: float = 0.0
    quality_n: int = 0
    annotators: Counter = field(default_factory=Counter)        # by (origin, annotator)
    issues: Counter = field(default_factory=Counter)            # by kind
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    bytes: dict[tuple[str, str], int] = field(default_factory=dict)  # arrow bytes per (config, split)

    def add_article(self, art: Article, split: str, anns: list[Annotation]) -> None:
        """Count one article and the annotations selected for it."""
        self.articles[split] += 1
        self.annotated[split] += bool(anns)
        self.sources[art.source or "(none)"] += 1
        self.sentences["ko"] += len(art.sentences_ko)
        self.sentences["en"] += len(art.sentences_en)
        if art.alignment:
            self.methods[art.alignment.method or "(unnamed)"] += 1
            if art.alignment.quality is not None:
                self.quality_sum += art.alignment.quality
                self.quality_n += 1
            for link in art.alignment.links:
                self.links[link.kind] += 1
                self.low_links += link.low
        for flag in low_quality(art):
            self.low_quality[flag] += 1
        for a in anns:
            self._add_annotation(a)

    def _add_annotation(self, ann: Annotation) -> None:
        self.annotators[(ann.origin, ann.annotator)] += 1
        triggers = {e.trigger for e in ann.events}
        for s in ann.spans:
            if s.id not in triggers:
                self.entities[(s.lang, s.label)] += 1
        for e in ann.events:
            self.events[(e.lang, e.type)] += 1
        self.cross_links += len(ann.links)

    @property
    def mean_quality(self) -> float | None:
        return self.quality_sum / self.quality_n if self.quality_n else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (keys as strings, sorted)."""
        def flat(c: Counter) -> dict[str, int]:
            return {("/".join(k) if isinstance(k, tuple) else k): v for k, v in sorted(c.items())}
        return {"articles": flat(self.articles), "annotated_articles": flat(self.annotated),
                "sentences": flat(self.sentences), "links": flat(self.links),
                "low_confidence_links": self.low_links, "low_quality_articles": flat(self.low_quality),
                "entities": flat(self.entities),
                "events": flat(self.events), "cross_links": self.cross_links,
                "sources": flat(self.sources), "alignment_methods": flat(self.methods),
                "mean_alignment_quality": self.mean_quality, "annotators": flat(self.annotators),
                "issues": flat(self.issues), "rows": self.rows}
