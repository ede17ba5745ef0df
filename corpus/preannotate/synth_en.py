"""Generated English news documents with gold entities, to train the English tagger.

No English news NER corpus with a licence the package may ship is on the registries this
project reaches, and the project's own gold is 18 translated Korean articles.  This module
writes wire-style documents instead (a headline, often in capitals, a dateline, body
sentences, sports results and tables) whose slots are filled with people, places and
organizations, so the CRF learns what the features say about a name that no title and no
Korean side confirms.  Slot fillers come from the name lists (``corpus/data/en_names.tsv``),
the project gazetteer's demonyms, and invented words that are in no list (a third of the
people, a share of the places), so the model does not learn "in the list = a name".
Deterministic for a seed.
"""
from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Iterator

from ..model import Article, Sentence
from .features_en import NAMES
from .train_data import Gold

PLACES_TSV = Path(__file__).resolve().parents[1] / "data" / "gazetteer_places.tsv"
_SLOT = re.compile(r"\{(\w+)\}")
_BODY = [
    "{PER} said on {DAY} that {ORG} would cut {N} jobs in {LOC}.",
    "{PER}, who heads {ORG}, told reporters in {LOC} that the talks would resume next week.",
    "Shares in {ORG} rose {N} percent in {LOC} on {DAY} after the company raised its forecast.",
    "Police in {LOC} arrested {N} people after clashes outside the offices of {ORG}, a spokesman said.",
    "{ORG} chairman {PER} resigned on {DAY}, the company said in a statement.",
    "The {NORP} government rejected the proposal, {PER} told {ORG} in {LOC}.",
    "{PER} of {ORG} said the {NORP} economy grew {N} percent in {MONTH}.",
    "In {LOC}, {PER} told a news conference that prices would rise again in {MONTH}.",
    "{ORG} and {ORG} agreed to merge in a deal worth {N} million dollars.",
    "{PER}, {N}, was sentenced to {N} years in prison by a court in {LOC}.",
    "Talks between {LOC} and {LOC} ended without agreement, a {ORG} official said.",
    "{PER} and {PER} met in {LOC} on {DAY} to discuss the border dispute.",
    "\"We are not going to give up,\" {PER} said.",
    "{LAST} said {ORG} had not been consulted.",
    "{LAST}, who took over in {MONTH}, has promised to sell the {LOC} unit.",
    "Prime Minister {PER} arrived in {LOC} on {DAY} for a two-day visit.",
    "President {PER} of {LOC} will meet {PER} later this month.",
    "The {NORP} central bank left interest rates unchanged on {DAY}, {ORG} reported.",
    "{PER} scored twice as {CLUB} beat {CLUB} {N}-{N} on {DAY}.",
    "{PER} beat {PER} {N}-{N} {N}-{N} to reach the final of the {EVENT}.",
    "{PER} won the {EVENT} on {DAY}, beating {PER} in the final.",
    "{DEM} {PER} won the {N}th stage of the {EVENT} on {DAY}.",
    "{CLUB} striker {PER} was sent off after {N} minutes.",
    "{PER} won the race in {LOC} ahead of {PER} and {PER}.",
    "Rebels attacked a village near {LOC} overnight, killing {N} people, {ORG} said.",
    "The {ORG} said it expected {LOC} to repay the loan by {MONTH}.",
    "It was not immediately clear whether {PER} would attend the meeting in {LOC}.",
    "Analysts at {ORG} in {LOC} said the figures were better than expected.",
    "{NORP} troops withdrew from {LOC} on {DAY}, according to {ORG}.",
    "Officials said {N} people were injured when a bus overturned south of {LOC}.",
    "On {DAY}, the {NORP} team lost to {LOC} in the semi-final.",
    "Trading was thin on {DAY} as most dealers in {LOC} stayed away.",
    "{NORP} {PER} finished second behind {PER}.",
    "{RANK} {PER} said the army had taken control of {LOC}.",
    "{ORG} said on {DAY} it would buy {ORG} for {N} million dollars.",
    "{LAST} told {ORG} that {LOC} would not change its policy.",
    "{LAST} was fined by {ORG} after the match against {CLUB}.",
    "{PER} was recalled to the {NORP} squad for the match against {LOC}.",
    "{LOC} coach {PER} said his side had played badly.",
    "{CLUB} have signed {NORP} midfielder {PER} from {CLUB}.",
    "Results of matches played in {LOC} on {DAY}:",
    "{ORG} signed a memorandum of understanding (MOU) with {ORG} on {DAY}.",
    "{LOC} agreed to buy {N} million tonnes of liquefied natural gas (LNG) from {ORG}.",
    "The {NORP} gross domestic product (GDP) grew {N} percent, the {ORG} said.",
    "The {ORG} ({ACR}) said on {DAY} it would review the case.",
    "According to the {ORG} ({ACR}), {N} people were killed.",
    "{PER}, an economist at {ORG}, said the {NORP} currency would weaken.",
    "{CO} shares rose {N} percent after the company beat forecasts.",
    "Biotech startup {CO} said its drug had been approved in {LOC}.",
    "{CO} CEO {PER} said the company would open a plant in {LOC}.",
    "{NORP} state oil company {CO} will supply {N} tonnes of crude to {LOC}.",
    "{PER} will be appointed chief executive of {CO} in {MONTH}.",
    "{ORG} paid {CO} {N} million dollars for the licence.",
    "{CO} said on {DAY} that profits rose {N} percent.",
    "{COAGAIN} bought a production plant in {LOC} in {MONTH}.",
    "{ORG} paid {COAGAIN} an upfront fee of {N} million dollars.",
    "{COAGAIN} is also expanding in {LOC}, {PER} said.",
    "{PER} will be appointed chief executive of {COAGAIN} on {DAY}.",
    "The {DESC} {CO} said it would list its shares in {LOC}.",
    "Girl group {CO} returned home from {LOC} on {DAY}.",
    "The flight from {LOC} landed at {FAC} on {DAY}.",
    "{CLUB} will play {CLUB} at {FAC} on {DAY}.",
    "Thousands of fans gathered at {FAC} in {LOC} for the concert.",
    "Flights from {FAC} resumed on {DAY}, {ORG} said.",
    "{DEM} {PER} won the stage ahead of {PER}.",
    "{PER} plays for {CLUB} and was called up after {PER} withdrew.",
    "{NAT} beat {NAT} {N}-{N} in {LOC} on {DAY}.",
    "{NAT} coach {PER} named {N} new players for the match against {NAT}.",
    "{CLUB} beat {CLUB} {N}-{N} at home on {DAY}.",
    "Leftist rebels attacked the offices of {ORG} in {LOC}.",
    "Crude oil prices rose in {LOC} on {DAY} as dealers watched {ORG}.",
    "Opposition leader {PER} called for talks with the {ORG}.",
    "Heavy rain forced the match between {CLUB} and {CLUB} to be abandoned.",
    "Summary of {NORP} first division matches played on {DAY}:",
]
_HEAD = [
    "{LOC} says {ORG} talks to resume", "{SPORT} - {LOC} beat {LOC} in World Cup qualifier",
    "{SPORT} - {LAST} wins in {LOC}", "{ORG} posts record profit", "{LAST} resigns as head of {ORG}",
    "{NORP} shares close higher", "{SPORT} - {LOC} v {LOC} scoreboard", "{ORG} to cut {N} jobs",
    "{SPORT} - {LAST} leads by two shots in {LOC}", "{LOC} police arrest {N} after protest",
    "{SPORT} - {NORP} league results", "{SPORT} - {CLUB} sign {LAST}", "{NORP} stocks end mixed in thin trade",
    "{LOC} to hold early election", "{LAST} beats {LAST} in {LOC}", "{SPORT} - {LAST} out of {LOC} test",
    "Gold ends lower in quiet trade", "{N} killed in {LOC} bus crash", "{ORG} sees higher sales",
    "{NAT} and {NAT} trade accusations over {LOC}", "{SPORT} - {LAST} breaks world record", "{CO} profits beat forecasts",
    "{SPORT} - {NORP} first division summary", "{SPORT} - {LAST} takes one-shot lead", "{NORP} bank shares fall",
    "{ORG} says {N} hostages freed", "{SPORT} - {NAT} name squad for {NAT} test",
]
_SPORTS = ["Soccer", "Tennis", "Cricket", "Golf", "Rugby Union", "Rugby League", "Athletics", "Cycling", "Motor Racing",
           "Baseball", "Basketball", "Boxing", "Swimming", "Ice Hockey", "Skiing"]
_RANKS = ["Major", "Colonel", "General", "Captain", "Lieutenant", "Sergeant", "Eighth seed", "Striker", "Goalkeeper"]
# tables: a block of one kind of line under an optional header, sometimes all in capitals
_TABLES = [
    (["Results of {NORP} league matches on {DAY}:", "Premier league", ""], ["{CLUB} {N} {CLUB} {N}"]),
    (["Summary of matches played on {DAY}:", ""], ["{CLUB} {N} ( {SUR} {N} , {SUR} {N} ) {CLUB} {N}",
                                                  "{CLUB} {N} ( {SUR} {N} ) {CLUB} {N} ( {SUR} {N} )",
                                                  "Attendance: {N},{N}0"]),
    (["EASTERN DIVISION", "WESTERN DIVISION", "CENTRAL DIVISION", ""], ["{CITYCLUB} {N} {N}", "{CITYCLUB} {N} {N} {N}"]),
    (["Standings ( tabulate under played, won, drawn, lost, goals for, against, points ):", ""],
     ["{CLUB} {N} {N} {N} {N} {N} {N} {N}"]),
    (["Results of international matches on {DAY}:", ""], ["{NAT} {N} {NAT} {N}", "{NAT} {N} {N} {N} {N}"]),
    (["Leading results:", "Final standings:", ""], ["{PER} ( {NAT} ) {N}", "{N}. {PER} ( {NAT} ) {N}",
                                                    "{SUR} ( {NAT} ) {N} {N} {N}", "{PER} ( {CLUB} ) {N}",
                                                    "{N}. {DEM} {PER} {N}"]),
    (["{CLUB} first innings", ""], ["{PER} c {LAST} b {LAST} {N}", "{PER} not out {N}", "{PER} b {SUR} {N}"]),
]
_FACS = ["{C} International Airport", "{C} Stadium", "{W} Arena", "{W} Park", "{C} Central Station", "{W} Stadium",
         "{C}-{W} International Airport", "{W} Bridge"]
_EVENTS = ["{C} Open", "Tour de {C}", "{C} Grand Prix", "{C} Masters", "{C} Marathon", "{C} Cup", "{C} Classic"]
_ORG_HEADS = ["Inc", "Corp", "Group", "Ltd", "Bank", "Airlines", "Holdings", "Motors", "Energy", "Securities",
              "Insurance", "Partners", "Systems", "Industries", "Foods", "Telecom", "Capital", "Pharmaceuticals"]
_ORG_OF = ["University of {L}", "Bank of {L}", "{L} Stock Exchange", "{L} Party", "{L} Football Association",
           "{L} Chamber of Commerce", "{L} Central Bank", "Ministry of Finance", "{L} Red Cross", "{L} Airport Authority",
           "Ministry of {D}", "Ministry of {D} and {D}", "Ministry of {D}, {D} and {D}", "{L} Ministry of {D}",
           "Organisation for {D} and {D} in {L}", "National {D} and {D} Council", "{N} Democratic Party",
           "{N} People's Party", "{L} Institute of {D}", "{L} Commission for {D}", "Red Cross", "{N} Foreign Ministry"]
_DOMAINS = ["Trade", "Industry", "Energy", "Food", "Drug Safety", "Land", "Infrastructure", "Transport", "Finance",
            "Foreign Affairs", "Defence", "Health", "Education", "Labour", "Environment", "Justice", "Agriculture",
            "Culture", "Science", "Security", "Cooperation", "Disaster Risk Reduction", "Management", "Fisheries",
            "Economy", "Oceans", "Welfare", "Development"]
_CO_ENDS = ["bank", "ex", "ix", "tel", "co", "tech", "gas", "soft", "air", "sat", "com", "on", "is", "ol", "vo"]
_DEMONYMS = ["Frenchman", "Spaniard", "Briton", "Dutchman", "Australian", "Italian", "German", "Kenyan", "American",
             "Swede", "Norwegian", "Belgian", "Russian", "Brazilian", "Irishman", "Scot", "Welshman", "Pole"]
_DESCS = ["biotech startup", "state-run mining company", "genome analysis firm", "drugmaker", "steel group",
          "chipmaker", "carrier", "state oil company", "insurer", "brokerage"]
_PARTICLES = ["van", "de", "van der", "von", "da", "del", "bin", "al", "le", "ter"]
_CLUB = ["{C} United", "{C} Rovers", "{C} FC", "{C}", "{C}", "{C}", "{C}", "{C} Athletic", "Real {C}", "{C} Wanderers",
         "{C} City", "{C} Town", "{C} Albion", "{C} County", "{C} Wednesday", "{C} Villa", "{C} Forest", "{W} {C}",
         "{C}", "{C}"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_SYL = ["ka", "lo", "ver", "mar", "tin", "bru", "del", "son", "ra", "vi", "hal", "den", "ko", "mi", "zar", "ben",
        "lu", "sto", "gan", "fer", "no", "ri", "ta", "wel", "dra", "ny", "os", "pel", "qui", "ste"]


class _Lists:
    """Slot fillers from the name lists, the project gazetteer and invented words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        kinds: dict[str, list[str]] = {}
        for line in NAMES.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                kind, name, _ = (line.split("\t") + [""])[:3]
                kinds.setdefault(kind, []).append(name)
        self.first, self.last = kinds["first"], kinds["last"]
        # "the Netherlands": the article is not part of the name (CoNLL, the project's guide)
        self.countries = [re.sub(r"^The ", "", c) for c in kinds["country"] + kinds["state"]]
        self.cities = kinds["city"]
        self.norp = [d for line in PLACES_TSV.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") and line.count("\t") >= 3
                     for d in line.split("\t")[3].split("|") if d]

    def new_document(self) -> None:
        self.people: list[str] = []
        self.companies: list[str] = []

    def word(self) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(self.rng.randint(2, 3))).capitalize()

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
            last = f"{self.rng.choice(_PARTICLES)} {last}"
        elif q < 0.16:
            last = f"{self.rng.choice(self.first)} {last}"
        name = f"{first[0]}. {last}" if r > 0.9 else f"{first} {last}"
        self.people.append(name)
        return name

    def place(self) -> str:
        r = self.rng.random()
        return self.word() if r < 0.12 else self.rng.choice(self.countries if r < 0.5 else self.cities)

    def org(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"{self.word()} {self.rng.choice(_ORG_HEADS)}"
        if r < 0.45:
            return self.word()  # a company known by one word (Krupp)
        if r < 0.8:
            pattern = self.rng.choice(_ORG_OF).replace("{L}", self.place())
            pattern = pattern.replace("{N}", self.rng.choice(self.norp) if self.norp else self.place())
            while "{D}" in pattern:
                pattern = pattern.replace("{D}", self.rng.choice(_DOMAINS), 1)
            return pattern
        if r < 0.85:
            return "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(self.rng.randint(2, 4)))
        return f"{self.word()} {self.word()} {self.rng.choice(_ORG_HEADS)}"

    def company(self) -> str:
        """A company known by one word, often with a company-like ending (Banamex, Cellonix)."""
        r = self.rng.random()
        name = self.word() + self.rng.choice(_CO_ENDS) if r < 0.6 else self.word() if r < 0.8 else self.org()
        self.companies.append(name)
        return name

    def company_again(self) -> str:
        """A company the document named before, mostly."""
        if self.companies and self.rng.random() < 0.8:
            return self.rng.choice(self.companies)
        return self.company()

    def facility(self) -> str:
        """An airport, stadium or arena named after a place or an invented word."""
        return self.rng.choice(_FACS).replace("{C}", self.rng.choice(self.cities)).replace("{W}", self.word())

    def country(self) -> str:
        return self.word() if self.rng.random() < 0.05 else self.rng.choice(self.countries)

    def city_club(self) -> str:
        return self.rng.choice(self.cities) if self.rng.random() < 0.85 else self.word()

    def club(self) -> str:
        club = self.rng.choice(_CLUB).replace("{W}", self.word())
        return club.replace("{C}", self.rng.choice(self.cities) if self.rng.random() < 0.8 else self.word())


def _fill(template: str, lists: _Lists, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """The template with its slots filled, and the entity spans (offsets in the sentence)."""
    fill = {"PER": (lists.person, "PS"), "LAST": (lists.mention, "PS"), "LOC": (lists.place, "GPE"),
            "ORG": (lists.org, "OG"), "CLUB": (lists.club, "OG"), "NORP": (lambda: rng.choice(lists.norp), "NORP"),
            "N": (lambda: str(rng.randint(1, 99)), None), "DAY": (lambda: rng.choice(_DAYS), None),
            "MONTH": (lambda: rng.choice(_MONTHS), None), "SPORT": (lambda: rng.choice(_SPORTS), None),
            "RANK": (lambda: rng.choice(_RANKS), None), "NAT": (lists.country, "GPE"), "CO": (lists.company, "OG"),
            "SUR": (lists.last_name, "PS"), "CITYCLUB": (lists.city_club, "OG"), "DEM": (lambda: rng.choice(_DEMONYMS), "NORP"),
            "COAGAIN": (lists.company_again, "OG"),
            "FAC": (lists.facility, "FAC"),
            "EVENT": (lambda: rng.choice(_EVENTS).replace("{C}", rng.choice(lists.cities)), None), "DESC": (lambda: rng.choice(_DESCS), None)}
    out, spans, pos = [], [], 0
    for m in _SLOT.finditer(template):
        out.append(template[pos:m.start()])
        if m.group(1) == "ACR":  # the initials of the organization just named
            value, label = "".join(w[0] for w in out[-2].split() if w[:1].isupper()) or "UN", "OG"
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
    heads, rows = rng.choice(_TABLES)
    caps = rng.random() < 0.33
    out = []
    head = rng.choice(heads)
    if head:
        out.append((*_fill(head, lists, rng), "\n"))
    for _ in range(rng.randint(2, 8)):
        line, spans = _fill(rng.choice(rows), lists, rng)
        out.append((line.upper() if caps and len(line.upper()) == len(line) else line, spans, "\n"))
    return out


def _document(lists: _Lists, rng: random.Random) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]:
    parts: list[tuple[str, list, str]] = []  # text, spans, separator after it
    lists.new_document()
    body = [(*_fill(rng.choice(_BODY), lists, rng), " ") for _ in range(rng.randint(3, 7))]
    head, hs = _fill(rng.choice(_HEAD), lists, rng)
    parts.append((head.upper() if rng.random() < 0.7 and len(head.upper()) == len(head) else head, hs, "\n"))
    city = rng.choice(lists.cities) if rng.random() < 0.8 else lists.word()
    date = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    parts.append((f"{city.upper()} {date}", [(0, len(city), "GPE")], "\n"))
    parts += body
    if rng.random() < 0.5:
        parts += _table(lists, rng)
    text, sents, gold = "", [], []
    for piece, spans, sep in parts:
        base = len(text)
        sents.append((base, base + len(piece)))
        gold += [(base + s, base + e, l) for s, e, l in spans]
        text += piece + sep
    return text.rstrip(), sents, gold


def documents(n: int, *, seed: int = 7) -> Iterator[tuple[Article, Gold]]:
    """``n`` generated one-sided English documents with gold ``(lang, start, end, label)``."""
    rng = random.Random(seed)
    lists = _Lists(rng)
    for k in range(n):
        text, sents, gold = _document(lists, rng)
        art = Article(id=f"synth-en-{k}", text_ko="", text_en=text)
        art.sentences_en = [Sentence(s, e) for s, e in sents]
        yield art, [("en", s, e, l) for s, e, l in gold]
