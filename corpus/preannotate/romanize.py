"""Korean names to Latin spellings under several systems, and a phonetic name score.

Tables live in ``corpus/data/romanization.yaml``.  Both sides are reduced to a
"skeleton" (eo→o, sh→s, ch~j, v→b, g→k, r→l, doubled letters collapsed, ...) and
compared by normalized edit distance; the best score over all spellings wins.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

TABLES = Path(__file__).resolve().parents[1] / "data" / "romanization.yaml"
_BASE, _N_V, _N_T = 0xAC00, 21, 28
_Y_VOWELS = {2, 3, 6, 7, 12, 17}  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ
_EU = 18
_SKELETON_RULES = [("gh", "g"), ("x", "ks"), ("ph", "f"), ("tch", "j"), ("sh", "s"), ("ch", "j"), ("ts", "j"),
                   ("th", "t"), ("kh", "k"), ("ck", "k"), ("q", "k"), ("c", "k"), ("z", "j"),
                   ("oo", "u"), ("ee", "i"), ("eo", "o"), ("eu", "u"), ("ou", "u"), ("v", "b"),
                   ("f", "p"), ("g", "k"), ("d", "t"), ("b", "p"), ("r", "l"), ("y", "i"), ("w", "u")]
_H_AFTER_VOWEL = re.compile(r"(?<=[aeiou])h(?![aeiou])")


@lru_cache(maxsize=1)
def tables() -> dict:
    """The romanization tables (loaded once)."""
    return yaml.safe_load(TABLES.read_text(encoding="utf-8"))


def jamo(ch: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) indices of a Hangul syllable, or None."""
    code = ord(ch) - _BASE
    if not 0 <= code < 11172:
        return None
    return code // (_N_V * _N_T), (code // _N_T) % _N_V, code % _N_T


def is_hangul(text: str) -> bool:
    return any(jamo(c) for c in text)


def romanize(word: str, system: str = "rr") -> str:
    """Romanize ``word`` syllable by syllable under ``system`` (rr, mr, informal, loanword)."""
    if system.startswith("loanword"):
        return _loanword(word, schwa_u=system.endswith("_u"))
    t = tables()["systems"][system]
    out = []
    for ch in word:
        j = jamo(ch)
        if j is None:
            out.append(ch.lower() if ch.isascii() and ch.isalnum() else " ")
            continue
        out.append(t["initials"][j[0]] + t["vowels"][j[1]] + t["finals"][j[2]])
    return "".join(out)


def _loanword(word: str, schwa_u: bool = False) -> str:
    """Read a Korean transcription of a foreign name back (알렉세이 → alleksei).

    ``schwa_u`` reads ㅓ as "u", as Korean spells English short u (트럼프 → trump).
    """
    t, rr = tables()["loanword"], tables()["systems"]["rr"]
    out = []
    for ch in word:
        j = jamo(ch)
        if j is None:
            out.append(ch.lower() if ch.isascii() and ch.isalnum() else " ")
            continue
        ini, vow, fin = j
        onset = t["initials"][ini]
        if vow in _Y_VOWELS and ini == 9:  # ㅅ + y-vowel: 샤 → sha
            out.append(t["y_after_s"] + rr["vowels"][vow][1:] + rr["finals"][fin])
            continue
        final = "l" if fin == 8 else "s" if fin == 19 else rr["finals"][fin]
        if vow == _EU and onset and t.get("silent_eu"):
            out.append(onset + final)
            continue
        vowel = "u" if schwa_u and vow == 4 else rr["vowels"][vow]
        if schwa_u and vow == 4 and fin == 0 and (len(out) == len(word) - 1 or word[len(out) + 1:len(out) + 2] == " "):
            vowel = "er"  # word-final 터, 퍼: Twitter, Jennifer
        out.append(onset + vowel + final)
    return "".join(out)


def skeleton(text: str) -> str:
    """Reduce a spelling to a comparable consonant/vowel skeleton (letters only)."""
    s = unicodedata.normalize("NFKD", text.lower())
    s = "".join(c for c in s if "a" <= c <= "z")
    s = _H_AFTER_VOWEL.sub("", s)
    for a, b in _SKELETON_RULES:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def _surname_split(token: str) -> list[tuple[str, str]]:
    """Possible (surname, given name) splits of a Korean person-name token."""
    names = tables()["surnames"]
    out = [(token[:n], token[n:]) for n in (2, 1) if len(token) > n and token[:n] in names]
    return out


@lru_cache(maxsize=65536)
def spellings(ko: str) -> frozenset[str]:
    """Skeletons of every plausible Latin spelling of a Korean name or word."""
    systems = ("rr", "mr", "informal", "loanword", "loanword_u")
    tokens = ko.split()
    out = {skeleton("".join(romanize(t, s) for t in tokens)) for s in systems}
    if len(tokens) == 1 and ko in tables()["surnames"]:  # 윤 장관 → Yoon
        out |= {skeleton(s) for s in tables()["surnames"][ko]}
    if len(tokens) == 1 and 2 <= len(ko) <= 4:
        for sur, given in _surname_split(ko):
            for spelled in tables()["surnames"][sur]:
                for s in ("rr", "mr", "informal"):
                    out.add(skeleton(spelled + romanize(given, s)))
    out.discard("")
    return frozenset(out)


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute: cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=1 << 16)
def similarity(a: str, b: str) -> float:
    """1 - normalized edit distance of two skeletons (cached: names recur across articles)."""
    if not a or not b:
        return 0.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


@lru_cache(maxsize=65536)
def english_forms(en: str) -> frozenset[str]:
    """Skeletons of an English name as written and with its last word moved first."""
    words = [w for w in re.split(r"[\s\-]+", en) if w]
    forms = {skeleton(en), skeleton(_sounded(en))}
    if len(words) >= 2:
        forms.add(skeleton("".join(words[-1:] + words[:-1])))
    forms.discard("")
    return frozenset(forms)


_SOUNDS = [(re.compile(r"igh"), "ai"), (re.compile(r"(?<=[bcdfgklmnprstvz])e\b"), ""), (re.compile(r"tion\b"), "sion"),
           (re.compile(r"(?<=[aeiou])y\b"), "i"), (re.compile(r"\bkn"), "n"), (re.compile(r"wr"), "r"),
           (re.compile(r"(?<=[aeiou])r(?=[^aeiouy\s]|\b)"), ""),  # Curtis → 커티스, Carter → 카터: no r before a consonant
           (re.compile(r"(?<=[^aeiou\s])y(?=[aeiou])"), "ai")]  # Ryan → 라이언


def _sounded(en: str) -> str:
    """English spelled closer to how Korean transcribes it (Brightline → braitlin)."""
    s = en.lower()
    for pat, rep in _SOUNDS:
        s = pat.sub(rep, s)
    return s


def name_score(ko: str, en: str) -> float:
    """Best similarity of any spelling of ``ko`` with ``en`` (either name order)."""
    best = 0.0
    for e in english_forms(en):
        for k in spellings(ko):
            if abs(len(k) - len(e)) > 0.35 * max(len(k), len(e)) + 1:
                continue
            best = max(best, similarity(k, e))
            if best == 1.0:
                return best
    return best


def best_matches(ko: str, candidates: Iterable[str]) -> list[tuple[float, str]]:
    """Candidates sorted by :func:`name_score` with ``ko``, best first."""
    return sorted(((name_score(ko, c), c) for c in candidates), reverse=True)


def korean_name_parts(ko: str, en: str) -> float:
    """Lower of surname and given-name scores for a Korean-style name (전영수 ≠ Chun Yung-woo).

    The given name is compared syllable by syllable when the English writes it in pieces
    (``Yung-woo``, ``Suk Yeol``).  1.0 when ``ko`` does not split into a known surname and
    a given name, or ``en`` has one word.
    """
    words = [w for w in re.split(r"\s+", en.strip()) if w]
    splits = _surname_split(ko) if " " not in ko and 2 <= len(ko) <= 4 else []
    if not splits or len(words) < 2:
        return 1.0
    best = 0.0
    for sur, given in splits:
        for family, rest in ((words[0], words[1:]), (words[-1], words[:-1])):
            s1 = max(similarity(skeleton(sp), skeleton(family)) for sp in tables()["surnames"][sur])
            best = max(best, min(s1, _given_score(given, rest)))
    return best


def _given_score(given: str, words: list[str]) -> float:
    """Given-name similarity, per syllable when the English has one piece per syllable."""
    systems = ("rr", "mr", "informal")
    pieces = [p for w in words for p in w.split("-") if p]
    if len(pieces) == len(given) > 1:
        return min(max(similarity(skeleton(romanize(syl, sys)), skeleton(p)) for sys in systems)
                   for syl, p in zip(given, pieces))
    g = skeleton("".join(words))
    return max(similarity(skeleton(romanize(given, sys)), g) for sys in systems)
