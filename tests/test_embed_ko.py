"""The Korean morpheme vectors (corpus/data/embed_ko.npz) and the real-valued CRF features they give."""
from __future__ import annotations

import numpy as np
import pytest

from corpus.errors import ConfigError
from corpus.preannotate import embed_ko
from corpus.preannotate.features import Evidence, ko_features


def _vec(form: str) -> np.ndarray:
    d = embed_ko.dense(form, "NNP")
    return np.array([v for k, v in d.items() if k.startswith("e")])


def _cos(a: str, b: str) -> float:
    x, y = _vec(a), _vec(b)
    return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))


def test_names_of_a_kind_point_the_same_way():
    assert _cos("부산", "대구") > 0.7 and _cos("삼성전자", "LG전자") > 0.7 and _cos("문재인", "박근혜") > 0.7
    assert _cos("부산", "삼성전자") < 0.6 and _cos("문재인", "부산") < 0.6


def test_closeness_columns_rank_a_name_nearest_its_type():
    z = lambda form: {k[1:]: v for k, v in embed_ko.dense(form, "NNP").items() if k.startswith("z")}
    for form, kind in (("서초구", "GPE"), ("한수원", "OG"), ("삼성전자", "OG"), ("문재인", "PS")):
        got = z(form)
        assert max(got, key=got.get) == kind, (form, got)


def test_the_table_is_keyed_by_form_and_tag_and_unknown_forms_get_nothing():
    assert len(embed_ko.dense("부산", "NNP")) == 36  # 32 components + 4 closeness columns
    assert embed_ko.dense("부산", "VV") == {}
    assert embed_ko.dense("볼코프스키노프", "NNP") == {}


def test_features_carry_the_vectors_of_the_token_and_its_neighbours():
    text = "부산에서 만났다"
    tokens = [(0, 2, "부산", "NNP"), (2, 4, "에서", "JKB"), (5, 6, "만나", "VV"), (6, 7, "었", "EP"), (7, 8, "다", "EF")]
    feats = ko_features(text, tokens, range(len(tokens)), Evidence(), "klue")
    busan = embed_ko.dense("부산", "NNP")
    assert all(feats[0][k] == v for k, v in busan.items())
    assert all(feats[1][f"-1{k}"] == v for k, v in busan.items())  # the token after 부산 sees it
    assert all(feats[1][f"+1{k}"] == v for k, v in embed_ko.dense("만나", "VV").items())
    assert feats[0]["f=부산"] == 1.0 and feats[0]["klue:f=부산"] == 1.0  # strings: value 1, domain copies
    assert not any(k.startswith("klue:e") for k in feats[0])  # vectors are shared across conventions
    unknown = ko_features("볼코프스키노프", [(0, 7, "볼코프스키노프", "NNP")], [0], Evidence())[0]
    assert all(v == 1.0 and ("=" in k or k == "b") for k, v in unknown.items())  # strings only, no vector


def test_a_broken_table_names_the_file(tmp_path):
    bad = tmp_path / "embed.npz"
    np.savez(bad, keys=np.frombuffer("부산\tNNP".encode(), dtype=np.uint8), vec=np.zeros((2, 4), np.float16),
             close=np.zeros((2, 4), np.float16))
    with pytest.raises(ConfigError, match=r"embed.npz: 1 keys for 2 vectors"):
        embed_ko._read(bad)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match=r"junk.npz: not a morpheme vector table"):
        embed_ko._read(tmp_path / "junk.npz")


def test_the_model_notice_names_the_vectors_source_and_licence():
    from corpus.preannotate.model_io import DEFAULT

    notice = (DEFAULT / "NOTICE").read_text(encoding="utf-8")
    assert "embed_ko.npz" in notice and "Apache License 2.0" in notice
