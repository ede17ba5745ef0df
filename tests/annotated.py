"""Small hand-made annotated article pairs for the export tests.

``build_articles()`` returns three articles:

* ``yna-001``: two human annotations (the adjudicated one has fewer spans and must
  win), a model pre-annotation, an emoji in both texts, a nested entity
  (북한 inside 북한 외무성: reported as overlap), an event with arguments in both
  languages linked across languages.
* ``yna-002``: the English segmenter split "U.S. Forces Korea" after "U.S.", so
  that entity crosses a sentence boundary (reported); a 2-1 link, a
  low-confidence link and a 1-0 link; two annotators without adjudication.
* ``yna-003``: aligned but not annotated yet.
"""
from __future__ import annotations

from corpus.model import (Alignment, Annotation, Argument, Article, CrossLink, Event, Link,
                          Sentence, Span)


def _join(sentences: list[str]) -> tuple[str, list[Sentence]]:
    text, spans = "", []
    for s in sentences:
        if text:
            text += " "
        spans.append(Sentence(len(text), len(text) + len(s)))
        text += s
    return text, spans


class _Spans:
    """Create spans by finding their text (the n-th occurrence) in the article."""

    def __init__(self, art: Article, prefix: str) -> None:
        self.art, self.prefix, self.n = art, prefix, 0

    def __call__(self, lang: str, text: str, label: str, nth: int = 0) -> Span:
        doc, start = self.art.text(lang), -1
        for _ in range(nth + 1):
            start = doc.index(text, start + 1)
        self.n += 1
        return Span(f"{self.prefix}{self.n}", lang, start, start + len(text), label, text)


KO1 = ["북한 외무성은 13일 성명을 내고 미국의 대북 제재를 강하게 비난했다.",
       "김정은 국무위원장은 평양에서 러시아 대표단을 접견했다.",
       "한 시민은 SNS에 \"평화가 먼저 🙏\"라고 적었다.",
       "최선희 외무상은 다음 주 모스크바를 방문할 예정이다."]
EN1 = ["North Korea's Foreign Ministry issued a statement on the 13th strongly condemning U.S. sanctions.",
       "Leader Kim Jong Un received a Russian delegation in Pyongyang.",
       "One citizen wrote on social media, \"Peace comes first 🙏.\"",
       "Foreign Minister Choe Son Hui is expected to visit Moscow next week."]
KO2 = ["주한미군은 15일 경기도 평택 기지에서 연합 훈련을 시작했다고 밝혔다.",
       "이번 훈련에는 병력 약 2만 명이 참가한다.",
       "(서울=연합뉴스)"]
EN2 = ["A joint exercise began on the 15th at Camp Humphreys in Pyeongtaek, Gyeonggi Province, said the U.S.",
       "Forces Korea.",
       "About 20,000 troops are taking part."]
KO3 = ["통일부는 이산가족 상봉 행사를 추진하겠다고 밝혔다.", "행사는 금강산에서 열릴 예정이다."]
EN3 = ["The Unification Ministry said it would push for a reunion of separated families.",
       "The event is expected to be held at Mount Kumgang."]


def _article(aid: str, ko: list[str], en: list[str], links: list[Link]) -> Article:
    text_ko, s_ko = _join(ko)
    text_en, s_en = _join(en)
    return Article(id=aid, text_ko=text_ko, text_en=text_en, source="yna",
                   url_ko=f"https://www.yna.co.kr/view/{aid}", url_en=f"https://en.yna.co.kr/view/{aid}",
                   published="2026-03-13", title_ko=ko[0][:12], title_en=en[0][:30],
                   sentences_ko=s_ko, sentences_en=s_en,
                   alignment=Alignment(links, quality=sum(l.score for l in links) / len(links), method="use-margin"),
                   meta={"section": "north-korea"})


def article_one() -> Article:
    """Adjudicated annotation + a bigger unadjudicated one + a model pre-annotation."""
    art = _article("yna-001", KO1, EN1, [Link((i,), (i,), 0.9 - i * 0.05) for i in range(4)])
    sp = _Spans(art, "g")
    spans = [sp("ko", "북한 외무성", "OG"), sp("ko", "북한", "LC"), sp("ko", "13일", "DT"),
             sp("ko", "미국", "LC"), sp("ko", "김정은", "PS"), sp("ko", "평양", "LC"),
             sp("ko", "러시아", "LC"), sp("ko", "최선희", "PS"), sp("ko", "다음 주", "DT"),
             sp("ko", "모스크바", "LC"),
             sp("en", "North Korea's Foreign Ministry", "OG"), sp("en", "the 13th", "DT"),
             sp("en", "U.S.", "LC"), sp("en", "Kim Jong Un", "PS"), sp("en", "Russian", "NORP"),
             sp("en", "Pyongyang", "LC"), sp("en", "Choe Son Hui", "PS"), sp("en", "Moscow", "LC"),
             sp("en", "next week", "DT")]
    trig_ko, trig_en = sp("ko", "접견했다", "TRIGGER"), sp("en", "received", "TRIGGER")
    by = {s.text: s.id for s in spans}
    events = [Event("ev-ko", "Contact:Meet", "ko", trig_ko.id,
                    [Argument("Entity", by["김정은"]), Argument("Place", by["평양"])]),
              Event("ev-en", "Contact:Meet", "en", trig_en.id,
                    [Argument("Entity", by["Kim Jong Un"]), Argument("Place", by["Pyongyang"])])]
    links = [CrossLink(by["김정은"], by["Kim Jong Un"]), CrossLink(by["최선희"], by["Choe Son Hui"]),
             CrossLink(trig_ko.id, trig_en.id)]
    gold = Annotation("reviewer", spans=spans + [trig_ko, trig_en], events=events, links=links,
                      choices={"topic": ["diplomacy"]}, ground_truth=True, updated_at="2026-03-14T09:00:00")
    busy = Annotation("annotator_a", spans=[sp("ko", "북한", "LC"), *[Span(**{**s.to_dict(), "id": s.id + "a"})
                                                                     for s in spans]],
                      updated_at="2026-03-15T09:00:00")
    model = Annotation("kiwi-gazetteer", origin="model", model_version="0.1",
                       spans=[Span("m1", "ko", spans[4].start, spans[4].end, "PS", "김정은", origin="model", score=0.8),
                              Span("m2", "en", spans[13].start, spans[13].end, "PS", "Kim Jong Un",
                                   origin="model", score=0.7)])
    art.annotations = [busy, gold, model]
    return art


def article_two() -> Article:
    """An English entity across a (wrong) sentence boundary; 2-1, low and 1-0 links."""
    links = [Link((0,), (0, 1), 0.82), Link((1,), (2,), 0.31, low=True), Link((2,), (), 0.0)]
    art = _article("yna-002", KO2, EN2, links)
    sp = _Spans(art, "b")
    spans_a = [sp("ko", "주한미군", "OG"), sp("ko", "15일", "DT"), sp("ko", "경기도 평택", "LC"),
               sp("ko", "약 2만 명", "QT"), sp("ko", "서울", "LC"), sp("ko", "연합뉴스", "OG"),
               sp("en", "the 15th", "DT"), sp("en", "Camp Humphreys", "LC"), sp("en", "Pyeongtaek", "LC"),
               sp("en", "Gyeonggi Province", "LC"), sp("en", "U.S. Forces Korea", "OG"),
               sp("en", "About 20,000 troops", "QT")]
    spans_b = [sp("ko", "주한미군", "OG"), sp("en", "Camp Humphreys", "LC")]
    art.annotations = [Annotation("annotator_b", spans=spans_b, updated_at="2026-03-16T10:00:00"),
                       Annotation("annotator_a", spans=spans_a, updated_at="2026-03-15T10:00:00")]
    return art


def article_three() -> Article:
    """Aligned, not annotated."""
    return _article("yna-003", KO3, EN3, [Link((0,), (0,), 0.88), Link((1,), (1,), 0.9)])


def build_articles() -> list[Article]:
    """The three hand-made articles, in a fixed order."""
    return [article_one(), article_two(), article_three()]
