"""Push and pull against a real Label Studio server (session fixture in conftest.py)."""
from __future__ import annotations

import json
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from annotation.errors import ConflictError, LabelStudioError
from annotation.pull import REJECTS, pull
from annotation.push import push
from conftest import KOEN, make_article, shard_bytes, write_articles
from corpus.model import Annotation, Span
from corpus.workdir import iter_articles

pytestmark = pytest.mark.studio


def _region(rid: str, lang: str, text: str, word: str, label: str) -> dict:
    """A labels result as the Label Studio frontend saves it (code-point offsets)."""
    start = text.index(word)
    control = f"{lang}_triggers" if ":" in label else f"{lang}_labels"
    return {"id": rid, "from_name": control, "to_name": lang, "type": "labels",
            "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]}}


def _rel(src: str, dst: str, label: str) -> dict:
    return {"from_id": src, "to_id": dst, "type": "relation", "direction": "right", "labels": [label]}


def _tasks(sdk, pid: int) -> dict[str, int]:
    """koen_id -> task id over the whole project; asserts no koen_id occurs twice."""
    ids: dict[str, int] = {}
    for task in sdk.tasks.list(project=pid, page_size=1000):
        assert task.data["koen_id"] not in ids, f"duplicate task for {task.data['koen_id']}"
        ids[task.data["koen_id"]] = task.id
    return ids


def _pid(sdk, title: str) -> int:
    return next(p.id for p in sdk.projects.list(title=title) if p.title == title)


def test_start_reports_the_real_port_and_prints_login(studio):
    assert studio.state["port"] > studio.requested_port  # the requested port was busy: Label Studio moved on
    assert studio.url == f"http://127.0.0.1:{studio.state['port']}" and studio.url in studio.stdout
    assert "admin@koen.local" in studio.stdout and studio.token not in studio.stdout
    again = subprocess.run([str(KOEN), "studio", "status", str(studio.workdir)], capture_output=True, text=True)
    assert again.returncode == 0 and studio.url in again.stdout and studio.token not in again.stdout


def test_round_trip_holds_exactly_what_was_annotated(studio, tmp_path):
    arts = [make_article(i) for i in range(3)]
    wd = write_articles(tmp_path, arts)
    stats = push(unit="article", workdir=wd, project="round trip", url=studio.url, token=studio.token)
    assert (stats.created, stats.unchanged) == (3, 0)
    sdk = studio.sdk()
    pid = _pid(sdk, "round trip")
    tasks = _tasks(sdk, pid)
    ko, en = arts[0].text_ko, arts[0].text_en
    result = [
        _region("k1", "ko", ko, "최선희", "PS"), _region("k2", "ko", ko, "모스크바", "GPE"),
        _region("k3", "ko", ko, "만났다", "Contact:Meet"), _region("k4", "ko", ko, "김정은", "PS"),
        _region("e1", "en", en, "Choe Son-hui", "PS"), _region("e4", "en", en, "Kim Jong-un", "PS"),
        _rel("k3", "k1", "Entity"), _rel("k3", "k2", "Place"), _rel("k1", "e1", "same_as"), _rel("e4", "k4", "same_as"),
        {"from_name": "alignment_quality", "to_name": "ko", "type": "choices", "value": {"choices": ["good"]}},
        {"from_name": "problems", "to_name": "ko", "type": "choices", "value": {"choices": ["truncated"]}},
        {"from_name": "notes", "to_name": "ko", "type": "textarea", "value": {"text": ["이모지 뒤 이름"]}},
    ]
    sdk.annotations.create(id=tasks["sample-00000"], result=result, lead_time=7.5)
    bad = [_region("b1", "ko", ko, "최선희", "PS"), _region("b2", "ko", ko, "만났다", "Contact:Meet"),
           _rel("b2", "b1", "Victim")]  # Victim is no role of Contact:Meet
    sdk.annotations.create(id=tasks["sample-00001"], result=bad)
    sdk.annotations.create(id=tasks["sample-00002"], result=[], was_cancelled=True)
    second = sdk.users.create(username="ann2", email="ann2@koen.local", password="pw-ann2-123")
    sdk.annotations.create(id=tasks["sample-00000"], completed_by=second.id,
                           result=[_region("s1", "en", en, "Moscow", "GPE")])

    got = pull(workdir=wd, project="round trip", url=studio.url, token=studio.token)
    assert (got.annotations, got.stored, got.rejected, got.cancelled, got.partial) == (4, 3, 0, 1, 1)
    by_id = {a.id: a for a in iter_articles(wd)}
    ann, other = by_id["sample-00000"].annotations
    assert other.annotator == "ann2@koen.local"
    assert [(s.label, s.text, en[s.start:s.end]) for s in other.spans] == [("GPE", "Moscow", "Moscow")]
    [kept] = by_id["sample-00001"].annotations  # the bad role costs only itself
    assert sorted(s.text for s in kept.spans) == ["만났다", "최선희"] and kept.events[0].arguments == []
    assert not by_id["sample-00002"].annotations
    _check_annotation(ann, ko, en)
    [reject] = [json.loads(l) for l in (wd / REJECTS).read_text().splitlines()]
    assert reject["task_id"] == tasks["sample-00001"] and reject["annotator"] == "admin@koen.local"
    assert "'Victim' not allowed for event type 'Contact:Meet'" in reject["reasons"][0] and reject["kept_rest"]
    assert reject["url"] == f"{studio.url}/projects/{pid}/data?task={tasks['sample-00001']}"
    assert got.to_fix == [["sample-00001", tasks["sample-00001"], reject["url"]]]

    before = shard_bytes(wd)
    pull(workdir=wd, project="round trip", url=studio.url, token=studio.token)
    assert shard_bytes(wd) == before

    again = push(unit="article", workdir=wd, project="round trip", url=studio.url, token=studio.token)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(_tasks(sdk, pid)) == 3


def _check_annotation(ann: Annotation, ko: str, en: str) -> None:
    spans = {s.id: s for s in ann.spans}
    assert {(s.id, s.lang, s.label, s.text) for s in ann.spans} == {
        ("k1", "ko", "PS", "최선희"), ("k2", "ko", "GPE", "모스크바"), ("k3", "ko", "Contact:Meet", "만났다"),
        ("k4", "ko", "PS", "김정은"), ("e1", "en", "PS", "Choe Son-hui"), ("e4", "en", "PS", "Kim Jong-un")}
    for s in ann.spans:
        assert (ko if s.lang == "ko" else en)[s.start:s.end] == s.text
    assert spans["k4"].start == ko.index("😀") + 2  # code points: the emoji counts as one
    [event] = ann.events
    assert (event.type, event.lang, event.trigger) == ("Contact:Meet", "ko", "k3")
    assert {(a.role, a.span) for a in event.arguments} == {("Entity", "k1"), ("Place", "k2")}
    assert {(l.ko, l.en, l.type) for l in ann.links} == {("k1", "e1", "same_as"), ("k4", "e4", "same_as")}
    assert ann.choices == {"alignment_quality": ["good"], "problems": ["truncated"]}
    assert ann.notes == "이모지 뒤 이름" and ann.lead_time == 7.5
    assert ann.annotator == "admin@koen.local" and ann.origin == "human" and ann.created_at


def test_changed_article_updates_only_unannotated_tasks(studio, tmp_path):
    arts = [make_article(i) for i in range(2)]
    push(unit="article", workdir=write_articles(tmp_path, arts), project="changes", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    tasks = _tasks(sdk, _pid(sdk, "changes"))
    sdk.annotations.create(id=tasks["sample-00000"], result=[_region("x", "ko", arts[0].text_ko, "최선희", "PS")])
    for art in arts:
        art.text_en += " Updated."
    stats = push(unit="article", workdir=write_articles(tmp_path, arts), project="changes", url=studio.url, token=studio.token)
    assert stats.conflicts == ["sample-00000"] and stats.updated == 1 and stats.created == 0
    assert sdk.tasks.get(id=str(tasks["sample-00001"])).data["text_en"].endswith(" Updated.")
    assert not sdk.tasks.get(id=str(tasks["sample-00000"])).data["text_en"].endswith(" Updated.")


def test_display_only_changes_reach_annotated_tasks(studio, tmp_path):
    art = make_article(0)
    push(unit="article", workdir=write_articles(tmp_path, [art]), project="display", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    [task_id] = _tasks(sdk, _pid(sdk, "display")).values()
    sdk.annotations.create(id=task_id, result=[_region("x", "ko", art.text_ko, "최선희", "PS")])
    art.title_en = "A new headline"  # titles and the alignment table are display only
    art.alignment = replace(art.alignment, links=[replace(link, score=0.123) for link in art.alignment.links])
    stats = push(unit="article", workdir=write_articles(tmp_path, [art]), project="display", url=studio.url, token=studio.token)
    assert stats.updated == 1 and stats.conflicts == []
    task = sdk.tasks.get(id=str(task_id))
    assert task.data["title_en"] == "A new headline" and "0.12" in task.data["align_html"]
    assert task.total_annotations == 1
    again = push(unit="article", workdir=write_articles(tmp_path, [art]), project="display", url=studio.url, token=studio.token)
    assert again.unchanged == 1 and again.writes == 0


def test_predictions_carry_model_version_and_score(studio, tmp_path):
    art = make_article(0)
    start = art.text_ko.index("최선희")

    def predictor(a):
        span = Span(id="p1", lang="ko", start=start, end=start + 3, label="PS", text="최선희", origin="model", score=0.8)
        return [Annotation(annotator="gazetteer", origin="model", model_version="gaz-1", spans=[span])]

    wd = write_articles(tmp_path, [art])
    assert push(unit="article", workdir=wd, project="preds", url=studio.url, token=studio.token).predictions == 0
    stats = push(unit="article", workdir=wd, project="preds", url=studio.url, token=studio.token, predictor=predictor)
    assert (stats.predictions, stats.updated, stats.created) == (1, 1, 0)
    sdk = studio.sdk()
    [task_id] = _tasks(sdk, _pid(sdk, "preds")).values()
    [pred] = sdk.predictions.list(task=task_id)
    assert pred.model_version == "gaz-1" and pred.score == pytest.approx(0.8)
    assert pred.result[0]["value"]["text"] == "최선희"
    again = push(unit="article", workdir=wd, project="preds", url=studio.url, token=studio.token, predictor=predictor)
    assert again.writes == 0 and len(sdk.predictions.list(task=task_id)) == 1


def test_bad_token_and_config_conflict_give_clear_errors(studio, tmp_path):
    wd = write_articles(tmp_path, [make_article(0)])
    with pytest.raises(LabelStudioError, match="token was refused"):
        push(unit="article", workdir=wd, project="x", url=studio.url, token="not-a-token")
    out = subprocess.run([str(KOEN), "push", str(wd), "-p", "x", "--url", studio.url, "--token", "nope"],
                         capture_output=True, text=True)
    assert out.returncode == 4 and "token was refused" in out.stderr and "Traceback" not in out.stderr
    push(unit="article", workdir=wd, project="conflict", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    [task_id] = _tasks(sdk, _pid(sdk, "conflict")).values()
    sdk.annotations.create(id=task_id, result=[_region("g", "ko", make_article(0).text_ko, "모스크바", "GPE")])
    schema = Path(__file__).parents[1] / "annotation" / "schema.yaml"
    narrowed = tmp_path / "narrow.yaml"
    narrowed.write_text(schema.read_text(encoding="utf-8").replace("  GPE:", "  XGPE:").replace("GPE,", "XGPE,")
                        .replace("GPE]", "XGPE]"), encoding="utf-8")
    with pytest.raises(ConflictError, match="conflicts with existing annotations"):
        push(unit="article", workdir=wd, project="conflict", url=studio.url, token=studio.token, schema_path=narrowed)


def test_duplicate_article_ids_are_refused_before_sending(studio, tmp_path):
    from corpus.errors import InputError

    arts = [make_article(0), make_article(1)]
    arts[1].id = arts[0].id
    with pytest.raises(InputError, match="duplicate article id"):
        push(unit="article", workdir=write_articles(tmp_path, arts), project="dups", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    assert _tasks(sdk, _pid(sdk, "dups")) == {}


def test_ingested_sample_pushes_its_exact_text(studio, tmp_path):
    from corpus.ingest import ingest

    ingest(inputs=[Path(__file__).parent / "data" / "sample.jsonl"], workdir=tmp_path)
    arts = {a.id: a for a in iter_articles(tmp_path)}
    stats = push(unit="article", workdir=tmp_path, project="sample", url=studio.url, token=studio.token)
    assert stats.created == len(arts) > 0
    sdk = studio.sdk()
    for task in sdk.tasks.list(project=_pid(sdk, "sample"), page_size=100):
        art = arts[task.data["koen_id"]]
        assert (task.data["text_ko"], task.data["text_en"]) == (art.text_ko, art.text_en)
    again = push(unit="article", workdir=tmp_path, project="sample", url=studio.url, token=studio.token)
    assert again.writes == 0 and again.unchanged == len(arts)


def test_killed_server_push_resumes_without_duplicates(studio, tmp_path):
    """Last in the module: it kills the server mid-push and restarts it on the same data."""
    arts = [make_article(i) for i in range(60)]
    wd = write_articles(tmp_path, arts)
    killed, errors = threading.Event(), []

    def progress(_n: int) -> None:
        if not killed.is_set():
            studio.kill()
            killed.set()

    with pytest.raises(LabelStudioError):
        push(unit="article", workdir=wd, project="resume", url=studio.url, token=studio.token, batch_size=20, progress=progress)
    assert killed.is_set()
    studio.start(port=studio.state["port"])
    stats = push(unit="article", workdir=wd, project="resume", url=studio.url, token=studio.token, batch_size=20)
    assert stats.unchanged == 20 and stats.created == 40 and not errors
    sdk = studio.sdk()
    assert set(_tasks(sdk, _pid(sdk, "resume"))) == {a.id for a in arts}
