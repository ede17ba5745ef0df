"""English CRF features beyond the word itself: name lists, letter case, document evidence.

:func:`en_extra` adds, per token of one sentence, what a tagger of monolingual news needs
when no title and no Korean side confirms a name:

- hits in the name lists of ``corpus/data/en_names.tsv`` (first names, surnames, countries,
  continents, US states, cities; multi-word places matched longest first), flagged when the
  entry is also a lower-case English word, and the hits of the neighbours;
- letter case that survives ALL-CAPS lines (headlines, datelines): a sentence written in
  capitals is marked, and each word says whether the document also writes it in title case
  or lower case elsewhere;
- sentence-initial words seen in lower case elsewhere in the document (``The``, ``Police``),
  and words the document also writes after a first name (``Kovac`` of ``Petr Kovac``);
- a dateline (capitals before a date at the start of a line), numbers next to a word and
  table rows (a name followed only by numbers: ``BOSTON 65 64``);
- a cue word beside a capitalized word anywhere in the document (``startup Cellonix``,
  ``Cellonix CEO``, ``striker Rivaldo``), marked on every mention of that word;
- capitalized words after an organization head and ``of``/``for``/``and`` (``Mexico`` of
  ``Bank of Mexico``);
- word evidence from an English word list (``corpus/data/en_words.txt``, SCOWL via Debian
  wamerican): whether the word, lower-cased, is an English word, only a proper noun, or
  unknown (``Commerzbank``), for the word and its neighbours, and in capitals or
  sentence-initially (``Crude oil ...`` is a word, ``Volvo shares ...`` a name);
- an acronym in brackets after a lower-case phrase (``natural gas (LNG)``) or a capitalized
  one (``Geological Survey (USGS)``);
- listed company names and legal-form suffixes (``corpus/data/en_orgs.tsv``, :mod:`.orgs_en`:
  ``Deutsche Bank``, ``Krupp AG``), and two-word cues before a name (``shares of X``,
  ``spokesman for X``, ``analysts at X``) or a possessive after it (``X's chief executive``).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .features import Token
from .orgs_en import companies, legal_form, orgs
from .words_en import acronym, word_kind

NAMES = Path(__file__).resolve().parents[1] / "data" / "en_names.tsv"
_MAX_PLACE = 4
# words that say the capitalized word next to them names an organization or a person; the
# document remembers them for every other mention of that word (Cellonix CEO ... paid Cellonix)
_ORG_BEFORE = frozenset("company firm startup group maker drugmaker carrier airline agency bank broker insurer "
                        "retailer club side brokerage conglomerate subsidiary rival chipmaker automaker lender "
                        "operator producer manufacturer developer exporter importer weekly newspaper "
                        "broadcaster publisher".split())
_ORG_AFTER = frozenset("shares ceo chairman executives board stock profit profits sales spokesman spokeswoman "
                       "subsidiary unit officials newspaper weekly shareholders".split())
# two words before a name that say it is an organisation (shares of X, spokesman for X, analysts at X)
_ORG_BEFORE2 = frozenset(f"{a} {b}" for a in "shares stake spokesman spokeswoman executive chairman president director "
                         "analyst analysts economist economists trader traders dealer dealers official officials "
                         "unit subsidiary".split() for b in ("of", "for", "at", "in"))
# what follows a possessive after an organisation (X's chief executive, X's shares)
_ORG_POSS = frozenset("chief shares board chairman executive stake profit profits subsidiary unit sales "
                      "shareholders".split())
_PER_BEFORE = frozenset("striker coach midfielder goalkeeper defender captain economist analyst leader commander "
                        "spokesman spokeswoman chief minister president seed champion".split())
_DATE = re.compile(r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?")


@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    """First words of the multi-word places (``new`` of ``new york``)."""
    return frozenset(first for k in names()[1] if (first := re.split(r"[^\w.]", k)[0]) != k)


@lru_cache(maxsize=1)
def names() -> tuple[dict[str, str], dict[str, str]]:
    """Single words -> ``first``/``last`` kinds, and lower-cased places -> kind (``~c`` marks
    an entry that is also a lower-case English word)."""
    people: dict[str, set[str]] = {}
    places: dict[str, str] = {}
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, name, flag = (line.split("\t") + [""])[:3]
        tag = kind + ("~c" if flag == "c" else "")
        if kind in ("first", "last"):
            people.setdefault(name.lower(), set()).add(tag)
        else:
            places.setdefault(name.lower(), tag)
    return {k: "+".join(sorted(v)) for k, v in people.items()}, places


class _DocInfo:
    """What the whole document says about each word form (computed once per token list)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.lower: set[str] = set()
        self.title: set[str] = set()
        self.after_first: set[str] = set()  # words the document writes after a first name (Petr Kovac)
        self.cued: dict[str, str] = {}  # capitalized word -> "org"/"per": a cue beside it somewhere in the document
        from .features import _recurring_names

        self.recurs = _recurring_names(tokens)
        self.sport = _sports_headline(tokens)
        people, _ = names()
        prev = "."
        for _, _, form, _ in tokens:
            if form.islower():
                self.lower.add(form)
            elif form[:1].isupper() and form[1:].islower() and prev not in ".!?\"“:":
                self.title.add(form.lower())
            if form[:1].isupper() and prev[:1].isupper() and "first" in people.get(prev.lower(), ""):
                self.after_first.add(form.lower())
            prev = form
        self._cues(tokens)

    def _cues(self, tokens: Sequence[Token]) -> None:
        legal = orgs()[2]
        for k in range(1, len(tokens) - 1):
            form = tokens[k][2]
            if not form[:1].isupper() or form.isupper() and len(form) < 2:
                continue
            before, after = tokens[k - 1][2].lower(), tokens[k + 1][2].lower()
            before2 = f"{tokens[k - 2][2].lower()} {before}" if k > 1 else ""
            poss = after in ("'s", "’s") and k + 2 < len(tokens) and tokens[k + 2][2].lower() in _ORG_POSS
            legal_after = tokens[k + 1][2][:1].isupper() and after.rstrip(".").replace(".", "") in legal
            if before in _ORG_BEFORE or after in _ORG_AFTER or before2 in _ORG_BEFORE2 or poss or legal_after:
                self.cued[form.lower()] = "org"
            elif before in _PER_BEFORE and form.lower() not in self.cued:
                self.cued[form.lower()] = "per"


def _sports_headline(tokens: Sequence[Token]) -> bool:
    """The document starts with a sports headline in the wire manner (``SOCCER -``, ``ICE HOCKEY -``)."""
    for k in range(1, min(4, len(tokens))):
        if tokens[k][2] == "-":
            return all(t[2].isupper() and t[2].isalpha() for t in tokens[:k])
    return False


_LAST = threading.local()


def _doc(tokens: Sequence[Token]) -> _DocInfo:
    """The document information of ``tokens``, kept (per thread) for the sentences that follow."""
    info = getattr(_LAST, "info", None)
    if info is None or info.tokens is not tokens:
        info = _LAST.info = _DocInfo(tokens)
    return info


def recurring(tokens: Sequence[Token]) -> set[str]:
    """The capitalized names the document keeps using (computed once per document)."""
    return _doc(tokens).recurs


def _places(text: str, toks: Sequence[Token], low: Sequence[str]) -> list[str]:
    """BIO place-list tags of the tokens, longest match first."""
    _, places = names()
    heads = _place_heads()
    out = [""] * len(toks)
    k = 0
    while k < len(toks):
        hit = 0
        if toks[k][2][:1].isupper():
            longest = min(_MAX_PLACE, len(toks) - k) if low[k] in heads else 1
            for n in range(longest, 0, -1):
                kind = places.get(low[k] if n == 1 else text[toks[k][0]:toks[k + n - 1][1]].lower())
                if kind:
                    out[k] = f"B-{kind}"
                    for j in range(k + 1, k + n):
                        out[j] = f"I-{kind}"
                    hit = n
                    break
        k += max(hit, 1)
    return out


_JOIN = frozenset({"of", "for", "and", ",", "&"})


def _after_org_head(toks: Sequence[Token], low: Sequence[str]) -> list[bool]:
    """Capitalized words after an organization head word and ``of``/``for``/``and`` within one
    capitalized run (``Mexico`` of ``Bank of Mexico``, ``Energy`` of ``Ministry of Trade,
    Industry and Energy``)."""
    from .features import _en_cues

    cue = _en_cues()
    out, active, joined = [False] * len(toks), False, False
    for k, t in enumerate(toks):
        if t[2][:1].isupper():
            out[k] = active and joined
            active = active or cue.get(low[k]) == "org_heads"
        elif low[k] in _JOIN and active:
            joined = True
        else:
            active = joined = False
    return out


def _row(toks: Sequence[Token]) -> bool:
    """A table row: words, then two or more numbers and nothing else (``BOSTON 65 64``)."""
    k = 0
    while k < len(toks) and toks[k][2][:1].isalpha():
        k += 1
    rest = toks[k:]
    return 0 < k <= 4 and len(rest) >= 2 and all(t[2][:1].isdigit() or t[2] in "-." for t in rest)


def _num_after(toks: Sequence[Token], place: Sequence[str]) -> list[bool]:
    """Per token: the place name it belongs to is followed by a number (``Houston 4``)."""
    out = [False] * len(toks)
    k = 0
    while k < len(toks):
        if place[k].startswith("B-"):
            j = k + 1
            while j < len(toks) and place[j].startswith("I-"):
                j += 1
            hit = j < len(toks) and toks[j][2][:1].isdigit()
            out[k:j] = [hit] * (j - k)
            k = j
        else:
            k += 1
    return out


def _caps_line(toks: Sequence[Token]) -> bool:
    words = [t[2] for t in toks if t[2][:1].isalpha()]
    return len(words) >= 2 and sum(w.isupper() for w in words) >= 0.6 * len(words)


def _dateline(text: str, toks: Sequence[Token]) -> int:
    """How many leading tokens form a dateline place (``LONDON 1996-08-30``, ``SEOUL, May 3 (Yonhap)``)."""
    k = 0
    while k < len(toks) and k < 4 and toks[k][2].isupper() and toks[k][2].isalpha():
        k += 1
    rest = text[toks[k][0]:toks[k][0] + 20] if 0 < k < len(toks) else ""
    return k if rest and (_DATE.match(rest) or rest.startswith(("(", ",", "-"))) else 0


def en_extra(text: str, tokens: Sequence[Token], idx: Sequence[int]) -> list[list[str]]:
    """Extra features of the English tokens ``idx`` (one sentence) of ``text``."""
    people, _ = names()
    info = _doc(tokens)
    toks = [tokens[i] for i in idx]
    low = [t[2].lower() for t in toks]
    caps = _caps_line(toks)
    place = _places(text, toks, low)
    person = [people.get(w, "") if t[2][:1].isupper() else "" for t, w in zip(toks, low)]
    dl = _dateline(text, toks)
    kinds = [word_kind(t[2], w) for t, w in zip(toks, low)]
    in_org = _after_org_head(toks, low)
    row = _row(toks)
    cos = companies(text, toks, low)
    num_next = _num_after(toks, place)
    n = len(toks)
    up = [t[2][:1].isupper() for t in toks]
    leg = [legal_form(toks, low, j) for j in range(n)]
    side = [_as_neighbour(toks[j][2], person[j], place[j], kinds[j], up[j]) for j in range(n)]
    where = "caps" if caps else "in"
    out = []
    for k, (s, e, form, _) in enumerate(toks):
        w = low[k]
        f = []
        if kinds[k]:
            f.append(f"dw={kinds[k]}")
            if up[k]:
                f.append(f"dwc={kinds[k]}|{'init' if k == 0 and not caps else where}")
        if in_org[k]:
            f.append("orgof")
        if cos[k]:
            f.append(f"go={cos[k]}")
        if leg[k]:
            f.append("legal")
        elif k + 1 < n and leg[k + 1]:
            f.append("legal+1")
        if row:
            f.append("row")
        if k >= 2 and toks[k - 1][2] == "(":
            acr = acronym(toks, k)
            if acr:
                f.append(f"acr={acr}")
        if person[k]:
            f.append(f"gp={person[k]}")
        if place[k]:
            f += [f"gl={place[k]}", f"gl={place[k][:1]}"]
            if k >= dl and (row or num_next[k]):  # a city beside scores is a club (Houston 4 St Louis 3)
                f.append(f"glnum={place[k][2:]}|{'row' if row else 'num'}")
            if info.sport and k >= dl:  # in sports news a city is often a club (Barcelona stayed top)
                f.append(f"glsport={place[k][2:]}")
        if k >= 1:
            f += side[k - 1][0]
        if k + 1 < n:
            f += side[k + 1][1]
        if caps:
            f += ["caps", "caps|sh=X" if form.isupper() else "caps|sh=x"]
        if up[k]:
            f.append(f"seen={int(w in info.lower)}{int(w in info.title)}")
            if k == 0:
                f.append(f"init|low={int(w in info.lower)}")
            if w in info.after_first:
                f.append("afterfirst")
            if info.sport:
                f.append("sportdoc")
            if w in info.cued:
                f.append(f"cued={info.cued[w]}")
        if k < dl:
            f.append("dateline")
        out.append(f)
    return out


@lru_cache(maxsize=50_000)
def _as_neighbour(form: str, person: str, place: str, kind: str, up: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a word shows its right neighbour (``-1`` features) and its left one (``+1``): its
    name-list kinds, a number, its word-list kind when capitalized."""
    out = []
    for d in ("-1", "+1"):
        f = []
        if person:
            f.append(f"gp{d}={person}")
        if place:
            f.append(f"gl{d}={place[:1]}")
        if form[:1].isdigit():
            f.append(f"num{d}")
        if kind and up:
            f.append(f"dw{d}={kind}")
        out.append(tuple(f))
    return out[0], out[1]
