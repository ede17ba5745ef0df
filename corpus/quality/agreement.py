"""Inter-annotator agreement over a work folder, streamed article by article.

For each article with two or more human annotators, every pair of annotators is
compared on entity spans (exact and overlap F1 per language and label), on the
characters of each side (Cohen's kappa per pair, Krippendorff's alpha over all),
on events (trigger identification and type, argument identification and role) and
on cross-lingual links.  Counts are micro-averaged over pairs and articles.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from ..model import LANGS, Annotation, Article
from ..workdir import iter_articles, write_json
from . import items
from .metrics import PairCounts, add_unit, cohen_kappa, exact_counts, krippendorff_alpha, overlap_counts
from .people import AnnotatorStats

log = logging.getLogger(__name__)
AGREEMENT_JSON = "agreement.json"
EVENT_MEASURES = ("trigger_id", "trigger_type", "argument_id", "argument_role")


def pair_name(a: str, b: str) -> str:
    return f"{a} | {b}"


class Agreement:
    """Accumulates pairwise counts article by article; :meth:`result` turns them into figures."""

    def __init__(self) -> None:
        self.articles = self.compared = 0
        self.exact: dict[tuple[str, str], PairCounts] = defaultdict(PairCounts)
        self.overlap: dict[tuple[str, str], PairCounts] = defaultdict(PairCounts)
        self.pairs: dict[str, dict[str, PairCounts]] = defaultdict(lambda: defaultdict(PairCounts))
        self.events: dict[tuple[str, str], PairCounts] = defaultdict(PairCounts)
        self.links: dict[str, PairCounts] = defaultdict(PairCounts)
        self.confusion: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.coincidence: dict[str, Counter] = defaultdict(Counter)
        self.people = AnnotatorStats()

    def add(self, art: Article) -> None:
        """Compare the human annotators of one article."""
        self.articles += 1
        views = items.annotator_views(art)
        self.people.add(views.values())
        if len(views) < 2:
            return
        self.compared += 1
        for (a, ann_a), (b, ann_b) in combinations(views.items(), 2):
            self._spans(pair_name(a, b), ann_a, ann_b)
            self._events(pair_name(a, b), ann_a, ann_b)
            self._links(pair_name(a, b), ann_a, ann_b)
        self._characters(art, views)

    def _spans(self, pair: str, a: Annotation, b: Annotation) -> None:
        ka, kb = items.entity_keys(a), items.entity_keys(b)
        for lang, label in {(k[0], k[3]) for k in ka | kb}:
            sa = [k for k in ka if (k[0], k[3]) == (lang, label)]
            sb = [k for k in kb if (k[0], k[3]) == (lang, label)]
            exact = exact_counts(set(sa), set(sb))
            overlap = overlap_counts([k[1:3] for k in sa], [k[1:3] for k in sb])
            self.exact[(lang, label)].add(exact)
            self.overlap[(lang, label)].add(overlap)
            self.pairs[pair]["exact"].add(exact)
            self.pairs[pair]["overlap"].add(overlap)

    def _events(self, pair: str, a: Annotation, b: Annotation) -> None:
        views = {"trigger_type": items.trigger_keys, "argument_role": items.argument_keys}
        for measure, fn in views.items():
            ka, kb = fn(a), fn(b)
            strip = (lambda k: k[:3]) if measure == "trigger_type" else (lambda k: k[:3] + k[5:])
            loose = "trigger_id" if measure == "trigger_type" else "argument_id"
            for lang in LANGS:
                sa, sb = {k for k in ka if k[0] == lang}, {k for k in kb if k[0] == lang}
                self.events[(measure, lang)].add(exact_counts(sa, sb))
                self.events[(loose, lang)].add(exact_counts({strip(k) for k in sa}, {strip(k) for k in sb}))
        self.pairs[pair]["trigger_type"].add(exact_counts(items.trigger_keys(a), items.trigger_keys(b)))

    def _links(self, pair: str, a: Annotation, b: Annotation) -> None:
        ka, kb = items.link_keys(a), items.link_keys(b)
        for kind in {k[2] for k in ka | kb}:
            self.links[kind].add(exact_counts({k for k in ka if k[2] == kind}, {k for k in kb if k[2] == kind}))
        self.pairs[pair]["links"].add(exact_counts(ka, kb))

    def _characters(self, art: Article, views: dict[str, Annotation]) -> None:
        for lang in LANGS:
            n = len(art.text(lang))
            labels = {name: items.char_labels(ann, lang, n) for name, ann in views.items()}
            for a, b in combinations(labels, 2):
                self.confusion[(pair_name(a, b), lang)].update(zip(labels[a], labels[b]))
            for unit in zip(*labels.values()):
                add_unit(self.coincidence[lang], unit)

    def result(self) -> dict[str, Any]:
        """Every figure as plain JSON-ready data."""
        return {"articles": self.articles, "articles_compared": self.compared,
                "annotators": self.people.result(),
                "spans": _span_result(self.exact, self.overlap),
                "characters": self._char_result(),
                "events": {m: {lang: self.events[(m, lang)].to_dict() for lang in LANGS} for m in EVENT_MEASURES},
                "links": {"all": _total(self.links.values()).to_dict(),
                          "by_type": {k: v.to_dict() for k, v in sorted(self.links.items())}},
                "pairs": {p: {m: c.to_dict() for m, c in sorted(ms.items())} for p, ms in sorted(self.pairs.items())}}

    def _char_result(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for lang in LANGS:
            kappas = {p: _round(cohen_kappa(c)) for (p, l), c in sorted(self.confusion.items()) if l == lang}
            chars = sum(sum(c.values()) for (p, l), c in self.confusion.items() if l == lang)
            out[lang] = {"alpha": _round(krippendorff_alpha(self.coincidence[lang])), "kappa": kappas,
                         "pair_characters": chars}
        return out


def _total(counts: Iterable[PairCounts]) -> PairCounts:
    out = PairCounts()
    for c in counts:
        out.add(c)
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _span_result(exact: dict, overlap: dict) -> dict[str, Any]:
    """Span F1 overall, per language, and per (language, label)."""
    out: dict[str, Any] = {"all": {"exact": _total(exact.values()).to_dict(),
                                   "overlap": _total(overlap.values()).to_dict()}, "by_lang": {}, "by_label": {}}
    for lang in LANGS:
        keys = [k for k in exact if k[0] == lang]
        out["by_lang"][lang] = {"exact": _total(exact[k] for k in keys).to_dict(),
                                "overlap": _total(overlap[k] for k in keys).to_dict()}
        out["by_label"][lang] = {k[1]: {"exact": exact[k].to_dict(), "overlap": overlap[k].to_dict()}
                                 for k in sorted(keys)}
    return out


def agreement_of(articles: Iterable[Article]) -> dict[str, Any]:
    """Agreement figures over a stream of articles."""
    acc = Agreement()
    for art in articles:
        acc.add(art)
    return acc.result()


def agreement(*, workdir: Path) -> dict[str, Any]:
    """Agreement over ``workdir``'s articles; also written to ``WORKDIR/agreement.json``."""
    result = agreement_of(iter_articles(workdir))
    write_json(Path(workdir) / AGREEMENT_JSON, result)
    log.info("agreement: %d articles, %d with two or more annotators", result["articles"], result["articles_compared"])
    return result
