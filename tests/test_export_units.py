"""Small pure parts of the export: tokens, BIO, split hashing, annotator choice."""
from __future__ import annotations

from collections import Counter

import pytest

from corpus.errors import ConfigError, InputError
from corpus.export.bio import decode, en_tokens, encode, ko_tokens, tag_names
from corpus.export.rows import ner_rows, pair_rows
from corpus.export.select import pick_one
from corpus.export.splits import assign_split, parse_ratios
from corpus.model import Alignment, Annotation, Article, Link, Sentence, Span


def test_english_tokens_keep_abbreviations_numbers_and_clitics():
    toks, starts, ends = en_tokens("Seoul's 20,000 troops didn't leave the U.S. base 🙏.")
    assert toks == ["Seoul", "'s", "20,000", "troops", "did", "n't", "leave", "the", "U.S.", "base", "🙏", "."]
    assert all("Seoul's 20,000 troops didn't leave the U.S. base 🙏."[s:e] == t
               for t, s, e in zip(toks, starts, ends))
    assert en_tokens("Seoul-based", cuts=[0, 5])[0] == ["Seoul", "-", "based"]
    assert en_tokens("PyeongyangTimes", cuts=[10])[0] == ["Pyeongyang", "Times"]


def test_korean_tokens_are_characters_with_spaces():
    toks, starts, ends = ko_tokens("평양 🙏")
    assert toks == ["평", "양", " ", "🙏"] and starts == [0, 1, 2, 3] and ends == [1, 2, 3, 4]


def test_encode_decode_and_misaligned_entities():
    names = tag_names(["LC", "PS"])
    index = {n: i for i, n in enumerate(names)}
    starts, ends = [0, 3, 6, 10], [2, 5, 9, 12]
    tags, missed = encode(starts, ends, [(3, 9, "PS"), (10, 11, "LC")], index)
    assert [names[t] for t in tags] == ["O", "B-PS", "I-PS", "O"] and missed == [1]
    assert decode(tags, starts, ends, names) == [(3, 9, "PS")]
    lenient = [index["I-LC"], index["I-LC"], index["O"], index["I-PS"]]
    assert decode(lenient, starts, ends, names) == [(0, 5, "LC"), (10, 12, "PS")]


def test_a_span_starting_on_a_space_is_reported_not_shifted():
    text = "Talks in Seoul ended."
    art = Article(id="a", text_ko="", text_en=text, sentences_en=[Sentence(0, len(text))])
    bad = Span("s1", "en", 8, 14, "LC", " Seoul")
    ann = Annotation("x", spans=[bad])
    rows, issues = ner_rows(art, "en", ann, {n: i for i, n in enumerate(tag_names(["LC"]))}, ["LC"])
    assert [i.kind for i in issues] == ["not_token_aligned"]
    assert set(rows[0]["ner_tags"]) == {2}


def test_splits_are_stable_proportional_and_seeded():
    ids = [f"art-{i}" for i in range(20000)]
    ratios = parse_ratios("0.8,0.1,0.1")
    counts = Counter(assign_split(a, 7, ratios) for a in ids)
    assert abs(counts["train"] / 20000 - 0.8) < 0.01 and abs(counts["test"] / 20000 - 0.1) < 0.01
    assert [assign_split(a, 7, ratios) for a in ids[:50]] == [assign_split(a, 7, ratios) for a in ids[:50]]
    assert sum(assign_split(a, 7, ratios) != assign_split(a, 8, ratios) for a in ids[:1000]) > 100
    assert {assign_split(a, 1, parse_ratios("0.5,0,0.5")) for a in ids[:200]} == {"train", "test"}
    for bad in ("0.8,0.1", "0.8,0.3,0.1", "a,b,c", "0,0.5,0.5"):
        with pytest.raises(ConfigError):
            parse_ratios(bad)


def test_annotator_rule_ground_truth_then_most_spans_then_recency():
    def ann(who, n, gt=False, when="2026-01-01"):
        return Annotation(who, spans=[Span(f"{who}{i}", "ko", 0, 1, "PS", "x") for i in range(n)],
                          ground_truth=gt, updated_at=when)
    assert pick_one([ann("a", 5), ann("b", 1, gt=True)]).annotator == "b"
    assert pick_one([ann("a", 5), ann("b", 3)]).annotator == "a"
    assert pick_one([ann("a", 3, when="2026-01-01"), ann("b", 3, when="2026-02-01")]).annotator == "b"
    older, newer = ann("a", 2, when="2026-01-01"), ann("a", 2, when="2026-03-01")
    assert pick_one([older, newer, ann("b", 3)]) is newer  # a has 4 spans over two annotations
    assert pick_one([]) is None


def test_a_link_to_a_missing_sentence_is_an_input_error_naming_the_article():
    art = Article(id="broken", text_ko="가.", text_en="A.", sentences_ko=[Sentence(0, 2)],
                  sentences_en=[Sentence(0, 2)], alignment=Alignment([Link((0,), (0, 1), 0.9)]))
    with pytest.raises(InputError, match="alignment.links.*'broken': link 0"):
        list(pair_rows(art))


def test_label_scan_reads_human_labels_and_model_ones_only_when_asked(tmp_path):
    from annotated import build_articles

    from corpus.export.labels import scan_labels
    from corpus.model import write_jsonl
    from corpus.workdir import articles_path

    arts = build_articles()
    arts[2].annotations = [Annotation("m", origin="model", spans=[Span("x", "ko", 0, 3, "GPE", "통일부")])]
    with articles_path(tmp_path).open("w", encoding="utf-8") as fh:
        for _ in write_jsonl(arts, fh):
            pass
    assert scan_labels(tmp_path) == ["DT", "LC", "NORP", "OG", "PS", "QT"]
    assert scan_labels(tmp_path, include_predictions=True) == ["DT", "GPE", "LC", "NORP", "OG", "PS", "QT"]


def test_a_missing_work_folder_is_a_workdir_error(tmp_path):
    from corpus.errors import WorkdirError
    from corpus.export import export_dataset

    for labels in (None, "PS"):
        with pytest.raises(WorkdirError, match="no articles"):
            export_dataset(out=tmp_path / "o", workdir=tmp_path / "nowhere", entity_labels=labels)
    assert not (tmp_path / "o").exists()


def test_event_types_and_roles_become_class_indices_and_unknown_ones_are_reported():
    from conftest import make_article
    from corpus.export.rows import event_rows
    from corpus.model import Argument, Event

    art = make_article(0)
    ko = art.text_ko
    at = ko.index("최선희")
    spans = [Span(id="p", lang="ko", start=at, end=at + 3, label="PS", text="최선희"),
             Span(id="t", lang="ko", start=at + 4, end=at + 6, label="Contact:Meet", text=ko[at + 4:at + 6]),
             Span(id="t2", lang="ko", start=at + 4, end=at + 6, label="Custom:Thing", text=ko[at + 4:at + 6])]
    ann = Annotation(annotator="a", origin="human", spans=spans, events=[
        Event(id="e1", type="Contact:Meet", lang="ko", trigger="t", arguments=[Argument("Entity", "p"), Argument("Host", "p")]),
        Event(id="e2", type="Custom:Thing", lang="ko", trigger="t2")])
    rows, issues = event_rows(art, ann, ["Conflict:Attack", "Contact:Meet"], ["Entity", "Place"])
    assert [(r["id"], r["type"], [a["role"] for a in r["arguments"]]) for r in rows] == [("e1", 1, [0])]
    assert sorted(i.kind for i in issues) == ["unknown_event_type", "unknown_role"]
    rows, issues = event_rows(art, ann)  # no label sets: the names themselves
    assert [r["type"] for r in rows] == ["Contact:Meet", "Custom:Thing"] and not issues
