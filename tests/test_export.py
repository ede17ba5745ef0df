"""Hugging Face export: round trip of BIO tags, features, splits, determinism, selection."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from annotated import build_articles
from datasets import get_dataset_config_names, load_dataset

from corpus.errors import ConfigError
from corpus.export import export_dataset
from corpus.export.bio import decode, tag_names
from corpus.export.features import config_features
from corpus.export.select import select_annotations
from corpus.export.splits import assign_split
from corpus.export.synthetic import synthetic_articles

CONFIGS = ["documents", "sentence_pairs", "ner_ko", "ner_en", "events"]


def corpus_articles():
    return build_articles() + list(synthetic_articles(40, seed=3))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("hf") / "ds"
    return out, export_dataset(out=out, articles=corpus_articles(), seed=11)


def load(out: Path, config: str, tmp: Path):
    return load_dataset(str(out), config, cache_dir=str(tmp / "cache"))


def expected_entities(issue_ids: set[tuple[str, str]]) -> dict[tuple[str, str], set]:
    """(article, lang) -> {(start, end, label)} of the selected annotation minus reported spans."""
    out = defaultdict(set)
    for art in corpus_articles():
        for ann in select_annotations(art):
            triggers = {e.trigger for e in ann.events}
            for s in ann.spans:
                if s.id not in triggers and (art.id, s.id) not in issue_ids:
                    out[(art.id, s.lang)].add((s.start, s.end, s.label))
    return out


def test_bio_round_trip_gives_back_exactly_the_stored_spans(exported, tmp_path):
    out, result = exported
    issues = [json.loads(l) for l in (out / "reports/ner_issues.jsonl").read_text().splitlines()]
    want = expected_entities({(i["article_id"], i["span_id"]) for i in issues})
    got = defaultdict(set)
    for lang in ("ko", "en"):
        ds = load(out, f"ner_{lang}", tmp_path)
        names = ds["train"].features["ner_tags"].feature.names
        for split in ds:
            for row in ds[split]:
                n = len(row["tokens"])
                starts = row["token_starts"] if lang == "en" else range(n)
                ends = row["token_ends"] if lang == "en" else range(1, n + 1)
                assert len(row["ner_tags"]) == n
                if lang == "ko":
                    assert "".join(row["tokens"]) == row["sentence"]
                for s, e, label in decode(row["ner_tags"], starts, ends, names):
                    assert row["sentence"][s:e]
                    got[(row["article_id"], lang)].add((row["sentence_start"] + s, row["sentence_start"] + e, label))
    assert got == want
    assert sum(len(v) for v in want.values()) > 500


def test_crossing_and_overlapping_entities_are_reported_not_cut(exported):
    out, result = exported
    issues = [json.loads(l) for l in (out / "reports/ner_issues.jsonl").read_text().splitlines()]
    kinds = {(i["article_id"], i["kind"], i["text"]) for i in issues}
    assert kinds == {("yna-001", "overlap", "북한"), ("yna-002", "crosses_sentence", "U.S. Forces Korea")}
    assert result.stats.issues == {"overlap": 1, "crosses_sentence": 1}
    readme = (out / "README.md").read_text()
    assert "| crosses_sentence | 1 |" in readme and "| overlap | 1 |" in readme


def test_every_config_loads_with_the_declared_features(exported, tmp_path):
    out, result = exported
    labels = result.options.entity_labels
    assert labels == ("DT", "LC", "NORP", "OG", "PS", "QT")
    assert len(result.options.event_types) == 33 and "Contact:Meet" in result.options.event_types
    assert {"Attacker", "Entity", "Place", "Time"} <= set(result.options.roles)
    for config in CONFIGS:
        ds = load(out, config, tmp_path)
        assert set(ds) == {"train", "validation", "test"}
        for split in ds:
            assert ds[split].features == config_features(config, labels, result.options.event_types,
                                                         result.options.roles), (config, split)
            assert ds[split].num_rows == result.stats.rows[config][split]
    assert sorted(get_dataset_config_names(str(out))) == sorted(CONFIGS)
    default = load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert default["train"].features == config_features("documents", labels)
    tags = load(out, "ner_ko", tmp_path)["train"].features["ner_tags"].feature
    assert tags.names == tag_names(labels) and tags.names[-1] == "O"


def test_splits_are_disjoint_by_article_and_agree_across_configs(exported, tmp_path):
    out, result = exported
    split_of: dict[str, str] = {}
    for config in CONFIGS:
        ds = load(out, config, tmp_path)
        key = "id" if config == "documents" else "article_id"
        for split in ds:
            for aid in set(ds[split][key]):
                assert split_of.setdefault(aid, split) == split, (config, aid)
                assert assign_split(aid, 11, (0.8, 0.1, 0.1)) == split
    assert len(split_of) == 43
    assert set(split_of.values()) == {"train", "validation", "test"}


def test_exporting_twice_gives_byte_identical_files(exported, tmp_path):
    out, _ = exported
    again = tmp_path / "again"
    export_dataset(out=again, articles=corpus_articles(), seed=11)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (out / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_sentence_pairs_skip_low_and_omitted_links_unless_asked(exported, tmp_path):
    out, _ = exported
    rows = [r for s in ("train", "validation", "test") for r in load(out, "sentence_pairs", tmp_path)[s]
            if r["article_id"] == "yna-002"]
    assert [(r["link_type"], r["low"]) for r in rows] == [("1-2", False)]
    assert rows[0]["translation"]["en"].endswith("said the U.S. Forces Korea.")
    assert rows[0]["translation"]["ko"].startswith("주한미군은 15일")
    full = export_dataset(out=tmp_path / "all", articles=build_articles(), include_low_confidence=True,
                          include_omissions=True, split="1,0,0")
    types = [r["link_type"] for r in load(tmp_path / "all", "sentence_pairs", tmp_path)["train"]
             if r["article_id"] == "yna-002"]
    assert types == ["1-2", "1-1", "1-0"] and full.stats.links["1-0"] == 1


def test_adjudicated_annotation_wins_else_the_busiest_annotator(exported, tmp_path):
    out, _ = exported
    docs = {r["id"]: r for s in ("train", "validation", "test") for r in load(out, "documents", tmp_path)[s]}
    assert [a["annotator"] for a in docs["yna-001"]["annotations"]] == ["reviewer"]
    assert [a["annotator"] for a in docs["yna-002"]["annotations"]] == ["annotator_a"]
    assert docs["yna-003"]["annotations"] == [] and docs["yna-001"]["judgements"][0]["values"] == ["diplomacy"]
    assert all(e["origin"] == "human" for d in docs.values() for e in d["entities"])


def test_all_annotators_and_silver_predictions(tmp_path):
    res = export_dataset(out=tmp_path / "x", articles=build_articles(), all_annotators=True,
                         include_predictions=True, split="1,0,0")
    ner = load(tmp_path / "x", "ner_ko", tmp_path)["train"]
    assert {(r["article_id"], r["annotator"]) for r in ner} == {
        ("yna-001", "annotator_a"), ("yna-001", "reviewer"), ("yna-002", "annotator_a"), ("yna-002", "annotator_b")}
    silver = load(tmp_path / "x", "ner_ko_silver", tmp_path)["train"]
    assert {r["origin"] for r in silver} == {"model"} and silver.num_rows == 4
    names = silver.features["ner_tags"].feature.names
    ents = [e for r in silver for e in decode(r["ner_tags"], range(len(r["tokens"])),
                                               range(1, len(r["tokens"]) + 1), names)]
    assert [e[2] for e in ents] == ["PS"]
    assert "machine-generated" in (tmp_path / "x" / "README.md").read_text()
    assert res.options.configs[-3:] == ["ner_ko_silver", "ner_en_silver", "events_silver"]


def test_emoji_is_one_token_and_offsets_stay_code_points(exported, tmp_path):
    out, _ = exported
    for lang in ("ko", "en"):
        ds = load(out, f"ner_{lang}", tmp_path)
        row = next(r for s in ds for r in ds[s] if "🙏" in r["sentence"])
        assert "🙏" in row["tokens"]
        if lang == "en":
            for t, s, e in zip(row["tokens"], row["token_starts"], row["token_ends"]):
                assert row["sentence"][s:e] == t


def test_events_rows_carry_trigger_arguments_and_linked_event(exported, tmp_path):
    out, _ = exported
    ds = load(out, "events", tmp_path)
    rows = {r["id"]: r for s in ds for r in ds[s] if r["article_id"] == "yna-001"}
    ko, en = rows["ev-ko"], rows["ev-en"]
    assert (ko["linked_event_id"], en["linked_event_id"]) == ("ev-en", "ev-ko")
    assert ko["trigger"]["text"] == "접견했다" and ko["sentence"].startswith("김정은")
    role = ds["train"].features["arguments"].feature["role"]
    event_type = ds["train"].features["type"]
    assert event_type.int2str(en["type"]) == "Contact:Meet" and len(event_type.names) == 33
    assert [(role.int2str(a["role"]), a["text"], a["entity_type"]) for a in en["arguments"]] == [
        ("Entity", "Kim Jong Un", "PS"), ("Place", "Pyongyang", "LC")]
    start = en["trigger"]["start"] - en["sentence_start"]
    assert en["sentence"][start:start + len("received")] == "received"


def test_card_declares_metadata_and_computed_figures(exported):
    out, result = exported
    text = (out / "README.md").read_text()
    meta = text.split("---\n")[1]
    for line in ("- ko\n- en", "multilinguality:\n- translation", "license: cc-by-4.0",
                 "size_categories:\n- n<1K", "- token-classification", "config_name: ner_ko"):
        assert line in meta
    lc_ko = sum(1 for a in corpus_articles() for ann in select_annotations(a) for s in ann.spans
                if s.lang == "ko" and s.label == "LC")
    assert f"| LC | {lc_ko} |" in text
    n_train = result.stats.articles["train"]
    assert f"| articles | {n_train} |" in text
    for config in CONFIGS:
        assert f"### `{config}`" in text
    assert '"tokens": ["' in text and "@misc{koen_corpus" in text


def test_refuses_to_replace_a_folder_that_is_not_an_export(tmp_path):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="not a koen export"):
        export_dataset(out=precious, articles=build_articles())
    assert (precious / "notes.txt").read_text() == "keep me"
    with pytest.raises(ConfigError, match="--split"):
        export_dataset(out=tmp_path / "y", articles=build_articles(), split="0.5,0.2")


def test_low_quality_articles_stay_out_of_sentence_pairs_unless_asked(tmp_path):
    arts = build_articles()
    flagged = {arts[0].id: "align_low_quality", arts[1].id: "suspect_translation"}
    for art in arts[:2]:
        art.flags.append(flagged[art.id])
    default = export_dataset(out=tmp_path / "d", articles=arts, split="1,0,0")
    pairs = load(tmp_path / "d", "sentence_pairs", tmp_path)["train"]
    docs = load(tmp_path / "d", "documents", tmp_path)["train"]
    assert pairs.num_rows > 0 and not {r["article_id"] for r in pairs} & set(flagged)
    assert all(r["article_flags"] == [] for r in pairs)
    assert {r["id"] for r in docs} >= set(flagged)
    assert dict(default.stats.low_quality) == {"align_low_quality": 1, "suspect_translation": 1}
    card = (tmp_path / "d" / "README.md").read_text("utf-8")
    assert "align_low_quality 1, suspect_translation 1" in card and "left out of `sentence_pairs`" in card
    export_dataset(out=tmp_path / "all", articles=arts, split="1,0,0", include_low_quality=True)
    rows = load(tmp_path / "all", "sentence_pairs", tmp_path)["train"]
    marks = {r["article_id"]: r["article_flags"] for r in rows if r["article_id"] in flagged}
    assert marks == {k: [v] for k, v in flagged.items()}
    assert rows.num_rows > pairs.num_rows
