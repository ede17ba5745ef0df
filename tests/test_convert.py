"""Converters: a recorded real Label Studio 1.23.2 export in, expected records out (golden files)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.convert import align_html, article_task, content_hash, prediction, text_hash
from annotation.pull import PullContext, PullStats, group_export, merge_stage, unknown_rejects
from annotation.results import Reject, parse_annotation, read_annotation, utf16_to_codepoints
from annotation.schema import load_schema
from conftest import make_article
from corpus.model import Annotation, Argument, CrossLink, Event, Span, read_jsonl

GOLDEN = Path(__file__).parent / "data" / "studio"
USERS = {1: "admin@koen.local"}


def _convert_golden():
    export = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    stats, rejects = PullStats(tasks=len(export)), []
    grouped = group_export(export)
    ctx = PullContext(load_schema(), "golden", USERS, "http://ls", 1)
    with (GOLDEN / "articles.jsonl").open(encoding="utf-8") as fh:
        arts = list(merge_stage(grouped, ctx, stats, rejects)(read_jsonl(fh)))
    unknown_rejects(grouped, ctx, stats, rejects)
    return arts, stats, rejects


def test_recorded_export_converts_to_expected_records():
    arts, stats, rejects = _convert_golden()
    expected = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
    assert {a.id: [x.to_dict() for x in a.annotations] for a in arts} == expected["annotations"]
    assert rejects == expected["rejects"]
    assert stats.__dict__ == expected["stats"]
    assert stats.annotations == stats.stored + stats.rejected + stats.cancelled


def test_golden_spans_match_the_stored_text_and_utf16_offsets_are_converted():
    arts, _, _ = _convert_golden()
    art = arts[0]
    for ann in art.annotations:
        for span in ann.spans:
            assert art.text(span.lang)[span.start:span.end] == span.text
    raw = json.loads((GOLDEN / "export.json").read_text(encoding="utf-8"))
    u1 = next(r for a in raw[0]["annotations"] for r in a["result"] if r.get("id") == "u1")
    stored = next(s for a in art.annotations for s in a.spans if s.id == "u1")
    assert u1["value"]["start"] == stored.start + 1  # one UTF-16 surrogate pair (the emoji) before it


def test_utf16_offsets():
    text = "a😀b😀cd"
    assert utf16_to_codepoints(text, 3, 4) == (2, 3)
    assert utf16_to_codepoints(text, 6, 8) == (4, 6)
    assert utf16_to_codepoints(text, 2, 4) is None  # inside a surrogate pair


def test_model_annotation_round_trips_through_a_prediction():
    art = make_article(0)
    at = lambda lang, w: art.text(lang).index(w)
    ann = Annotation(annotator="m", origin="model", model_version="v1", spans=[
        Span("a", "ko", at("ko", "만났다"), at("ko", "만났다") + 3, "Contact:Meet", "만났다", origin="model", score=0.5),
        Span("b", "ko", at("ko", "최선희"), at("ko", "최선희") + 3, "PS", "최선희", origin="model", score=0.9),
        Span("c", "en", at("en", "Choe Son-hui"), at("en", "Choe Son-hui") + 12, "PS", "Choe Son-hui", score=0.7)],
        events=[Event("ev-a", "Contact:Meet", "ko", "a", [Argument("Entity", "b")])],
        links=[CrossLink("b", "c")], choices={"alignment_quality": ["good"]}, notes="n")
    pred = prediction(ann)
    assert pred["model_version"] == "v1" and pred["score"] == pytest.approx(0.7)
    back = parse_annotation({"result": pred["result"], "completed_by": 1}, art, load_schema(), project="p", users=USERS)
    assert {(s.id, s.lang, s.start, s.end, s.label) for s in back.spans} == {
        (s.id, s.lang, s.start, s.end, s.label) for s in ann.spans}
    assert [e.arguments for e in back.events] == [[Argument("Entity", "b")]]
    assert [(l.ko, l.en) for l in back.links] == [("b", "c")] and back.choices == ann.choices and back.notes == "n"


def test_task_keeps_text_exact_and_shows_alignment():
    art = make_article(0)
    art.text_en = "<b>&amp;</b> " + art.text_en
    task = article_task(art)
    assert task["data"]["text_ko"] == art.text_ko and task["data"]["text_en"] == art.text_en
    assert task["meta"] == {"koen_id": art.id, "koen_unit": "article", "koen_hash": task["data"]["koen_hash"],
                            "koen_text_hash": text_hash(art.text_ko, art.text_en)}
    html = align_html(art)
    assert html.count("<tr") == 1 + len(art.alignment.links) and "&#9888; low" in html
    assert "<b>&amp;</b>" not in html
    assert content_hash(task["data"]) == task["data"]["koen_hash"]
    art.title_en = "Another headline"  # display only: the text hash stays
    assert article_task(art)["meta"]["koen_text_hash"] == task["meta"]["koen_text_hash"]
    art.text_en += "!"
    assert article_task(art)["data"]["koen_hash"] != task["data"]["koen_hash"]
    assert article_task(art)["meta"]["koen_text_hash"] != task["meta"]["koen_text_hash"]


def test_offsets_that_match_no_counting_are_rejected():
    art = make_article(0)
    item = {"id": "x", "from_name": "ko_labels", "to_name": "ko", "type": "labels",
            "value": {"start": 0, "end": 2, "text": "남한", "labels": ["GPE"]}}
    with pytest.raises(Reject, match="region x"):
        parse_annotation({"result": [item], "completed_by": 1}, art, load_schema(), project="p")


def test_export_is_read_a_task_at_a_time_across_chunk_boundaries(tmp_path):
    from annotation.errors import LabelStudioError
    from annotation.pull import iter_export

    tasks = [{"id": i, "data": {"koen_id": f"a{i % 3}", "text": "한국어 😀 " * i}, "annotations": [{"id": i}]}
             for i in range(1, 40)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    assert list(iter_export(path, chunk=17)) == tasks
    path.write_text("[]", encoding="utf-8")
    assert list(iter_export(path)) == []
    path.write_text(json.dumps(tasks)[:-40], encoding="utf-8")
    with pytest.raises(LabelStudioError, match="middle of a task"):
        list(iter_export(path, chunk=64))


def test_export_index_hands_each_article_over_once(tmp_path):
    tasks = [{"id": 1, "data": {"koen_id": "b"}, "annotations": [{"id": 10}, {"id": 11}]},
             {"id": 2, "data": {"koen_id": "a"}, "annotations": [{"id": 20}]},
             {"id": 3, "data": {}, "annotations": [{"id": 30}]},
             {"id": 4, "data": {"koen_id": "c"}, "annotations": []}]
    index = group_export(iter(tasks), where=tmp_path)
    assert index.tasks == 4
    assert index.pop("b") == [(1, {"id": 10}, {}), (1, {"id": 11}, {})]
    assert index.pop("b") is None and index.pop("c", []) == []
    assert list(index.items()) == [(None, [(3, {"id": 30}, {})]), ("a", [(2, {"id": 20}, {})])]
    index.close()
    assert not list(tmp_path.iterdir())  # the temporary index is gone
