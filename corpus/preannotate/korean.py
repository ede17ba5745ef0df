"""Korean entities: kiwipiepy proper-noun runs, typed by the gazetteer, suffixes and titles.

A line is cut into noun phrases (space-separated runs of noun-only words, the last
one possibly followed by a particle); each word of a phrase is a *piece* classified
as a gazetteer hit, a name, an organization or place compound, a title or a common
noun; adjacent pieces are then grouped into entities (see :func:`_group`).
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .gazetteer import Gazetteer
from .romanize import is_hangul, tables

log = logging.getLogger(__name__)
CUES = Path(__file__).resolve().parents[1] / "data" / "ko_ner.yaml"
NOUNS = {"NNP", "NNG", "SL", "SN", "SH", "XSN", "XPN", "NR"}
BREAK = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB", "W_SERIAL", "W_URL", "W_EMAIL"}


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


class KoreanTagger:
    """Korean entity tagger with its own kiwipiepy model (the user dictionary mutates it)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self._kiwi = None
        self._lock = threading.Lock()

    def kiwi(self):
        """The tagger's Kiwi with every gazetteer form as a user word (loaded once)."""
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    kiwi = Kiwi()
                    for form in self.gaz.by_ko:
                        if is_hangul(form) and len(form) >= 2:
                            kiwi.add_user_word(form, "NNP", 0.0)
                    self._kiwi = kiwi
        return self._kiwi

    def tag_many(self, texts: Iterable[str]) -> Iterator[tuple[list[Cand], list[tuple]]]:
        """Entity candidates and ``(start, end, form, tag, lemma)`` tokens of each text."""
        for text in texts:
            lines = _lines(text)
            toks = self.kiwi().tokenize([line for _, line in lines]) if lines else []
            out: list[Cand] = []
            flat: list[tuple] = []
            for (base, line), line_toks in zip(lines, toks):
                out += [Cand(c.start + base, c.end + base, c.label, c.score, c.why)
                        for c in self._line(line, line_toks)]
                flat += [(t.start + base, t.end + base, t.form, t.tag, getattr(t, "lemma", t.form))
                         for t in line_toks]
            yield out, flat

    def _line(self, line: str, toks) -> list[Cand]:
        out: list[Cand] = []
        for phrase in _phrases(line, toks):
            pieces = [self._piece(line, p) for p in phrase]
            out += _group(pieces, self.gaz)
        taken = [(c.start, c.end) for c in out]
        for m in _name_before_title().finditer(line):
            a, b = m.span(1)
            if _korean_name(m.group(1)) and not any(a < e and s < b for s, e in taken):
                out.append(Cand(a, b, "PS", 0.7, "name-before-title"))
        return out

    def _piece(self, line: str, toks) -> Piece:
        start, end = toks[0].start, toks[-1].end
        text = line[start:end]
        c = cues()
        hit = self.gaz.ko(text)
        if hit:
            return Piece(start, end, text, "gaz", hit.type)
        for ending in c["place_endings"]:
            stem_hit = self.gaz.ko(text[:-len(ending)]) if text.endswith(ending) and len(text) > 2 else None
            if stem_hit:
                return Piece(start, end - len(ending), text[:-len(ending)], "gaz", stem_hit.type)
        for prefix in c["place_prefixes"]:
            rest_hit = self.gaz.ko(text[len(prefix):]) if text.startswith(prefix) and len(text) > 2 else None
            if rest_hit and rest_hit.type in ("GPE", "LC"):
                return Piece(start + len(prefix), end, text[len(prefix):], "gaz", rest_hit.type)
        if len(text) >= 2 and all(ch in c["abbreviations"] or ch in "·ㆍ," for ch in text):
            parts = tuple((start + k, start + k + 1) for k, ch in enumerate(text) if ch in c["abbreviations"])
            return Piece(start, end, text, "parts", parts=parts)  # 한미, 북·러: one GPE per country
        prefix = self._place_prefix(text, c)
        if prefix:
            a, b, label = prefix
            return Piece(start + a, start + b, text[a:b], "gaz", label)
        if any(text.endswith(e) for e in c["not_entity_endings"]):
            return Piece(start, end, text, "other")
        if len(toks) == 1 and toks[0].tag == "NNP" and text in c["abbreviations"]:
            return Piece(start, end, text, "gaz", "GPE")
        if text in c["titles"] or any(text.endswith(t) and len(t) >= 2 for t in c["titles"]):
            return Piece(start, end, text, "title")
        if text in c["not_entities"]:
            return Piece(start, end, text, "other")
        proper = any(t.tag in ("NNP", "SL", "SH") for t in toks)
        kind = _compound_kind(text, toks, proper, c)
        if kind:
            return Piece(start, end, text, kind[0], kind[1])
        if proper and not text[0].isdigit():
            return Piece(start, end, text, "name")
        return Piece(start, end, text, "foreignish" if _foreignish(text) else "other")


    def _place_prefix(self, text: str, c: dict) -> tuple[int, int, str] | None:
        """A place at the start of a compound with a common noun (뉴욕증시, 북한대표부, 대북제재)."""
        skip = 1 if text[:1] in c["place_prefixes"] and len(text) >= 2 else 0
        for a in sorted({0, skip}):
            for b in range(len(text) - 1, a, -1):
                hit = self.gaz.ko(text[a:b])
                if hit and hit.type in ("GPE", "LC") and b - a >= 2:
                    return a, b, hit.type
                if b - a == 1 and a == 1 and text[a] in c["abbreviations"] and text[0] == "대":
                    return a, b, "GPE"
        return None


@lru_cache(maxsize=1)
def _name_before_title() -> re.Pattern:
    """A 3-syllable word, up to two words, then a title (kiwipiepy may split unknown names)."""
    titles = "|".join(sorted((re.escape(t) for t in cues()["titles"] if len(t) >= 2), key=len, reverse=True))
    return re.compile(rf"(?<![가-힣])([가-힣]{{3}})(?:\s[가-힣A-Za-z]+){{0,2}}\s(?:{titles})"
                      rf"(?=[은는이가을를의과와도]|[^가-힣]|$)")


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _phrases(line: str, toks) -> Iterator[list[list]]:
    """Noun phrases: lists of words, each word a list of noun tokens."""
    phrase: list[list] = []
    word: list = []
    closed = False  # the current word has seen a non-noun token (particle, ending)
    prev_end = None
    for t in toks:
        gap = prev_end is not None and t.start > prev_end
        if gap and word:
            phrase.append(word)
            word = []
        if gap and closed or t.tag in BREAK or (gap and line[prev_end:t.start].strip()):
            if phrase:
                yield phrase
            phrase, word, closed = [], [], False
        if t.tag in BREAK:
            if word:
                phrase.append(word)
            if phrase:
                yield phrase
            phrase, word, closed = [], [], False
            prev_end = t.end
            continue
        if t.tag in NOUNS and not closed:
            word.append(t)
        else:
            closed = True
            if word:
                phrase.append(word)
                word = []
        prev_end = t.end
    if word:
        phrase.append(word)
    if phrase:
        yield phrase


def _compound_kind(text: str, toks, proper: bool, c: dict) -> tuple[str, str] | None:
    """An organization or place compound by its last noun (대외경제성, 도네츠크주)."""
    if text in c["org_stop"]:
        return None
    suffix = next((s for s in sorted(c["org_suffixes"], key=len, reverse=True)
                   if text.endswith(s) and len(text) > len(s)), None)
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
            if separate or single:
                return "place", label
    return None


def _foreignish(text: str) -> bool:
    """A common-noun-tagged word that looks like a transcribed foreign name (알오타이비)."""
    marks = set("르크즈프브드트스츠흐그슨튼픈")
    return len(text) >= 3 and is_hangul(text) and (text.startswith("알") or sum(ch in marks for ch in text) >= 1)


def _group(pieces: list[Piece], gaz: Gazetteer) -> list[Cand]:
    """Group the pieces of one phrase into typed entities."""
    out: list[Cand] = []
    i, n = 0, len(pieces)
    while i < n:
        p = pieces[i]
        k = _gaz_window(pieces, i, gaz)
        if k:
            hit = gaz.ko(" ".join(q.text for q in pieces[i:k]))
            out.append(Cand(p.start, pieces[k - 1].end, hit.type, 0.9, "gaz-multi"))
            i = k
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
        if p.kind == "name":
            j = i + 1
            while j < n and (pieces[j].kind == "name" or (pieces[j].kind == "foreignish" and j == i + 1)):
                j += 1
            if j < n and pieces[j].kind == "org" and not _title_follows(pieces, j + 1):  # 웰스파고 증권
                out.append(Cand(p.start, pieces[j].end, "OG", 0.75, "name+org"))
                i = j + 1
                continue
            out += _type_name(pieces, i, j)
            i = j
            continue
        i += 1
    return out


def _korean_name(text: str) -> bool:
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


def _type_name(pieces: list[Piece], i: int, j: int) -> list[Cand]:
    """Type the name group ``pieces[i:j]`` from its context in the phrase."""
    start, end = pieces[i].start, pieces[j - 1].end
    text_parts = [p.text for p in pieces[i:j]]
    before = pieces[i - 1] if i > 0 else None
    rest = pieces[j:]
    c = cues()
    if before is not None and before.kind == "title":
        return [Cand(start, end, "PS", 0.8, "title-before")]
    if _title_follows(pieces, j):
        if any(p.kind == "name" for p in pieces[:i]):
            return [Cand(start, end, "OG", 0.5, "between-name-and-title")]
        if j - i >= 3:  # 마이클 벤슨 웰스파고 (수석 이코노미스트): person, then employer
            return [Cand(start, pieces[i + 1].end, "PS", 0.75, "title-after"),
                    Cand(pieces[i + 2].start, end, "OG", 0.5, "between-name-and-title")]
        rest_len = sum(len(p.text) for p in pieces[i + 1:j])
        if j - i >= 2 and _korean_name(pieces[i].text) and rest_len >= 4:  # 정태민 한빛에너지솔루션 (대표)
            return [Cand(start, pieces[i].end, "PS", 0.8, "title-after"),
                    Cand(pieces[i + 1].start, end, "OG", 0.5, "between-name-and-title")]
        return [Cand(start, end, "PS", 0.85, "title-after")]
    if rest and rest[0].text in c["place_context"] or (before is not None and before.label == "GPE"):
        return [Cand(start, end, "GPE", 0.5, "place-context")]
    if len(text_parts) >= 2 and all(is_hangul(t) for t in text_parts):
        return [Cand(start, end, "PS", 0.6, "multi-word-name")]
    if len(text_parts) == 1 and len(text_parts[0]) == 3 and _korean_name(text_parts[0]):
        return [Cand(start, end, "PS", 0.5, "korean-name")]
    return [Cand(start, end, "OG", 0.35, "proper-noun")]
