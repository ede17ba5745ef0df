from corpus.segment import split_en, split_ko

KO = ("북한이 13일(현지시간) 친러시아 성향의 도네츠크인민공화국(DPR)을 승인했다. "
      "최선희 외무상은 \"독립을 인정한다. 협력하겠다\"고 말했다.\n"
      "우크라이나 외무부는 1.5억달러 규모의 지원이 3.2% 늘었다고 밝혔다… 관계는 끊겼다")
EN = ('On the 13th (local time), the U.S. and the U.N. said Mr. Kim Song met Dr. J. R. Smith. '
      'Oleg Nikolenko tweeted, "Ukraine is severing relations today," adding, "This is a response."\n'
      'Prices rose 3.2% to $150 million 😀 on Feb. 21. It ended')


def _check(text, spans):
    assert spans == sorted(spans)
    for start, end in spans:
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert "\n" not in piece


def test_korean_sentences_and_offsets():
    spans = split_ko(KO)
    _check(KO, spans)
    sents = [KO[s:e] for s, e in spans]
    assert sents[0].endswith("승인했다.")
    assert sents[1].startswith("최선희") and sents[1].endswith("말했다.")  # quote holds 2 sentences
    assert sents[-1].endswith("끊겼다")
    assert len(sents) in (3, 4)


def test_english_quotes_abbreviations_and_emoji():
    spans = split_en(EN)
    _check(EN, spans)
    sents = [EN[s:e] for s, e in spans]
    assert sents == [
        "On the 13th (local time), the U.S. and the U.N. said Mr. Kim Song met Dr. J. R. Smith.",
        'Oleg Nikolenko tweeted, "Ukraine is severing relations today," adding, "This is a response."',
        "Prices rose 3.2% to $150 million 😀 on Feb. 21.",
        "It ended",
    ]


def test_empty_text_has_no_sentences():
    assert split_ko("") == [] and split_en("\n \n") == []


def test_paragraph_break_is_a_sentence_break():
    text = "사진 설명 [사진=연합뉴스]\n본문 첫 문장이다"
    assert [text[s:e] for s, e in split_ko(text)] == ["사진 설명 [사진=연합뉴스]", "본문 첫 문장이다"]


def test_quoted_question_inside_a_sentence_is_not_a_break():
    text = 'Panels ask "Head Scarf?" or "Prophet Muhammad?" in bold type. Sales rose.'
    assert [text[s:e] for s, e in split_en(text)] == [
        'Panels ask "Head Scarf?" or "Prophet Muhammad?" in bold type.', "Sales rose."]


def test_korean_sentence_opening_with_a_quote():
    text = ('외국 정부가 어떻게 연계될지도 분명하지 않다. "클리퍼 칩"이라는 표준이 효과적일지 의문이다. '
            '그는 "독립을 인정한다. 협력하겠다"고 말했다. ‘풍웡’은 27일 대만을 강타했다.')
    assert [text[s:e] for s, e in split_ko(text)] == [
        "외국 정부가 어떻게 연계될지도 분명하지 않다.",
        '"클리퍼 칩"이라는 표준이 효과적일지 의문이다.',
        '그는 "독립을 인정한다. 협력하겠다"고 말했다.',
        "‘풍웡’은 27일 대만을 강타했다.",
    ]
