"""The Korean morpheme clusters (corpus/data/clusters_ko.tsv) and the CRF features they give."""
from __future__ import annotations

import pytest

from corpus.errors import ConfigError
from corpus.preannotate import clusters_ko
from corpus.preannotate.features import Evidence, ko_features


def test_cities_share_a_cluster_and_differ_from_a_company():
    busan, daegu, gwangju = (clusters_ko.clusters(city, "NNP") for city in ("부산", "대구", "광주"))
    assert busan[0] == daegu[0] == gwangju[0]  # coarse
    assert busan[1] == daegu[1] == gwangju[1]  # middle (256)
    company = clusters_ko.clusters("삼성전자", "NNP")
    assert company and company[1] != busan[1]


def test_names_are_nearest_to_seeds_of_their_type():
    nearest = lambda form: clusters_ko.clusters(form, "NNP")[7]
    assert [nearest(city) for city in ("부산", "대구", "서초구")] == ["GPE"] * 3  # 부산 is a seed, 서초구 is not
    assert nearest("한수원") == "OG"


def test_the_table_is_keyed_by_form_and_tag_and_unknown_forms_get_nothing():
    assert clusters_ko.clusters("부산", "NNP")
    assert clusters_ko.clusters("부산", "VV") == ()  # the tag is part of the key
    assert clusters_ko.clusters("볼코프스키노프", "NNP") == ()
    assert clusters_ko.clusters("", "NNP") == ()


def test_features_carry_the_clusters_of_the_token_and_its_neighbours():
    text = "부산에서 만났다"
    tokens = [(0, 2, "부산", "NNP"), (2, 4, "에서", "JKB"), (5, 6, "만나", "VV"), (6, 7, "었", "EP"), (7, 8, "다", "EF")]
    feats = ko_features(text, tokens, range(len(tokens)), Evidence())
    busan = clusters_ko.clusters("부산", "NNP")
    assert {f"c0={busan[0]}", f"c1={busan[1]}", f"c2={busan[2]}", "nGPE=0", "nt=GPE"} <= set(feats[0])
    assert {f"-1c1={busan[1]}", "-1nt=GPE"} <= set(feats[1])
    unknown = ko_features("볼코프스키노프", [(0, 7, "볼코프스키노프", "NNP")], [0], Evidence())[0]
    assert not any(f.split("=")[0] in ("c0", "c1", "c2", "nt") for f in unknown)


def test_a_broken_table_names_the_file_and_line(tmp_path):
    bad = tmp_path / "clusters.tsv"
    bad.write_text("# comment\nform\ttag\tc64\tc256\tc1024\n부산\tNNP\t1\t2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"clusters.tsv:3: expected 5"):
        clusters_ko._read(bad)


def test_the_table_and_the_model_notice_name_its_source_and_licence():
    from corpus.preannotate.model_io import DEFAULT

    head = clusters_ko.TABLE.read_text(encoding="utf-8").split("\n", 1)[0]
    assert head.startswith("# kiwipiepy") and "Apache-2.0" in head
    notice = (DEFAULT / "NOTICE").read_text(encoding="utf-8")
    assert "clusters_ko.tsv" in notice and "Apache License 2.0" in notice
