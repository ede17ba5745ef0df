"""Alignment scoring (hand-computed cases), raw-text projection, and an F1 floor on gold.

The gold is the project's own: ``tests/data/align_gold.jsonl``, sentence links of the 18
sample and dev article pairs checked by hand (see tests/data/README.md). A noisier copy
(English sentences dropped, Korean sentences merged) is derived here. The floors run the
real USE embedder.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.align.eval import evaluate_gold, read_gold, score_alignments
from corpus.align.raw import project, unit_map
from corpus.cli import app
from corpus.errors import InputError
from corpus.align.galechurch import gale_church

GOLD = Path(__file__).parent / "data" / "align_gold.jsonl"


def test_strict_lax_and_omission_scores_by_hand():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))]
    r = score_alignments([gold], [test])
    # precision: 3 of 5 predicted links identical; lax adds (1)-(1), which touches gold (1)-(1,2)
    assert r["precision"] == pytest.approx(3 / 5) and r["precision_lax"] == pytest.approx(4 / 5)
    # recall: over the 3 two-sided gold links; (1)-(1,2) is only a lax hit
    assert r["recall"] == pytest.approx(2 / 3) and r["recall_lax"] == pytest.approx(1.0)
    assert r["f1"] == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert r["f1_lax"] == pytest.approx(2 * 0.8 / 1.8)
    assert r["omission_recall"] == 1.0 and r["omissions"] == 1


def test_perfect_and_empty_predictions():
    gold = [((0,), (0,)), ((), (1,)), ((1, 2), (2,))]
    assert score_alignments([gold], [gold])["f1"] == 1.0
    r = score_alignments([gold], [[]])
    assert r["f1"] == 0.0 and r["recall"] == 0.0 and r["omission_recall"] == 0.0


def test_scores_sum_over_documents_not_average():
    one = [((0,), (0,))]
    two = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    r = score_alignments([one, two], [[((0,), (1,))], two])
    assert r["precision"] == pytest.approx(3 / 4)


def test_unit_map_and_projection_merge_split_units():
    gold = [(0, 5), (6, 10), (11, 20)]
    pred = [(0, 10), (11, 15), (16, 20)]  # first merges two units, the last unit is split
    assert unit_map(pred, gold) == [[0, 1], [2], [2]]
    ko_map = unit_map(pred, gold)
    en_map = [[0], [1], [2]]
    links = [((0,), (0, 1)), ((1,), (2,)), ((2,), ())]
    assert project(links, ko_map, en_map) == [((0, 1), (0, 1)), ((2,), (2,))]


def test_read_gold_names_file_line_and_field(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"doc_id": "a", "ko_sentences": [], "en_sentences": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"g.jsonl:1.*'gold'"):
        list(read_gold(bad))


def noisy(doc: dict, drop_every: int = 5, merge_every: int = 7) -> dict:
    """A harder copy of a gold document: every ``drop_every``-th 1-1 link loses its English
    sentence (a 1-0 omission); now and then two 1-1 links' Korean sentences become one unit."""
    links = [(list(k), list(e)) for k, e in doc["gold"]]
    ko, en, gold = [], [], []
    i = n = 0
    while i < len(links):
        k, e = links[i]
        one = len(k) == len(e) == 1
        n += one
        nxt = links[i + 1] if i + 1 < len(links) else ([], [])
        if one and n % drop_every == 0:
            e = []
        elif one and n % merge_every == 3 and len(nxt[0]) == len(nxt[1]) == 1:
            k, e = [k + nxt[0]], e + nxt[1]
            i += 1
        i += 1
        ko_units = [" ".join(doc["ko_sentences"][x] for x in unit) for unit in (k if k and isinstance(k[0], list) else [[x] for x in k])]
        gold.append([list(range(len(ko), len(ko) + len(ko_units))), list(range(len(en), len(en) + len(e)))])
        ko += ko_units
        en += [doc["en_sentences"][x] for x in e]
    return {"doc_id": doc["doc_id"], "ko_sentences": ko, "en_sentences": en, "gold": gold}


def _noisy_gold(tmp_path: Path) -> Path:
    out = tmp_path / "noisy.jsonl"
    docs = [noisy(json.loads(line)) for line in GOLD.read_text("utf-8").splitlines()]
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return out


def test_noisy_copy_keeps_every_sentence_once(tmp_path):
    docs = [json.loads(line) for line in _noisy_gold(tmp_path).read_text("utf-8").splitlines()]
    omissions = merged = 0
    for doc in docs:
        ko = [i for k, _ in doc["gold"] for i in k]
        en = [i for _, e in doc["gold"] for i in e]
        assert ko == list(range(len(doc["ko_sentences"]))) and en == list(range(len(doc["en_sentences"])))
        omissions += sum(1 for k, e in doc["gold"] if not e)
        merged += sum(1 for k, e in doc["gold"] if len(k) == 1 and len(e) == 2)
    assert omissions >= 20 and merged >= 15


def test_f1_floor_on_project_gold_beats_gale_church(tmp_path):
    clean = evaluate_gold(gold=GOLD)
    assert clean["docs"] == 18 and clean["f1"] >= 0.97 and clean["f1_lax"] >= 0.99
    path = _noisy_gold(tmp_path)
    ours = evaluate_gold(gold=path)
    baseline = evaluate_gold(gold=path, aligner=gale_church)
    assert ours["f1"] >= 0.93
    assert ours["omission_recall"] >= 0.6
    assert ours["f1"] > baseline["f1"] + 0.1


def test_raw_track_floor_on_project_gold():
    r = evaluate_gold(gold=GOLD, raw=True)
    assert r["f1"] >= 0.95 and r["f1_lax"] >= 0.99


def test_eval_align_command_prints_scores():
    res = CliRunner().invoke(app, ["eval-align", str(GOLD)])
    assert res.exit_code == 0, res.output
    f1 = float(res.output.split("F1 ")[1].split()[0])
    assert 0.95 <= f1 <= 1.0 and "docs 18" in res.output and "omission recall" in res.output


def test_the_suite_reads_nothing_outside_the_repository():
    """No test reaches beside the repository (the evaluation folder there is for benchmarks only)."""
    outside = ("sha" "red", "parents[" "2]", ".." "/")  # split so this line does not match itself
    for path in Path(__file__).parent.rglob("*.py"):
        text = path.read_text("utf-8")
        assert not [n for n in outside if n in text], path
