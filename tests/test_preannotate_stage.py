"""Pre-annotation stage on the ingested, aligned sample: idempotency, validity, gold floors, projection."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.align.stage import align_workdir
from corpus.anchors import read_records, resolve
from corpus.ingest import ingest
from corpus.model import Annotation
from corpus.preannotate.evaluate import evaluate, prf
from corpus.preannotate.model_io import load_model
from corpus.preannotate.project import project, project_workdir
from corpus.preannotate.stage import NAME, VERSION, PreAnnotator, preannotate_workdir
from corpus.preannotate.triggers import lexicon
from corpus.workdir import iter_articles, rewrite_articles
from shard_files import article_files

DATA = Path(__file__).parent / "data"
GOLD = DATA / "sample_gold.jsonl"


@pytest.fixture(scope="module")
def aligned(tmp_path_factory) -> Path:
    wd = tmp_path_factory.mktemp("pre") / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    return wd


@pytest.fixture(scope="module")
def predictor() -> PreAnnotator:
    return PreAnnotator()


def test_stage_is_idempotent_and_keeps_other_annotations(aligned, tmp_path):
    wd = tmp_path / "wd"
    shutil.copytree(aligned, wd)
    human = Annotation(annotator="ann@example.org", spans=[])
    other = Annotation(annotator=NAME, origin="model", model_version="koen-pre/0")

    def add(arts):
        for art in arts:
            art.annotations += [human, other]
            yield art

    rewrite_articles(wd, add)
    first = preannotate_workdir(workdir=wd)
    snapshot = article_files(wd)
    second = preannotate_workdir(workdir=wd)
    assert first == second and first["articles"] == 10 and first["links"] > 0
    assert article_files(wd) == snapshot
    for art in iter_articles(wd):
        kinds = [(a.annotator, a.origin, a.model_version) for a in art.annotations]
        default = load_model("default").version  # the shipped learned tagger is the stage's default
        # an older model's prediction is replaced (push would otherwise send both), the human one kept
        assert kinds == [("ann@example.org", "human", None), (NAME, "model", default)]


def test_predictions_are_valid_against_text_and_schema(aligned, predictor):
    from annotation.convert import article_task
    from annotation.push import validate_task
    from annotation.schema import load_schema

    schema = load_schema()
    for name, spec in lexicon().items():  # the shipped lexicon agrees with the schema's roles
        assert set(spec["roles"]) == set(schema.event_types[name].roles), name
        for role, types in spec["roles"].items():
            assert types == schema.accepted(name, role), (name, role)
    for art in iter_articles(aligned):
        ann = predictor(art)[0]
        assert ann.origin == "model" and ann.model_version == VERSION and ann.annotator == NAME
        spans = ann.span_by_id()
        assert len(spans) == len(ann.spans)
        for s in ann.spans:
            assert art.text(s.lang)[s.start:s.end] == s.text and s.text.strip() == s.text and 0 <= s.score <= 1
        for link in ann.links:
            assert spans[link.ko].lang == "ko" and spans[link.en].lang == "en"
        for ev in ann.events:
            for arg in ev.arguments:
                assert spans[arg.span].label in schema.accepted(ev.type, arg.role)
        art.annotations = [ann]
        task = article_task(art)
        assert task["predictions"][0]["model_version"] == VERSION
        validate_task(art, task, {"text_ko", "text_en"}, schema)


def test_scores_on_the_sample_gold_clear_the_floors(aligned, predictor):
    arts = list(iter_articles(aligned))
    r = evaluate(arts, [predictor(a)[0] for a in arts], GOLD)
    assert r["ko"][2] >= 0.94, r["ko"]  # measured .977 (issue target .85)
    assert r["en"][2] >= 0.94, r["en"]  # measured .978 (target .80)
    assert r["links"][0] >= 0.93 and r["links"][1] >= 0.87, r["links"]  # measured .982 / .924
    assert r["trigger_recall"] >= 0.90  # measured .983 (target .70)


def test_scores_on_the_dev_gold_clear_the_floors(tmp_path_factory, predictor):
    wd = tmp_path_factory.mktemp("dev") / "wd"
    ingest(inputs=[DATA / "dev.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    arts = list(iter_articles(wd))
    r = evaluate(arts, [predictor(a)[0] for a in arts], DATA / "dev_gold.jsonl")
    assert r["ko"][2] >= 0.93, r["ko"]  # measured .982
    assert r["en"][2] >= 0.93, r["en"]  # measured .979
    assert r["links"][0] >= 0.93 and r["links"][1] >= 0.80, r["links"]  # measured .987 / .867
    assert r["trigger_recall"] >= 0.80  # measured .881


def test_min_score_leaves_out_weak_spans(aligned):
    art = next(iter_articles(aligned))
    every = PreAnnotator()(art)[0]
    sure = PreAnnotator(min_score=0.85)(art)[0]
    weak = [s for s in every.spans if s.score < 0.85]
    assert weak and all(s.score >= 0.85 for s in sure.spans)
    assert {s.text for s in sure.spans} < {s.text for s in every.spans}


def _ko_only(rec: dict) -> dict:
    return {"entities": [e for e in rec["entities"] if e["lang"] == "ko"],
            "events": [e for e in rec["events"] if e["lang"] == "ko"], "links": []}


def test_projection_of_the_korean_gold_onto_english(aligned, predictor):
    arts = list(iter_articles(aligned))
    tp = fp = fn = 0
    for (n, rec), art in zip(read_records(GOLD), arts):
        gold = resolve(rec, art)
        ann = project(art, resolve(_ko_only(rec), art), predictor)
        assert {s.lang for s in ann.spans} <= {"ko", "en"} and ann.model_version == "koen-project/1"
        assert all(ann.span_by_id()[e.trigger].lang == e.lang for e in ann.events)
        want = {(s.start, s.end, s.label) for s in gold.spans if s.lang == "en"}
        got = {(s.start, s.end, s.label) for s in ann.spans if s.lang == "en"}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    p, r, _ = prf(tp, fp, fn)
    assert p >= 0.85 and r >= 0.60, (p, r)


def test_project_workdir_only_touches_articles_with_human_annotations(aligned, tmp_path):
    wd = tmp_path / "wd"
    shutil.copytree(aligned, wd)
    records = [rec for _, rec in read_records(GOLD)]

    def add_first(arts):
        for i, art in enumerate(arts):
            if i == 0:
                human = resolve(_ko_only(records[0]), art, annotator="ann@example.org")
                art.annotations.append(human)
            yield art

    rewrite_articles(wd, add_first)
    stats = project_workdir(workdir=wd)
    again = project_workdir(workdir=wd)
    assert stats == again and stats["projected"] == 1 and stats["links"] > 5
    first = next(iter_articles(wd))
    assert [a.annotator for a in first.annotations] == ["ann@example.org", "koen-project"]
    assert json.loads(first.to_json())["annotations"][1]["origin"] == "model"


def test_spacy_predictor_is_optional(aligned, tmp_path):
    from corpus.errors import DependencyError
    from corpus.preannotate.spacy_en import SpacyPredictor, available

    wd = tmp_path / "wd"
    shutil.copytree(aligned, wd)
    before = article_files(wd)
    if available():  # a user environment with spaCy: an unknown pipeline is a clear error
        with pytest.raises(DependencyError, match="no_such_pipeline"):
            SpacyPredictor("no_such_pipeline").nlp()
    else:
        with pytest.raises(DependencyError, match="spaCy is not installed"):
            preannotate_workdir(workdir=wd, spacy="en_core_web_sm")
        assert article_files(wd) == before


def _pair(ko: str, en: str, published: str = "2025-03-14", ko_cut: str | None = None, en_cut: str | None = None):
    """A one-article pair of one aligned sentence, or of two when cut before ``ko_cut`` / ``en_cut``."""
    from corpus.model import Alignment, Article, Link, Sentence

    def sents(text, cut):
        if cut is None:
            return [Sentence(0, len(text))]
        k = text.index(cut)
        return [Sentence(0, k - 1), Sentence(k, len(text))]

    sk, se = sents(ko, ko_cut), sents(en, en_cut)
    links = [Link((i,), (i,), 0.9) for i in range(min(len(sk), len(se)))]
    return Article(id="x", text_ko=ko, text_en=en, published=published, sentences_ko=sk, sentences_en=se,
                   alignment=Alignment(links))


def test_gazetteer_projection_finds_lower_case_translations(predictor):
    ko, en = "북한 외무성은 13일 성명을 냈다.", "North Korea's foreign ministry issued a statement on the 13th."
    art = _pair(ko, en)
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    pairs = {(spans[l.ko].text, spans[l.en].text) for l in ann.links}
    assert {("북한", "North Korea"), ("외무성", "foreign ministry"), ("13일", "the 13th")} <= pairs
    assert next(s for s in ann.spans if s.text == "foreign ministry").label == "OG"


def test_arguments_leave_out_the_reporter_the_report_date_and_durations(predictor):
    ko = "북한이 13일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 14일 밝혔다."
    en = "North Korea fired a ballistic missile into the East Sea on the morning of the 13th, the JCS said on the 14th."
    art = _pair(ko, en)
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    got = {ev.lang: {(a.role, spans[a.span].text) for a in ev.arguments} for ev in ann.events}
    assert ("Attacker", "북한") in got["ko"] and ("Attacker", "North Korea") in got["en"]
    assert ("Time", "13일") in got["ko"] and ("Time", "the 13th") in got["en"]
    assert not {t for r, t in got["ko"] if t in ("합동참모본부", "14일")}
    assert not {t for r, t in got["en"] if t in ("JCS", "the 14th")}


def test_a_company_that_reports_its_own_deal_keeps_its_role(predictor):
    ko = "한빛전자는 2일 서울에서 신설 법인 설립 계약을 맺었다고 3일 밝혔다."
    en = "Hanbit Electronics said on the 3rd that it signed a contract in Seoul on the 2nd to establish a new company."
    art = _pair(ko, en)
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    got = {ev.lang: {(a.role, spans[a.span].text) for a in ev.arguments} for ev in ann.events}
    assert ("Time", "2일") in got["ko"] and ("Time", "3일") not in got["ko"]
    assert ("Time", "the 2nd") in got["en"] and ("Time", "the 3rd") not in got["en"]
    assert any(t.startswith("한빛") for r, t in got["ko"] if r == "Agent"), got["ko"]


def test_courts_judge_and_prosecutors_charge(predictor):
    ko = "서울중앙지검은 김철수 대표를 사기 혐의로 기소했다. 서울중앙지법은 3일 김철수 대표에게 징역 5년을 선고했다."
    en = "The Seoul Central District Prosecutors' Office indicted CEO Kim Chul-soo on fraud charges. " \
         "The Seoul Central District Court sentenced Kim to five years in prison on the 3rd."
    art = _pair(ko, en, ko_cut="서울중앙지법은 3일", en_cut="The Seoul Central District Court")
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    roles = {(ev.lang, ev.type, a.role, spans[a.span].text) for ev in ann.events for a in ev.arguments}
    assert ("ko", "Justice:Charge-Indict", "Prosecutor", "서울중앙지검") in roles
    assert ("ko", "Justice:Charge-Indict", "Defendant", "김철수") in roles
    assert ("ko", "Justice:Sentence", "Adjudicator", "서울중앙지법") in roles
    assert ("en", "Justice:Sentence", "Adjudicator", "Seoul Central District Court") in roles


def test_leftover_dates_and_company_names_link(predictor):
    ko = "하늘코인과 동진자동차는 이날 공주시에서 브라이트라인과 만났다."
    en = "Haneul Coin and Dongjin Motor Co. met Brightline in Gongju on Wednesday."
    art = _pair(ko, en, published="2025-09-24")
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    pairs = {(spans[l.ko].text, spans[l.en].text) for l in ann.links}
    assert {("하늘코인", "Haneul Coin"), ("동진자동차", "Dongjin Motor Co."), ("이날", "Wednesday"),
            ("공주시", "Gongju"), ("브라이트라인", "Brightline")} <= pairs


def test_argument_roles_for_places_victims_travellers_and_clauses(predictor):
    ko = "이도현이 서울 강남구 병원으로 옮겨졌고 김민수가 골절상을 입었다. 서울 중구 한국은행 본관에서 회의가 열렸다."
    en = "Lee Do-hyun was moved to a hospital in Gangnam District, Seoul, and Kim Min-su suffered a fracture injury. " \
         "The meeting was held at the Bank of Korea's main building in Jung District, central Seoul."
    art = _pair(ko, en, ko_cut="서울 중구", en_cut="The meeting")
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    roles = {(ev.lang, ev.type, a.role, spans[a.span].text) for ev in ann.events for a in ev.arguments}
    assert ("ko", "Life:Injure", "Victim", "김민수") in roles
    assert ("ko", "Movement:Transport", "Artifact", "이도현") in roles
    assert ("ko", "Contact:Meet", "Place", "서울") in roles and ("ko", "Contact:Meet", "Place", "중구") in roles
    assert not any(r == "Agent" and t in ("서울", "강남구") for _, _, r, t in roles)


def test_modifiers_are_not_participants_and_roles_are_capped(predictor):
    ko = "북한은 러시아 국가안보회의 부서기 세르게이 볼코프의 방문 기간에 미사일을 발사했다."
    en = "North Korea fired a missile during a visit by Sergei Volkov, deputy secretary of Russia's Security Council."
    art = _pair(ko, en, published="2025-11-05")
    ann = predictor(art)[0]
    spans = ann.span_by_id()
    attack = [ev for ev in ann.events if ev.type == "Conflict:Attack"]
    assert attack
    for ev in attack:
        attackers = [spans[a.span].text for a in ev.arguments if a.role == "Attacker"]
        assert attackers in (["북한"], ["North Korea"]), attackers
    visit = [ev for ev in ann.events if ev.type == "Movement:Transport" and ev.lang == "en"]
    assert visit and not any(spans[a.span].text == "Russia" for a in visit[0].arguments)  # Russia's Security Council


def test_a_weak_korean_type_takes_only_a_sure_english_type():
    from corpus.model import CrossLink, Span
    from corpus.preannotate.stage import _project_types

    def pair(ko_label, ko_score, en_label, en_score):
        ko = Span(id="ko-1", lang="ko", start=0, end=4, label=ko_label, text="셀로닉스", score=ko_score)
        en = Span(id="en-1", lang="en", start=0, end=8, label=en_label, text="Cellonix", score=en_score)
        _project_types([ko, en], [CrossLink(ko="ko-1", en="en-1")])
        return ko.label, en.label

    assert pair("OG", 0.35, "PS", 0.45) == ("OG", "PS")  # a guess does not overwrite a guess
    assert pair("OG", 0.35, "GPE", 0.99) == ("GPE", "GPE")  # a sure English type does
    assert pair("OG", 0.5, "PS", 0.45) == ("OG", "OG")  # a weak English type takes the surer Korean one
    assert pair("OG", 0.9, "PS", 0.99) == ("OG", "PS")  # a sure Korean type is kept
