"""Synthetic annotated article pairs from templates, for benchmarks and smoke tests.

Not a corpus: sentences are filled templates, so entities, events and links are
known by construction.  Deterministic for a given seed.
"""
from __future__ import annotations

import random
from typing import Iterator

from ..model import Alignment, Annotation, Argument, Article, CrossLink, Event, Link, Sentence, Span

PEOPLE = [("김민준", "Kim Min-jun"), ("이서연", "Lee Seo-yeon"), ("박지훈", "Park Ji-hoon"),
          ("최수아", "Choi Su-a"), ("정우진", "Jung Woo-jin"), ("한예린", "Han Ye-rin")]
PLACES = [("서울", "Seoul"), ("부산", "Busan"), ("평양", "Pyongyang"), ("도쿄", "Tokyo"),
          ("워싱턴", "Washington"), ("모스크바", "Moscow")]
ORGS = [("외교부", "the Foreign Ministry"), ("국방부", "the Defense Ministry"),
        ("통일부", "the Unification Ministry"), ("기획재정부", "the Finance Ministry")]
DATES = [("13일", "the 13th"), ("지난달 2일", "the 2nd of last month"), ("오는 5일", "the 5th")]

# (korean, english) templates; slots are {PS} {LC} {OG} {DT}; {EV} marks the event trigger.
TEMPLATES = [
    ("{OG}는 {DT} {LC}에서 성명을 발표했다.", "{OG} issued a statement in {LC} on {DT}."),
    ("{PS} 대변인은 {DT} 기자회견을 열었다.", "Spokesperson {PS} held a press conference on {DT}."),
    ("{PS} 장관은 {LC}에서 대표단을 {EV}.", "Minister {PS} {EV} a delegation in {LC}."),
    ("{OG} 관계자는 추가 협의가 필요하다고 말했다.", "An official at {OG} said more talks were needed."),
    ("양측은 {LC}에서 다시 만나기로 합의했다.", "The two sides agreed to meet again in {LC}."),
]
TRIGGER = ("만났다", "met")


def _fill(template: str, lang: int, values: dict[str, tuple[str, str]], offset: int,
          spans: list[tuple[int, int, str, int]], group: int) -> str:
    """Fill slots left to right, recording (start, end, slot, sentence) in article offsets."""
    out, i = [], 0
    while (j := template.find("{", i)) >= 0:
        out.append(template[i:j])
        k = template.index("}", j)
        slot = template[j + 1:k]
        text = TRIGGER[lang] if slot == "EV" else values[slot][lang]
        start = offset + sum(len(x) for x in out)
        spans.append((start, start + len(text), slot, group))
        out.append(text)
        i = k + 1
    out.append(template[i:])
    return "".join(out)


def synthetic_article(n: int, rng: random.Random, sentences: int = 10) -> Article:
    """One article pair with ``sentences`` aligned sentences and a full human annotation."""
    texts, sents, found = {0: "", 1: ""}, {0: [], 1: []}, {0: [], 1: []}
    for g in range(sentences):
        ko_t, en_t = rng.choice(TEMPLATES)
        values = {"PS": rng.choice(PEOPLE), "LC": rng.choice(PLACES), "OG": rng.choice(ORGS),
                  "DT": rng.choice(DATES)}
        for lang, tpl in ((0, ko_t), (1, en_t)):
            start = len(texts[lang]) + (1 if texts[lang] else 0)
            texts[lang] += (" " if texts[lang] else "") + _fill(tpl, lang, values, start, found[lang], g)
            sents[lang].append(Sentence(start, len(texts[lang])))
    links = [Link((i,), (i,), round(rng.uniform(0.3, 1.0), 3), False) for i in range(sentences)]
    links = [Link(l.ko, l.en, l.score, l.score < 0.4) for l in links]
    ann = _annotation(f"a{n}", texts, found)
    return Article(id=f"syn-{n:06d}", text_ko=texts[0], text_en=texts[1], source="synthetic",
                   published="2026-01-01", sentences_ko=sents[0], sentences_en=sents[1],
                   alignment=Alignment(links, quality=sum(l.score for l in links) / len(links),
                                       method="synthetic"),
                   annotations=[ann])


def _annotation(prefix: str, texts: dict[int, str], found: dict[int, list]) -> Annotation:
    """Spans for every filled slot, a Contact:Meet event per trigger, ko-en links per slot."""
    ann = Annotation(annotator="synth", origin="human", updated_at="2026-01-02T00:00:00")
    keyed: dict[int, dict[tuple[int, str], str]] = {0: {}, 1: {}}
    for lang, code in ((0, "ko"), (1, "en")):
        for k, (s, e, slot, g) in enumerate(found[lang]):
            sid = f"{prefix}-{code}-{k}"
            ann.spans.append(Span(sid, code, s, e, "TRIGGER" if slot == "EV" else slot, texts[lang][s:e]))
            keyed[lang][(g, slot)] = sid
        for (g, slot), sid in keyed[lang].items():
            if slot == "EV":
                args = [Argument(role, keyed[lang][(g, sl)]) for role, sl in (("Entity", "PS"), ("Place", "LC"))]
                ann.events.append(Event(f"{sid}-ev", "Contact:Meet", code, sid, args))
    ann.links = [CrossLink(sid, keyed[1][key]) for key, sid in keyed[0].items() if key in keyed[1]]
    return ann


def synthetic_articles(count: int, seed: int = 0, sentences: int = 10) -> Iterator[Article]:
    """``count`` synthetic articles, lazily."""
    rng = random.Random(seed)
    for n in range(count):
        yield synthetic_article(n, rng, sentences)
