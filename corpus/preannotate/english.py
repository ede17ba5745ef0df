"""English entities: capitalized runs, split at titles and possessives, typed by the gazetteer and heads.

Types from weak cues carry low scores; :mod:`corpus.preannotate.linking` later
re-types English spans linked to a Korean span (projection from the Korean side).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from .gazetteer import Gazetteer
from .intervals import Taken
from .korean import Cand

CUES = Path(__file__).resolve().parents[1] / "data" / "en_ner.yaml"
_WORD = r"(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Gov|Sen|Rep|Lt|Col|Adm|Prof|St|Jr|Co|Inc|Corp|Ltd)\.|[A-Z][A-Za-z]*(?:&[A-Z]+)?(?:[\-’'][A-Za-z]+)*|[A-Z]{2,}\d*|\d+[A-Z][A-Za-z]*)"
_PARTICLE = r"(?:al|el|bin|de|van|von|da|le)"
_JOIN = r"(?: (?:of|for|of the|de|du) | )"
RUN = re.compile(rf"(?<![\w\-])(?:{_PARTICLE}-)?{_WORD}(?:{_JOIN}(?:{_PARTICLE}-)?{_WORD})*")
_HYPHEN_TAIL = {"made", "based", "led", "owned", "run", "born", "linked", "backed", "style", "era", "bound", "wide"}
_POSSESSIVE = re.compile(r"(?<!\bPeople)(?<!\bWorkers)(?<!\bWomen)(?<!\bChildren)(?<!\bVeterans)[’']s\b")


@lru_cache(maxsize=1)
def cues() -> dict:
    """Titles, heads and stop lists (``corpus/data/en_ner.yaml``)."""
    data = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    out = {k: set(v) for k, v in data.items()}
    out["titles"] |= {t + "s" for t in out["titles"] if t[-1].isalpha() and not t.endswith("s")}
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run at possessives (Russia's Deputy Minister) and trailing dots/joins."""
    out, pos = [], start
    for m in _POSSESSIVE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [_strip(text, s, e) for s, e in out if e > s]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces, a final period that ends a sentence, and joins at the edges."""
    while s < e and text[s] == " ":
        s += 1
    while e > s and text[e - 1] in " ,":
        e -= 1
    tail = re.search(r"(?:\s(?:of|for|the|de|and))+$", text[s:e])
    if tail:
        e -= len(tail.group(0))
    return s, e


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[str], int]:
    """The title cues as a set, and the length of the longest."""
    titles = cues()["titles"]
    return frozenset(titles), max(map(len, titles), default=0)


def _title_at(chunk: str) -> str | None:
    """The longest title cue that ``chunk`` is, or starts with before a space: what trying every
    title longest first finds, by looking up the chunk and its prefixes that end at a space."""
    titles, longest = _titles()
    if chunk in titles:
        return chunk
    i = chunk.rfind(" ", 0, longest + 1)
    while i >= 0:
        if chunk[:i] in titles:
            return chunk[:i]
        i = chunk.rfind(" ", 0, i)
    return None


def _drop_leading(text: str, s: int, e: int, c: dict) -> tuple[int, int, str | None]:
    """Drop sentence-start words and leading titles; return the title seen, if any."""
    title = None
    while s < e:
        chunk = text[s:e]
        first = chunk.split()[0] if chunk.split() else ""
        if c is cues():
            t = _title_at(chunk)
        else:
            t = next((t for t in sorted(c["titles"], key=len, reverse=True)
                      if chunk.startswith(t + " ") or chunk == t), None)
        if t and chunk.startswith(t + " of ") and t not in ("President", "Minister", "Secretary", "Governor", "Mayor"):
            s += len(t) + 4  # CEO of Hanbit Energy Solution: the organization
            continue
        if t:
            title, s = t, s + len(t)
        elif first in c["not_names"] or first.lower() in ("the", "and", "for", "on"):
            s += len(first)
        else:
            break
        while s < e and text[s] in " -":
            s += 1
    return s, e, title


@lru_cache(maxsize=8)
def _gaz_pattern(gaz: Gazetteer) -> re.Pattern:
    forms = sorted({f for e in gaz.entries for f in (*e.en, *e.demonyms) if len(f) >= 2}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


_W = re.compile(r"\w")
_WORD_START = re.compile(r"(?<!\w)\w")


@lru_cache(maxsize=8)
def _gaz_index(gaz: Gazetteer) -> dict[str, tuple[str, ...]] | None:
    """The forms of :func:`_gaz_pattern` by their first two characters, longest first; None if
    a form does not start with a word character (then the pattern itself is used)."""
    forms = sorted({f for e in gaz.entries for f in (*e.en, *e.demonyms) if len(f) >= 2}, key=len, reverse=True)
    if any(not _W.match(f) for f in forms):
        return None
    index: dict[str, list[str]] = {}
    for f in forms:
        index.setdefault(f[:2], []).append(f)
    return {k: tuple(v) for k, v in index.items()}


def _gaz_matches(text: str, gaz: Gazetteer) -> Iterator[tuple[int, int, str]]:
    """The matches of :func:`_gaz_pattern` (leftmost, then the first form in its order that
    ends at a word boundary), found by looking the forms up at each word start instead of
    trying the whole alternation at every character."""
    index = _gaz_index(gaz)
    if index is None:
        yield from ((m.start(), m.end(), m.group(0)) for m in _gaz_pattern(gaz).finditer(text))
        return
    pos = 0
    for m in _WORD_START.finditer(text):
        p = m.start()
        if p < pos:
            continue
        for f in index.get(text[p:p + 2], ()):
            e = p + len(f)
            if text.startswith(f, p) and not _W.match(text, e):
                yield p, e, f
                pos = e
                break


def _gaz_hits(text: str, gaz: Gazetteer) -> list[Cand]:
    """Gazetteer forms found verbatim (longest first), typed by their entry."""
    out = []
    for start, end, form in _gaz_matches(text, gaz):
        hit = gaz.en(form)
        if hit and form not in hit.demonyms:
            out.append(Cand(start, end, hit.type, 0.9, "gaz"))
        elif gaz.demonym(form):
            out.append(Cand(start, end, "NORP", 0.6, "demonym"))
    return out


def _sentence_start(text: str, s: int) -> bool:
    before = text[max(0, s - 3):s]
    return s == 0 or bool(re.search(r"(?:^|[.!?][\"”’']?\s+|\n|[\"“]\s?)$", text[max(0, s - 4):s])) or before.endswith("\n")


_LOWER_FAC = re.compile(r"(?<![\w\-])((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (mine|bridge|airport|port|dam|canal|"
                        r"nuclear plant|power plant|plant|air base|base|stadium|palace|temple|shrine)\b")
_THE_NORTH = re.compile(r"(?<=\bthe )(North|South)\b(?! [A-Z])(?!-)")


def tag(text: str, gaz: Gazetteer) -> list[Cand]:
    """English entity candidates of ``text``."""
    c = cues()
    out = _gaz_hits(text, gaz)
    for m in _THE_NORTH.finditer(text):  # "the North" is North Korea in Korean news
        out.append(Cand(m.start(), m.end(), "GPE", 0.7, "the-north"))
    for m in _LOWER_FAC.finditer(text):  # the Sado mine, the Ulsan plant: a name and a lower-case facility word
        if _sentence_start(text, m.start()):
            continue
        hit = [c for c in out if m.start() < c.end and c.start < m.end()]
        if all(c.label in ("GPE", "LC") and c.start >= m.start() for c in hit):
            out = [c for c in out if c not in hit]
            out.append(Cand(m.start(), m.end(), "FAC", 0.6, "facility"))
    taken = Taken((x.start, x.end) for x in out)
    for m in RUN.finditer(text):
        for s, e in _pieces(text, m.start(), m.end()):
            for s2, e2 in _outside(s, e, taken, text):
                out += _run(text, s2, e2, gaz, c)
    out = _join_and(text, sorted(out, key=lambda x: x.start), c)
    out = _second_mentions(text, out, taken)
    out = _org_second_mentions(text, out)
    return _merge_place_names(text, sorted(out, key=lambda x: x.start))


def _join_and(text: str, cands: list[Cand], c: dict) -> list[Cand]:
    """``X and Y Headquarters`` is one organization when the left part is not a name on its own
    (Central Disaster and Safety Countermeasures Headquarters); ``25th Criminal Division`` keeps
    its ordinal."""
    out: list[Cand] = []
    for cand in cands:
        prev = out[-1] if out else None
        if (prev is not None and cand.label == "OG" and cand.why == "org_heads" and text[prev.end:cand.start] == " and "
                and prev.why in ("name-shape", "capitalized") and prev.label in ("PS", "OG")):
            out[-1] = Cand(prev.start, cand.end, "OG", 0.7, "and-join")
            continue
        if cand.label == "OG" and cand.why == "org_heads":
            m = re.search(r"(?<![\w\-])\d{1,3}(?:st|nd|rd|th)\s$", text[max(0, cand.start - 8):cand.start])
            if m:
                cand = Cand(cand.start - len(m.group(0)), cand.end, "OG", 0.7, "ordinal-org")
        if (prev is not None and prev.why == "gaz" and prev.label == "OG" and text[prev.end:cand.start] == " "
                and cand.why in ("org_heads", "fac_heads")):
            out[-1] = Cand(prev.start, cand.end, cand.label, 0.75, "company+head")  # Samsung Medical Center
            continue
        out.append(cand)
    return out


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Capitalized words of titles and heads: never the name part of a company."""
    c = cues()
    return frozenset({w for t in c["titles"] for w in t.split()} | c["org_heads"] | c["not_names"] | c["fac_heads"]
                     | c["gpe_heads"] | c["lc_heads"])


def _org_second_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """The first word of a company found in the text, alone, is that company (Brightline)."""
    common = _common_words()
    heads = {}
    for c in cands:
        if c.label == "OG" and c.why in ("org_heads", "and-join", "company+country") and " " in text[c.start:c.end]:
            first = text[c.start:c.end].split()[0]
            if re.fullmatch(r"[A-Z][a-z]{2,}", first) and first not in common:
                heads[first] = c
    if not heads:
        return cands
    for c in cands:
        if text[c.start:c.end] in heads and c.score < 0.6 and c.why not in ("gaz", "demonym"):
            c.label, c.score, c.why = "OG", 0.6, "org-second-mention"
    covered = Taken((c.start, c.end) for c in cands)
    for m in re.finditer(r"(?<![\w\-])(" + "|".join(map(re.escape, heads)) + r")(?![\w\-])", text):
        if not covered.covers(m.start()):
            cands.append(Cand(m.start(), m.end(), "OG", 0.6, "org-second-mention"))
    return sorted(cands, key=lambda x: x.start)


_ABBREVIATED = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,3}$")  # U.S., UN, EU: attributive, split off


def _merge_place_names(text: str, cands: list[Cand]) -> list[Cand]:
    """A place name and the place words right after it are one name (Donetsk People's Republic);
    a spelled-out place before an organization is part of its name (South Chungcheong Fire
    Headquarters, Korea Fair Trade Commission), an abbreviated one is not (U.S. State Department);
    a place before a capitalized plural is a club (Pittsburgh Pirates)."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        joined = prev is not None and text[prev.end:c.start] == " "
        if (joined and prev.why == "gaz" and prev.label in ("GPE", "LC") and c.label == "OG"
                and c.why in ("org_heads", "gaz", "and-join", "ordinal-org") and not _ABBREVIATED.match(text[prev.start:prev.end])
                and c.why != "gaz"):
            out[-1] = Cand(prev.start, c.end, "OG", 0.75, "place+org")
            continue
        if (joined and prev.why == "gaz" and prev.label == "GPE" and c.label in ("PS", "OG", "GPE") and c.why != "gaz"
                and re.fullmatch(r"[A-Z][a-z]+(?:[^s\W]s)", text[c.start:c.end]) and not _ABBREVIATED.match(text[prev.start:prev.end])):
            out[-1] = Cand(prev.start, c.end, "OG", 0.6, "club")
            continue
        if (joined and c.why == "gaz" and c.label == "GPE" and prev.label in ("OG", "PS") and prev.why not in ("gaz", "title")
                and " " not in text[prev.start:prev.end] and prev.score < 0.6):
            out[-1] = Cand(prev.start, c.end, "OG", 0.55, "company+country")  # Hanul America
            continue
        if (prev is not None and prev.why in ("gaz", "demonym") and prev.label in ("GPE", "NORP", "LC")
                and c.why in ("gpe_heads", "lc_heads", "fac_heads") and text[prev.end:c.start] == " "):
            out[-1] = Cand(prev.start, c.end, c.label, 0.75, "place-name")
            continue
        if prev is not None and c.why == "acronym" and text[prev.end:c.start] == " (":
            c = Cand(c.start, c.end, prev.label, 0.7, "abbreviation")  # Donetsk People's Republic (DPR)
        out.append(c)
    return out


def _second_mentions(text: str, cands: list[Cand], taken: list[tuple[int, int]]) -> list[Cand]:
    """A lone capitalized word that is part of a person found in the text is that person (Jeong)."""
    words = {w for c in cands if c.label == "PS" and c.score >= 0.5 for w in re.split(r"[\s]+", text[c.start:c.end])}
    out = [c for c in cands if not (c.end - c.start and text[c.start:c.end] in words and c.label != "PS"
                                    and c.why not in ("gaz", "demonym"))]
    covered = Taken((c.start, c.end) for c in out)
    for m in re.finditer(r"(?<![\w\-])[A-Z][a-z]+(?:-[A-Za-z]+)?(?![\w\-])", text):
        if m.group(0) in words and not covered.covers(m.start()):
            out.append(Cand(m.start(), m.end(), "PS", 0.65, "second-mention"))
    for c in out:
        if text[c.start:c.end] in words and c.label != "PS" and c.why not in ("gaz", "demonym"):
            c.label, c.score = "PS", 0.65
    return out


def _outside(s: int, e: int, taken: Taken, text: str) -> list[tuple[int, int]]:
    """Parts of ``[s, e)`` not covered by gazetteer hits, trimmed."""
    parts, pos = [], s
    for a, b in taken.within(s, e):
        if b <= s or a >= e:
            continue
        if a > pos:
            parts.append((pos, a))
        pos = max(pos, b)
    if pos < e:
        parts.append((pos, e))
    return [_strip(text, a, b) for a, b in parts]


def _run(text: str, s: int, e: int, gaz: Gazetteer, c: dict) -> list[Cand]:
    """Type one capitalized run (after gazetteer hits are cut out of it)."""
    chunk = text[s:e]
    if chunk.startswith("-") or chunk.endswith("-") or re.fullmatch(r"[\s\-]*(?:of|for|the|de)?[\s\-]*", chunk):
        return []
    tail = chunk.rsplit("-", 1)[-1]
    if "-" in chunk and (tail.lower() in _HYPHEN_TAIL or (tail.islower() and tail.endswith(("ing", "ed")))):
        return []  # Seoul-based, World Cup-winning: an adjective
    if _sentence_start(text, s) and " " not in chunk and re.search(r"(?:s|ing|ed|ly|tion|ment)$", chunk):
        return []
    m = re.match(r"[A-Z][a-z]+(?:s|ing|ed) (?:of|for) ", chunk)
    if m and _sentence_start(text, s):  # "Shares of Hanbit ...": a sentence-opening common noun
        s += m.end()
    s, e, title = _drop_leading(text, s, e, c)
    s0 = s
    s, title = _inner_title(text, s, e, title, c)
    before: list[Cand] = []
    if s > s0:  # Gongju Mayor Park Jung-soo, Hanul Chemical CEO Park: the place or employer before the title
        m = _title_pattern().search(text, s0, s)
        if m and m.start() - s0 >= 2:
            a, b = _strip(text, s0, m.start())
            cand = _type(text, a, b, None, gaz, c) if b - a >= 2 else None
            if cand is not None and cand.label != "PS":
                before.append(cand)
    return before + _run_rest(text, s, e, title, gaz, c)


def _run_rest(text: str, s: int, e: int, title: str | None, gaz: Gazetteer, c: dict) -> list[Cand]:
    if e - s < 2:
        return []
    chunk = text[s:e]
    if chunk.split()[-1] in c["not_entities"] or chunk in c["titles"] or chunk.startswith(("of ", "for ")):
        return []
    if _sentence_start(text, s) and " " not in chunk and not title and chunk.istitle() and len(chunk) > 1:
        weak = True
    else:
        weak = False
    korean = _korean_name().search(chunk)
    if korean and not title and korean.start() > 0 and not gaz.en(chunk):  # Starter Kim Do-yoon
        return [Cand(s + korean.start(), e, "PS", 0.7, "korean-name")]
    cand = _type(text, s, e, title, gaz, c)
    if cand is None:
        return []
    if weak and cand.score < 0.5:
        cand.score = min(cand.score, 0.3)  # Kwon, ...: kept only if a link confirms it
    return [cand]


_ADMIN_EN = re.compile(r"-(?:dong|eup|myeon|gun|gu|si|ri|do)$")


@lru_cache(maxsize=1)
def _korean_name() -> re.Pattern:
    """A romanized Korean name: surname + hyphenated given name (Kim Do-yoon, Moon Tae-ho)."""
    from .romanize import tables

    forms = {f.capitalize() for spellings in tables()["surnames"].values() for f in spellings if len(f) >= 2}
    surnames = "|".join(sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{surnames}) [A-Z][a-z]+-[a-z]+$")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    titles = sorted(cues()["titles"], key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(t) for t in titles) + r") ")


def _inner_title(text: str, s: int, e: int, title: str | None, c: dict) -> tuple[int, str | None]:
    """Start after the last title inside a run (Water Resources Minister Ahmed al-Saadi)."""
    chunk, best = text[s:e], None
    for m in _title_pattern().finditer(chunk):
        rest = chunk[m.end():]
        if rest and not rest.startswith(("of ", "for ")):
            best = (m.end(), m.group(0)[:-1])
    return (s, title) if best is None else (s + best[0], best[1])


def _type(text: str, s: int, e: int, title: str | None, gaz: Gazetteer, c: dict) -> Cand | None:
    chunk = text[s:e]
    words = chunk.split()
    hit = gaz.en(chunk)
    if hit:
        return Cand(s, e, hit.type, 0.9, "gaz")
    if gaz.demonym(chunk):
        return Cand(s, e, "NORP", 0.6, "demonym")
    if title:
        return Cand(s, e, "PS", 0.85, "title")
    if _ADMIN_EN.search(chunk) and len(words) == 1:
        return Cand(s, e, "GPE", 0.7, "admin")  # Yangjeong-dong, Yugu-eup
    for key, label in (("org_heads", "OG"), ("fac_heads", "FAC"), ("lc_heads", "LC"), ("gpe_heads", "GPE")):
        if any(w.rstrip(".,") in c[key] for w in words):
            return Cand(s, e, label, 0.7, key)
    if chunk.isupper() and len(chunk) <= 6:
        return Cand(s, e, "OG", 0.4, "acronym")
    before = text[max(0, s - 16):s].lower()
    if len(words) == 1 and re.search(r"\b(?:in|at|from|to|near)\s$", before) and "according to" not in before:
        return Cand(s, e, "GPE", 0.45, "preposition")
    if _korean_name().fullmatch(chunk):
        return Cand(s, e, "PS", 0.7, "korean-name")  # Moon Tae-ho
    if 2 <= len(words) <= 4 or "-" in chunk:
        return Cand(s, e, "PS", 0.45, "name-shape")
    return Cand(s, e, "OG", 0.3, "capitalized")
