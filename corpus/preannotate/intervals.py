"""Taken character ranges, queried in logarithmic time (pre-annotation stays linear in article length).

The rules used to test a new span against every span taken so far, which made a 1 MB
article take minutes; :class:`Taken` keeps the ranges sorted by start and only looks at
those that can reach the query (starts within the longest range length).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable, Sequence


class SpanIndex:
    """Spans (anything with ``start`` / ``end``) found by the sentences that contain them, in
    their original order, without scanning every span for every sentence group."""

    def __init__(self, spans: Sequence) -> None:
        self.spans = list(spans)
        self.order = sorted(range(len(self.spans)), key=lambda i: self.spans[i].start)
        self.starts = [self.spans[i].start for i in self.order]

    def inside(self, bounds: Iterable) -> list:
        """Spans lying within one of ``bounds`` (objects with ``start`` / ``end``), in list order."""
        hits: set[int] = set()
        for b in bounds:
            lo, hi = bisect_left(self.starts, b.start), bisect_left(self.starts, b.end)
            hits.update(i for i in self.order[lo:hi] if self.spans[i].end <= b.end)
        return [self.spans[i] for i in sorted(hits)]


class Taken:
    """A set of half-open ``[start, end)`` ranges (they may overlap each other)."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0
        for s, e in ranges:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.longest = max(self.longest, end - start)

    def append(self, rng: tuple[int, int]) -> None:
        """List-style ``append((start, end))``."""
        self.add(*rng)

    def _near(self, lo: int, hi: int) -> range:
        """Indexes of the ranges whose start lies in ``[lo, hi)``."""
        return range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any range ``(a, b)`` has ``a < end and start < b``."""
        return any(self.ends[k] > start for k in self._near(start - self.longest, end))

    def covers(self, pos: int) -> bool:
        """Whether any range ``(a, b)`` has ``a <= pos < b``."""
        return any(self.ends[k] > pos for k in self._near(pos - self.longest, pos + 1))

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges that overlap ``[start, end)`` or touch it, sorted as ``sorted()`` would."""
        near = self._near(start - self.longest, end + 1)
        return sorted((self.starts[k], self.ends[k]) for k in near if self.ends[k] >= start)
