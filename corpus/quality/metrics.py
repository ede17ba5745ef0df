"""Agreement arithmetic: pairwise F1 counts, Cohen's kappa and Krippendorff's alpha (nominal).

Pure functions over small counters; callers accumulate counts while streaming and
turn them into figures at the end.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Hashable, Iterable, Sequence

Key = Hashable


@dataclass
class PairCounts:
    """Items of side A and B, and how many of each side found a match on the other."""

    n_a: int = 0
    n_b: int = 0
    hit_a: int = 0
    hit_b: int = 0

    def add(self, other: "PairCounts") -> None:
        self.n_a += other.n_a
        self.n_b += other.n_b
        self.hit_a += other.hit_a
        self.hit_b += other.hit_b

    def f1(self) -> float | None:
        """Harmonic mean of the two match rates; None when both sides are empty."""
        if self.n_a + self.n_b == 0:
            return None
        if self.hit_a == 0 or self.hit_b == 0:
            return 0.0
        p, r = self.hit_b / self.n_b, self.hit_a / self.n_a
        return 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, float | int | None]:
        f1 = self.f1()
        return {"f1": None if f1 is None else round(f1, 6), "n_a": self.n_a, "n_b": self.n_b,
                "hit_a": self.hit_a, "hit_b": self.hit_b}


def exact_counts(a: set[Key], b: set[Key]) -> PairCounts:
    """Counts for exact-match agreement between two sets of keys."""
    both = len(a & b)
    return PairCounts(len(a), len(b), both, both)


def overlap_counts(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> PairCounts:
    """Counts where an offset range matches if it shares a character with one on the other side."""
    def hits(xs: Sequence[tuple[int, int]], ys: Sequence[tuple[int, int]]) -> int:
        return sum(any(s < ye and ys_ < e for ys_, ye in ys) for s, e in xs)

    return PairCounts(len(a), len(b), hits(a, b), hits(b, a))


def cohen_kappa(confusion: Counter) -> float | None:
    """Cohen's kappa from a Counter of (label by A, label by B) pairs; None if undefined."""
    n = sum(confusion.values())
    if n == 0:
        return None
    p_o = sum(c for (x, y), c in confusion.items() if x == y) / n
    row, col = Counter(), Counter()
    for (x, y), c in confusion.items():
        row[x] += c
        col[y] += c
    p_e = sum(row[k] * col[k] for k in row) / (n * n)
    if p_e == 1.0:
        return None
    return (p_o - p_e) / (1 - p_e)


def add_unit(coincidence: Counter, values: Iterable[Key]) -> None:
    """Add one unit's values (one per coder) to a nominal coincidence matrix."""
    vals = list(values)
    m = len(vals)
    if m < 2:
        return
    w = 1.0 / (m - 1)
    for i, j in combinations(range(m), 2):
        coincidence[(vals[i], vals[j])] += w
        coincidence[(vals[j], vals[i])] += w


def krippendorff_alpha(coincidence: Counter) -> float | None:
    """Krippendorff's alpha (nominal) from a coincidence matrix; None if undefined."""
    n_c: Counter = Counter()
    for (c, _k), v in coincidence.items():
        n_c[c] += v
    n = sum(n_c.values())
    if n <= 1:
        return None
    observed = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = (n * n - sum(v * v for v in n_c.values())) / (n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected
