"""The learned tagger: koen train on a pulled-like work folder, --model, the shipped model, monolingual input."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.align import align_workdir
from corpus.anchors import read_records, resolve
from corpus.errors import ConfigError, InputError, WorkdirError
from corpus.ingest import ingest
from corpus.model import Article, Sentence
from corpus.preannotate.model_io import DEFAULT, load_model
from corpus.preannotate.stage import NAME, PreAnnotator, preannotate_workdir
from corpus.preannotate.train import train_workdir
from corpus.preannotate.train_data import TO_KLUE, from_spans_jsonl
from corpus.segment import split_en, split_ko
from corpus.workdir import iter_articles, rewrite_articles
from shard_files import article_files

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def pulled(tmp_path_factory) -> Path:
    """The sample, ingested and aligned, with its gold as a pulled human annotation."""
    wd = tmp_path_factory.mktemp("learned") / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    records = [rec for _, rec in read_records(DATA / "sample_gold.jsonl")]

    def add(arts):
        for art, rec in zip(arts, records):
            ann = resolve(rec, art, annotator="ann@example.org")
            ann.meta["ls_project"] = "test"
            art.annotations.append(ann)
            yield art

    rewrite_articles(wd, add)
    return wd


@pytest.fixture(scope="module")
def trained(pulled) -> dict:
    return train_workdir(workdir=pulled, folds=3)


def test_train_writes_a_versioned_model_with_cross_validated_scores(pulled, trained):
    folder = Path(trained["path"])
    assert folder == pulled / "models" / "ner-v1"
    assert {p.name for p in folder.iterdir()} >= {"ko.crfsuite", "en.crfsuite", "model.json"}
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert meta["model_version"].startswith("koen-crf/ner-v1@") and meta["documents"] == {"ko": 10, "en": 10}
    cv = meta["cv"]["scores"]
    for lang in ("ko", "en"):
        assert {"PS", "OG", "GPE", "DT", "ALL"} <= set(cv[lang])
        assert cv[lang]["ALL"]["n"] > 100
        assert 0.6 < cv[lang]["ALL"]["f1"] <= 1.0  # 3-fold on 10 articles, with the rules as evidence


def test_a_second_training_run_writes_the_next_version(pulled, trained):
    again = train_workdir(workdir=pulled, folds=2)
    assert Path(again["path"]).name == "ner-v2" and Path(trained["path"]).is_dir()


def test_train_refuses_a_workdir_without_human_annotations(tmp_path):
    wd = tmp_path / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    with pytest.raises(WorkdirError, match="no human annotations"):
        train_workdir(workdir=wd, folds=2)


def _copy_articles(src: Path, dst: Path) -> Path:
    """A new work folder holding the article shards of ``src`` (nothing else)."""
    shutil.copytree(src / "articles", dst / "articles")
    return dst


def test_preannotate_with_the_trained_model(pulled, trained, tmp_path):
    wd = _copy_articles(pulled, tmp_path / "wd")
    stats = preannotate_workdir(workdir=wd, model=trained["path"])
    assert stats["model"] == trained["model_version"] and stats["articles"] == 10
    snapshot = article_files(wd)
    preannotate_workdir(workdir=wd, model=trained["path"])
    assert article_files(wd) == snapshot  # a re-run changes nothing
    for art in iter_articles(wd):
        [ann] = [a for a in art.annotations if a.annotator == NAME]
        assert ann.model_version == trained["model_version"]
        assert 0.0 < ann.meta["score"] <= 1.0
        ents = [s for s in ann.spans if s.label in TO_KLUE]
        assert ents and all(0.0 < s.score <= 1.0 for s in ents)
        for s in ents:
            assert art.text(s.lang)[s.start:s.end] == s.text


def test_another_model_replaces_the_predictions_instead_of_adding_to_them(pulled, trained, tmp_path):
    wd = _copy_articles(pulled, tmp_path / "wd")
    preannotate_workdir(workdir=wd, model=trained["path"])
    stats = preannotate_workdir(workdir=wd, model="rules")
    assert stats["articles"] == 10
    for art in iter_articles(wd):
        assert [a.model_version for a in art.annotations if a.annotator == NAME] == [stats["model"]]
        assert stats["model"] != trained["model_version"]
        assert any(a.origin != "model" for a in art.annotations)  # the human annotation stays


def test_prediction_score_is_the_model_confidence(pulled, trained):
    from annotation.convert import prediction

    pre = PreAnnotator(model=load_model(trained["path"]))
    art = next(iter_articles(pulled))
    ann = pre(art)[0]
    assert prediction(ann)["score"] == pytest.approx(ann.meta["score"])
    # marginals, not a constant: some spans are surer than others
    scores = sorted(s.score for s in ann.spans if s.label in TO_KLUE)
    assert scores[0] < scores[-1]


def _one_sided(lang: str, text: str) -> Article:
    art = Article(id=f"only-{lang}", text_ko=text if lang == "ko" else "", text_en=text if lang == "en" else "")
    sents = split_ko(text) if lang == "ko" else split_en(text)
    setattr(art, f"sentences_{lang}", [Sentence(*s) for s in sents])
    return art


def _labels(ann, lang):
    return {(s.text, s.label) for s in ann.spans if s.lang == lang}


def test_the_shipped_model_tags_an_english_article_with_no_korean_side():
    pre = PreAnnotator(model=load_model("default"))
    text = ("Halvorsen Biotech said on Tuesday that its chief executive, Maria Lindqvist, will visit Lisbon "
            "next month. Lindqvist told reporters that Halvorsen Biotech expects approval from the European "
            "Medicines Agency.")
    ann = pre(_one_sided("en", text))[0]
    got = _labels(ann, "en")
    assert ("Maria Lindqvist", "PS") in got and ("Lisbon", "GPE") in got
    assert ("Halvorsen Biotech", "OG") in got
    assert not any(s.lang == "ko" for s in ann.spans)


def test_the_shipped_model_tags_a_korean_sentence_alone():
    pre = PreAnnotator(model=load_model("default"))
    ann = pre(_one_sided("ko", "김민준 삼성전자 부사장은 지난 3일 부산에서 열린 회의에 참석했다."))[0]
    got = _labels(ann, "ko")
    assert ("김민준", "PS") in got and ("삼성전자", "OG") in got and ("부산", "GPE") in got


def test_the_shipped_model_is_small_and_licensed():
    size = sum(p.stat().st_size for p in DEFAULT.iterdir())
    assert size <= 30 * 2**20
    assert "CC BY-SA 4.0" in (DEFAULT / "NOTICE").read_text(encoding="utf-8")
    meta = load_model("default").meta
    assert "CC BY-SA 4.0" in meta["license"] and "heldout" not in json.dumps(meta["trained_on"])


def test_klue_view_matches_the_schema():
    from annotation.schema import load_schema

    schema = load_schema()
    for label, klue in TO_KLUE.items():
        assert schema.entity_types[label].klue == klue, label


def test_bad_models_and_sentence_files_name_what_is_wrong(tmp_path):
    with pytest.raises(ConfigError, match="no model.json"):
        load_model(tmp_path)
    (tmp_path / "model.json").write_text('{"features": "old"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="features"):
        load_model(tmp_path)
    bad = tmp_path / "s.jsonl"
    bad.write_text('{"id": "a", "text": "서울", "spans": [[0, 2, "LC"]]}\n{"id": "b", "text": "x", "spans": [[0, 9, "PS"]]}\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"s.jsonl:2.*spans"):
        list(from_spans_jsonl(bad))


def test_report_shows_the_model_f1_on_newly_annotated_articles(pulled, trained, tmp_path):
    from corpus.quality.model_track import ModelTrack
    from corpus.quality.report import report

    wd = _copy_articles(pulled, tmp_path / "wd")
    preannotate_workdir(workdir=wd, model="default")
    track = ModelTrack()
    for art in iter_articles(wd):
        track.add(art)
    rows = track.batches(n=5)
    assert sum(r[2] for r in rows) == 10 and all(0.5 < r[3] <= 1.0 for r in rows)
    html = (report(workdir=wd, out=tmp_path / "r.html").path).read_text(encoding="utf-8")
    assert "Pre-annotation model on new annotations" in html and "koen-crf/default@" in html


def test_koen_train_command_prints_cross_validated_scores(pulled, trained):
    from typer.testing import CliRunner

    from annotation.cli import app

    result = CliRunner().invoke(app, ["train", str(pulled), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "ner-v" in result.output and "2-fold cross-validation" in result.output
    assert "ko PS" in result.output and "en ALL" in result.output and "--model" in result.output
    missing = CliRunner().invoke(app, ["preannotate", str(pulled), "--model", str(pulled / "nope")])
    assert isinstance(missing.exception, ConfigError) and missing.exception.exit_code == 2  # main() maps it
    assert "no model.json" in str(missing.exception)


def test_the_klue_convention_is_an_option_of_the_shipped_model(tmp_path):
    pre_koen = PreAnnotator(model=load_model("default"))
    pre_klue = PreAnnotator(model=load_model("default"), convention="klue")
    art = _one_sided("ko", "경찰은 성매매 알선 자금을 관리한 박씨의 딸(32)과 김모(33)씨 등 16명을 입건했다.")
    koen, klue = _labels(pre_koen(art)[0], "ko"), _labels(pre_klue(art)[0], "ko")
    assert koen != klue  # the two guides disagree on such a sentence, and the model knows both
    with pytest.raises(ConfigError, match="convention"):
        preannotate_workdir(workdir=tmp_path, convention="conll")


def _aligned_pair(ko: str, en: str) -> Article:
    from corpus.model import Alignment, Link

    return Article(id="pair", text_ko=ko, text_en=en, published="2025-10-27", sentences_ko=[Sentence(0, len(ko))],
                   sentences_en=[Sentence(0, len(en))], alignment=Alignment([Link((0,), (0,), 0.9)]))


def _links(ann) -> set[tuple[str, str]]:
    spans = ann.span_by_id()
    return {(spans[l.ko].text, spans[l.en].text) for l in ann.links}


def test_the_shipped_model_keeps_names_the_other_side_confirms():
    pre = PreAnnotator(model=load_model("default"))
    # 한일 is one kiwipiepy token: the rules' 한 and 일, each linked, replace the model's one span
    ann = pre(_aligned_pair("한일 정상은 도쿄에서 만나 협력을 논의했다.",
                            "The leaders of South Korea and Japan met in Tokyo to discuss cooperation."))[0]
    assert {("한", "GPE"), ("일", "GPE")} <= _labels(ann, "ko") and ("한일", "GPE") not in _labels(ann, "ko")
    assert {("한", "South Korea"), ("일", "Japan"), ("도쿄", "Tokyo")} <= _links(ann)
    # a transliterated company name the English model alone leaves out is kept, linked
    ann = pre(_aligned_pair("셀로닉스는 오송에 새 공장을 지었다.", "Cellonix built a new plant in Osong."))[0]
    assert ("셀로닉스", "Cellonix") in _links(ann)
    # an acronym copied as written confirms nothing
    ann = pre(_aligned_pair("양국은 MOU를 체결했다.", "The two countries signed an MOU."))[0]
    assert not _links(ann)
