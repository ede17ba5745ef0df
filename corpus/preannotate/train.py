"""Train the learned tagger, cross-validate it, and write versioned model folders.

:func:`build_examples` turns ``(Article, gold spans)`` pairs into per-language documents
(CRF features from the rule pre-annotator's evidence, gold BIO tags);
:func:`cross_validate` scores k folds by document (exact span and type, per type);
:func:`train_model` writes a model folder; :func:`train_workdir` is ``koen train``.
"""
from __future__ import annotations

import logging
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..errors import WorkdirError
from ..model import Article
from . import crf
from .learned import Side
from .model_io import LANGS, load_model, next_version, write_meta
from .train_data import KLUE_TYPES, Gold, from_spans_jsonl, from_workdir, klue_to_schema

log = logging.getLogger(__name__)


@dataclass
class Doc:
    """One side of one training document."""

    id: str
    side: Side
    gold: set[tuple[int, int, str]]
    xseqs: list[list[list[str]]]
    yseqs: list[list[str]]
    source: str = ""
    convention: str = "koen"
    mono: list[list[list[str]]] | None = None  # the same sentences without cross-lingual evidence


def _schema_spans(side: Side, gold: Gold) -> set[tuple[int, int, str]]:
    out = set()
    for g in gold:
        if g[0] != side.lang:
            continue
        rule = None
        if g[3] in KLUE_TYPES:
            rule = next((l for s, e, l, _, _ in side.evidence.spans if s < g[2] and g[1] < e), None)
        out.add((g[1], g[2], klue_to_schema(side.text, g, rule) if g[3] in ("LC", "QT") else g[3]))
    return out


def build_examples(pairs: Iterable[tuple[Article, Gold]], predictor, *, source: str = "",
                   convention: str = "koen") -> list[Doc]:
    """Per-language training documents of ``pairs`` (a side with no text is left out).

    ``convention`` names the annotation guide the gold follows (``koen`` or ``klue``).  A side
    with cross-lingual evidence also trains without it, so that a document with no
    translation is tagged as well as one with."""
    pairs = list(pairs)
    gold_by_id = {id(a): g for a, g in pairs}
    docs = []
    for art, sides in predictor.sides_many([a for a, _ in pairs]):
        gold = gold_by_id[id(art)]
        for lang, side in sides.items():
            if not side.tokens:
                continue
            spans = _schema_spans(side, gold)
            mono = side.monolingual().xseqs(convention) if side.evidence.linked else None
            docs.append(Doc(f"{art.id}:{lang}", side, spans, side.xseqs(convention),
                            side.tag_sequences(sorted(spans)), source, convention, mono))
    return docs


def _sequences(docs: Iterable[Doc], lang: str, weight: Callable[[Doc], int]):
    for d in docs:
        if d.side.lang == lang:
            for _ in range(weight(d)):
                yield from zip(d.xseqs, d.yseqs)
                if d.mono:
                    yield from zip(d.mono, d.yseqs)


def train_model(docs: Sequence[Doc], folder: Path, *, meta: dict | None = None,
                weight: Callable[[Doc], int] = lambda d: 1, params: dict | None = None) -> dict:
    """Train a CRF per language present in ``docs``, write ``folder``; return its metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for lang in LANGS:
        n = sum(1 for d in docs if d.side.lang == lang)
        if n:
            crf.train(_sequences(docs, lang, weight), folder / f"{lang}.crfsuite", params=params)
            counts[lang] = n
    info = {**(meta or {}), "documents": counts, "conventions": sorted({d.convention for d in docs}), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    return write_meta(folder, info)


def predict_docs(folder: Path, docs: Iterable[Doc]) -> dict[str, set[tuple[int, int, str]]]:
    """Model spans ``(start, end, label)`` of each document, by ``Doc.id``."""
    model = load_model(folder)
    known = model.meta.get("conventions") or ["koen"]
    out = {}
    for d in docs:
        tagger = model.taggers.get(d.side.lang)
        found = set()
        xseqs = d.xseqs if d.convention in known or d.side.lang != "ko" else d.side.xseqs(known[0])
        for idx, xseq in zip(d.side.groups, xseqs):
            if tagger is not None:
                tags, margs, _ = tagger.tag(xseq)
                found |= {(s, e, l) for s, e, l, _ in crf.decode(d.side.tokens, idx, tags, margs)}
        out[d.id] = found
    return out


def score(docs: Iterable[Doc], pred: dict[str, set], view: Callable[[str], str] = lambda l: l) -> dict:
    """Exact span-and-type P/R/F1 per language and type (``view`` maps labels, e.g. to KLUE)."""
    c: Counter = Counter()
    for d in docs:
        g = {(s, e, view(l)) for s, e, l in d.gold}
        p = {(s, e, view(l)) for s, e, l in pred.get(d.id, set())}
        for key, items in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
            for _, _, l in items:
                c[(d.side.lang, l, key)] += 1
                c[(d.side.lang, "ALL", key)] += 1
    out: dict = {}
    for lang, label in sorted({(k[0], k[1]) for k in c}):
        tp, fp, fn = (c[(lang, label, k)] for k in ("tp", "fp", "fn"))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out.setdefault(lang, {})[label] = {"p": round(p, 3), "r": round(r, 3),
                                           "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3), "n": tp + fn}
    return out


def cross_validate(docs: Sequence[Doc], work: Path, *, folds: int = 5, extra: Sequence[Doc] = (),
                   weight: Callable[[Doc], int] = lambda d: 1, seed: int = 13) -> tuple[dict, dict]:
    """k-fold cross-validation over ``docs`` by article (``extra`` always trains); scores and predictions."""
    arts = sorted({d.id.rsplit(":", 1)[0] for d in docs})
    random.Random(seed).shuffle(arts)
    fold_of = {a: i % folds for i, a in enumerate(arts)}
    pred: dict = {}
    for k in range(min(folds, len(arts))):
        test = [d for d in docs if fold_of[d.id.rsplit(":", 1)[0]] == k]
        train = [d for d in docs if fold_of[d.id.rsplit(":", 1)[0]] != k] + list(extra)
        if not train:
            continue
        train_model(train, work / f"fold{k}", weight=weight)
        pred.update(predict_docs(work / f"fold{k}", test))
    return score(docs, pred), pred


def train_workdir(*, workdir: Path, folds: int = 5, extra: Sequence[Path] = (), gazetteers: Sequence[str] = (),
                  weight: int = 3) -> dict:
    """``koen train``: cross-validate on, then train on, the human annotations of ``workdir``.

    ``extra`` adds sentence files (KLUE-NER layout) to every training fold; the project's
    annotations count ``weight`` times.  Writes ``workdir/models/ner-vN``; returns its metadata.
    """
    import tempfile

    from .stage import PreAnnotator

    predictor = PreAnnotator(gazetteers=gazetteers)
    docs = build_examples(from_workdir(Path(workdir)), predictor, source="workdir")
    if not docs:
        raise WorkdirError(f"{workdir}: no human annotations to train on (run koen pull first)")
    more = [d for path in extra
            for d in build_examples(from_spans_jsonl(Path(path)), predictor, source=str(path), convention="klue")]
    w = lambda d: weight if d.source == "workdir" else 1
    with tempfile.TemporaryDirectory() as tmp:
        cv, _ = cross_validate(docs, Path(tmp), folds=folds, extra=more, weight=w)
    folder = next_version(Path(workdir) / "models")
    meta = {"name": folder.name, "trained_on": {"workdir_articles": len({d.id.rsplit(':', 1)[0] for d in docs}),
                                                "extra": [str(p) for p in extra]},
            "cv": {"folds": folds, "scores": cv}}
    return train_model(docs + more, folder, meta=meta, weight=w) | {"path": str(folder)}
