"""Cross-lingual links: a Korean span and an English span of aligned sentences that name the same thing.

Evidence: the same gazetteer entry (names, countries and their adjectives), identical
Latin text, romanized-name similarity, equal normalized values (dates resolved against
the publication date so ``13일`` meets ``Thursday``), and triggers of one event type.
Pairs above the threshold are assigned one-to-one, best first.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from ..model import Article, CrossLink, Span
from . import rules_en, rules_ko
from functools import lru_cache

from .gazetteer import Gazetteer, en_key
from .intervals import SpanIndex
from .korean import cues
from .romanize import is_hangul, korean_name_parts, name_score, tables
from .rules import same_value

VALUES = {"DT", "TI", "QT", "MONEY"}
GROUPS = [{"GPE", "NORP", "LC"}, {"OG"}, {"PS"}, {"FAC", "LC", "GPE"}, {"DT"}, {"TI"}, {"QT"}, {"MONEY"}]
THRESHOLD = 0.8
NAME_THRESHOLD = 0.82
PART_THRESHOLD = 0.75
RETYPE_NAME = 0.85  # a name this close links even across types; the weaker side is re-typed
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def compatible(a: str, b: str) -> bool:
    """Labels that may name the same thing across languages (한국 GPE ↔ Korean NORP)."""
    return a == b or any(a in g and b in g for g in GROUPS)


def _value_key(span: Span) -> tuple | None:
    return _normalized(span.lang, span.text, span.label)


@lru_cache(maxsize=4096)
def _normalized(lang: str, text: str, label: str) -> tuple | None:
    """The normalized value of a value text (a pure function of its arguments; every pair of an
    aligned sentence group asks again, so it is kept)."""
    return (rules_ko if lang == "ko" else rules_en).normalize(text, label)


def _date(key: tuple | None, published: str) -> dt.date | None:
    """The calendar date a day/month-day key denotes, read against the publication date."""
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    try:
        if key and key[0] == "ymd":
            return dt.date(key[1], key[2], key[3])
        if key and key[0] == "md":
            return dt.date(pub.year, key[1], key[2])
        if key and key[0] == "day":
            month = pub.month if key[1] <= pub.day + 1 else (pub.month - 2) % 12 + 1
            year = pub.year - (1 if month > pub.month else 0)
            return dt.date(year, month, key[1])
    except ValueError:
        return None
    return None


def value_score(ko: Span, en: Span, published: str) -> float:
    """1.0 when two value spans denote the same value or date."""
    kk, ek = _value_key(ko), _value_key(en)
    if same_value(kk, ek):
        return 1.0
    if ko.label == "DT" and en.label == "DT":
        day = _date(kk, published)
        weekday = next((i for i, w in enumerate(WEEKDAYS) if w in en.text.lower()), None)
        if day and weekday is not None and day.weekday() == weekday:
            return 0.95
        if day and _date(ek, published) == day:
            return 1.0
    if kk and ek and kk[0] == "pct" and ek[0] == "pct" and abs(abs(kk[1]) - abs(ek[1])) < 1e-9:
        return 0.9  # -0.2% ↔ a fall of 0.2 percent
    return 0.0


def entity_score(ko: Span, en: Span, gaz: Gazetteer) -> float:
    """How surely two entity spans name the same thing."""
    ko_text = abbreviations().get(ko.text, ko.text)
    same = gaz.same(ko_text, en.text)
    if same is not None:
        return 1.0 if same and compatible(ko.label, en.label) else 0.0
    if re.sub(r"\W", "", ko.text).lower() == re.sub(r"\W", "", en.text).lower() and ko.text.isascii():
        return 1.0 if compatible(ko.label, en.label) else 0.0
    if _same_place_head(ko.text, en.text, gaz) and compatible(ko.label, en.label):
        return 0.9  # 도네츠크인민공화국 ↔ Donetsk People's Republic
    stem = _ADMIN_UNIT.sub("", ko_text) if ko.label in ("GPE", "LC") else ko_text
    if stem != ko_text and len(stem) >= 2:  # 공주시 ↔ Gongju, 텍사스주 ↔ Texas
        same = gaz.same(stem, en.text)
        if same is not None:
            return 1.0 if same and compatible(ko.label, en.label) else 0.0
    if not is_hangul(ko.text) or gaz.ko(ko_text) or gaz.en(en.text) or gaz.demonym(en.text):
        return 0.0
    if "PS" in (ko.label, en.label) and " " not in en.text.strip() and _surname_only(ko.text, en.text):
        return 0.85  # 남궁현 … Namgung, 김모 … Kim: the English gives the surname only
    en_text = _CORPORATE.sub("", en.text) or en.text
    score = max(name_score(ko.text, en_text), _head_score(ko.text, en_text), name_score(stem, en_text) * 0.98)
    if "PS" in (ko.label, en.label) and korean_name_parts(ko.text, en.text) < PART_THRESHOLD:
        return 0.0  # both surname and given name must agree
    if not compatible(ko.label, en.label) and not (score >= RETYPE_NAME and min(ko.score or 0, en.score or 0) < 0.6):
        return 0.0
    return score if score >= NAME_THRESHOLD else 0.0


_ADMIN_UNIT = re.compile(r"(?<=[가-힣]{2})(?:특별자치시|특별자치도|광역시|특별시|시|군|구|도|주|읍|면|동)$")
_CORPORATE = re.compile(r"\s(?:Co\.|Co|Corp\.|Corp|Inc\.|Inc|Ltd\.|Ltd|LLC|PLC|Co\., Ltd\.)$")


def _surname_only(ko: str, en: str) -> bool:
    """``en`` is a spelling of the surname of the Korean full name ``ko``."""
    names = tables()["surnames"]
    if " " in ko or not 2 <= len(ko) <= 4:
        return False
    for n in (2, 1):
        sur = ko[:n]
        if len(ko) > n and sur in names and en.lower() in names[sur]:
            return True
    return False


def _same_place_head(ko: str, en: str, gaz: Gazetteer) -> bool:
    """Both names start with the same gazetteer place and go on (나선 경제특구 ↔ Rason Economic Special Zone)."""
    words = en.split()
    if len(words) < 2:
        return False
    for n in range(1, len(words)):
        head = " ".join(words[:n])
        entry = gaz.en(head)
        if entry and entry.type in ("GPE", "LC"):
            return any(ko.startswith(f) and len(ko) > len(f) for f in entry.ko)
    return False


def _head_score(ko: str, en: str) -> float:
    """Name score after peeling translated heads off both ends (메리츠증권 ↔ Meritz Securities)."""
    heads, peeled = cues().get("heads", {}), False
    while True:
        words = en.split()
        if len(words) < 2 or words[-1] not in heads:
            break
        ko_head = next((h for h in heads[words[-1]] if ko.endswith(h) and len(ko) > len(h)), None)
        if ko_head is None:
            break
        ko, en, peeled = ko[: -len(ko_head)].strip(), " ".join(words[:-1]), True
    return name_score(ko, en) if peeled else 0.0


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """One-syllable country abbreviations (미 → 미국) from ``ko_ner.yaml``."""
    return dict(cues()["abbreviations"])


def pair_score(ko: Span, en: Span, art: Article, gaz: Gazetteer, trigger_types: dict[str, str]) -> float:
    """Score of linking ``ko`` and ``en`` (0 if they cannot be the same thing)."""
    if ko.id in trigger_types or en.id in trigger_types:
        return 0.85 if trigger_types.get(ko.id) == trigger_types.get(en.id) else 0.0
    if ko.label in VALUES or en.label in VALUES:
        return value_score(ko, en, art.published) if ko.label == en.label else 0.0
    return entity_score(ko, en, gaz)


def _inside(spans: list[Span] | SpanIndex, sents: list, idx: Iterable[int]) -> list[Span]:
    """Spans within the sentences ``idx`` (pass a :class:`SpanIndex` when asking many times)."""
    index = spans if isinstance(spans, SpanIndex) else SpanIndex(spans)
    return index.inside(sents[i] for i in idx if i < len(sents))


def _groups(art: Article) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Aligned sentence groups; the whole article when there is no alignment."""
    if art.alignment and art.alignment.links:
        return [(l.ko, l.en) for l in art.alignment.links if l.ko and l.en]
    return [(tuple(range(len(art.sentences_ko))), tuple(range(len(art.sentences_en))))]


def link(art: Article, spans: list[Span], gaz: Gazetteer, trigger_types: dict[str, str],
         origin: str = "model", annotator: str | None = None) -> list[CrossLink]:
    """One-to-one links between the Korean and English spans of aligned sentences."""
    ko_all = SpanIndex([s for s in spans if s.lang == "ko"])
    en_all = SpanIndex([s for s in spans if s.lang == "en"])
    out: list[CrossLink] = []
    for ko_idx, en_idx in _groups(art):
        kos = _inside(ko_all, art.sentences_ko, ko_idx)
        ens = _inside(en_all, art.sentences_en, en_idx)
        kpos, epos = _positions(kos, art.sentences_ko, ko_idx), _positions(ens, art.sentences_en, en_idx)
        scored = []
        for k in kos:
            for e in ens:
                score = pair_score(k, e, art, gaz, trigger_types)
                if score >= THRESHOLD:
                    tie = _form_distance(k, e, gaz) + abs(kpos[k.id] - epos[e.id])
                    scored.append((-score, tie, k.id, e.id, score))
        found = _assign(sorted(scored), {s.id: s for s in kos + ens}, origin, annotator)
        out += found + _leftovers(kos, ens, found, trigger_types, origin, annotator)
    return out


LEFTOVER = 0.6


def _leftovers(kos: list[Span], ens: list[Span], found: list[CrossLink], trigger_types: dict[str, str],
               origin: str, annotator: str | None) -> list[CrossLink]:
    """In one aligned sentence group, the only unlinked date (time, event of a type) on each
    side is the same one: ``이날`` ↔ ``Wednesday``, ``새벽`` ↔ ``dawn``, ``파업`` ↔ ``strike``.
    Values whose normalized keys are both known and differ are never paired."""
    linked = {l.ko for l in found} | {l.en for l in found}
    kind = lambda s: trigger_types.get(s.id) or (s.label if s.label in ("DT", "TI") else None)
    free_k, free_e = {}, {}
    for side, spans in ((free_k, kos), (free_e, ens)):
        for sp in spans:
            k = kind(sp)
            if k and sp.id not in linked:
                side.setdefault(k, []).append(sp)
    out = []
    for k, ks in free_k.items():
        es = free_e.get(k, [])
        if len(ks) != 1 or len(es) != 1:
            continue
        if k in ("DT", "TI"):
            kk, ek = _value_key(ks[0]), _value_key(es[0])
            if kk and ek and kk[0] == ek[0] and not same_value(kk, ek):
                continue
        out.append(CrossLink(ko=ks[0].id, en=es[0].id, origin=origin, annotator=annotator, score=LEFTOVER))
    return out


def _positions(spans: list[Span], sents: list, idx: tuple[int, ...]) -> dict[str, float]:
    """Relative position (0-1) of each span in the text of the sentence group."""
    bounds = [sents[i] for i in idx if i < len(sents)]
    total = sum(b.end - b.start for b in bounds) or 1
    out = {}
    for s in spans:
        before = 0
        for b in bounds:
            if b.start <= s.start < b.end:
                out[s.id] = (before + s.start - b.start) / total
                break
            before += b.end - b.start
    return out


def _form_distance(ko: Span, en: Span, gaz: Gazetteer) -> float:
    """How far apart the two forms sit in their gazetteer entry (full ↔ full, short ↔ short)."""
    entry = gaz.ko(abbreviations().get(ko.text, ko.text))
    if entry is None or not entry.en:
        return 0.0
    keys = [en_key(f) for f in entry.en]
    ko_i = entry.ko.index(ko.text) / max(len(entry.ko), 1) if ko.text in entry.ko else 0.0
    en_i = keys.index(en_key(en.text)) / max(len(keys), 1) if en_key(en.text) in keys else 0.0
    return abs(ko_i - en_i)


def _assign(scored: list[tuple], spans: dict[str, Span], origin: str, annotator: str | None) -> list[CrossLink]:
    """One-to-one, best first; then a span may also link to a parenthesized abbreviation
    of its partner's name (Korean Central News Agency (KCNA))."""
    used_k, used_e, pairs = {}, {}, []
    for _, _, kid, eid, score in scored:
        if kid in used_k or eid in used_e:
            continue
        used_k[kid], used_e[eid] = eid, kid
        pairs.append((kid, eid, score))
    for _, _, kid, eid, score in scored:
        if score < 1.0 or (kid in used_k and eid in used_e):
            continue
        if kid in used_k and _parenthesized(spans[used_k[kid]], spans[eid]):
            pairs.append((kid, eid, score))
            used_e[eid] = kid
        elif eid in used_e and _parenthesized(spans[used_e[eid]], spans[kid]):
            pairs.append((kid, eid, score))
            used_k[kid] = eid
    return [CrossLink(ko=k, en=e, origin=origin, annotator=annotator, score=round(sc, 3)) for k, e, sc in pairs]


def _parenthesized(first: Span, second: Span) -> bool:
    """``second`` is the parenthesized twin right after ``first`` (or the other way round)."""
    a, b = sorted((first, second), key=lambda s: s.start)
    return 0 <= b.start - a.end <= 2
