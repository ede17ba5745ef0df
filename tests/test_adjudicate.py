"""Adjudication: ground truth wins; otherwise a strict-majority merge with conflicts listed."""
from __future__ import annotations

import json
import subprocess

from conftest import KOEN, shard_bytes, write_articles
from corpus.export.select import pick_one
from corpus.model import Annotation, Argument, Article, CrossLink, Event, Span
from corpus.quality.adjudicate import adjudicate_article, describe
from corpus.quality.adjudicate_workdir import adjudicate, read_conflicts
from corpus.quality.agreement import agreement_of
from corpus.workdir import iter_articles

KO = "최선희 외무상은 모스크바에서 라브로프 장관과 회담했다."
EN = "Foreign Minister Choe Son Hui held talks with Minister Lavrov in Moscow."
P = "news-2026"


def sp(who: str, lang: str, word: str, label: str) -> Span:
    text = KO if lang == "ko" else EN
    start = text.index(word)
    return Span(f"{who}-{lang}-{start}", lang, start, start + len(word), label, word, annotator=who)


def annotation(who: str, words: list[tuple[str, str, str]], *, roles=(), links=(), choices=None, **kw) -> Annotation:
    spans = [sp(who, *w) for w in words]
    by = {s.text: s.id for s in spans}
    events = []
    if "회담했다" in by:
        events = [Event(f"ev-{who}", "Contact:Meet", "ko", by["회담했다"], [Argument(r, by[w]) for r, w in roles])]
    return Annotation(who, spans=spans, events=events, links=[CrossLink(by[k], by[e]) for k, e in links],
                      choices=choices or {}, meta={"ls_project": P, **kw.pop("meta", {})}, **kw)


BASE = [("ko", "최선희", "PS"), ("ko", "모스크바", "GPE"), ("ko", "회담했다", "Contact:Meet"), ("en", "Choe Son Hui", "PS")]


def art(*anns: Annotation, aid: str = "yna-0101") -> Article:
    return Article(id=aid, text_ko=KO, text_en=EN, annotations=list(anns))


def _keys(ann: Annotation) -> set[tuple]:
    return {(s.lang, s.text, s.label) for s in ann.spans}


def test_ground_truth_wins_over_a_merge():
    a = annotation("kim", BASE, updated_at="2026-03-01T10:00:00")
    b = annotation("lee", BASE[:2], updated_at="2026-03-01T11:00:00")
    gold = annotation("rev", BASE + [("ko", "라브로프", "PS")], ground_truth=True, updated_at="2026-03-02T09:00:00")
    out = adjudicate_article(art(a, b, gold), project=P)
    assert out.source == "ground_truth" and out.conflicts == [] and out.annotators == ["rev"]
    assert _keys(out.annotation) == _keys(gold) and out.annotation.annotator == "adjudicated"
    assert out.annotation.ground_truth and out.annotation.meta["adjudicated"] and out.annotation.meta["conflicts"] == 0


def test_two_annotators_keep_what_both_made_and_list_the_rest():
    a = annotation("kim", BASE + [("ko", "외무상", "TITLE")], roles=[("Entity", "최선희"), ("Place", "모스크바")],
                   links=[("최선희", "Choe Son Hui")], choices={"alignment_quality": ["good"]}, notes="확인 필요")
    b = annotation("lee", BASE + [("ko", "라브로프", "PS")], roles=[("Entity", "최선희")],
                   links=[("최선희", "Choe Son Hui")], choices={"alignment_quality": ["partial"]})
    out = adjudicate_article(art(a, b), project=P)
    merged = out.annotation
    assert out.source == "merge" and out.annotators == ["kim", "lee"]
    assert _keys(merged) == {(l, w, t) for l, w, t in BASE}
    [ev] = merged.events
    spans = merged.span_by_id()
    assert spans[ev.trigger].text == "회담했다" and [(x.role, spans[x.span].text) for x in ev.arguments] == [("Entity", "최선희")]
    [link] = merged.links
    assert (spans[link.ko].text, spans[link.en].text) == ("최선희", "Choe Son Hui")
    assert merged.choices == {} and merged.notes == "kim: 확인 필요"
    got = {(c["kind"], c.get("label") or c.get("role") or c.get("value"), tuple(c["annotators"])) for c in out.conflicts}
    assert got == {("span", "TITLE", ("kim",)), ("span", "PS", ("lee",)), ("argument", "Place", ("kim",)),
                   ("choice", "good", ("kim",)), ("choice", "partial", ("lee",))}
    assert merged.meta == {"adjudicated": True, "conflicts": 5, "source": "merge", "annotators": ["kim", "lee"],
                           "project": P}
    lines = [describe(c) for c in out.conflicts]
    assert "span PS ko '라브로프' [16:20]: only lee (1 of 2)" in lines
    assert KO[16:20] == "라브로프"


def test_three_annotators_keep_the_majority():
    a = annotation("kim", BASE, roles=[("Place", "모스크바")], links=[("최선희", "Choe Son Hui")])
    b = annotation("lee", BASE[:3] + [("en", "Moscow", "GPE")], roles=[("Place", "모스크바")])
    c = annotation("park", BASE[:2] + [("en", "Moscow", "GPE")], links=[])
    out = adjudicate_article(art(a, b, c), project=P)
    # 최선희, 모스크바: 3 of 3; 회담했다 and its Place argument: 2 of 3; Choe Son Hui: kim only (1 of 3)
    # -> conflict; Moscow: 2 of 3; the link: 1 of 3 -> conflict.
    assert _keys(out.annotation) == {("ko", "최선희", "PS"), ("ko", "모스크바", "GPE"), ("ko", "회담했다", "Contact:Meet"),
                                     ("en", "Moscow", "GPE")}
    assert [a.role for a in out.annotation.events[0].arguments] == ["Place"]
    assert sorted(c["kind"] for c in out.conflicts) == ["link", "span"]
    assert all(c["of"] == 3 and c["annotators"] == ["kim"] for c in out.conflicts)


def test_other_projects_and_previous_adjudications_are_ignored():
    a = annotation("kim", BASE)
    other = Annotation("lee", spans=[sp("lee", "ko", "라브로프", "PS")], meta={"ls_project": "another"})
    old = Annotation("adjudicated", spans=[], ground_truth=True, meta={"adjudicated": True, "project": P})
    out = adjudicate_article(art(a, other, old), project=P)
    assert out.source == "single" and _keys(out.annotation) == {(l, w, t) for l, w, t in BASE}
    assert adjudicate_article(art(other), project=P) is None


def test_workdir_adjudication_is_stored_idempotent_and_exported(tmp_path):
    a = annotation("kim", BASE + [("ko", "외무상", "TITLE")], updated_at="2026-03-01T10:00:00")
    b = annotation("lee", BASE, updated_at="2026-03-01T12:00:00")
    arts = [art(a, b), art(annotation("kim", BASE[:1]), aid="yna-0102"), art(aid="yna-0103")]
    wd = write_articles(tmp_path, arts)
    before = agreement_of(iter_articles(wd))
    stats = adjudicate(workdir=wd, project=P)
    assert (stats.articles, stats.adjudicated, stats.with_conflicts) == (3, 2, 1)
    assert dict(stats.sources) == {"merge": 1, "single": 1}
    first = shard_bytes(wd)
    doc = json.loads((wd / "adjudication.json").read_text())
    assert [e["id"] for e in doc["articles"]] == ["yna-0101", "yna-0102"]
    assert doc["summary"]["conflicts"] == 1 and doc["articles"][0]["conflicts"][0]["text"] == "외무상"
    assert read_conflicts(wd) == {"yna-0101": ["span TITLE ko '외무상' [4:7]: only kim (1 of 2)"]}
    stored = {x.id: x for x in iter_articles(wd)}
    chosen = pick_one(stored["yna-0101"].annotations)
    assert chosen.annotator == "adjudicated" and chosen.meta["conflicts"] == 1
    assert len(stored["yna-0101"].annotations) == 3 and not stored["yna-0103"].annotations
    assert agreement_of(iter_articles(wd)) == before  # the adjudication is no annotator
    adjudicate(workdir=wd, project=P)
    assert shard_bytes(wd) == first


def test_cli(tmp_path):
    wd = write_articles(tmp_path, [art(annotation("kim", BASE), annotation("lee", BASE[:2]))])
    out = subprocess.run([str(KOEN), "adjudicate", str(wd), "-p", P], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "1 of 1 articles adjudicated (merge 1); 1 with conflicts, 3 conflicts" in out.stdout
