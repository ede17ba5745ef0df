"""Korean entity typing: pieces of a noun phrase grouped into typed entities.

A *piece* is one noun word of a phrase, classified (by :class:`~.korean.KoreanTagger`)
as a gazetteer hit, a name, an organization or place compound, a title or a common
noun; :func:`group` turns the pieces of a phrase into entities, using the cues in
``corpus/data/ko_ner.yaml`` (titles, suffixes, stop lists).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .gazetteer import Gazetteer
from .romanize import is_hangul, tables

CUES = Path(__file__).resolve().parents[1] / "data" / "ko_ner.yaml"


@dataclass
class Cand:
    """A candidate entity: ``[start, end)`` in the article text, label, score, why."""

    start: int
    end: int
    label: str
    score: float
    why: str


@dataclass
class Piece:
    """One noun word of a phrase: offsets in the line, text, kind and (for hits) type."""

    start: int
    end: int
    text: str
    kind: str
    label: str | None = None
    parts: tuple[tuple[int, int], ...] = ()


@lru_cache(maxsize=1)
def cues() -> dict:
    """Titles, suffixes and stop lists (``corpus/data/ko_ner.yaml``)."""
    data = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    return {k: (v if isinstance(v, dict) else set(v)) for k, v in data.items()}


@lru_cache(maxsize=None)
def _suffix_table(key: str) -> tuple[frozenset[str], int]:
    """The ``key`` cue words as a set, and the longest one's length."""
    words = frozenset(w for w in cues()[key] if isinstance(w, str))
    return words, max(map(len, words), default=0)


def longest_suffix(text: str, key: str, longest: int, shortest: int = 0) -> str | None:
    """The longest ``key`` cue word of ``shortest`` to ``longest`` characters that ``text``
    ends with (set look-ups of the text's endings, not a scan of every cue word)."""
    words, top = _suffix_table(key)
    for k in range(min(longest, top, len(text)), shortest - 1, -1):
        end = text[len(text) - k:]
        if end in words:
            return end
    return None


def compound_kind(text: str, toks, proper: bool, c: dict) -> tuple[str, str] | None:
    """An organization or place compound by its last noun (대외경제성, 도네츠크주)."""
    if text in c["org_stop"]:
        return None
    suffix = longest_suffix(text, "org_suffixes", len(text) - 1)
    if suffix and len(text) >= 3 and not any(len(w) > len(suffix) and text.endswith(w) for w in c["org_stop"]):
        if suffix != "성" or any(text[:-1].endswith(d) for d in c["seong_domains"]):
            return "org", "OG"
    if not proper or len(text) < 3:
        return None
    last = toks[-1].form if len(toks) > 1 else ""
    for key, label in (("fac_suffixes", "FAC"), ("lc_suffixes", "LC"), ("gpe_suffixes", "GPE")):
        for s in c[key]:
            separate = last == s and len(text) > len(s)
            single = len(toks) == 1 and len(s) >= 1 and text.endswith(s) and len(text) - len(s) >= 3 and label == "GPE"
            single_fac = label == "FAC" and len(s) >= 2 and text.endswith(s) and len(text) - len(s) >= 2  # 정부세종청사
            if label == "GPE" and s in ("구", "동", "리") and korean_name(text):
                continue  # 김민구: a person
            if separate or single or single_fac:
                return "place", label
    return None


def foreignish(text: str) -> bool:
    """A common-noun-tagged word that looks like a transcribed foreign name (알오타이비)."""
    marks = set("르크즈프브드트스츠흐그슨튼픈")
    return len(text) >= 3 and is_hangul(text) and (text.startswith("알") or sum(ch in marks for ch in text) >= 1)


def group(pieces: list[Piece], gaz: Gazetteer) -> list[Cand]:
    """Group the pieces of one phrase into typed entities."""
    out: list[Cand] = []
    i, n = 0, len(pieces)
    while i < n:
        p = pieces[i]
        k = _gaz_window(pieces, i, gaz)
        if k:
            hit = gaz.ko(" ".join(q.text for q in pieces[i:k]))
            out.append(Cand(p.start, pieces[k - 1].end, hit.type, 0.9, "gaz-multi"))
            for q in pieces[i:k]:
                q.kind, q.label = "gaz", hit.type
            i = k
            continue
        if p.kind == "admin" or (p.kind == "name" and i > 0 and pieces[i - 1].kind == "admin"
                                 and p.text.endswith(("구", "동", "리", "읍", "면"))):
            p.kind = "admin"
            out.append(Cand(p.start, p.end, "GPE", 0.75, "admin"))  # 공주시 유구읍, 북구 양정동: one place each
            i += 1
            continue
        if p.kind in ("fachead", "orghead"):
            i += 1
            continue
        nxt = pieces[i + 1] if i + 1 < n else None
        if p.kind == "gaz" and p.label == "GPE" and nxt and nxt.text in cues()["gpe_suffixes"]:
            out.append(Cand(p.start, nxt.end, "GPE", 0.8, "gpe+suffix"))  # 나선 경제특구
            i += 2
            continue
        if p.kind == "parts":
            out += [Cand(a, b, "GPE", 0.7, "abbreviation") for a, b in p.parts]
            i += 1
            continue
        if p.kind in ("gaz", "org", "place"):
            out.append(Cand(p.start, p.end, p.label or "OG", 0.9 if p.kind == "gaz" else 0.75, p.kind))
            i += 1
            continue
        if p.kind == "foreignish" and nxt is not None and nxt.kind == "title":  # 볼코프 부서기
            out.append(Cand(p.start, p.end, "PS", 0.7, "foreign+title"))
            i += 1
            continue
        if p.kind == "name":
            j = i + 1
            while j < n and (pieces[j].kind == "name" or (pieces[j].kind == "foreignish" and j == i + 1)):
                j += 1
            if j < n and pieces[j].kind == "orghead" and not _title_follows(pieces, j + 1):  # 루비 프로덕션
                out.append(Cand(p.start, pieces[j].end, "OG", 0.7, "name+orghead"))
                i = j + 1
                continue
            if j < n and pieces[j].kind == "fachead":  # 한화생명 볼파크
                out.append(Cand(p.start, pieces[j].end, "FAC", 0.75, "name+facility"))
                i = j + 1
                continue
            if j < n and pieces[j].kind == "org" and not _title_follows(pieces, j + 1):  # 웰스파고 증권
                out.append(Cand(p.start, pieces[j].end, "OG", 0.75, "name+org"))
                i = j + 1
                continue
            typed = _type_name(pieces, i, j)
            if typed and typed[0].why == "city+club" and out and out[-1].start == typed[0].start:
                out.pop()
            out += typed
            i = j
            continue
        i += 1
    return out


def korean_name(text: str) -> bool:
    """2-4 Hangul syllables starting with a common surname (정태민, 남궁민수)."""
    surnames = tables()["surnames"]
    return is_hangul(text) and 2 <= len(text) <= 4 and (text[0] in surnames or text[:2] in surnames) \
        and all("가" <= ch <= "힣" for ch in text)


def _title_follows(pieces: list[Piece], j: int) -> bool:
    """A title comes after ``pieces[j-1]``, with only entity-like pieces between."""
    for p in pieces[j:]:
        if p.kind == "title":
            return True
        if p.kind not in ("gaz", "org", "name", "place"):
            return False
    return False


def _gaz_window(pieces: list[Piece], i: int, gaz: Gazetteer) -> int | None:
    """End of the longest run of 2+ pieces from ``i`` that is one gazetteer form."""
    for k in range(min(len(pieces), i + 4), i + 1, -1):
        if pieces[k - 1].start - pieces[i].end >= 0 and gaz.ko(" ".join(q.text for q in pieces[i:k])):
            return k
    return None


_DIRECTIONS = {"북부", "남부", "동부", "서부", "중부", "북동부", "북서부", "남동부", "남서부", "중서부", "중동부",
               "북쪽", "남쪽", "동쪽", "서쪽", "동남부", "서남부", "동북부", "서북부"}


def _type_name(pieces: list[Piece], i: int, j: int) -> list[Cand]:
    """Type the name group ``pieces[i:j]`` from its context in the phrase."""
    start, end = pieces[i].start, pieces[j - 1].end
    text_parts = [p.text for p in pieces[i:j]]
    before = pieces[i - 1] if i > 0 else None
    rest = pieces[j:]
    c = cues()
    if before is not None and before.kind == "title":
        return [Cand(start, end, "PS", 0.8, "title-before")]
    if (before is not None and before.label == "GPE" and j - i == 1 and len(text_parts[0]) >= 4
            and text_parts[0].endswith(("국", "청", "처", "원", "소", "단", "실", "회의", "회", "부"))
            and not foreignish(text_parts[0])):
        return [Cand(start, end, "OG", 0.5, "country+agency")]  # 미국 환경보호국, 러시아 국가안보회의
    if _title_follows(pieces, j):
        if i > 0 and pieces[i - 1].kind == "name":
            return [Cand(start, end, "OG", 0.5, "between-name-and-title")]
        if j - i >= 3:  # 마이클 벤슨 웰스파고 (수석 이코노미스트): person, then employer
            return [Cand(start, pieces[i + 1].end, "PS", 0.75, "title-after"),
                    Cand(pieces[i + 2].start, end, "OG", 0.5, "between-name-and-title")]
        rest_len = sum(len(p.text) for p in pieces[i + 1:j])
        if j - i >= 2 and korean_name(pieces[i].text) and rest_len >= 4:  # 정태민 한빛에너지솔루션 (대표)
            return [Cand(start, pieces[i].end, "PS", 0.8, "title-after"),
                    Cand(pieces[i + 1].start, end, "OG", 0.5, "between-name-and-title")]
        return [Cand(start, end, "PS", 0.85, "title-after")]
    before2 = pieces[i - 2] if i > 1 else None
    after_direction = (before is not None and before.text in _DIRECTIONS and before2 is not None
                       and before2.label in ("GPE", "LC"))  # 이스라엘 남부 스데롯
    if (before is not None and before.label == "GPE" and before.kind == "gaz" and j - i == 1
            and len(text_parts[0]) >= 3 and text_parts[0].endswith(("스", "즈", "츠"))):
        return [Cand(before.start, end, "OG", 0.55, "city+club")]  # 피츠버그 파이리츠, 뉴욕 양키스
    if rest and rest[0].text in c["place_context"] or (before is not None and before.label == "GPE") or after_direction:
        return [Cand(start, end, "GPE", 0.5, "place-context")]
    if len(text_parts) >= 2 and all(is_hangul(t) for t in text_parts):
        return [Cand(start, end, "PS", 0.6, "multi-word-name")]
    if len(text_parts) == 1 and len(text_parts[0]) == 3 and korean_name(text_parts[0]):
        return [Cand(start, end, "PS", 0.5, "korean-name")]
    return [Cand(start, end, "OG", 0.35, "proper-noun")]
