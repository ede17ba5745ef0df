"""News pages: trafilatura extraction of the project's sample pages, metadata, mapping files, WARC."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from corpus.ingest.boilerplate import load_rules, split_boilerplate
from corpus.errors import InputError
from corpus.ingest import ingest
from corpus.ingest.normalize import normalize_text
from corpus.workdir import iter_articles

from shard_files import article_files

PAGES = Path(__file__).parent / "data" / "pages"
NAMES = ("hani_unhrc", "joongang_rate", "yna_missile")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    work = tmp_path_factory.mktemp("pages")
    report = ingest(inputs=[PAGES], workdir=work)
    return report, {a.id: a for a in iter_articles(work)}


def _expected(lang: str, name: str) -> str:
    """What ingest makes of the expected body: normalized, outlet boilerplate moved out."""
    text = (PAGES / "expected" / lang / f"{name}.txt").read_text("utf-8")
    return split_boilerplate(normalize_text(text), lang, load_rules(()))[0]


def test_page_bodies_come_out_as_the_expected_text(pages):
    report, arts = pages
    assert report.n_in == report.n_out == 3 and sorted(arts) == sorted(NAMES)
    assert dict(report.encodings) == {"euc-kr": 1, "utf-8": 5}
    for name in NAMES:
        for lang in ("ko", "en"):
            text = arts[name].text(lang)
            assert text == _expected(lang, name), (name, lang)
            for junk in ("관련 기사", "Related articles", "많이 본", "Most popular", "댓글", "Comments", "Share",
                         "회사소개", "About us", "Facebook"):
                assert junk not in text


def test_page_metadata_fills_the_data_model(pages):
    art = pages[1]["hani_unhrc"]
    assert art.url_en == "https://english.hani.co.kr/arti/english_edition/e_northkorea/1190398.html"
    assert art.url_ko.startswith("https://www.hani.co.kr/") and art.published == "2025-04-05"
    assert art.meta["page"]["en"]["site"] == "The Hankyoreh" and "Jung Eun-ju" in art.meta["reporters"]
    assert art.meta["encoding"] == {"ko": "euc-kr", "en": "utf-8"}
    assert art.title_ko == "유엔 인권이사회, 북한 인권결의안 23년 연속 채택"
    kinds = {p["rule"] for p in art.meta["boilerplate"]["ko"]}
    assert "page_timestamp_ko" in kinds  # the "송고시간" line under the headline


def test_a_mapping_file_pairs_pages_by_path(tmp_path):
    mapping = tmp_path / "pages.pairs"
    rows = [f"{PAGES / 'ko' / n}.html\t{PAGES / 'en' / n}.html\t{n}" for n in NAMES[:2]]
    rows.append(f"{PAGES / 'ko' / NAMES[2]}.html\tmissing/en.html\tlost")
    mapping.write_text("ko\ten\tid\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = ingest(inputs=[mapping], workdir=tmp_path / "w")
    assert (report.n_in, report.n_out, dict(report.rejected)) == (3, 2, {"missing_side": 1})
    reject = json.loads((tmp_path / "w" / "rejects.jsonl").read_text("utf-8"))
    assert reject["line"] == 4 and "missing/en.html" in reject["detail"]
    arts = {a.id: a for a in iter_articles(tmp_path / "w")}
    assert arts["joongang_rate"].text_en == _expected("en", "joongang_rate")


def _warc(path: Path, pages: dict[str, bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_pages_from_warc_files_by_url(tmp_path):
    urls = {}
    for n in NAMES:
        for lang in ("ko", "en"):
            urls[f"https://example.{lang}/{n}"] = (PAGES / lang / f"{n}.html").read_bytes()
    _warc(tmp_path / "crawl.warc.gz", urls)
    mapping = tmp_path / "crawl.pairs"
    mapping.write_text("id\tko\ten\n" + "".join(f"{n}\thttps://example.ko/{n}\thttps://example.en/{n}\n" for n in NAMES)
                       + "gone\thttps://example.ko/none\thttps://example.en/none\n", encoding="utf-8")
    report = ingest(inputs=[mapping], workdir=tmp_path / "w", warcs=[tmp_path / "crawl.warc.gz"])
    assert (report.n_out, dict(report.rejected)) == (3, {"missing_side": 1})
    arts = {a.id: a for a in iter_articles(tmp_path / "w")}
    assert arts["hani_unhrc"].text_ko == _expected("ko", "hani_unhrc")
    assert arts["hani_unhrc"].meta["encoding"]["ko"] == "euc-kr"
    with pytest.raises(InputError, match="--warc"):
        ingest(inputs=[mapping], workdir=tmp_path / "w2")


def test_a_mapping_file_without_its_columns_is_one_error(tmp_path):
    bad = tmp_path / "bad.pairs"
    bad.write_text("korean\tenglish\na\tb\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.pairs:1: .*'ko'"):
        ingest(inputs=[bad], workdir=tmp_path / "w")


def test_extraction_f1_floor_on_the_sample_pages():
    from importlib import util

    spec = util.spec_from_file_location("bench_html", Path(__file__).parents[1] / "scripts" / "bench_html.py")
    bench = util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from corpus.ingest.sides import read_side

    hit = pred = gold = 0
    for page in sorted(PAGES.glob("*/*.html")):
        expected = (PAGES / "expected" / page.parent.name / f"{page.stem}.txt").read_text("utf-8")
        h, p, g = bench.prf(read_side(str(page), page.read_bytes()).text, expected)
        hit, pred, gold = hit + h, pred + p, gold + g
    assert bench.f1(hit, pred, gold)[2] >= 0.95


def test_pages_are_extracted_in_worker_processes_with_the_same_output(pages, tmp_path):
    ingest(inputs=[PAGES], workdir=tmp_path / "one")
    ingest(inputs=[PAGES], workdir=tmp_path / "two", workers=2)
    one, two = article_files(tmp_path / "one"), article_files(tmp_path / "two")
    assert one and two == one
