import gzip
import json
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from corpus.errors import InputError
from corpus.ingest import Options, ingest, ingest_dataframe
from corpus.model import Article
from corpus.ingest.normalize import hangul_share
from corpus.workdir import iter_articles
from shard_files import article_files

DATA = Path(__file__).parent / "data"


def _lines(path):
    return [json.loads(l) for l in path.read_text("utf-8").splitlines() if l.strip()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    work = tmp_path_factory.mktemp("sample")
    report = ingest(inputs=[DATA / "sample.jsonl"], workdir=work)
    return work, report, list(iter_articles(work))


def test_sample_all_in_all_out(sample):
    _, report, arts = sample
    n = len(_lines(DATA / "sample.jsonl"))
    assert report.n_in == report.n_out == len(arts) == n
    assert not report.rejected


def test_offsets_are_exact_and_nfc(sample):
    for art in sample[2]:
        for lang in ("ko", "en"):
            text = art.text(lang)
            assert unicodedata.is_normalized("NFC", text)
            assert "\r" not in text and "\n\n" not in text and "  " not in text
            sents = art.sentences(lang)
            assert sents, f"{art.id} {lang} has no sentences"
            for s in sents:
                piece = text[s.start:s.end]
                assert piece and piece == piece.strip()
            assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))


def test_boilerplate_goes_to_meta_in_both_languages(sample):
    gold = json.loads((DATA / "boilerplate_gold.json").read_text("utf-8"))
    raw = _lines(DATA / "sample.jsonl")
    for i, art in enumerate(sample[2]):
        expect = gold[str(i)] if isinstance(gold, dict) else gold[i]
        for lang in ("ko", "en"):
            found = [p["text"] for p in art.meta["boilerplate"][lang]]
            for piece in expect[lang]:
                text = unicodedata.normalize("NFC", " ".join(piece["text"].split()))
                assert any(text in f or f in text for f in found), (i, lang, piece, found)
                assert text not in art.text(lang)
            first = art.text(lang)[art.sentences(lang)[0].start:art.sentences(lang)[0].end]
            assert first == expect[f"{lang}_first_sentence"], (i, lang)
        assert art.meta.get("section") == raw[i].get("section")


def test_ids_given_or_derived_and_stable(sample, tmp_path):
    raw = _lines(DATA / "sample.jsonl")
    for rec, art in zip(raw, sample[2]):
        if rec.get("id"):
            assert art.id == rec["id"]
        else:
            assert len(art.id) == 16 and int(art.id, 16) >= 0
    again = ingest(inputs=[DATA / "sample.jsonl"], workdir=tmp_path)
    assert again.to_dict() == sample[1].to_dict()
    assert article_files(tmp_path) == article_files(sample[0])


def test_two_workers_same_output(sample, tmp_path):
    ingest(inputs=[DATA / "sample.jsonl"], workdir=tmp_path / "one", workers=1, shard_size=3)
    report = ingest(inputs=[DATA / "sample.jsonl"], workdir=tmp_path / "two", workers=2, shard_size=3)
    assert report.output["shards"] == 4 and sorted(article_files(tmp_path / "two")) == [
        "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]
    assert article_files(tmp_path / "one") == article_files(tmp_path / "two")
    joined = b"".join(article_files(tmp_path / "two").values())
    assert joined == b"".join(article_files(sample[0]).values())


def test_jsonl_round_trip(sample):
    for art in sample[2]:
        assert Article.from_json(art.to_json()) == art


def test_bad_input_every_reason(tmp_path):
    report = ingest(inputs=[DATA / "bad.jsonl"], workdir=tmp_path)
    expected = json.loads((DATA / "bad_expected.json").read_text("utf-8"))
    rejects = _lines(tmp_path / "rejects.jsonl")
    by_line = {r["line"]: r for r in rejects}
    arts = {a.meta["input"]["line"]: a for a in iter_articles(tmp_path)}
    assert report.n_in == report.n_out + sum(report.rejected.values())
    for exp in expected:
        line, outcome = exp["line"], exp["outcome"]
        if outcome == "rejected":
            assert by_line[line]["reason"] == exp["reason"], exp
            assert by_line[line]["file"].endswith("bad.jsonl")
            assert by_line[line].get("record") is not None  # nothing is lost
        elif outcome == "fixed":
            assert "swapped_sides" in arts[line].flags
            assert hangul_share(arts[line].text_ko) > 0.5 and hangul_share(arts[line].text_en) < 0.05
        elif outcome == "flagged":
            assert "length_ratio_low" in arts[line].flags
        else:
            assert line in arts and not arts[line].flags
    reasons = {e["reason"] for e in expected if e["outcome"] == "rejected"}
    assert reasons >= {"malformed_json", "missing_side", "empty_after_cleanup", "wrong_script",
                       "duplicate_id", "duplicate_article"}


def test_csv_and_dataframe_readers_agree_with_jsonl(sample, tmp_path):
    ingest(inputs=[DATA / "sample.csv"], workdir=tmp_path / "csv")
    by_id = {a.id: a for a in sample[2]}
    csv_arts = list(iter_articles(tmp_path / "csv"))
    assert len(csv_arts) >= 3
    for art in csv_arts:
        ref = by_id[art.id]
        assert (art.text_ko, art.text_en, art.sentences_ko, art.sentences_en) == \
               (ref.text_ko, ref.text_en, ref.sentences_ko, ref.sentences_en)
    df = pd.read_csv(DATA / "sample.csv", dtype=str, keep_default_na=False)
    report = ingest_dataframe(df, workdir=tmp_path / "df")
    assert report.n_out == len(df)
    assert [a.id for a in iter_articles(tmp_path / "df")] == [a.id for a in csv_arts]


def test_tsv_reader(tmp_path):
    df = pd.DataFrame([{"id": "t1", "text_ko": "북한이 승인했다.", "text_en": "North Korea recognized it.",
                        "extra": "kept"}])
    path = tmp_path / "in.tsv"
    df.to_csv(path, sep="\t", index=False)
    ingest(inputs=[path], workdir=tmp_path / "w")
    (art,) = iter_articles(tmp_path / "w")
    assert art.id == "t1" and art.meta["extra"] == "kept"


def test_paired_folders(tmp_path):
    report = ingest(inputs=[DATA / "pairs"], workdir=tmp_path)
    arts = list(iter_articles(tmp_path))
    assert report.rejected["missing_side"] == 1
    assert len(arts) == report.n_out >= 2
    for art in arts:
        assert art.title_ko and art.title_en
        assert art.title_ko not in art.text_ko


def test_unreadable_input_names_the_file(tmp_path):
    with pytest.raises(InputError, match="nope.jsonl"):
        ingest(inputs=[tmp_path / "nope.jsonl"], workdir=tmp_path / "w")
    odd = tmp_path / "data.xml"
    odd.write_text("<a/>")
    with pytest.raises(InputError, match="--format"):
        ingest(inputs=[odd], workdir=tmp_path / "w")


def test_decomposed_input_is_stored_composed(tmp_path):
    rec = {"id": "nfd", "text_ko": unicodedata.normalize("NFD", "최선희 외무상이 서한을 보냈다."),
           "text_en": "Foreign Minister Choe Son-hui sent a letter."}
    path = tmp_path / "nfd.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest(inputs=[path], workdir=tmp_path / "w")
    (art,) = iter_articles(tmp_path / "w")
    assert art.text_ko == "최선희 외무상이 서한을 보냈다."
    assert [art.text_ko[s.start:s.end] for s in art.sentences_ko] == ["최선희 외무상이 서한을 보냈다."]


def test_ratio_thresholds_are_options(tmp_path):
    rec = {"id": "r", "text_ko": "북한이 승인했다.", "text_en": "North Korea recognized the two republics today."}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest(inputs=[path], workdir=tmp_path / "a", options=Options(max_ratio=10))
    ingest(inputs=[path], workdir=tmp_path / "b", options=Options(max_ratio=2))
    assert next(iter_articles(tmp_path / "a")).flags == []
    assert next(iter_articles(tmp_path / "b")).flags == ["length_ratio_high"]


def test_paired_html_pages(tmp_path):
    page = ("<html><head><title>Site | {t}</title><script>var x='{t}';</script></head><body>"
            "<nav>Home</nav><h1>{t}</h1><figure><img src=a.jpg><figcaption>{cap}</figcaption></figure>"
            "<p>{p1}</p><p>{p2}<br>{p3}</p><footer>{foot}</footer></body></html>")
    ko = page.format(t="북한, DPR 승인", cap="모스크바의 국기. [이미지출처=로이터연합뉴스]",
                     p1="[아시아경제 정현진 기자] 북한이 DPR을 승인했다.", p2="우크라이나는 단교를 선언했다.",
                     p3="&lt;ⓒ아시아경제 무단전재 배포금지&gt;", foot="회사 소개")
    en = page.format(t="N. Korea recognizes DPR", cap="A flag in Moscow. [Image source=Reuters Yonhap News]",
                     p1="[Asia Economy Reporter Jeong Hyunjin] North Korea recognized the DPR.",
                     p2="Ukraine cut ties with North Korea &amp; said so.",
                     p3="© The Asia Business Daily(www.asiae.co.kr). All rights reserved.", foot="About us")
    for lang, html in (("ko", ko), ("en", en)):
        (tmp_path / "in" / lang).mkdir(parents=True)
        (tmp_path / "in" / lang / "a1.html").write_text(html, encoding="utf-8")
    ingest(inputs=[tmp_path / "in"], workdir=tmp_path / "w")
    (art,) = iter_articles(tmp_path / "w")
    assert (art.id, art.title_ko, art.title_en) == ("a1", "북한, DPR 승인", "N. Korea recognizes DPR")
    assert art.text_ko == "북한이 DPR을 승인했다.\n우크라이나는 단교를 선언했다."
    assert art.text_en == "North Korea recognized the DPR.\nUkraine cut ties with North Korea & said so."
    # trafilatura leaves the <figcaption> out; the byline and the footer inside the body
    # are moved to meta by the outlet rules
    assert [p["kind"] for p in art.meta["boilerplate"]["ko"]] == ["byline", "copyright"]
    assert [p["kind"] for p in art.meta["boilerplate"]["en"]] == ["byline", "copyright"]
    assert art.meta["encoding"] == {"ko": "utf-8", "en": "utf-8"}


def test_another_articles_translation_is_flagged_suspect(tmp_path):
    raw = _lines(DATA / "sample.jsonl")
    recs = [dict(raw[0], id="true"), dict(raw[0], id="swapped", text_en=raw[4]["text_en"]),
            dict(raw[4], id="swapped2", text_en=raw[9]["text_en"])]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    report = ingest(inputs=[path], workdir=tmp_path / "w")
    flags = {a.id: a.flags for a in iter_articles(tmp_path / "w")}
    assert "suspect_translation" not in flags["true"]
    assert "suspect_translation" in flags["swapped"] and "suspect_translation" in flags["swapped2"]
    assert report.flagged["suspect_translation"] == 2
    check = next(iter_articles(tmp_path / "w")).meta["translation_check"]
    assert check["share"] >= 0.5 and check["anchors_ko"] >= 3


def test_sample_pairs_are_not_suspect(sample):
    assert not [a.id for a in sample[2] if "suspect_translation" in a.flags]


def test_a_small_input_is_ingested_without_worker_processes(tmp_path):
    """Starting a worker per core (each loading kiwipiepy) costs more than a few articles do:
    a small DataFrame or file runs in this process; a large one still gets the workers."""
    import resource

    from corpus.ingest.stage import SMALL_BYTES, SMALL_ROWS, auto_workers
    from corpus.run.plan import default_workers

    df = pd.read_json(DATA / "sample.jsonl", lines=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = ingest_dataframe(df, workdir=tmp_path / "df")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert report.n_out == len(df)
    assert (after.ru_utime, after.ru_stime) == (before.ru_utime, before.ru_stime)  # no child process ran
    assert auto_workers([DATA / "sample.jsonl"]) == 1
    big = pd.concat([df] * (SMALL_ROWS // len(df) + 1), ignore_index=True)
    assert auto_workers([big]) == default_workers()
    # a compressed file is sized by the text it holds, not its bytes on disk
    text = (DATA / "sample.jsonl").read_bytes().splitlines(keepends=True)[0] * 400
    gz = tmp_path / "big.jsonl.gz"
    gz.write_bytes(gzip.compress(text))
    assert gz.stat().st_size < SMALL_BYTES < len(text)
    assert auto_workers([gz]) == default_workers()
    small_gz = tmp_path / "small.jsonl.gz"
    small_gz.write_bytes(gzip.compress((DATA / "sample.jsonl").read_bytes()))
    assert auto_workers([small_gz]) == 1
