import pytest

from corpus.ingest.boilerplate import load_rules, parse_rules, split_boilerplate
from corpus.errors import ConfigError

RULES = load_rules()

# (lang, raw line, expected kept text or "" when the whole line goes, expected kind)
CASES = [
    ("ko", "모스크바 러시아 대사관 앞에 국기가 걸려 있다. [이미지출처=로이터연합뉴스]", "", "caption"),
    ("ko", "[사진=연합뉴스]", "", "caption"),
    ("ko", "[아시아경제 정현진 기자] 북한이 독립을 승인했다.", "북한이 독립을 승인했다.", "byline"),
    ("ko", "[헤럴드경제=김수진 기자] 물가가 올랐다.", "물가가 올랐다.", "byline"),
    ("ko", "(서울=연합뉴스) 홍길동 기자 = 정부는 13일 발표했다.", "정부는 13일 발표했다.", "byline"),
    ("ko", "(서울=뉴스1) 이동원 기자 = 한국은행이 금리를 동결했다.", "한국은행이 금리를 동결했다.", "byline"),
    ("ko", "김철수 기자 kim.chulsoo@joongang.co.kr", "", "byline"),
    ("ko", "박지성 기자", "", "byline"),
    ("ko", "<ⓒ투자가를 위한 경제콘텐츠 플랫폼 아시아경제(www.asiae.co.kr) 무단전재 배포금지>", "", "copyright"),
    ("ko", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "", "copyright"),
    ("ko", "ⓒ중앙일보(https://www.joongang.co.kr), 무단 전재 및 재배포 금지", "", "copyright"),
    ("ko", "ⓒ 한겨레신문 : 무단전재 및 재배포 금지", "", "copyright"),
    ("ko", "Copyright © 조선일보. All rights reserved.", "", "copyright"),
    ("ko", "(서울=연합뉴스) 13일 서울 종로구에서 시민들이 걷고 있다. 2024.3.13 [연합뉴스 자료사진]", "", "caption"),
    ("en", "The flag is fluttering in Moscow. [Image source=Reuters Yonhap News]", "", "caption"),
    ("en", "[Asia Economy Reporter Jeong Hyunjin] North Korea has recognized the DPR.",
     "North Korea has recognized the DPR.", "byline"),
    ("en", "SEOUL, March 13 (Yonhap) -- North Korea recognized the DPR on Wednesday.",
     "North Korea recognized the DPR on Wednesday.", "dateline"),
    ("en", "People walk in downtown Seoul on March 13. (Yonhap)", "", "caption"),
    ("en", "Officials speak at a briefing on Wednesday. [YONHAP]", "", "caption"),
    ("en", "BY KIM CHUL-SOO [kim.chulsoo@joongang.co.kr]", "", "byline"),
    ("en", "By Kim Young-hee, staff reporter", "", "byline"),
    ("en", "By Lee Jun-ho (junho@heraldcorp.com)", "", "byline"),
    ("en", "© The Asia Business Daily(www.asiae.co.kr). All rights reserved.", "", "copyright"),
    ("en", "Copyright © Chosunilbo & Chosun.com", "", "copyright"),
    ("en", "Please direct questions or comments to [english@hani.co.kr]", "", "credit"),
    ("en", "The ministry will respond next week. (END)", "The ministry will respond next week.", "credit"),
]


@pytest.mark.parametrize("lang,line,kept,kind", CASES)
def test_outlet_conventions(lang, line, kept, kind):
    clean, pieces = split_boilerplate(line, lang, RULES)
    assert clean == kept
    assert pieces and pieces[0]["kind"] == kind
    for p in pieces:
        assert p["text"] in line


@pytest.mark.parametrize("lang,line", [
    ("en", "By the end of the year, prices had risen 3.2% in Seoul."),
    ("en", 'Kim Song told reporters, "We are fully prepared to support Russia\'s position."'),
    ("en", "The U.N. Security Council met in New York on the 13th (local time)."),
    ("ko", "북한은 13일(현지시간) 도네츠크인민공화국(DPR)을 승인했다."),
    ("ko", "김 기자회견에서 그는 \"협력하겠다\"고 말했다."),
])
def test_body_text_is_left_alone(lang, line):
    assert split_boilerplate(line, lang, RULES) == (line, [])


def test_reporter_name_is_captured():
    _, pieces = split_boilerplate("[아시아경제 정현진 기자] 본문.", "ko", RULES)
    assert pieces[0]["reporter"] == "정현진"


def test_user_table_extends_without_code(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("rules:\n  - name: my_outlet\n    kind: credit\n    lang: en\n"
                     "    action: line\n    pattern: '^Translated by '\n", encoding="utf-8")
    rules = load_rules([extra])
    assert len(rules) == len(RULES) + 1
    assert split_boilerplate("Translated by A. Kim\nBody.", "en", rules)[0] == "Body."


@pytest.mark.parametrize("yaml_text,key", [
    ("rules:\n  - name: x\n    kind: caption\n    lang: en\n    action: line\n    pattern: a\n    colour: red\n", "colour"),
    ("rules:\n  - name: x\n    kind: banner\n    lang: en\n    action: line\n    pattern: a\n", "kind"),
    ("rules:\n  - name: x\n    kind: caption\n    lang: en\n    action: line\n    pattern: '('\n", "pattern"),
    ("rules:\n  - name: x\n    kind: caption\n    lang: en\n    action: line\n", "pattern"),
])
def test_bad_tables_name_the_key(yaml_text, key):
    with pytest.raises(ConfigError, match=f"'{key}'"):
        parse_rules(yaml_text, "mine.yaml")


def test_sample_pieces_have_the_gold_kind(data_dir):
    """Every boilerplate piece of the sample gets the kind the gold gives it."""
    import json

    from corpus.ingest.normalize import normalize_text

    raw = [json.loads(l) for l in (data_dir / "sample.jsonl").read_text("utf-8").splitlines()]
    gold = json.loads((data_dir / "boilerplate_gold.json").read_text("utf-8"))
    same = {"other": "credit"}  # the gold calls "(END)" and feedback lines "other"
    for rec, exp in zip(raw, gold):
        for lang in ("ko", "en"):
            _, pieces = split_boilerplate(normalize_text(rec[f"text_{lang}"]), lang, RULES)
            for piece in exp[lang]:
                kinds = [p["kind"] for p in pieces if p["text"] in piece["text"] or piece["text"] in p["text"]]
                assert kinds and kinds[0] == same.get(piece["kind"], piece["kind"]), (lang, piece, pieces)
