"""Korean-English sentence alignment: embedding margin + length + anchors, banded DP.

``align_sentences`` is pure apart from the embedder it is given (or the
default USE embedder, loaded lazily once per process).  Each sentence is
embedded once; 2- and 3-sentence candidates are normalised sums of sentence
vectors.  Documents up to ``dense_cells`` lattice cells are searched exactly;
longer ones first align pooled chunks, then search a band around that path, so
time and memory grow linearly with document length.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Sequence

import numpy as np

from ..errors import InputError
from ..model import Link
from .embed import Embedder, get_embedder
from .repair import split_to_diagonal
from .features import DocFeatures, block_sums, doc_features
from .search import band_from_path, full_band, search

METHOD = "koen-align/1"


@dataclass(frozen=True)
class AlignParams:
    """Weights of the link score and search settings (tuned on dev gold, see bench)."""

    types: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
    penalty: dict = field(default_factory=lambda: {(1, 1): 0.0, (1, 2): 0.12, (2, 1): 0.12,
                                                   (2, 2): 0.5, (1, 3): 0.6, (3, 1): 0.6})
    threshold: float = 0.0
    skip: float = 0.075
    w_len: float = 0.04
    len_sigma: float = 0.25
    ratio_prior: float = 0.62
    ratio_weight: float = 1.0
    w_anchor: float = 0.03
    w_anchor_miss: float = 0.02
    margin_k: int = 4
    low_threshold: float = 0.35
    pair_omissions: float = 0.2  # 0.3 before the diagonal repair (bench_align's 'before' column)
    diagonal_floor: float | None = 0.2  # None: keep merges that hide 1-1s (repair.py)
    dense_cells: int = 160_000
    coarse_unit: int = 8

    def to_dict(self) -> dict:
        """JSON-ready settings (link types as ``"p-q"``), for the run's config record."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["types"] = [f"{p}-{q}" for p, q in self.types]
        d["penalty"] = {f"{p}-{q}": v for (p, q), v in self.penalty.items()}
        return d


class _Scorer:
    """Link scores of one document from its feature tables.

    With ``dense`` (the whole lattice is searched) each link type's scores are
    computed for every cell at once, as matrix products; otherwise row by row.
    """

    def __init__(self, f: DocFeatures, params: AlignParams, dense: bool = False) -> None:
        self.f, self.p = f, params
        top = len(f.ko.emb) - 1
        self.mk = [t / max(p, 1) for p, t in enumerate(block_sums(f.margin_ko, top))]
        self.me = [t / max(p, 1) for p, t in enumerate(block_sums(f.margin_en, top))]
        self.ratio = params.ratio_weight * f.log_ratio + (1 - params.ratio_weight) * params.ratio_prior
        self.tables: dict[tuple[int, int], np.ndarray] | None = {} if dense else None

    def similarity(self, p: int, q: int, i: int, js: np.ndarray) -> np.ndarray:
        """Cosine of the ko block ending at ``i`` with each en block ending at ``js``."""
        return self.f.en.emb[q][js] @ self.f.ko.emb[p][i]

    def link(self, p: int, q: int, i: int, js: np.ndarray) -> np.ndarray:
        """Scores of linking the ko block ending at ``i`` with each en block ending at ``js``."""
        if self.tables is None:
            ko, en = self.f.ko, self.f.en
            return self._combine(p, q, self.similarity(p, q, i, js), self.mk[p][i] + self.me[q][js],
                                 ko.chars[p][i], en.chars[q][js], en.anchors[q][js] @ ko.anchors[p][i],
                                 ko.anchor_count[p][i] + en.anchor_count[q][js])
        if (p, q) not in self.tables:
            self.tables[(p, q)] = self._table(p, q)
        return self.tables[(p, q)][i, js]

    def _table(self, p: int, q: int) -> np.ndarray:
        """Scores of every (ko end, en end) cell for one link type."""
        ko, en = self.f.ko, self.f.en
        col = lambda v: np.asarray(v)[:, None]  # noqa: E731 - ko ends down the rows
        # einsum, not BLAS: threaded GEMMs of this size stall when the cores are busy
        return self._combine(p, q, np.einsum("id,jd->ij", ko.emb[p], en.emb[q]), col(self.mk[p]) + self.me[q],
                             col(ko.chars[p]), en.chars[q], np.einsum("id,jd->ij", ko.anchors[p], en.anchors[q]),
                             col(ko.anchor_count[p]) + en.anchor_count[q])

    def _combine(self, p: int, q: int, sim, margins, ko_chars, en_chars, hit, counts) -> np.ndarray:
        prm = self.p
        sem = sim - 0.5 * margins
        lr = np.log((en_chars + 20.0) / (ko_chars + 10.0)) - self.ratio
        length = -0.5 * (lr / prm.len_sigma) ** 2
        anchor = prm.w_anchor * np.minimum(hit, 3) - prm.w_anchor_miss * np.minimum(counts - 2 * hit, 3)
        combined = sem + prm.w_len * length + anchor
        return (p + q) / 2 * (combined - prm.threshold) - prm.penalty[(p, q)]

    def skip_ko(self) -> np.ndarray:
        return np.full(self.f.ko.n, -self.p.skip)

    def skip_en(self) -> np.ndarray:
        return np.full(self.f.en.n, -self.p.skip)


def _margins(ko_emb: np.ndarray, en_emb: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of each sentence's top-k similarities to the other side, inside the band."""
    n, m = len(ko_emb), len(en_emb)
    mk, me = np.zeros(n), np.zeros(m)
    for i in range(n):  # ko sentence i sits between lattice rows i and i+1
        a, b = max(lo[i] - 1, 0), min(max(hi[i + 1], lo[i] + 1), m)
        mk[i] = _topk_mean(en_emb[a:b] @ ko_emb[i], k)
    first = np.searchsorted(hi, np.arange(m) + 1, side="right")
    last = np.searchsorted(lo, np.arange(m) + 1, side="right")
    for j in range(m):
        a, b = max(first[j] - 1, 0), min(max(last[j], first[j] + 1), n)
        me[j] = _topk_mean(ko_emb[a:b] @ en_emb[j], k)
    return mk, me


def _topk_mean(sims: np.ndarray, k: int) -> float:
    if len(sims) == 0:
        return 0.0
    k = min(k, len(sims))
    return float(np.partition(sims, len(sims) - k)[-k:].mean())


def _pool(texts: Sequence[str], emb: np.ndarray, chunks: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Merge consecutive sentences into ``chunks`` pseudo-sentences (summed vectors)."""
    bounds = np.linspace(0, len(texts), chunks + 1).round().astype(np.int64)
    pooled_t = ["".join(texts[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    pooled_e = np.stack([emb[a:b].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])
    pooled_e /= np.maximum(np.linalg.norm(pooled_e, axis=1, keepdims=True), 1e-12)
    return pooled_t, pooled_e, bounds


def _band(ko: Sequence[str], en: Sequence[str], ko_emb: np.ndarray, en_emb: np.ndarray,
          params: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """Full band for small documents; otherwise a band around a pooled (coarse) path."""
    n, m = len(ko), len(en)
    if n * m <= params.dense_cells or min(n, m) < 2:
        return full_band(n, m)
    chunks = max(2, min(n, m, math.ceil(max(n, m) / params.coarse_unit)))
    pk, pke, kb = _pool(ko, ko_emb, chunks)
    pe, pee, eb = _pool(en, en_emb, chunks)
    coarse = replace(params, types=((1, 1), (1, 2), (2, 1)))
    path = [(l.ko, l.en) for l in _align_embedded(pk, pe, pke, pee, coarse)]
    width = max(int(np.diff(kb).max()), int(np.diff(eb).max()), 4)
    return band_from_path(path, kb, eb, n, m, width)


def _align_embedded(ko: Sequence[str], en: Sequence[str], ko_emb: np.ndarray,
                    en_emb: np.ndarray, params: AlignParams) -> list[Link]:
    """Align two embedded sentence lists (the core of :func:`align_sentences`)."""
    n, m = len(ko), len(en)
    if n == 0 or m == 0:
        return [Link((i,), ()) for i in range(n)] + [Link((), (j,)) for j in range(m)]
    lo, hi = _band(ko, en, ko_emb, en_emb, params)
    feats = doc_features(ko, en, ko_emb, en_emb, max_p=max(max(t) for t in params.types))
    feats.margin_ko, feats.margin_en = _margins(ko_emb, en_emb, lo, hi, params.margin_k)
    dense = bool((lo == 0).all() and (hi == m + 1).all())
    scorer = _Scorer(feats, params, dense=dense)
    out = []
    path = _pair_omissions(search(scorer, n, m, params.types, (lo, hi)), ko_emb, en_emb,
                           params.pair_omissions)
    if params.diagonal_floor is not None:
        path = split_to_diagonal(path, ko_emb, en_emb, params.diagonal_floor)
    for k, e in path:
        if k and e:
            sim = float(scorer.similarity(len(k), len(e), k[-1] + 1, np.array([e[-1] + 1]))[0])
            out.append(Link(k, e, round(sim, 6), sim < params.low_threshold))
        else:
            out.append(Link(k, e, 0.0, False))
    return out


def _pair_omissions(path, ko_emb: np.ndarray, en_emb: np.ndarray, floor: float) -> list:
    """Turn a 1-0 next to a 0-1 into a 1-1 when the two are at all similar.

    Both sides dropping a sentence at the same point is rarer than one loose
    translation, which the margin score alone tends to split into two omissions.
    """
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for k, e, *_ in path:
        if out and len(k) + len(e) == 1 and len(out[-1][0]) + len(out[-1][1]) == 1 \
                and bool(k) != bool(out[-1][0]):
            ki, ei = (k or out[-1][0])[0], (e or out[-1][1])[0]
            if float(ko_emb[ki] @ en_emb[ei]) >= floor:
                out[-1] = ((ki,), (ei,))
                continue
        out.append((k, e))
    return out


def align_sentences(ko: Sequence[str], en: Sequence[str], *, embedder: Embedder | None = None,
                    ko_emb: np.ndarray | None = None, en_emb: np.ndarray | None = None,
                    params: AlignParams | None = None) -> list[Link]:
    """Monotone links covering every Korean and English sentence exactly once.

    Pass precomputed, L2-normalised ``ko_emb`` / ``en_emb`` to skip embedding
    (the stage batches many documents); otherwise ``embedder`` (default USE v3)
    embeds each sentence once.  Matched links carry their cosine as ``score``
    and ``low=True`` under ``params.low_threshold``.
    """
    params = params or AlignParams()
    for side, texts, vecs in (("ko", ko, ko_emb), ("en", en, en_emb)):
        if vecs is not None and len(vecs) != len(texts):
            raise InputError(f"{side}_emb has {len(vecs)} rows for {len(texts)} sentences", field=f"{side}_emb")
    if ko_emb is None or en_emb is None:
        emb = embedder or get_embedder()
        ko_emb = emb.embed(list(ko)) if ko_emb is None else ko_emb
        en_emb = emb.embed(list(en)) if en_emb is None else en_emb
    return _align_embedded(list(ko), list(en), ko_emb, en_emb, params)
