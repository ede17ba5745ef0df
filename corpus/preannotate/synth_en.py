"""Generated English news documents with gold entities, to train the English tagger.

No English news NER corpus with a licence the package may ship is on the registries this
project reaches, and the project's own gold is 18 translated Korean articles.  This module
writes wire-style documents instead (a headline, often in capitals, a dateline, body
sentences, and now and then a table: results with scorers, standings, leaderboards,
scorecards) from the templates of ``corpus/data/en_wire.yaml``, whose slots are filled with
people, places, organizations, clubs and facilities, so the CRF learns what the features say
about a name that no title and no Korean side confirms.  Slot fillers come from the name
lists (``corpus/data/en_names.tsv``), the project gazetteer's demonyms, and invented words
that are in no list (a third of the people, a share of the places, most one-word
companies), so the model does not learn "in the list = a name".  CoNLL conventions: clubs
named after their city are organizations, national teams (countries) places, events
(``Vienna Open``) and nationalities no PER/LOC/ORG.  Deterministic for a seed.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from ..model import Article, Sentence
from .features_en import NAMES
from .orgs_en import ORGS
from .train_data import Gold

PLACES_TSV = Path(__file__).resolve().parents[1] / "data" / "gazetteer_places.tsv"
_SLOT = re.compile(r"\{(\w+)\}")
TEMPLATES = PLACES_TSV.with_name("en_wire.yaml")


@lru_cache(maxsize=1)
def _t() -> dict:
    """The templates and fillers of ``corpus/data/en_wire.yaml``."""
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def _pick(rng: random.Random, key: str):
    """A random entry of the template list ``key``."""
    return rng.choice(_t()[key])


class _Lists:
    """Slot fillers from the name lists, the project gazetteer and invented words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        kinds: dict[str, list[str]] = {}
        for line in NAMES.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                kind, name, _ = (line.split("\t") + [""])[:3]
                kinds.setdefault(kind, []).append(name.strip())  # "Bonaire, ... and Saba " ends in a space
        self.first, self.last = kinds["first"], kinds["last"]
        # "the Netherlands": the article is not part of the name (CoNLL, the project's guide)
        self.countries = [re.sub(r"^The ", "", c) for c in kinds["country"] + kinds["state"]]
        self.cities = [c for c in kinds["city"] if not any(ch.isdigit() for ch in c)]  # not Marseille 14
        self.norp = [d for line in PLACES_TSV.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") and line.count("\t") >= 3
                     for d in line.split("\t")[3].split("|") if d]
        # well-known cities (the rules' gazetteer): the same names are places in prose and clubs
        # in results tables (Houston 4 St Louis 3), so only the context tells them apart
        states = {c.lower() for c in kinds["country"] + kinds["state"] + self.countries} | {"palestine"}
        self.big_cities = [f for line in PLACES_TSV.read_text(encoding="utf-8").splitlines()
                           if line.startswith("GPE\t") and line.count("\t") >= 2
                           for f in line.split("\t")[2].split("|")[:1]
                           if f and f.lower() not in states and "Province" not in f]
        # listed companies (en_orgs.tsv), those that are also English words included (Next, Shell)
        self.listed = [line.split("\t")[1] for line in ORGS.read_text(encoding="utf-8").splitlines()
                       if line.startswith("company\t")]

    def new_document(self) -> None:
        self.people: list[str] = []
        self.companies: list[str] = []

    def word(self) -> str:
        return "".join(_pick(self.rng, "syl") for _ in range(self.rng.randint(2, 3))).capitalize()

    def last_name(self) -> str:
        return self.word() if self.rng.random() < 0.35 else self.rng.choice(self.last)

    def mention(self) -> str:
        """A surname alone: mostly of a person the document named in full before."""
        if self.people and self.rng.random() < 0.8:
            return self.rng.choice(self.people).split()[-1]
        return self.last_name()

    def person(self) -> str:
        r = self.rng.random()
        first = self.word() if r < 0.25 else self.rng.choice(self.first)
        last = self.last_name()
        q = self.rng.random()
        if q < 0.08:
            last = f"{_pick(self.rng, 'particles')} {last}"
        elif q < 0.16:
            last = f"{self.rng.choice(self.first)} {last}"
        name = f"{first[0]}. {last}" if r > 0.9 else f"{first} {last}"
        self.people.append(name)
        return name

    def place(self) -> str:
        r = self.rng.random()
        if r < 0.12:
            return self.word()
        return self.rng.choice(self.countries if r < 0.5 else self.big_cities if r < 0.65 else self.cities)

    def city(self) -> str:
        """A city a club is named after: well known, any, or invented."""
        r = self.rng.random()
        return self.rng.choice(self.big_cities) if r < 0.45 else self.rng.choice(self.cities) if r < 0.85 else self.word()

    def org(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"{self.word()} {_pick(self.rng, 'org_heads')}"
        if r < 0.45:
            return self.word()  # a company known by one word (Krupp)
        if r < 0.8:
            pattern = _pick(self.rng, "org_of").replace("{L}", self.place())
            pattern = pattern.replace("{N}", self.rng.choice(self.norp) if self.norp else self.place())
            while "{D}" in pattern or "{W}" in pattern:
                pattern = pattern.replace("{D}", _pick(self.rng, "domains"), 1).replace("{W}", self.word(), 1)
            return pattern
        if r < 0.85:
            return "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(self.rng.randint(2, 4)))
        return f"{self.word()} {self.word()} {_pick(self.rng, 'org_heads')}"

    def company(self) -> str:
        """A company: a listed one (Deutsche Bank), one word, often with a company-like ending
        (Banamex, Cellonix), now and then with a legal form (Krupp AG), or any organization."""
        r = self.rng.random()
        if r < 0.3:
            name = self.rng.choice(self.listed)
        elif r < 0.4:
            name = f"{self.word()} {_pick(self.rng, 'legal_forms')}"
        elif r < 0.5:  # two names and nothing else (a broker, a merged steel group)
            name = f"{self.last_name() if r < 0.45 else self.word()} {self.last_name() if r < 0.45 else self.word()}"
        else:
            name = self.word() + _pick(self.rng, "co_ends") if r < 0.7 else self.word() if r < 0.85 else self.org()
        self.companies.append(name)
        return name

    def company_again(self) -> str:
        """A company the document named before, mostly."""
        if self.companies and self.rng.random() < 0.8:
            return self.rng.choice(self.companies)
        return self.company()

    def paper(self) -> str:
        """A newspaper, broadcaster or news agency."""
        return self._shape("papers")

    def party(self) -> str:
        return self._shape("parties")

    def gov(self) -> str:
        return self._shape("govs")

    def team(self) -> str:
        """A team named by its city and a nickname (Denver Bears)."""
        return f"{self.city_club()} {_pick(self.rng, 'nicknames')}"

    def _shape(self, key: str) -> str:
        """A name of the shapes ``key`` of ``en_wire.yaml`` ({C} city, {L} place, {W} word, {D} domain,
        {N} nationality)."""
        out = _pick(self.rng, key).replace("{C}", self.rng.choice(self.cities)).replace("{L}", self.place())
        out = out.replace("{N}", self.rng.choice(self.norp) if self.norp else self.place())
        while "{W}" in out or "{D}" in out:
            out = out.replace("{W}", self.word(), 1).replace("{D}", _pick(self.rng, "domains"), 1)
        return out

    def region(self) -> str:
        """A province, county, prefecture or district (North Chungcheong Province)."""
        return self._shape("regions")

    def geo(self) -> str:
        """An island, river, bay, lake or mountain (Mactan Island, Lake Kivu)."""
        return self._shape("geos")

    def facility(self) -> str:
        """An airport, stadium or arena named after a place or an invented word."""
        out = _pick(self.rng, "facs").replace("{C}", self.rng.choice(self.cities)).replace("{W}", self.word())
        return out.replace("{PN}", f"{self.rng.choice(self.first)} {self.last_name()}")  # Santiago Bernabeu

    def country(self) -> str:
        return self.word() if self.rng.random() < 0.05 else self.rng.choice(self.countries)

    def city_club(self) -> str:
        return self.city()

    def club(self) -> str:
        """A club: a city, an invented word, a prefix and a city (Dynamo Kyiv), a city and a nickname."""
        out = _pick(self.rng, "club").replace("{P}", _pick(self.rng, "club_pre")).replace("{K}", _pick(self.rng, "nicknames"))
        return out.replace("{W}", self.word()).replace("{C}", self.city())

    def league(self) -> str:
        """A league or cup (no PER/LOC/ORG in CoNLL): Premier League, Norwegian first division."""
        out = _pick(self.rng, "leagues").replace("{A}", _pick(self.rng, "league_adj")).replace("{W}", self.word())
        return out.replace("{NORP}", self.rng.choice(self.norp) if self.norp else "National")


def _fill(template: str, lists: _Lists, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """The template with its slots filled, and the entity spans (offsets in the sentence)."""
    pick = lambda key: lambda: _pick(rng, key)  # noqa: E731
    fill = {"PER": (lists.person, "PS"), "LAST": (lists.mention, "PS"), "SUR": (lists.last_name, "PS"),
            "LOC": (lists.place, "GPE"), "NAT": (lists.country, "GPE"), "FAC": (lists.facility, "FAC"),
            "ORG": (lists.org, "OG"), "CO": (lists.company, "OG"), "COAGAIN": (lists.company_again, "OG"),
            "CLUB": (lists.club, "OG"), "CITYCLUB": (lists.city_club, "OG"), "TEAM": (lists.team, "OG"),
            "REGION": (lists.region, "GPE"), "GEO": (lists.geo, "LC"), "GEOW": (lists.word, "LC"),
            "SITE": (lists.word, "FAC"), "HOME": (lambda: lists.city_club().upper(), "OG"), "LEAGUE": (lists.league, None),
            "PAPER": (lists.paper, "OG"), "PARTY": (lists.party, "OG"), "GOV": (lists.gov, "OG"),
            "NORP": (lambda: rng.choice(lists.norp), "NORP"), "DEM": (pick("demonyms"), "NORP"),
            "N": (lambda: str(rng.randint(1, 99)), None), "DAY": (pick("days"), None), "MONTH": (pick("months"), None),
            "SPORT": (pick("sports"), None), "RANK": (pick("ranks"), None), "DESC": (pick("descs"), None),
            "EVENT": (lambda: _pick(rng, "events").replace("{C}", rng.choice(lists.cities)), None)}
    out, spans, pos = [], [], 0
    for m in _SLOT.finditer(template):
        out.append(template[pos:m.start()])
        if m.group(1) == "ACR":  # the initials of the organization just named
            value, label = "".join(w[0] for w in out[-2].split() if w[:1].isupper()) or "UN", "OG"
        elif m.group(1) == "LEGAL":  # a legal form joined to the company just named (Krupp AG)
            spans[-1] = (spans[-1][0], spans[-1][1] + 1 + len(value := _pick(rng, "legal_forms")), "OG")
            out[-1] = out[-1].rstrip()
            out.append(" " + value)
            pos = m.end()
            continue
        else:
            value, label = fill[m.group(1)][0](), fill[m.group(1)][1]
        start = sum(len(x) for x in out)
        out.append(value)
        if label:
            spans.append((start, start + len(value), label))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def _table(lists: _Lists, rng: random.Random) -> list[tuple[str, list, str]]:
    """A header and 2-8 rows of one table kind, all rows in capitals a third of the time."""
    table = _pick(rng, "tables")
    heads, rows = table["headers"], table["rows"]
    caps = rng.random() < 0.33
    out = []
    head = rng.choice(heads)
    if head:
        out.append((*_fill(head, lists, rng), "\n"))
    for _ in range(rng.randint(2, 8)):
        line, spans = _fill(rng.choice(rows), lists, rng)
        out.append((line.upper() if caps and len(line.upper()) == len(line) else line, spans, "\n"))
    return out


_SPORTY = re.compile(r"\{(?:CLUB|TEAM|NAT|CITYCLUB|EVENT)\}|scored|beat|match|coach|striker|squad|race|stage|"
                     r"midfielder|league|semi-final|innings|home run|points|signed|player|manager|fans|division")


@lru_cache(maxsize=1)
def _topics() -> tuple[list[str], list[str]]:
    """The body templates of sports news, and the others."""
    body = _t()["body"]
    return [b for b in body if _SPORTY.search(b)], [b for b in body if not _SPORTY.search(b)]


def _document(lists: _Lists, rng: random.Random) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]:
    """One document of one topic, mostly: a sports headline (``SOCCER - ...``) gets sports
    sentences and usually a table, any other headline mostly other news."""
    parts: list[tuple[str, list, str]] = []  # text, spans, separator after it
    lists.new_document()
    head_t = _pick(rng, "head")
    sport = head_t.startswith("{SPORT}")
    own, other = _topics() if sport else _topics()[::-1]
    body = [(*_fill(rng.choice(own if rng.random() < 0.85 else other), lists, rng), " ")
            for _ in range(rng.randint(3, 7))]
    head, hs = _fill(head_t, lists, rng)
    parts.append((head.upper() if rng.random() < 0.7 and len(head.upper()) == len(head) else head, hs, "\n"))
    city = rng.choice(lists.cities) if rng.random() < 0.8 else lists.word()
    date = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    parts.append((f"{city.upper()} {date}", [(0, len(city), "GPE")], "\n"))
    parts += body[:-1] + [(*body[-1][:2], "\n")]  # a table starts on a line of its own
    if rng.random() < (0.75 if sport else 0.2):
        parts += _table(lists, rng)
    text, sents, gold = "", [], []
    for piece, spans, sep in parts:
        base = len(text)
        sents.append((base, base + len(piece)))
        gold += [(base + s, base + e, l) for s, e, l in spans]
        text += piece + sep
    return text.rstrip(), sents, gold


def is_sports(text: str) -> bool:
    """Whether a generated document has a sports headline (``SOCCER - ...``)."""
    head = text.split("\n", 1)[0].upper()
    return any(head.startswith(f"{s.upper()} - ") for s in _t()["sports"])


def documents(n: int, *, seed: int = 7) -> Iterator[tuple[Article, Gold]]:
    """``n`` generated one-sided English documents with gold ``(lang, start, end, label)``."""
    rng = random.Random(seed)
    lists = _Lists(rng)
    for k in range(n):
        text, sents, gold = _document(lists, rng)
        art = Article(id=f"synth-en-{k}", text_ko="", text_en=text)
        art.sentences_en = [Sentence(s, e) for s, e in sents]
        yield art, [("en", s, e, l) for s, e, l in gold]


def in_capitals(art: Article, gold: Gold, *, every: int = 3, first: int = 0, lang: str = "en") -> tuple[Article, Gold]:
    """A copy of ``art`` with sentences ``first``, ``first + every``, ... of its ``lang`` side
    written in capitals, the way wire news writes headlines, datelines and tables.

    Offsets and ``gold`` are unchanged, so the tagger learns a name in capitals from its
    context rather than its shape.  A sentence whose capitals would change its length
    (``ß`` → ``SS``) stays as written; the copy's id ends in ``-caps``."""
    text = getattr(art, f"text_{lang}")
    out = list(text)
    for n, s in enumerate(getattr(art, f"sentences_{lang}")):
        piece = text[s.start:s.end]
        if n >= first and (n - first) % every == 0 and len(piece.upper()) == len(piece):
            out[s.start:s.end] = piece.upper()
    copy = Article.from_dict({**art.to_dict(), "id": f"{art.id}-caps", f"text_{lang}": "".join(out)})
    return copy, list(gold)
