"""Local repair of a searched path: merges that hide a diagonal of 1-1 links.

The search maximises a sum of link scores, and two neighbouring links can out-score
the 1-1 links they replace: a 1-0 next to a 1-2 (a weak 1-1 pushed into its
neighbour), or a 2-1 next to a 1-2 (a staircase over three 1-1s).  Merge penalties
high enough to stop this cost the noisy documents, where such merges are real.  So
the repair looks at the sentences themselves: when two neighbouring links hold as
many Korean as English sentences and each sentence of the 1-1 diagonal is more
similar to its diagonal partner than to any other sentence of the two links, the
diagonal replaces them.  In a true 1-2 the Korean sentence resembles both English
ones, so the diagonal does not dominate and the merge stays.  (A 1-0 beside a 0-1 is
paired by ``core._pair_omissions``, with the same floor by default.)
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

Pair = tuple[tuple[int, ...], tuple[int, ...]]
MAX_DIAGONAL = 3


def _diagonal(a: Pair, b: Pair) -> list[Pair] | None:
    """The 1-1 links covering ``a`` and ``b`` when both sides hold as many sentences."""
    ko, en = a[0] + b[0], a[1] + b[1]
    if len(ko) != len(en) or len(ko) < 2 or len(ko) > MAX_DIAGONAL:  # 1-0 beside 0-1: core._pair_omissions
        return None
    if all(len(x[0]) == len(x[1]) == 1 for x in (a, b)):
        return None  # already 1-1 links
    return [((k,), (e,)) for k, e in zip(ko, en)]


def _dominates(diag: list[Pair], ko_emb: np.ndarray, en_emb: np.ndarray, floor: float) -> bool:
    """Each diagonal pair reaches ``floor`` and beats every other pair in its row and column."""
    sims = ko_emb[[k[0] for k, _ in diag]] @ en_emb[[e[0] for _, e in diag]].T
    d = np.diag(sims).copy()
    if d.min() < floor:
        return False
    np.fill_diagonal(sims, -np.inf)
    return bool((d >= sims.max(axis=1)).all() and (d >= sims.max(axis=0)).all())


def split_to_diagonal(path: Iterable[Sequence], ko_emb: np.ndarray, en_emb: np.ndarray,
                      floor: float) -> list[Pair]:
    """Replace neighbouring links by the 1-1 diagonal they hide, when the diagonal dominates."""
    out: list[Pair] = []
    for link in path:
        cur: Pair = (tuple(link[0]), tuple(link[1]))
        diag = _diagonal(out[-1], cur) if out else None
        if diag is not None and _dominates(diag, ko_emb, en_emb, floor):
            out[-1:] = diag
        else:
            out.append(cur)
    return out
