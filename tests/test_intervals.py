"""The range index behind linear pre-annotation answers exactly as a scan of every range would."""
from __future__ import annotations

import random
from types import SimpleNamespace

from corpus.preannotate.intervals import SpanIndex, Taken


def test_taken_matches_a_full_scan():
    rnd = random.Random(7)
    ranges, taken = [], Taken()
    for _ in range(400):
        s = rnd.randrange(0, 2000)
        e = s + rnd.choice([0, 1, 2, 5, 30, 200])
        ranges.append((s, e))
        taken.add(s, e)
        a = rnd.randrange(0, 2100)
        b = a + rnd.randrange(0, 50)
        assert taken.overlaps(a, b) == any(x < b and a < y for x, y in ranges)
        assert taken.covers(a) == any(x <= a < y for x, y in ranges)
        assert [r for r in taken.within(a, b) if r[1] > a and r[0] < b] == \
            sorted(r for r in ranges if r[1] > a and r[0] < b)


def test_span_index_keeps_list_order():
    rnd = random.Random(3)
    spans = [SimpleNamespace(start=s, end=s + rnd.randrange(1, 40)) for s in rnd.sample(range(5000), 300)]
    sents = [SimpleNamespace(start=i * 100, end=i * 100 + 90) for i in range(50)]
    index = SpanIndex(spans)
    for group in ([0], [3, 4], [10, 11, 12], [49]):
        bounds = [sents[i] for i in group]
        expect = [s for s in spans if any(b.start <= s.start and s.end <= b.end for b in bounds)]
        assert index.inside(bounds) == expect
