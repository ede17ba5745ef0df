"""Monotone alignment search: a banded dynamic programme over link types.

The search is independent of how links are scored: it takes a ``LinkScorer``
that returns, for a link type ``(p, q)`` ending at ko position ``i`` and a
vector of en positions ``js``, the score of linking ``ko[i-p:i]`` with
``en[j-q:j]``; omissions (``(1, 0)`` / ``(0, 1)``) have per-sentence scores.
It maximises the summed score.  The band gives, for each ko position
``i = 0..n``, the half-open range ``[lo[i], hi[i])`` of en positions searched;
the full band makes the search exact, a narrow band makes it linear.
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

NEG = -1e18
LinkType = tuple[int, int]


class LinkScorer(Protocol):
    """Scores the candidate links of one document."""

    def link(self, p: int, q: int, i: int, js: np.ndarray) -> np.ndarray: ...

    def skip_ko(self) -> np.ndarray: ...

    def skip_en(self) -> np.ndarray: ...


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole (n+1) x (m+1) lattice."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64)


def _prev_values(rows: list[np.ndarray], lo: np.ndarray, hi: np.ndarray,
                 r: int, js: np.ndarray) -> np.ndarray:
    """``D[r, js]`` with -inf outside row ``r``'s band."""
    out = np.full(len(js), NEG)
    ok = (js >= lo[r]) & (js < hi[r])
    out[ok] = rows[r][js[ok] - lo[r]]
    return out


def search(scorer: LinkScorer, n: int, m: int, types: Sequence[LinkType],
           band: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Best monotone path from (0, 0) to (n, m); returns (ko, en, score) per link."""
    lo, hi = band if band is not None else full_band(n, m)
    skip_ko, skip_en = scorer.skip_ko(), scorer.skip_en()
    matches = [(p, q) for p, q in types if p and q]
    rows: list[np.ndarray] = []
    back: list[np.ndarray] = []  # index into ``moves`` per cell
    moves: list[LinkType] = [(1, 0), (0, 1)] + matches
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i])
        best = np.full(len(js), NEG)
        arg = np.full(len(js), -1, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        else:
            cand = _prev_values(rows, lo, hi, i - 1, js) + skip_ko[i - 1]
            take = cand > best
            best[take], arg[take] = cand[take], 0
        for k, (p, q) in enumerate(matches, start=2):
            if i < p:
                continue
            ok = js >= q
            if not ok.any():
                continue
            cand = np.full(len(js), NEG)
            cand[ok] = _prev_values(rows, lo, hi, i - p, js[ok] - q) + scorer.link(p, q, i, js[ok])
            take = cand > best
            best[take], arg[take] = cand[take], k
        _sweep_en_skips(best, arg, js, skip_en)
        rows.append(best)
        back.append(arg)
    return _trace(rows, back, lo, moves, n, m)


def _sweep_en_skips(best: np.ndarray, arg: np.ndarray, js: np.ndarray, skip_en: np.ndarray) -> None:
    """Within-row relaxation of 0-1 links (sequential: cell j depends on j-1)."""
    bl, al = best.tolist(), arg.tolist()
    for c in range(1, len(bl)):
        cand = bl[c - 1] + float(skip_en[js[c] - 1])
        if cand > bl[c]:
            bl[c], al[c] = cand, 1
    best[:] = bl
    arg[:] = al


def _trace(rows, back, lo, moves, n, m):
    """Follow back-pointers from (n, m) and return the links in order."""
    if rows[n][m - lo[n]] <= NEG / 2:
        raise ValueError("no path through the band")
    links = []
    i, j = n, m
    while i > 0 or j > 0:
        p, q = moves[int(back[i][j - lo[i]])]
        score = rows[i][j - lo[i]] - rows[i - p][j - q - lo[i - p]]
        links.append((tuple(range(i - p, i)), tuple(range(j - q, j)), float(score)))
        i, j = i - p, j - q
    links.reverse()
    return links


def band_from_path(path: Sequence[tuple[Sequence[int], Sequence[int]]], ko_bounds: np.ndarray,
                   en_bounds: np.ndarray, n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Fine band around a coarse path; coarse unit ``k`` covers ``bounds[k]..bounds[k+1]``."""
    lo = np.full(n + 1, m + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    ck = ce = 0
    for ko, en in path:
        nk, ne = ck + len(ko), ce + len(en)
        a0, a1 = ko_bounds[ck], ko_bounds[nk]
        b0, b1 = en_bounds[ce], en_bounds[ne]
        lo[a0:a1 + 1] = np.minimum(lo[a0:a1 + 1], b0 - width)
        hi[a0:a1 + 1] = np.maximum(hi[a0:a1 + 1], b1 + width + 1)
        ck, ce = nk, ne
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 1, m + 1))
    lo[0], hi[n] = 0, m + 1
    for i in range(1, n + 1):  # consecutive rows must overlap for a path to exist
        lo[i] = min(lo[i], hi[i - 1] - 1)
    return lo, hi
