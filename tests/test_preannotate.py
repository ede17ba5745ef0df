"""Pre-annotation units: rules in both languages, romanized name matching, gazetteer, anchors."""
from __future__ import annotations

import pytest

from corpus.anchors import find_occurrence, resolve
from corpus.errors import InputError
from corpus.model import Article
from corpus.preannotate import rules
from corpus.preannotate.gazetteer import load, parse_line
from corpus.preannotate.romanize import name_score, romanize, skeleton


def _found(text: str, lang: str) -> dict[str, tuple]:
    return {v.text: (v.label, v.key) for v in rules.find(text, lang)}


def test_korean_values_spans_and_keys():
    got = _found("13일(현지시간) 발표했다. 지난 2월21일 1.5억달러, 3.2%, -0.2% 0.15%포인트 "
                 "90억루블(약 1억달러) 347억4천만달러로 오전 7시 44분께 236명이 시속 30㎞ 36개월 동안", "ko")
    assert got["13일"] == ("DT", ("day", 13))
    assert got["지난 2월21일"] == ("DT", ("md", 2, 21))
    assert got["1.5억달러"] == ("MONEY", ("money", 1.5e8, "USD"))
    assert got["90억루블"] == ("MONEY", ("money", 9e9, "RUB"))
    assert got["1억달러"][1] == ("money", 1e8, "USD")
    assert got["347억4천만달러"][1] == ("money", 3.474e10, "USD")
    assert got["3.2%"] == ("QT", ("pct", 3.2))
    assert got["-0.2%"] == ("QT", ("pct", -0.2))
    assert got["0.15%포인트"] == ("QT", ("pp", 0.15))
    assert got["오전 7시 44분"] == ("TI", ("time", 7, 44))
    assert got["236명"][0] == "QT" and got["시속 30㎞"][0] == "QT" and got["36개월"][0] == "DT"
    assert "13일(현지시간)" not in got and "7시 44분께" not in got


def test_english_values_spans_and_keys():
    got = _found("On the 13th (local time), February 21, $150 million, US$34.74 billion, 3.2%, "
                 "9 billion rubles, 0.15 percentage points, at 10:30 a.m. in 1959.", "en")
    assert got["the 13th"] == ("DT", ("day", 13))
    assert got["February 21"] == ("DT", ("md", 2, 21))
    assert got["$150 million"] == ("MONEY", ("money", 1.5e8, "USD"))
    assert got["US$34.74 billion"][1] == ("money", 3.474e10, "USD")
    assert got["9 billion rubles"][1] == ("money", 9e9, "RUB")
    assert got["0.15 percentage points"] == ("QT", ("pp", 0.15))
    assert got["10:30 a.m."] == ("TI", ("time", 10, 30))
    assert got["1959"] == ("DT", ("year", 1959))
    assert "the 13th (local time)" not in got


def test_values_match_across_languages():
    ko = {v.text: v.key for v in rules.find("1.5억달러 13일 3.2%", "ko")}
    en = {v.text: v.key for v in rules.find("$150 million on the 13th, 3.2%", "en")}
    assert rules.same_value(ko["1.5억달러"], en["$150 million"])
    assert rules.same_value(ko["13일"], en["the 13th"])
    assert not rules.same_value(ko["13일"], en["$150 million"])


PAIRS = [("신홍철", "Shin Hong-chul"), ("최선희", "Choe Son-hui"), ("김성", "Kim Song"),
         ("올레그 니콜렌코", "Oleg Nikolenko"), ("바샤르 알아사드", "Bashar al-Assad"),
         ("알렉세이 베르니코프", "Alexei Vernikov"), ("도네츠크", "Donetsk"), ("윤석열", "Yoon Suk Yeol"),
         ("오카다 신지", "Shinji Okada"), ("윤", "Yoon"), ("정", "Jeong"), ("노무현", "Roh Moo-hyun"),
         ("트위터", "Twitter"), ("제니퍼 콜린스", "Jennifer Collins")]
DISTRACTORS = ["Choe Ryong-hae", "Kim Jong-un", "Sergei Lavrov", "Pak Myong-chol", "Maria Zakharova",
               "Luhansk", "Lee Jae-myung", "Kim Yo-jong"]


@pytest.mark.parametrize("ko,en", PAIRS)
def test_romanized_name_beats_distractors(ko, en):
    right = name_score(ko, en)
    wrong = max(name_score(ko, d) for d in DISTRACTORS + [e for k, e in PAIRS if k != ko])
    assert right >= 0.85
    assert right - wrong >= 0.1, (ko, en, right, wrong)


def test_romanization_systems_and_skeleton():
    assert romanize("최선희", "rr") == "choeseonhui"
    assert romanize("최선희", "mr") == "choesonhui"
    assert romanize("베르니코프", "loanword") == "bernikop"
    assert skeleton("Shin Hong-chul") == skeleton("sinhongjul")


def test_gazetteer_lines_and_errors(tmp_path):
    gaz = load()
    assert gaz.same("북한", "North Korean") and gaz.same("유엔", "U.N.") and gaz.same("조선중앙통신", "KCNA")
    assert gaz.same("북한", "Russia") is False
    with pytest.raises(InputError, match="unknown type"):
        parse_line("XX\t가\tA", "extra.tsv:3")
    with pytest.raises(InputError, match="extra.tsv:1"):
        parse_line("GPE only-one-column", "extra.tsv:1")
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nOG\t한빛에너지솔루션\tHanbit Energy Solution\n", encoding="utf-8")
    assert load((str(extra),)).same("한빛에너지솔루션", "Hanbit Energy Solution")


def _art() -> Article:
    return Article(id="a1", text_ko="북한과 러시아. 북한은 13일 발표했다.", text_en="North Korea and Russia. North Korea said.")


def test_anchors_resolve_occurrences_to_offsets():
    art = _art()
    rec = {"entities": [{"id": "k1", "lang": "ko", "label": "GPE", "text": "북한", "occurrence": 1},
                        {"id": "e1", "lang": "en", "label": "GPE", "text": "North Korea", "occurrence": 1}],
           "events": [{"id": "kv1", "lang": "ko", "type": "Contact:Meet",
                       "trigger": {"id": "kt1", "text": "발표", "occurrence": 0},
                       "arguments": [{"role": "Entity", "entity": "k1"}]}],
           "links": [{"ko": "k1", "en": "e1", "type": "same_as"}]}
    ann = resolve(rec, art)
    spans = ann.span_by_id()
    assert (spans["k1"].start, spans["k1"].end) == (9, 11)
    assert art.text_en[spans["e1"].start:spans["e1"].end] == "North Korea" and spans["e1"].start == 24
    assert ann.events[0].trigger == "kt1" and ann.events[0].arguments[0].span == "k1"
    assert ann.links[0].ko == "k1" and find_occurrence("aaa", "aa", 1) == 1


def test_anchor_errors_name_the_record():
    art = _art()
    bad = {"entities": [{"id": "k9", "lang": "ko", "label": "GPE", "text": "북한", "occurrence": 2}]}
    with pytest.raises(InputError, match=r"gold.jsonl:4: entities\[0\] \(k9\).*occurrence 2.*2 hit"):
        resolve(bad, art, where="gold.jsonl:4")
    dangling = {"entities": [], "links": [{"ko": "k1", "en": "e1"}]}
    with pytest.raises(InputError, match="links"):
        resolve(dangling, art)


@pytest.fixture(scope="module")
def ko_tagger():
    from corpus.preannotate.korean import KoreanTagger

    return KoreanTagger(load())


def _ko(tagger, text: str) -> set[tuple[str, str]]:
    cands, _ = next(tagger.tag_many([text]))
    return {(text[c.start:c.end], c.label) for c in cands}


def test_korean_entities_follow_the_guide(ko_tagger):
    got = _ko(ko_tagger, "최선희 외무상은 러시아 교통부 차관과 만났다. 박명호 대외경제성 부상이 말했다.")
    assert {("최선희", "PS"), ("러시아", "GPE"), ("교통부", "OG"), ("박명호", "PS"), ("대외경제성", "OG")} <= got
    assert not any(t.endswith("외무상") or t.endswith("부상") for t, _ in got)
    got = _ko(ko_tagger, "뉴욕증시는 한미 공조와 주제네바 대표부, 대북제재를 언급했다. 미 연방준비제도(Fed·연준)가 밝혔다.")
    assert {("뉴욕", "GPE"), ("한", "GPE"), ("미", "GPE"), ("제네바", "GPE"), ("북", "GPE"),
            ("연방준비제도", "OG"), ("Fed", "OG"), ("연준", "OG")} <= got
    got = _ko(ko_tagger, "알렉세이 베르니코프 러시아 교통부 차관은 밝혔다. 동해상으로 발사했다.")
    assert ("알렉세이 베르니코프", "PS") in got and ("동해", "LC") in got


def test_korean_unknown_words_do_not_become_entities(ko_tagger):
    got = _ko(ko_tagger, "변동성이 커질 가능성이 있다. 대부분의 지도부는 정부와 협의했다.")
    assert got == set()


def test_english_entities_follow_the_guide():
    from corpus.preannotate.english import tag

    text = ("Foreign Minister Yoon Jae-hyun met Japan's Foreign Ministry officials. The U.S. State Department "
            "said the North fired. Shares of Hangyeol E&C rose. Iraqi Water Resources Minister Ahmed al-Saadi spoke.")
    got = {(text[c.start:c.end], c.label) for c in tag(text, load())}
    assert {("Yoon Jae-hyun", "PS"), ("Japan", "GPE"), ("Foreign Ministry", "OG"), ("U.S.", "GPE"),
            ("State Department", "OG"), ("North", "GPE"), ("Hangyeol E&C", "OG"), ("Iraqi", "NORP"),
            ("Ahmed al-Saadi", "PS")} <= got
    assert not any("Minister" in t or t.startswith("Shares") for t, _ in got)


@pytest.mark.parametrize("ko,right,wrong", [("신홍철", "Shin Hong-chul", "Shin Hong-il"),
                                            ("박명호", "Pak Myong-ho", "Pak Myong-chol"),
                                            ("전영수", "Jeon Young-soo", "Chun Yung-woo"),
                                            ("윤석열", "Yoon Suk Yeol", "Yoon Suk-jin")])
def test_korean_names_must_agree_in_surname_and_each_given_syllable(ko, right, wrong):
    from corpus.model import Span
    from corpus.preannotate.linking import entity_score

    def score(en: str) -> float:
        return entity_score(Span("k", "ko", 0, len(ko), "PS", ko), Span("e", "en", 0, len(en), "PS", en), load())

    assert score(right) >= 0.85
    assert score(wrong) == 0.0


def test_trigger_lexicon_covers_news_events_in_both_languages(ko_tagger):
    from corpus.preannotate import triggers

    text = ("경찰은 그를 체포했고 검찰은 구속 기소했다. 법원은 징역 3년을 선고했고 그는 항소했다. 화재로 2명이 숨지고 "
            "5명이 다쳤다. 주민들은 대피했다. 사장이 물러났다. 노조가 파업을 벌였다. 두 은행이 합병했다. 외무성 부상이 말했다.")
    _, toks = next(ko_tagger.tag_many([text]))
    got = {(text[t.start:t.end], t.type) for t in triggers.korean(toks)}
    assert {("체포", "Justice:Arrest-Jail"), ("기소", "Justice:Charge-Indict"), ("선고", "Justice:Sentence"),
            ("항소", "Justice:Appeal"), ("숨지", "Life:Die"), ("다쳤", "Life:Injure"), ("대피", "Movement:Transport"),
            ("물러났", "Personnel:End-Position"), ("파업", "Conflict:Demonstrate"), ("합병", "Business:Merge-Org")} <= got
    assert not any(word in ("징역", "화재", "부상") for word, _ in got)
    en = ("Police arrested him and he was indicted. He was convicted, fined and acquitted on appeal. Four people died "
          "and 11 were injured. Residents were evacuated. The firms announced a merger. The company went bankrupt.")
    got = {(en[t.start:t.end], t.type) for t in triggers.english(en)}
    assert {("arrested", "Justice:Arrest-Jail"), ("indicted", "Justice:Charge-Indict"), ("convicted", "Justice:Convict"),
            ("fined", "Justice:Fine"), ("acquitted", "Justice:Acquit"), ("appeal", "Justice:Appeal"),
            ("died", "Life:Die"), ("injured", "Life:Injure"), ("evacuated", "Movement:Transport"),
            ("merger", "Business:Merge-Org"), ("bankrupt", "Business:Declare-Bankruptcy")} <= got


def test_generic_organization_heads_in_both_languages(ko_tagger):
    from corpus.preannotate.english import tag

    got = _ko(ko_tagger, "해운대경찰서와 금천소방서, 현대차노조, 서울중앙지법, 부산지검이 밝혔다. 신용카드 사용액이 늘었다.")
    assert {("해운대경찰서", "OG"), ("금천소방서", "OG"), ("현대차노조", "OG"), ("서울중앙지법", "OG"),
            ("부산지검", "OG")} <= got
    assert not any(t.endswith("카드") for t, _ in got)
    text = "Daehan Insurance Co. and Kumho Tire Company said. The Seoul High Court ruled. Mirae Hospital said."
    got = {(text[c.start:c.end], c.label) for c in tag(text, load())}
    assert {("Daehan Insurance Co.", "OG"), ("Kumho Tire Company", "OG"), ("Seoul High Court", "OG"),
            ("Mirae Hospital", "OG")} <= got


def test_english_counts_are_the_number_only():
    text = ("Four people died and 11 workers were hurt. Dozens of residents fled and about 100 firefighters came. "
            "Two North Korean soldiers crossed, one short-range ballistic missile flew. The two countries met. "
            "It took three hours.")
    got = _found(text, "en")
    assert got["Four"] == ("QT", ("num", 4.0)) and got["11"] == ("QT", ("num", 11.0))
    assert got["100"] == ("QT", ("num", 100.0)) and got["Two"] == ("QT", ("num", 2.0))
    assert got["one"] == ("QT", ("num", 1.0)) and got["Dozens"][0] == "QT"
    assert got["three hours"] == ("TI", ("dur", 3.0, "hour"))
    assert "two" not in got and not any("people" in t or "about" in t for t in got)


def test_korean_native_numeral_counts():
    got = _found("화재로 네 명이 숨지고 수십 명이 대피했다. 두 번째 회담에서 두 나라는 세명을 보냈다.", "ko")
    assert got["네 명"] == ("QT", ("num", 4.0)) and got["세명"] == ("QT", ("num", 3.0))
    assert got["수십 명"][0] == "QT"
    assert not any(t.startswith("두") for t in got)
    assert rules.same_value(got["네 명"][1], _found("Four people died.", "en")["Four"][1])


def test_english_count_words_with_scales():
    got = _found("About three dozen soldiers died and Two hundred people fled. Dozens of homes burned.", "en")
    assert got["three dozen"] == ("QT", ("num", 36.0)) and got["Two hundred"] == ("QT", ("num", 200.0))
    assert got["Dozens"] == ("QT", None)


def test_korean_place_cues_beat_a_name_guess(ko_tagger):
    # a locative particle makes a guessed name a place; a person keeps 에 대해
    got = _ko(ko_tagger, "베를루스코니 총리는 나폴리에 보안군을 투입했다. 이스라엘 남부 스데롯을 방문했다.")
    assert {("나폴리", "GPE"), ("스데롯", "GPE"), ("베를루스코니", "PS")} <= got
    # kiwipiepy can return one noun token across a space: each word is typed on its own
    got = _ko(ko_tagger, "미국 환경보호국은 검출됐다고 밝혔다. 일본 기상청이 발표했다.")
    assert {("미국", "GPE"), ("환경보호국", "OG"), ("일본", "GPE"), ("기상청", "OG")} <= got
    assert not any(t != t.strip() for t, _ in got)
    # a place name that is also a common word is a place only among places
    text = "경기 침체가 길어졌다. 대전에서 열린 경기였다. 서울·경기 지역에 비가 왔다."
    cands, _ = next(ko_tagger.tag_many([text]))
    places = [(c.start, text[c.start:c.end]) for c in cands if c.label == "GPE"]
    assert sorted(places) == sorted([(text.index("대전"), "대전"), (text.rindex("경기"), "경기"),
                                     (text.index("서울"), "서울")])


def test_compound_dates_ages_rates_and_open_counts():
    ko = "투자자 1만2000여명에게서 3200억원대를 가로챈 오정훈(52)씨는 지난해 11월 잠적했다. 다음 달 15일 공판. 1년 전보다 시간당 80㎜."
    got = {(v.text, v.label) for v in rules.find(ko, "ko")}
    assert {("1만2000여명", "QT"), ("3200억원", "MONEY"), ("52", "QT"), ("지난해 11월", "DT"), ("다음 달 15일", "DT"),
            ("1년 전", "DT"), ("시간당 80㎜", "QT")} <= got
    assert next(v.key for v in rules.find("1만2000여명", "ko")) == ("num", 12000.0)
    en = ("Oh Jung-hoon, 52, fled in November last year. A couple in their 70s died, and 340 personnel and 85 pieces "
          "of equipment were sent; three people were dead and seven injured that day, up from a year earlier, "
          "with 80 millimeters per hour for eight consecutive months. In 2024 defectors rose.")
    got = {(v.text, v.label) for v in rules.find(en, "en")}
    assert {("52", "QT"), ("November last year", "DT"), ("70s", "QT"), ("340", "QT"), ("85", "QT"), ("seven", "QT"),
            ("that day", "DT"), ("a year earlier", "DT"), ("80 millimeters per hour", "QT"),
            ("eight consecutive months", "DT"), ("2024", "DT")} <= got
    assert not any(t in ("2024", "In") for t, label in got if label == "QT")


def test_korean_admin_units_facilities_ages_and_clubs(ko_tagger):
    got = _ko(ko_tagger, "충남 공주시 유구읍과 울산 북구 양정동, 부여군에 비가 왔다. 정부군이 진입했다. 텍사스주 오스틴.")
    assert {("공주시", "GPE"), ("유구읍", "GPE"), ("북구", "GPE"), ("양정동", "GPE"), ("부여군", "GPE"),
            ("정부군", "OG"), ("텍사스주", "GPE")} <= got
    got = _ko(ko_tagger, "인천국제공항과 정부세종청사, 한화생명 볼파크에서. 재무이사 임지수(47)씨와 김모(45)씨. 김민구 의원.")
    assert {("인천국제공항", "FAC"), ("정부세종청사", "FAC"), ("한화생명 볼파크", "FAC"), ("임지수", "PS"),
            ("김모", "PS"), ("김민구", "PS")} <= got
    got = _ko(ko_tagger, "러시아 국가안보회의 부서기가 피츠버그 파이리츠로 갔다.")
    assert {("국가안보회의", "OG"), ("피츠버그 파이리츠", "OG")} <= got


def test_english_organization_names_with_places_joins_and_second_mentions():
    from corpus.preannotate.english import tag

    text = ("The South Chungcheong Fire Headquarters and the Central Disaster and Safety Countermeasures Headquarters "
            "said. The 25th Criminal Division ruled. The U.S. State Department said. Hyundai's Ulsan plant stopped. "
            "Brightline Materials said. Brightline agreed. The Pittsburgh Pirates won. Jeong Tae-min, CEO of Hanbit "
            "Energy Solution, spoke. Starter Kim Do-yoon collapsed in Yangjeong-dong.")
    got = {(text[c.start:c.end], c.label) for c in tag(text, load())}
    assert {("South Chungcheong Fire Headquarters", "OG"), ("25th Criminal Division", "OG"), ("U.S.", "GPE"),
            ("State Department", "OG"), ("Ulsan plant", "FAC"), ("Brightline Materials", "OG"), ("Brightline", "OG"),
            ("Pittsburgh Pirates", "OG"), ("Hanbit Energy Solution", "OG"), ("Kim Do-yoon", "PS"),
            ("Yangjeong-dong", "GPE")} <= got
    assert not any(t.startswith(("CEO", "Starter", "Foreign")) for t, _ in got)
    from corpus.preannotate import rules
    assert not [v for v in rules.find("The 25th Criminal Division ruled on the 13th.", "en") if "25th" in v.text]


def test_sports_scores_seasons_and_durations():
    ko = "3년 계약 기간을 1년 넘게 남기고 올 시즌 57경기에서 22승 2무 33패. LG에 3-7로 졌다. 전 거래일보다 올랐다."
    got = {(v.text, v.label) for v in rules.find(ko, "ko")}
    assert {("3년", "DT"), ("1년", "DT"), ("올 시즌", "DT"), ("57경기", "QT"), ("22승", "QT"), ("33패", "QT"),
            ("3-7", "QT"), ("전 거래일", "DT")} <= got
    en = ("more than a year remaining on his three-year contract this season; lost 7-3 to LG; a 45-year-old man; "
          "at dawn; late last month; from the previous session; the 10-year Treasury yield")
    got = {(v.text, v.label) for v in rules.find(en, "en")}
    assert {("a year", "DT"), ("three-year", "DT"), ("this season", "DT"), ("7-3", "QT"), ("45-year-old", "QT"),
            ("dawn", "TI"), ("late last month", "DT"), ("the previous session", "DT")} <= got
    assert "10-year" not in {t for t, _ in got}


def test_korean_second_mentions_titles_and_facilities(ko_tagger):
    got = _ko(ko_tagger, "볼코프 부서기는 이튿날 김 위원장과 평양 순안국제비행장에서 만났다. 볼코프는 떠났다. "
                         "오정훈(52)씨를 기소했다. 오씨는 도주했다. 브라이트라인머티리얼즈를 인수한다. 브라이트라인은 밝혔다.")
    assert {("볼코프", "PS"), ("김", "PS"), ("순안국제비행장", "FAC"), ("오정훈", "PS"), ("오", "PS"),
            ("브라이트라인머티리얼즈", "OG"), ("브라이트라인", "OG")} <= got
    assert not any(t == "이튿날" for t, _ in got)
    from corpus.preannotate import rules
    got = {(v.text, v.key) for v in rules.find("기본급 14만1300원, 주가 15만3000원, 징역 1년6개월, 내년 1분기", "ko")}
    assert ("14만1300원", ("money", 141300.0, "KRW")) in got and ("15만3000원", ("money", 153000.0, "KRW")) in got
    assert {"1년6개월", "내년 1분기"} <= {t for t, _ in got}
    assert not [v for v in rules.find("Gongju Mayor Park said.", "en") if v.label == "DT"]


def test_transcribed_names_and_surname_only_mentions_match():
    from corpus.model import Span
    from corpus.preannotate.linking import entity_score

    def score(ko, en, kl="PS", el="PS"):
        return entity_score(Span(id="k", lang="ko", start=0, end=len(ko), label=kl, text=ko, score=0.7),
                            Span(id="e", lang="en", start=0, end=len(en), label=el, text=en, score=0.7), load())

    assert name_score("커티스", "Curtis") >= 0.9 and name_score("라이언 커티스", "Ryan Curtis") >= 0.85
    assert score("남궁현", "Namgung") >= 0.8 and score("김모", "Kim") >= 0.8
    assert score("남궁현", "Kim") == 0.0 and score("김민수", "Kim Jung-su") == 0.0
    assert score("브라이트라인", "Brightline", "OG", "OG") >= 0.82


def test_korean_compound_triggers(ko_tagger):
    from corpus.preannotate import triggers

    text = "노조는 결의대회를 열었다. 북한은 시험발사를 했다."
    _, toks = next(ko_tagger.tag_many([text]))
    got = {(text[t.start:t.end], t.type) for t in triggers.korean(toks)}
    assert ("결의대회", "Conflict:Demonstrate") in got and ("시험발사", "Conflict:Attack") in got
