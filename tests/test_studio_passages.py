"""Passage tasks, re-push rules, the data manager view and a loud pull, against the real Label Studio."""
from __future__ import annotations

import json
import subprocess

import pytest

from annotation.errors import ConflictError
from annotation.pull import REJECTS, pull
from annotation.push import push
from annotation.views import VIEW_TITLE
from conftest import KOEN, make_article, shard_bytes, write_articles
from corpus.model import Annotation, Span
from corpus.workdir import iter_articles

pytestmark = pytest.mark.studio


def long_article(i: int):
    """The hand-made sample followed by 30 more aligned sentence pairs: several passages."""
    from conftest import EN_SAMPLE, KO_SAMPLE

    ko = KO_SAMPLE + "\n" + " ".join(f"북한 대표단은 {n}일 평양으로 돌아갔다." for n in range(1, 31))
    en = EN_SAMPLE + "\n" + " ".join(f"The North Korean delegation returned to Pyongyang on day {n}." for n in range(1, 31))
    return make_article(i, ko, en)


def _pid(sdk, title: str) -> int:
    return next(p.id for p in sdk.projects.list(title=title) if p.title == title)


def _passage_tasks(sdk, pid: int) -> dict[str, dict]:
    """Task key (``<article>#p<n>``) -> task, over the whole project."""
    return {t.meta["koen_id"]: {"id": t.id, "data": t.data} for t in sdk.tasks.list(project=pid, page_size=1000)}


def _region(rid: str, lang: str, data: dict, word: str, label: str) -> dict:
    """A region as the Label Studio frontend saves it in a passage task: offsets into the task's slice."""
    text = data[f"text_{lang}"]
    start = text.index(word)
    control = f"{lang}_triggers" if ":" in label else f"{lang}_labels"
    return {"id": rid, "from_name": control, "to_name": lang, "type": "labels",
            "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]}}


def _predictor(art):
    start = art.text_ko.index("최선희")
    span = Span(id="p1", lang="ko", start=start, end=start + 3, label="PS", text="최선희", origin="model", score=0.4)
    return [Annotation(annotator="m", origin="model", model_version="m-1", spans=[span])]


def test_passages_round_trip_into_one_annotation_per_annotator(studio, tmp_path):
    arts = [long_article(i) for i in range(2)]
    wd = write_articles(tmp_path, arts)
    stats = push(workdir=wd, project="passages", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    pid = _pid(sdk, "passages")
    tasks = _passage_tasks(sdk, pid)
    assert stats.tasks == stats.created == len(tasks) >= 2 and all("#p" in key for key in tasks)
    first = next(t for t in tasks.values() if "최선희" in t["data"]["text_ko"])
    other = next(t for key, t in tasks.items() if key.startswith("sample-00000#") and t is not first)
    sdk.annotations.create(id=first["id"], result=[
        _region("k1", "ko", first["data"], "최선희", "PS"), _region("e1", "en", first["data"], "Choe Son-hui", "PS"),
        {"from_id": "k1", "to_id": "e1", "type": "relation", "direction": "right", "labels": ["same_as"]}])
    sdk.annotations.create(id=other["id"], result=[_region("k9", "ko", other["data"], "평양", "GPE")])
    got = pull(workdir=wd, project="passages", url=studio.url, token=studio.token)
    assert (got.annotations, got.stored, got.rejected) == (2, 2, 0) and got.clean
    art = next(a for a in iter_articles(wd) if a.id == "sample-00000")
    [ann] = art.annotations  # two passage annotations, one annotation of the article
    assert {(s.id, art.text(s.lang)[s.start:s.end]) for s in ann.spans} == {
        ("k1", "최선희"), ("e1", "Choe Son-hui"), ("k9", "평양")}
    assert [(l.ko, l.en) for l in ann.links] == [("k1", "e1")]
    before = shard_bytes(wd)
    pull(workdir=wd, project="passages", url=studio.url, token=studio.token)
    assert shard_bytes(wd) == before
    again = push(workdir=wd, project="passages", url=studio.url, token=studio.token)
    assert again.writes == 0 and again.unchanged == len(tasks)
    with pytest.raises(ConflictError, match="holds passage tasks"):
        push(workdir=wd, project="passages", url=studio.url, token=studio.token, unit="article")


def test_repush_updates_predictions_of_unannotated_tasks_only(studio, tmp_path):
    arts = [make_article(i) for i in range(2)]
    wd = write_articles(tmp_path, arts)
    push(workdir=wd, project="repush", url=studio.url, token=studio.token, unit="article")
    sdk = studio.sdk()
    ids = {t.meta["koen_id"]: t.id for t in sdk.tasks.list(project=_pid(sdk, "repush"), page_size=100)}
    sdk.annotations.create(id=ids["sample-00000"], result=[])
    stats = push(workdir=wd, project="repush", url=studio.url, token=studio.token, unit="article", predictor=_predictor)
    assert (stats.updated, stats.unchanged, stats.predictions) == (1, 1, 1)
    assert len(sdk.predictions.list(task=ids["sample-00001"])) == 1
    assert sdk.predictions.list(task=ids["sample-00000"]) == []  # the annotator's starting point stays
    again = push(workdir=wd, project="repush", url=studio.url, token=studio.token, unit="article", predictor=_predictor)
    assert again.writes == 0


def test_data_manager_view_shows_clean_columns_in_the_chosen_order(studio, tmp_path):
    wd = write_articles(tmp_path, [make_article(i) for i in range(3)])
    push(workdir=wd, project="view", url=studio.url, token=studio.token, predictor=_predictor)
    sdk = studio.sdk()
    pid = _pid(sdk, "view")
    http = sdk._client_wrapper.httpx_client

    def view() -> dict:
        [mine] = [v for v in http.request("api/dm/views/", method="GET", params={"project": pid}).json()
                  if v["data"].get("title") == VIEW_TITLE]
        return mine

    data = view()["data"]
    assert data["ordering"] == ["tasks:predictions_score"]
    hidden = set(data["hiddenColumns"]["explore"])
    assert {"tasks:data.text_ko", "tasks:data.text_en", "tasks:data.align_html", "tasks:data.koen_hash"} <= hidden
    assert not {"tasks:data.title_ko", "tasks:data.title_en", "tasks:data.align_quality",
                "tasks:predictions_score"} & hidden
    first = view()["id"]
    push(workdir=wd, project="view", url=studio.url, token=studio.token, predictor=_predictor, order="alignment")
    assert view()["id"] == first and view()["data"]["ordering"] == ["tasks:data.align_quality"]
    project = sdk.projects.get(id=pid)
    assert "same_as" in project.expert_instruction and "한국어" in project.expert_instruction


def test_label_stream_from_the_koen_tab_starts_with_the_least_certain_task(studio, tmp_path):
    def unsure(art):  # sample-00001 gets the lowest prediction score
        [ann] = _predictor(art)
        ann.spans[0].score = {"sample-00000": 0.9, "sample-00001": 0.2, "sample-00002": 0.6}[art.id]
        return [ann]

    wd = write_articles(tmp_path, [make_article(i) for i in range(3)])
    push(workdir=wd, project="stream", url=studio.url, token=studio.token, predictor=unsure)
    sdk = studio.sdk()
    pid = _pid(sdk, "stream")
    http = sdk._client_wrapper.httpx_client
    [view] = [v for v in http.request("api/dm/views/", method="GET", params={"project": pid}).json()
              if v["data"].get("title") == VIEW_TITLE]
    nxt = http.request("api/dm/actions/", method="POST", params={"id": "next_task", "project": pid},
                       json={"view": view["id"]}).json()
    assert nxt["data"]["koen_id"] == "sample-00001"


def test_pull_with_a_broken_relation_keeps_the_rest_and_exits_6(studio, tmp_path):
    wd = write_articles(tmp_path, [make_article(0)])
    push(workdir=wd, project="loud", url=studio.url, token=studio.token)
    sdk = studio.sdk()
    pid = _pid(sdk, "loud")
    task = next(t for t in _passage_tasks(sdk, pid).values() if "최선희" in t["data"]["text_ko"])
    sdk.annotations.create(id=task["id"], result=[
        _region("k1", "ko", task["data"], "최선희", "PS"), _region("e1", "en", task["data"], "Choe Son-hui", "PS"),
        {"from_id": "k1", "to_id": "e1", "type": "relation", "direction": "right"}])  # saved without a label
    out = subprocess.run([str(KOEN), "pull", str(wd), "-p", "loud", "--url", studio.url, "--token", studio.token],
                         capture_output=True, text=True)
    assert out.returncode == 6, out.stderr
    url = f"{studio.url}/projects/{pid}/data?task={task['id']}"
    assert "1 tasks to fix" in out.stderr and url in out.stderr and "Traceback" not in out.stderr
    [ann] = next(iter_articles(wd)).annotations
    assert sorted(s.text for s in ann.spans) == ["Choe Son-hui", "최선희"] and ann.links == []
    [row] = [json.loads(l) for l in (wd / REJECTS).read_text().splitlines()]
    assert row["kept_rest"] and "no label" in row["reasons"][0] and row["url"] == url
