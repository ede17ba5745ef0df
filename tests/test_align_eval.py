"""Alignment scoring (hand-computed cases), raw-text projection, and an F1 floor on dev gold.

The dev gold is read at run time from <repo>/../shared/eval/align (never copied
into the project); the floor runs the real USE embedder on a small slice.
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.align_eval import evaluate_gold, read_gold, score_alignments
from corpus.align_raw import project, unit_map
from corpus.cli import app
from corpus.errors import InputError
from corpus.galechurch import gale_church

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "align"


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


def _slice(level: str, n: int, tmp_path: Path) -> Path:
    """The first ``n`` documents of a dev gold file, as a temporary file."""
    out = tmp_path / f"{level}.jsonl"
    with (GOLD / f"koen_news_filtered_{level}.jsonl").open(encoding="utf-8") as fh:
        out.write_text("".join(islice(fh, n)), encoding="utf-8")
    return out


def test_f1_floor_on_dev_slice_beats_gale_church(tmp_path):
    path = _slice("L2", 12, tmp_path)
    ours = evaluate_gold(gold=path)
    baseline = evaluate_gold(gold=path, aligner=gale_church)
    assert ours["docs"] == 12
    assert ours["f1"] >= 0.95
    assert ours["omission_recall"] >= 0.6
    assert ours["f1"] > baseline["f1"] + 0.1


def test_raw_track_floor_on_dev_slice(tmp_path):
    r = evaluate_gold(gold=_slice("L0", 6, tmp_path), raw=True)
    assert r["f1"] >= 0.85 and r["f1_lax"] >= 0.97


def test_eval_align_command_prints_scores(tmp_path):
    path = _slice("L1", 3, tmp_path)
    res = CliRunner().invoke(app, ["eval-align", str(path)])
    assert res.exit_code == 0, res.output
    f1 = float(res.output.split("F1 ")[1].split()[0])
    assert 0.9 <= f1 <= 1.0 and "docs 3" in res.output and "omission recall" in res.output
