"""Raw-text evaluation: align our own segmentation, project links onto gold units.

A predicted sentence stands for every gold unit it covers (overlap of at least
half the shorter of the two).  A predicted link becomes the union of its
sentences' gold units; consecutive links that end up sharing a gold unit are
merged, since a gold unit can sit in one link only.
"""
from __future__ import annotations

from typing import Sequence

Span = tuple[int, int]
Pair = tuple[tuple[int, ...], tuple[int, ...]]


def unit_map(pred: Sequence[Span], gold: Sequence[Span]) -> list[list[int]]:
    """For each predicted span, the gold units it covers (both lists sorted)."""
    out: list[list[int]] = []
    g0 = 0
    for start, end in pred:
        while g0 < len(gold) and gold[g0][1] <= start:
            g0 += 1
        hits = []
        g = g0
        while g < len(gold) and gold[g][0] < end:
            a, b = gold[g]
            overlap = min(end, b) - max(start, a)
            if overlap > 0 and 2 * overlap >= min(end - start, b - a):
                hits.append(g)
            g += 1
        out.append(hits)
    return out


def project(links: Sequence[Pair], ko_map: list[list[int]], en_map: list[list[int]]) -> list[Pair]:
    """Links over predicted sentences as links over gold units."""
    merged: list[tuple[set[int], set[int]]] = []
    for ko, en in links:
        ks = {g for i in ko for g in ko_map[i]}
        es = {g for j in en for g in en_map[j]}
        if not ks and not es:
            continue
        if merged and (ks & merged[-1][0] or es & merged[-1][1]):
            merged[-1][0].update(ks)
            merged[-1][1].update(es)
        else:
            merged.append((ks, es))
    return [(tuple(sorted(k)), tuple(sorted(e))) for k, e in merged]
