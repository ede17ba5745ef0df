"""Scoring sentence alignments against gold, as in Vecalign and Bertalign.

Strict: a predicted link is a hit when identical to a gold link.  Precision is
over all predicted links (omissions included), recall over gold links with both
sides non-empty (and is computed against predicted links with both sides
non-empty).  Lax: a non-identical link still counts when one of its Korean
sentences is gold-linked to one of its English sentences.  Omission recall is
the share of gold 1-0 / 0-1 links predicted exactly.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import InputError

Pair = tuple[tuple[int, ...], tuple[int, ...]]


def as_pairs(links: Iterable[Any]) -> list[Pair]:
    """Links (``Link`` objects or ``[ko, en]`` lists) as hashable pairs."""
    out = []
    for link in links:
        ko, en = (link.ko, link.en) if hasattr(link, "ko") else link
        out.append((tuple(ko), tuple(en)))
    return out


def _counts(gold: Sequence[Pair], test: Sequence[Pair]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of ``test`` against ``gold``."""
    gold_set = {g for g in gold if g[0] or g[1]}
    linked: dict[int, set[int]] = defaultdict(set)
    for ko, en in gold_set:
        for k in ko:
            linked[k].update(en)
    sh = sm = lh = lm = 0
    for ko, en in {t for t in test if t[0] or t[1]}:
        if (ko, en) in gold_set:
            sh, lh = sh + 1, lh + 1
            continue
        sm += 1
        near = set().union(*(linked[k] for k in ko)) if ko else set()
        if near & set(en):
            lh += 1
        else:
            lm += 1
    return sh, sm, lh, lm


@dataclass
class Tally:
    """Running counts over documents."""

    p: tuple[int, int, int, int] = (0, 0, 0, 0)
    r: tuple[int, int, int, int] = (0, 0, 0, 0)
    omit_gold: int = 0
    omit_found: int = 0
    docs: int = 0

    def add(self, gold: Sequence[Pair], test: Sequence[Pair]) -> None:
        """Score one document."""
        both = lambda links: [x for x in links if x[0] and x[1]]  # noqa: E731
        self.p = tuple(a + b for a, b in zip(self.p, _counts(gold, test)))  # type: ignore[assignment]
        self.r = tuple(a + b for a, b in zip(self.r, _counts(both(test), both(gold))))  # type: ignore[assignment]
        omissions = {g for g in gold if bool(g[0]) != bool(g[1])}
        self.omit_gold += len(omissions)
        self.omit_found += len(omissions & set(test))
        self.docs += 1

    def result(self) -> dict[str, float]:
        """Precision, recall and F1 (strict and lax) and omission recall."""
        div = lambda a, b: a / b if b else 0.0  # noqa: E731
        f1 = lambda p, r: div(2 * p * r, p + r)  # noqa: E731
        ps, pl = div(self.p[0], self.p[0] + self.p[1]), div(self.p[2], self.p[2] + self.p[3])
        rs, rl = div(self.r[0], self.r[0] + self.r[1]), div(self.r[2], self.r[2] + self.r[3])
        return {"precision": ps, "recall": rs, "f1": f1(ps, rs), "precision_lax": pl,
                "recall_lax": rl, "f1_lax": f1(pl, rl),
                "omission_recall": div(self.omit_found, self.omit_gold),
                "omissions": self.omit_gold, "docs": self.docs}


def score_alignments(gold: Iterable[Sequence[Pair]], test: Iterable[Sequence[Pair]]) -> dict[str, float]:
    """Scores summed over documents (gold and test in the same order)."""
    tally = Tally()
    for g, t in zip(gold, test, strict=True):
        tally.add(as_pairs(g), as_pairs(t))
    return tally.result()


_FIELDS = ("doc_id", "ko_sentences", "en_sentences", "gold")


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    """Stream gold documents, checking the fields the scorer needs."""
    path = Path(path)
    if not path.exists():
        raise InputError("gold file not found", path=str(path))
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", path=str(path), line=lineno) from exc
            for name in _FIELDS:
                if name not in doc:
                    raise InputError("missing field", path=str(path), line=lineno, field=name)
            doc["gold"] = as_pairs(doc["gold"])
            yield doc


def _raw_doc(doc: dict[str, Any]) -> tuple[list[str], list[str], list[list[int]], list[list[int]]]:
    """Our own segmentation of ``ko_text`` / ``en_text`` and its map onto gold units."""
    from .raw import unit_map
    from ..segment import split_en, split_ko

    for name in ("ko_text", "en_text", "ko_spans", "en_spans"):
        if name not in doc:
            raise InputError("missing field needed by --raw", field=name, path=doc.get("doc_id"))
    ko_spans, en_spans = split_ko(doc["ko_text"]), split_en(doc["en_text"])
    ko = [doc["ko_text"][a:b] for a, b in ko_spans]
    en = [doc["en_text"][a:b] for a, b in en_spans]
    gold_ko = [tuple(s) for s in doc["ko_spans"]]
    gold_en = [tuple(s) for s in doc["en_spans"]]
    return ko, en, unit_map(ko_spans, gold_ko), unit_map(en_spans, gold_en)


def evaluate_gold(*, gold: Path, raw: bool = False, embedder: str | None = None,
                  aligner: Callable[[list[str], list[str]], list[Any]] | None = None,
                  batch_size: int = 64, progress: Callable[[int], None] | None = None,
                  params: Any = None) -> dict[str, Any]:
    """Align every gold document and score it; ``aligner`` replaces ours (baselines).

    ``raw`` segments ``ko_text`` / ``en_text`` ourselves and projects the links
    onto the gold units.  ``params`` (an ``AlignParams``) overrides the aligner's
    defaults.  The result includes wall-clock ``seconds`` (embedding
    included).
    """
    from .core import align_sentences
    from .raw import project
    from .embed import embed_many, get_embedder

    start = time.perf_counter()
    tally = Tally()
    emb = None if aligner else get_embedder(embedder)
    docs = read_gold(Path(gold))
    while batch := list(islice(docs, batch_size)):
        items = [_raw_doc(d) if raw else (d["ko_sentences"], d["en_sentences"], None, None)
                 for d in batch]
        if emb is not None:
            vecs = embed_many(emb, [it[0] for it in items] + [it[1] for it in items])
            kv, ev = vecs[:len(items)], vecs[len(items):]
        for n, (doc, (ko, en, kmap, emap)) in enumerate(zip(batch, items)):
            links = aligner(ko, en) if aligner else align_sentences(ko, en, ko_emb=kv[n], en_emb=ev[n],
                                                                           params=params)
            pairs = as_pairs(links)
            tally.add(doc["gold"], project(pairs, kmap, emap) if raw else pairs)
            if progress:
                progress(tally.docs)
    return {**tally.result(), "seconds": time.perf_counter() - start}
