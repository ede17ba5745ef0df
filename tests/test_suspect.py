"""The ingest-time translation check: numbers with scale words, Latin names, length."""
from corpus.ingest.suspect import latin_names, numbers, translation_check


def test_korean_and_english_numbers_with_scale_words_meet():
    ko = numbers("1억1천만 달러, 870억원, 1만2000명, 2024년 3월 13일, 2.75%, 12조3천억원", "ko")
    en = numbers("$110 million, 87 billion won, 12,000 people, March 13, 2024, 2.75%, 12.3 trillion won", "en")
    assert ko == en == {"1.1e+08", "8.7e+10", "12000", "2024", "13", "2.75", "1.23e+13"}
    assert numbers("3명", "ko") == set()  # single digits say nothing


def test_latin_names_of_the_korean_side_are_looked_up_in_the_english_words():
    assert latin_names("북한이 DPR과 LPR을 승인했다고 KCNA가 전했다.") == {"dpr", "lpr", "kcna"}
    good = translation_check("북한이 DPR과 LPR을 2022년 승인했다고 KCNA가 전했다.",
                             "North Korea recognized the DPR and LPR in 2022, KCNA reported.")
    assert not good.suspect and good.common == 4


def test_disagreeing_anchors_or_a_wild_length_ratio_flag():
    bad = translation_check("삼성전자가 2025년 3분기 영업이익 12조원을 기록했다고 밝혔다. NAND 가격이 15% 올랐다.",
                            "The KOSPI closed at 2,641.5 on Friday as LG Energy rose 4.2 percent, 1998 levels.")
    assert bad.suspect and bad.common == 0
    short = translation_check("가" * 1000, "A short summary.")
    assert short.suspect and short.ratio < 0.6
