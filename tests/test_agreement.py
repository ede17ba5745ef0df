"""Agreement metrics on small constructed articles with hand-computed answers."""
from __future__ import annotations

import json
import subprocess
from collections import Counter

import pytest

from conftest import KOEN, write_articles
from corpus.model import Annotation, Argument, Article, CrossLink, Event, Span
from corpus.quality.agreement import agreement, agreement_of
from corpus.quality.metrics import PairCounts, cohen_kappa, overlap_counts

HEAD_KO, HEAD_EN = "김정은 평양 도착", "Kim Jong Un arrives in Pyongyang"   # 9 and 32 characters
KO = "김정은 위원장은 평양에서 러시아 대표단을 만났다."
EN = "Leader Kim Jong Un met a Russian delegation in Pyongyang."


def span(ann_id: str, text: str, lang: str, word: str, label: str, end: int | None = None) -> Span:
    start = text.index(word)
    stop = start + len(word) if end is None else end
    return Span(f"{ann_id}-{lang}{start}-{stop}", lang, start, stop, label, text[start:stop])


def ann(name: str, spans: list[Span], **kw) -> Annotation:
    return Annotation(name, spans=spans, **kw)


def article(aid: str, annotations: list[Annotation], ko: str = HEAD_KO, en: str = HEAD_EN) -> Article:
    return Article(id=aid, text_ko=ko, text_en=en, annotations=annotations)


def test_identical_annotations_agree_fully():
    a = ann("a", [span("a", HEAD_KO, "ko", "김정은", "PS"), span("a", HEAD_EN, "en", "Pyongyang", "GPE")])
    b = ann("b", [span("b", HEAD_KO, "ko", "김정은", "PS"), span("b", HEAD_EN, "en", "Pyongyang", "GPE")])
    r = agreement_of([article("x", [a, b])])
    assert r["articles_compared"] == 1
    assert r["spans"]["all"]["exact"]["f1"] == 1.0 and r["spans"]["all"]["overlap"]["f1"] == 1.0
    assert r["characters"]["ko"]["alpha"] == 1.0 and r["characters"]["ko"]["kappa"] == {"a | b": 1.0}
    assert r["characters"]["en"]["kappa"] == {"a | b": 1.0}


def test_disjoint_annotations_give_zero_f1_and_hand_computed_kappa_and_alpha():
    # ko "김정은 평양 도착": A = PS on 0-3, B = GPE on 4-6 (9 characters).
    # Confusion (A, B): (PS,O) 3, (O,GPE) 2, (O,O) 4.  p_o = 4/9.
    # A: PS 3, O 6; B: O 7, GPE 2 -> p_e = 6*7/81 = 14/27; kappa = (12/27 - 14/27) / (13/27) = -2/13.
    # Alpha: o(PS,O)=o(O,PS)=3, o(O,GPE)=o(GPE,O)=2, o(O,O)=8; n_PS 3, n_GPE 2, n_O 13, n 18;
    # D_e term (18^2 - (9+4+169)) / 17 = 142/17; alpha = 1 - 10*17/142 = -28/142.
    a = ann("a", [span("a", HEAD_KO, "ko", "김정은", "PS")])
    b = ann("b", [span("b", HEAD_KO, "ko", "평양", "GPE")])
    r = agreement_of([article("x", [a, b])])
    assert r["spans"]["all"]["exact"]["f1"] == 0.0 and r["spans"]["all"]["overlap"]["f1"] == 0.0
    assert r["spans"]["by_label"]["ko"]["PS"]["exact"] == {"f1": 0.0, "n_a": 1, "n_b": 0, "hit_a": 0, "hit_b": 0}
    assert r["characters"]["ko"]["kappa"]["a | b"] == pytest.approx(-2 / 13, abs=1e-6)
    assert r["characters"]["ko"]["alpha"] == pytest.approx(-28 / 142, abs=1e-6)
    # English: both left every character O, so chance agreement is total and kappa is undefined.
    assert r["characters"]["en"]["kappa"] == {"a | b": None} and r["characters"]["en"]["alpha"] is None
    assert r["spans"]["by_lang"]["en"]["exact"]["f1"] is None


def test_partial_overlap_counts_as_overlap_not_exact():
    # A marks "김정은 위원장" as PS, B only "김정은"; both mark 평양 as GPE.
    # Exact: 1 of 2 on each side -> F1 0.5; overlap: all 2 match -> 1.0.
    a = ann("a", [span("a", KO, "ko", "김정은 위원장", "PS"), span("a", KO, "ko", "평양", "GPE")])
    b = ann("b", [span("b", KO, "ko", "김정은", "PS"), span("b", KO, "ko", "평양", "GPE")])
    r = agreement_of([article("x", [a, b], KO, EN)])
    assert r["spans"]["by_lang"]["ko"]["exact"]["f1"] == 0.5
    assert r["spans"]["by_lang"]["ko"]["overlap"]["f1"] == 1.0
    assert r["spans"]["by_label"]["ko"]["PS"]["exact"]["f1"] == 0.0
    assert r["spans"]["by_label"]["ko"]["PS"]["overlap"]["f1"] == 1.0
    assert r["spans"]["by_label"]["ko"]["GPE"]["exact"]["f1"] == 1.0
    # Same span, different label: no match, not even by overlap.
    c = ann("c", [span("c", KO, "ko", "평양", "LC")])
    r2 = agreement_of([article("y", [a, c], KO, EN)])
    assert r2["spans"]["all"]["overlap"]["f1"] == 0.0


def test_three_annotators_alpha_computed_by_hand():
    # "김정은 평양 도착", 9 characters.  A: PS 0-3, GPE 4-6; B: PS 0-3; C: PS 0-2, GPE 4-6.
    # Units (A,B,C): 0,1 = PS PS PS; 2 = PS PS O; 3,6,7,8 = O O O; 4,5 = GPE O GPE.
    # Three coders: each ordered pair of values weighs 1/(3-1).  Coincidences:
    #   (PS,PS) 3+3+1 = 7; (PS,O) = (O,PS) = 1; (O,O) 4*3 = 12; (GPE,GPE) 2; (GPE,O) = (O,GPE) = 2.
    # n_PS 8, n_O 15, n_GPE 4, n 27; disagreement 6; (27^2 - (64+225+16)) / 26 = 424/26.
    # alpha = 1 - 6*26/424 = 268/424 = 0.632075...
    # Kappa A|B: (PS,PS) 3, (O,O) 4, (GPE,O) 2: p_o 7/9, p_e (3*3 + 4*6)/81 = 11/27 -> 10/16.
    # Spans exact: pairs AB (2,1 hit 1), AC (2,2 hit 1), BC (1,2 hit 0) -> 2/5, 2/5 -> F1 0.4.
    # Overlap: AB hits 1/1, AC 2/2, BC 1/1 -> 4 of 5 both ways -> F1 0.8.
    a = ann("a", [span("a", HEAD_KO, "ko", "김정은", "PS"), span("a", HEAD_KO, "ko", "평양", "GPE")])
    b = ann("b", [span("b", HEAD_KO, "ko", "김정은", "PS")])
    c = ann("c", [span("c", HEAD_KO, "ko", "김정", "PS"), span("c", HEAD_KO, "ko", "평양", "GPE")])
    r = agreement_of([article("x", [a, b, c])])
    assert r["characters"]["ko"]["alpha"] == pytest.approx(268 / 424, abs=1e-6)
    assert r["characters"]["ko"]["kappa"]["a | b"] == pytest.approx(0.625, abs=1e-6)
    assert set(r["characters"]["ko"]["kappa"]) == {"a | b", "a | c", "b | c"}
    assert r["spans"]["all"]["exact"]["f1"] == pytest.approx(0.4)
    assert r["spans"]["all"]["overlap"]["f1"] == pytest.approx(0.8)
    assert r["pairs"]["b | c"]["exact"]["f1"] == 0.0


def _event_ann(name: str, ev_type: str, roles: list[tuple[str, str]], links: list[tuple[str, str]],
               lead: float) -> Annotation:
    spans = [span(name, KO, "ko", w, lab) for w, lab in (("김정은", "PS"), ("평양", "GPE"), ("러시아", "GPE"))]
    spans += [span(name, EN, "en", w, lab) for w, lab in (("Kim Jong Un", "PS"), ("Pyongyang", "GPE"))]
    trig = span(name, KO, "ko", "만났다", ev_type)
    by = {s.text: s.id for s in spans}
    ev = Event(f"ev-{name}", ev_type, "ko", trig.id, [Argument(role, by[w]) for role, w in roles])
    return Annotation(name, spans=spans + [trig], events=[ev], lead_time=lead,
                      links=[CrossLink(by[k], by[e]) for k, e in links])


def test_events_links_and_annotator_time():
    a = _event_ann("a", "Contact:Meet", [("Entity", "김정은"), ("Place", "평양")],
                   [("김정은", "Kim Jong Un"), ("평양", "Pyongyang")], 30.0)
    b = _event_ann("b", "Contact:Meet", [("Entity", "김정은"), ("Place", "러시아")],
                   [("김정은", "Kim Jong Un")], 50.0)
    c = _event_ann("c", "Contact:Phone-Write", [("Entity", "김정은")], [("김정은", "Kim Jong Un")], 10.0)
    r = agreement_of([article("x", [a, b], KO, EN), article("y", [a, c], KO, EN)])
    ev = r["events"]
    # Triggers: same offsets in both pairs (id 2/2), type matches only for a|b (1 of 2 per side).
    assert ev["trigger_id"]["ko"]["f1"] == 1.0 and ev["trigger_type"]["ko"]["f1"] == 0.5
    # Arguments with role (type must match): a|b share Entity only: a 2, b 2, hit 1; a|c none.
    # Sum: n_a 4, n_b 3, hits 1 -> P 1/3, R 1/4 -> F1 2/7.
    assert ev["argument_role"]["ko"]["f1"] == pytest.approx(2 / 7, abs=1e-6)
    # Identification ignores type and role: a|b 1 hit, a|c 1 hit (김정은) -> P 2/3, R 2/4 -> F1 4/7.
    assert ev["argument_id"]["ko"]["f1"] == pytest.approx(4 / 7, abs=1e-6)
    # Links by offsets (ids differ per annotator): a 2+2, b 1, c 1, hits 1+1 -> P 1, R 1/2 -> 2/3.
    assert r["links"]["all"]["f1"] == pytest.approx(2 / 3, abs=1e-6)
    # Trigger spans are events, not entities: entity spans agree fully.
    assert r["spans"]["all"]["exact"]["f1"] == 1.0
    people = r["annotators"]
    assert people["a"]["articles"] == 2 and people["a"]["seconds"] == 60.0
    assert people["a"]["seconds_per_article"] == 30.0 and people["a"]["spans"] == 10 and people["a"]["events"] == 2
    assert people["b"]["links"] == 1


def test_finals_single_annotators_and_repeats_are_handled():
    a_old = ann("a", [span("a", HEAD_KO, "ko", "평양", "GPE")], updated_at="2026-03-01T00:00:00")
    a_new = ann("a", [span("a", HEAD_KO, "ko", "김정은", "PS")], updated_at="2026-03-02T00:00:00")
    b = ann("b", [span("b", HEAD_KO, "ko", "김정은", "PS")])
    gold = ann("rev", [span("r", HEAD_KO, "ko", "도착", "PS")], ground_truth=True)
    adj = ann("adjudicated", [], meta={"adjudicated": True})
    model = Annotation("kiwi", origin="model", spans=[span("m", HEAD_KO, "ko", "도착", "DT")])
    r = agreement_of([article("x", [a_old, a_new, b, gold, adj, model]), article("y", [b])])
    assert r["articles"] == 2 and r["articles_compared"] == 1
    assert r["spans"]["all"]["exact"]["f1"] == 1.0 and set(r["pairs"]) == {"a | b"}
    assert set(r["annotators"]) == {"a", "b"} and r["annotators"]["b"]["articles"] == 2


def test_metric_helpers_edge_cases():
    assert PairCounts().f1() is None
    assert overlap_counts([(0, 3)], [(3, 5)]).hit_a == 0  # touching is not overlapping
    assert overlap_counts([(0, 3)], [(2, 5), (0, 1)]).to_dict()["hit_b"] == 2
    assert cohen_kappa(Counter()) is None
    assert cohen_kappa(Counter({("PS", "PS"): 2, ("O", "O"): 2})) == 1.0


def test_workdir_json_and_cli_tables(tmp_path):
    a = ann("a@x.org", [span("a", KO, "ko", "김정은", "PS"), span("a", EN, "en", "Kim Jong Un", "PS")])
    b = ann("b@x.org", [span("b", KO, "ko", "김정은", "PS"), span("b", EN, "en", "Pyongyang", "GPE")])
    wd = write_articles(tmp_path, [article("x", [a, b], KO, EN)])
    r = agreement(workdir=wd)
    assert json.loads((wd / "agreement.json").read_text()) == r
    assert r["spans"]["by_lang"]["ko"]["exact"]["f1"] == 1.0 and r["spans"]["by_lang"]["en"]["exact"]["f1"] == 0.0
    out = subprocess.run([str(KOEN), "agreement", str(wd)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "a@x.org | b@x.org" in out.stdout and "GPE" in out.stdout and "alpha" in out.stdout
    missing = subprocess.run([str(KOEN), "agreement", str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2 and "not found" in missing.stderr
