"""Gale-Church (1993) length-based sentence alignment, the baseline in the benchmark.

Character lengths only: a link is likely when the English length is about
``c`` times the Korean one, with variance growing with length.  ``c`` is the
document's own character ratio; the link-type priors are Gale and Church's.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..model import Link
from .search import search

PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2,
          (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}
VARIANCE = 20.0  # per Korean character: English length varies more than between European languages


def _log_tail(delta: np.ndarray) -> np.ndarray:
    """log P(|Z| >= |delta|) for a standard normal, floored to stay finite."""
    tail = np.array([math.erfc(abs(float(d)) / math.sqrt(2)) for d in np.ravel(delta)])
    return np.log(np.maximum(tail, 1e-300)).reshape(np.shape(delta))


class _GCScorer:
    """Log-probability of each candidate link under the length model."""

    def __init__(self, ko: Sequence[str], en: Sequence[str]) -> None:
        self.lk = np.array([len(s.replace(" ", "")) for s in ko], dtype=float)
        self.le = np.array([len(s.replace(" ", "")) for s in en], dtype=float)
        self.ck = np.concatenate([[0.0], np.cumsum(self.lk)])
        self.ce = np.concatenate([[0.0], np.cumsum(self.le)])
        self.c = (self.ce[-1] + 1) / (self.ck[-1] + 1)

    def _logp(self, l1: np.ndarray, l2: np.ndarray, kind: tuple[int, int]) -> np.ndarray:
        mean = (l1 + l2 / self.c) / 2
        delta = (l1 * self.c - l2) / np.sqrt(np.maximum(mean, 1.0) * VARIANCE)
        return math.log(PRIORS[kind]) + _log_tail(delta)

    def link(self, p: int, q: int, i: int, js: np.ndarray) -> np.ndarray:
        l1 = np.full(len(js), self.ck[i] - self.ck[i - p])
        return self._logp(l1, self.ce[js] - self.ce[js - q], (p, q))

    def skip_ko(self) -> np.ndarray:
        return self._logp(self.lk, np.zeros_like(self.lk), (1, 0))

    def skip_en(self) -> np.ndarray:
        return self._logp(np.zeros_like(self.le), self.le, (0, 1))


def gale_church(ko: Sequence[str], en: Sequence[str]) -> list[Link]:
    """Align two sentence lists by length alone (full lattice; for the benchmark)."""
    if not ko or not en:
        return [Link((i,), ()) for i in range(len(ko))] + [Link((), (j,)) for j in range(len(en))]
    types = [(1, 1), (2, 1), (1, 2), (2, 2)]
    return [Link(k, e, s) for k, e, s in search(_GCScorer(ko, en), len(ko), len(en), types)]
