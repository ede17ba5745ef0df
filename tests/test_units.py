"""Task units: passages of aligned sentence pairs, predictions cut to them, offsets mapped back on pull."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotation.convert import annotation_results, unit_task
from annotation.results import Reject, TaskText, read_annotation
from annotation.schema import load_schema
from annotation.units import MAX_RELATIONS, restrict, units, whole_article
from conftest import make_article
from corpus.align.stage import align_workdir
from corpus.ingest import ingest
from corpus.model import Annotation, Argument, CrossLink, Event, Span
from corpus.preannotate.stage import preannotate_workdir
from corpus.workdir import iter_articles

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> list:
    """The ingested, aligned, pre-annotated sample (the real models)."""
    wd = tmp_path_factory.mktemp("units") / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    preannotate_workdir(workdir=wd)
    return list(iter_articles(wd))


def _models(art):
    return [a for a in art.annotations if a.origin == "model"]


def test_passages_cover_each_text_and_hold_every_predicted_span(sample):
    for art in sample:
        parts = units(art, _models(art))
        assert len(parts) > 1 and [u.index for u in parts] == list(range(len(parts)))
        for lang in ("ko", "en"):
            assert "".join(u.text(art, lang) for u in parts) == art.text(lang)
        for span in _models(art)[0].spans:
            homes = [u for u in parts if u.range(span.lang)[0] <= span.start and span.end <= u.range(span.lang)[1]]
            assert len(homes) >= 1, (art.id, span)


def test_no_passage_task_opens_with_more_than_twelve_relations(sample):
    drawn, kept, total = [], 0, 0
    for art in sample:
        model = _models(art)[0]
        total += len(model.links) + sum(len(e.arguments) for e in model.events)
        for unit in units(art, _models(art)):
            task, left_out = unit_task(art, unit, [], MAX_RELATIONS)
            [pred] = task["predictions"]
            n = sum(1 for r in pred["result"] if r["type"] == "relation")
            drawn.append(n)
            kept += n
            for r in pred["result"]:  # every predicted region sits on the task's own text
                if r["type"] == "labels":
                    v = r["value"]
                    assert task["data"][f"text_{r['to_name']}"][v["start"]:v["end"]] == v["text"]
    assert max(drawn) <= MAX_RELATIONS
    assert kept >= 0.85 * total  # links first; only roles of the densest sentences are left out


def test_article_unit_keeps_everything_without_a_cap(sample):
    art = sample[0]
    model = _models(art)[0]
    cut, left_out = restrict(model, whole_article(art))
    assert left_out == 0 and [s.to_dict() for s in cut.spans] == [s.to_dict() for s in model.spans]
    capped, left_out = restrict(model, whole_article(art), 12)
    assert len(capped.links) + sum(len(e.arguments) for e in capped.events) == 12
    assert left_out == len(model.links) + sum(len(e.arguments) for e in model.events) - 12


def _passage_annotation(art, unit, words):
    """Regions a human drew in a passage task (offsets into the task's slices)."""
    out = []
    for rid, lang, word, label in words:
        text = unit.text(art, lang)
        start = text.index(word)
        out.append({"id": rid, "from_name": f"{lang}_labels", "to_name": lang, "type": "labels",
                    "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]}})
    return out


def test_passage_offsets_map_back_to_the_stored_text():
    art = make_article(0)
    parts = units(art, [], max_chars=30)  # a passage per sentence pair
    unit = next(u for u in parts if "최선희" in u.text(art, "ko"))
    assert unit.ko[0] > 0
    result = _passage_annotation(art, unit, [("k1", "ko", "최선희", "PS"), ("e1", "en", "Choe Son-hui", "PS")])
    result.append({"from_id": "k1", "to_id": "e1", "type": "relation", "direction": "right", "labels": ["same_as"]})
    data = unit_task(art, unit)[0]["data"]
    ann, problems = read_annotation({"result": result, "completed_by": 1}, art, load_schema(), project="p",
                                    shown=TaskText.of(data, art))
    assert problems == []
    assert {(s.lang, art.text(s.lang)[s.start:s.end], s.start) for s in ann.spans} == {
        ("ko", "최선희", art.text_ko.index("최선희")), ("en", "Choe Son-hui", art.text_en.index("Choe Son-hui"))}
    art.text_ko = art.text_ko.replace("최선희", "최선휘")  # the article changed after the push
    with pytest.raises(Reject, match="no longer matches"):
        read_annotation({"result": result}, art, load_schema(), project="p", shown=TaskText.of(data, art))


def test_one_broken_relation_costs_only_itself():
    art = make_article(0)
    ko, en = art.text_ko, art.text_en
    spans = [Span("k1", "ko", ko.index("최선희"), ko.index("최선희") + 3, "PS", "최선희"),
             Span("k3", "ko", ko.index("만났다"), ko.index("만났다") + 3, "Contact:Meet", "만났다"),
             Span("e1", "en", en.index("Choe Son-hui"), en.index("Choe Son-hui") + 12, "PS", "Choe Son-hui"),
             Span("e4", "en", en.index("Kim Jong-un"), en.index("Kim Jong-un") + 11, "PS", "Kim Jong-un"),
             Span("k4", "ko", ko.index("김정은"), ko.index("김정은") + 3, "PS", "김정은")]
    human = Annotation("h", spans=spans, events=[Event("ev", "Contact:Meet", "ko", "k3", [Argument("Entity", "k1")])],
                       links=[CrossLink("k1", "e1")])
    result = annotation_results(human)
    result.append({"from_id": "k4", "to_id": "e4", "type": "relation", "direction": "right"})  # no label
    ann, problems = read_annotation({"result": result, "completed_by": 1}, art, load_schema(), project="p")
    assert len(ann.spans) == 5 and [(l.ko, l.en) for l in ann.links] == [("k1", "e1")]
    assert [a.role for e in ann.events for a in e.arguments] == ["Entity"]
    [problem] = problems
    assert "k4->e4" in problem and "'김정은' (PS)" in problem and "'Kim Jong-un' (PS)" in problem
    assert "no label" in problem and "not guessed" in problem


def test_review_proposals_are_cut_to_the_passage_tasks_push_made():
    from annotation.client import Existing
    from annotation.review import targets

    ko = "최선희 외무상이 모스크바에 갔다.\n" + " ".join(f"대표단은 {n}일 돌아갔다." for n in range(1, 31))
    en = "Choe Son-hui went to Moscow.\n" + " ".join(f"The delegation returned on day {n}." for n in range(1, 31))
    art = make_article(0, ko, en)
    parts = units(art, [])
    index = {}
    for n, unit in enumerate(parts):
        meta = unit_task(art, unit)[0]["meta"]
        index[unit.key] = Existing(100 + n, meta["koen_hash"], 0, None, meta["koen_text_hash"], "passage")
    last = Span("x", "ko", ko.rindex("30일"), ko.rindex("30일") + 3, "DT", "30일")
    ann = Annotation("merge", spans=[Span("p", "ko", 0, 3, "PS", "최선희"), last])
    found = targets(art, ann, index)
    assert [t for t, _ in found] == [100 + n for n in range(len(parts))] and len(parts) > 1
    assert [s.text for s in found[0][1].spans] == ["최선희"]
    tail = found[-1][1].spans
    assert [(s.text, s.start) for s in tail] == [("30일", last.start - parts[-1].ko[0])]
    art.text_ko = art.text_ko.replace("최선희", "최선휘")  # text changed since the push: nothing is sent
    assert targets(art, ann, index) == []


def test_passage_context_highlights_its_rows_and_stays_a_window():
    from annotation.convert import CONTEXT_ROWS, align_html

    ko = " ".join(f"대표단은 {n}일 돌아갔다." for n in range(1, 41))
    en = " ".join(f"The delegation returned on day {n}." for n in range(1, 41))
    art = make_article(0, ko, en)
    parts = units(art, [], max_chars=60)
    middle = parts[len(parts) // 2]
    html = unit_task(art, middle)[0]["data"]["align_html"]
    assert html.count("#fff3bf") == len(middle.rows)  # this passage's rows, highlighted
    assert html.count("<tr") == 1 + len(middle.rows) + 2 * CONTEXT_ROWS < 1 + len(art.alignment.links)
    assert f"of {len(art.alignment.links)}" in html
    assert align_html(art).count("<tr") == 1 + len(art.alignment.links) and "#fff3bf" not in align_html(art)
