"""Per-document features the aligner scores with: block embeddings, lengths, anchors.

A *block* is a run of ``p`` consecutive sentences ending before index ``i``
(sentences ``i-p .. i-1``).  Every table here is indexed by that end position,
so a link ``ko[i-p:i] <-> en[j-q:j]`` reads row ``i`` of the ``p`` table and row
``j`` of the ``q`` table.  Multi-sentence blocks are built from the sentence
vectors (normalised sum), never re-embedded.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&.][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MAX_ANCHORS = 256


def anchor_tokens(text: str) -> set[str]:
    """Latin-script words (lower-cased) and numbers (commas dropped) of a sentence."""
    words = {w.lower().strip(".") for w in _LATIN.findall(text)}
    nums = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    return {w for w in words if len(w) > 1} | {n for n in nums if n}


def _anchor_vocab(ko_sets: list[set[str]], en_sets: list[set[str]]) -> dict[str, int]:
    """Anchors found on both sides, at most ``MAX_ANCHORS`` of the rarest (memory stays linear)."""
    df: Counter = Counter()
    for toks in ko_sets + en_sets:
        df.update(toks)
    shared = set().union(*ko_sets) & set().union(*en_sets) if ko_sets and en_sets else set()
    keep = sorted(shared, key=lambda t: (df[t], t))[:MAX_ANCHORS]
    return {tok: i for i, tok in enumerate(sorted(keep))}


def _anchor_matrix(sets: list[set[str]], vocab: dict[str, int]) -> np.ndarray:
    """Binary sentence-by-anchor matrix for the shared vocabulary."""
    mat = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
    for row, toks in enumerate(sets):
        for tok in toks:
            col = vocab.get(tok)
            if col is not None:
                mat[row, col] = 1.0
    return mat


def _block_tables(mat: np.ndarray, max_p: int, unit: bool) -> list[np.ndarray]:
    """Tables ``t[p][i] = combine(mat[i-p:i])`` for p = 1..max_p (row 0..p-1 zero)."""
    n, dim = mat.shape
    csum = np.zeros((n + 1, dim), dtype=np.float32)
    np.cumsum(mat, axis=0, out=csum[1:])
    tables = [np.zeros((0, dim), dtype=np.float32)]
    for p in range(1, max_p + 1):
        tab = np.zeros((n + 1, dim), dtype=np.float32)
        if n >= p:
            tab[p:] = csum[p:] - csum[:-p]
        if unit:
            tab /= np.maximum(np.linalg.norm(tab, axis=1, keepdims=True), 1e-12)
        else:
            np.minimum(tab, 1.0, out=tab)
        tables.append(tab)
    return tables


def block_sums(values: np.ndarray, max_p: int) -> list[np.ndarray]:
    """``s[p][i] = values[i-p:i].sum()`` for p = 1..max_p (rows below p are 0)."""
    csum = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    out = [np.zeros(0)]
    for p in range(1, max_p + 1):
        tab = np.zeros(len(values) + 1)
        if len(values) >= p:
            tab[p:] = csum[p:] - csum[:-p]
        out.append(tab)
    return out


@dataclass
class Side:
    """Block tables of one document side."""

    emb: list[np.ndarray]
    chars: list[np.ndarray]
    anchors: list[np.ndarray]
    anchor_count: list[np.ndarray]
    n: int


@dataclass
class DocFeatures:
    """Both sides of a document, plus the document-level length ratio."""

    ko: Side
    en: Side
    log_ratio: float
    margin_ko: np.ndarray = field(default_factory=lambda: np.zeros(0))
    margin_en: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _side(emb: np.ndarray, texts: Sequence[str], sets: list[set[str]],
          vocab: dict[str, int], max_p: int) -> Side:
    chars = np.array([len(t.replace(" ", "")) for t in texts], dtype=np.float64)
    anchors = _block_tables(_anchor_matrix(sets, vocab), max_p, unit=False)
    return Side(emb=_block_tables(np.asarray(emb, np.float32), max_p, unit=True),
                chars=block_sums(chars, max_p), anchors=anchors,
                anchor_count=[a.sum(axis=1) for a in anchors], n=len(texts))


def doc_features(ko: Sequence[str], en: Sequence[str], ko_emb: np.ndarray,
                 en_emb: np.ndarray, max_p: int = 3) -> DocFeatures:
    """Build every block table of a document pair."""
    ko_sets = [anchor_tokens(t) for t in ko]
    en_sets = [anchor_tokens(t) for t in en]
    vocab = _anchor_vocab(ko_sets, en_sets)
    ko_chars = sum(len(t.replace(" ", "")) for t in ko)
    en_chars = sum(len(t.replace(" ", "")) for t in en)
    ratio = math.log((en_chars + 20) / (ko_chars + 10)) if ko and en else 0.6
    return DocFeatures(ko=_side(ko_emb, ko, ko_sets, vocab, max_p),
                       en=_side(en_emb, en, en_sets, vocab, max_p),
                       log_ratio=min(max(ratio, 0.2), 1.1))
