"""The 1-1 diagonal repair of a searched path (corpus/align/repair.py), on constructed vectors.

Sentence vectors are built from orthogonal "concept" directions, so every cosine is known:
a loose translation shares one concept in two, a true merge resembles both of its parts.
"""
from __future__ import annotations

import numpy as np
import pytest

from corpus.align.repair import split_to_diagonal

DIM = 16


def vecs(*rows: dict[int, float]) -> np.ndarray:
    """Unit vectors from {concept: weight} rows."""
    out = np.zeros((len(rows), DIM), dtype=np.float32)
    for i, row in enumerate(rows):
        for c, w in row.items():
            out[i, c] = w
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_omission_next_to_merge_becomes_two_one_to_one_links():
    # ko 0 is a loose translation of en 0 (they have one concept of two in common): the search skipped it
    # and merged en 0 into ko 1's link; ko 1 does not resemble en 0 at all
    ko = vecs({0: 1, 9: 1}, {1: 1})
    en = vecs({0: 1, 10: 1}, {1: 1})
    path = [((0,), ()), ((1,), (0, 1))]
    assert split_to_diagonal(path, ko, en, floor=0.2) == [((0,), (0,)), ((1,), (1,))]


def test_true_merge_next_to_true_omission_stays():
    # ko 1 says what en 0 and en 1 say together; ko 0 has no translation but is on the same
    # topic as en 0 (cosine .45, above the floor): en 0 is still closer to ko 1, so the merge stays
    ko = vecs({0: 1, 5: 2}, {0: 1.2, 1: 1})
    en = vecs({0: 1}, {1: 1})
    path = [((0,), ()), ((1,), (0, 1))]
    assert split_to_diagonal(path, ko, en, floor=0.2) == path


def test_staircase_over_three_sentences_becomes_the_diagonal():
    ko = vecs({0: 1}, {1: 1}, {2: 1, 7: 0.3})
    en = vecs({0: 1, 7: 0.3}, {1: 1}, {2: 1})
    path = [((0, 1), (0,)), ((2,), (1, 2))]
    assert split_to_diagonal(path, ko, en, floor=0.2) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


@pytest.mark.parametrize("floor,expected_split", [(0.2, True), (0.6, False)])
def test_floor_keeps_unrelated_sentences_apart(floor, expected_split):
    # the freed pair shares one concept in two: cosine 0.5
    ko = vecs({0: 1, 9: 1}, {1: 1})
    en = vecs({0: 1, 10: 1}, {1: 1})
    out = split_to_diagonal([((0,), ()), ((1,), (0, 1))], ko, en, floor=floor)
    assert (out == [((0,), (0,)), ((1,), (1,))]) is expected_split


def test_one_to_one_links_and_lone_omissions_pass_through():
    ko = vecs({0: 1}, {1: 1}, {2: 1})
    en = vecs({0: 1}, {1: 1})
    path = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    assert split_to_diagonal(path, ko, en, floor=0.0) == path
