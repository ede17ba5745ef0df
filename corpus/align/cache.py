"""The per-process model cache and row normalisation shared by the embedders.

Both :mod:`corpus.align.embed` and :mod:`corpus.align.static` use them; they live here so
that ``embed`` (which picks the static embedder by name) and ``static`` need not import
each other.
"""
from __future__ import annotations

import threading

import numpy as np

_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()


def cached(key: str, load) -> object:
    """Load a model once per process, under a lock."""
    with _LOCK:
        if key not in _MODELS:
            _MODELS[key] = load()
        return _MODELS[key]


def normalise(mat: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    mat = np.asarray(mat, dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.maximum(norms, 1e-12)
