"""``koen adjudicate --review`` through a real Label Studio: proposal out, reviewer's resolution back."""
from __future__ import annotations

import subprocess

import pytest

from annotation.pull import pull
from annotation.push import push
from annotation.review import MODEL_VERSION, review
from conftest import KOEN, write_articles
from corpus.export.select import pick_one
from corpus.model import Alignment, Article, Link, Sentence
from corpus.quality.adjudicate_workdir import adjudicate, read_conflicts
from corpus.workdir import iter_articles

pytestmark = pytest.mark.studio
PROJECT = "adjudication review"
KO = "최선희 외무상은 모스크바에서 라브로프 장관과 회담했다. 회담은 두 시간 동안 이어졌다."
EN = "Foreign Minister Choe Son Hui held talks with Minister Lavrov in Moscow. The talks lasted two hours."


def _article() -> Article:
    cut_ko, cut_en = KO.index(" 회담은"), EN.index(" The talks")
    return Article(id="yna-review-1", text_ko=KO, text_en=EN, title_ko="최선희 방러", title_en="Choe in Moscow",
                   sentences_ko=[Sentence(0, cut_ko), Sentence(cut_ko + 1, len(KO))],
                   sentences_en=[Sentence(0, cut_en), Sentence(cut_en + 1, len(EN))],
                   alignment=Alignment([Link((0,), (0,), 0.9), Link((1,), (1,), 0.85)], 0.9, "test"))


def _region(rid: str, lang: str, word: str, label: str) -> dict:
    text = KO if lang == "ko" else EN
    start = text.index(word)
    return {"id": rid, "from_name": f"{lang}_labels", "to_name": lang, "type": "labels",
            "value": {"start": start, "end": start + len(word), "text": word, "labels": [label]}}


def _rel(src: str, dst: str, label: str) -> dict:
    return {"from_id": src, "to_id": dst, "type": "relation", "direction": "right", "labels": [label]}


def _user(sdk, email: str) -> int:
    found = [u for u in sdk.users.list() if u.email == email]
    return found[0].id if found else sdk.users.create(username=email.split("@")[0], email=email).id


def test_review_round_trip(studio, tmp_path):
    wd = write_articles(tmp_path, [_article()])
    push(workdir=wd, project=PROJECT, url=studio.url, token=studio.token)
    sdk = studio.sdk()
    pid = next(p.id for p in sdk.projects.list(title=PROJECT) if p.title == PROJECT)
    [task] = list(sdk.tasks.list(project=pid))
    kim, lee = _user(sdk, "kim@koen.local"), _user(sdk, "lee@koen.local")
    common = [_region("k1", "ko", "최선희", "PS"), _region("k2", "ko", "모스크바", "GPE"),
              _region("e1", "en", "Choe Son Hui", "PS"), _rel("k1", "e1", "same_as")]
    sdk.annotations.create(id=task.id, completed_by=kim, lead_time=40.0,
                           result=common + [_region("k3", "ko", "라브로프", "PS")])
    sdk.annotations.create(id=task.id, completed_by=lee, lead_time=55.0,
                           result=common + [_region("k4", "ko", "외무상", "TITLE")])
    assert pull(workdir=wd, project=PROJECT, url=studio.url, token=studio.token).stored == 2
    assert {a.annotator for a in next(iter_articles(wd)).annotations} == {"kim@koen.local", "lee@koen.local"}

    stats = adjudicate(workdir=wd, project=PROJECT)
    assert stats.with_conflicts == 1 and sum(stats.conflicts.values()) == 2
    sent = review(workdir=wd, project=PROJECT, conflicts=read_conflicts(wd), url=studio.url, token=studio.token)
    assert (sent.proposals, sent.created, sent.missing) == (1, 1, [])
    [pred] = [p for p in sdk.predictions.list(task=task.id) if p.model_version == MODEL_VERSION]
    regions = {(r["value"]["text"], r["value"]["labels"][0]) for r in pred.result if r["type"] == "labels"}
    assert regions == {("최선희", "PS"), ("모스크바", "GPE"), ("Choe Son Hui", "PS")}
    [note] = [r["value"]["text"][0] for r in pred.result if r["type"] == "textarea"]
    assert "라브로프" in note and "외무상" in note and "only kim@koen.local (1 of 2)" in note
    assert sum(r["type"] == "relation" for r in pred.result) == 1
    again = review(workdir=wd, project=PROJECT, conflicts=read_conflicts(wd), url=studio.url, token=studio.token)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 1)
    assert len([p for p in sdk.predictions.list(task=task.id) if p.model_version == MODEL_VERSION]) == 1

    # The reviewer starts from the proposal, keeps 라브로프, drops the note and marks it ground truth.
    resolved = [r for r in pred.result if r["type"] != "textarea"] + [_region("r1", "ko", "라브로프", "PS")]
    sdk.annotations.create(id=task.id, result=resolved, ground_truth=True, parent_prediction=pred.id)
    pull(workdir=wd, project=PROJECT, url=studio.url, token=studio.token)
    final = adjudicate(workdir=wd, project=PROJECT)
    assert dict(final.sources) == {"ground_truth": 1} and final.with_conflicts == 0
    art = next(iter_articles(wd))
    [adj] = [a for a in art.annotations if a.meta.get("adjudicated")]
    assert adj.meta["source"] == "ground_truth" and adj.meta["annotators"] == ["admin@koen.local"]
    want = {("최선희", "PS"), ("모스크바", "GPE"), ("Choe Son Hui", "PS"), ("라브로프", "PS")}
    assert {(s.text, s.label) for s in adj.spans} == want and len(adj.links) == 1
    # The export takes a ground-truth annotation: the reviewer's or its adjudicated copy, same content.
    chosen = pick_one([a for a in art.annotations if a.origin == "human"])
    assert chosen.ground_truth and {(s.text, s.label) for s in chosen.spans} == want
    cli = subprocess.run([str(KOEN), "adjudicate", str(wd), "-p", PROJECT, "--review", "--url", studio.url,
                          "--token", studio.token], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "ground_truth 1" in cli.stdout and "review: 0 proposals" in cli.stdout
