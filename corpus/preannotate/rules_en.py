"""English date, time, quantity and money patterns and their normalized values."""
from __future__ import annotations

import re
from typing import Any

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "bn": 1e9}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
CURRENCY = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW",
            "won": "KRW", "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
            "yuan": "CNY", "ruble": "RUB", "rubles": "RUB", "roubles": "RUB", "pound": "GBP", "pounds": "GBP",
            "baht": "THB", "rupees": "INR", "lira": "TRY", "hryvnias": "UAH"}
_WORDCUR = r"(?:won|dollars?|euros?|yen|yuan|rubles?|roubles|pounds?|baht|rupees|lira|hryvnias)"
_SCALE = r"(?:\s(?:thousand|million|billion|trillion)|\s?(?:mn|bn))"
_LOCAL = ""  # "(local time)" is not part of a date span
_ORD = r"\d{1,2}(?:st|nd|rd|th)"
UNITS = (r"people|persons|soldiers|troops|workers|residents|defectors|students|members|countries|nations|"
         r"times|cases|units|vehicles|ships|vessels|missiles|rounds|tons|tonnes|kilometers|km/h|km|meters|"
         r"miles|kilograms|kg|years|months|weeks|days|hours|minutes|seconds|households|companies|firms|"
         r"points|basis points|seats|votes|barrels|doses|won")
_WORDNUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands)"

PATTERNS: list[tuple[str, re.Pattern, float]] = [
    ("MONEY", re.compile(rf"(?:US\$|\$|€|£|¥|₩)\s?(?:{NUM}){_SCALE}?|(?:{NUM}){_SCALE}?\s{_WORDCUR}\b"), 0.95),
    ("QT", re.compile(rf"-?(?:{NUM})\s?(?:%|percent\b|percentage points?\b)(?:\s?points?\b)?"), 0.95),
    ("DT", re.compile(rf"\b(?:the\s)?{_ORD}(?:\sof\s{_MONTH})?{_LOCAL}"), 0.9),
    ("DT", re.compile(rf"\b{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,\s\d{{4}})?{_LOCAL}"), 0.95),
    ("DT", re.compile(rf"\b\d{{1,2}}\s{_MONTH}(?:\s\d{{4}})?"), 0.9),
    ("DT", re.compile(rf"\b(?:(?:early|mid|late)-?\s?)?{_MONTH}(?:\s\d{{4}})?"), 0.8),
    ("DT", re.compile(r"\b(?:(?:in|since|until|by|of|from|to)\s)(?P<v>(?:1[89]\d\d|20\d\d)s?)\b"), 0.8),
    ("DT", re.compile(r"\b(?:last|this|next)\s(?:year|month|week)\b|\b(?:yesterday|today|tomorrow)\b|"
                      r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                      r"\bthe\s(?:first|second)\shalf(?:\sof\s(?:the|this|next|last)\syear)?\b|"
                      r"\bthe end of (?:the|this) year\b|\bthe previous day\b|\bthe same day\b"), 0.7),
    ("TI", re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\bnoon\b|\bmidnight\b"), 0.9),
    ("QT", re.compile(rf"(?<![\d.$])(?:{NUM})(?:\s(?:million|billion|thousand))?\s(?:{UNITS})\b"), 0.8),
]
PATTERNS = [(label, pat, score) for label, pat, score in PATTERNS]


def amount(text: str) -> float | None:
    """Value of ``150 million``, ``34.74 billion``, ``9,000`` (None if none)."""
    m = re.search(rf"({NUM})\s?(thousand|million|billion|trillion|mn|bn)?", text)
    if not m:
        return None
    return float(m.group(1).replace(",", "")) * SCALE.get(m.group(2) or "", 1.0)


def normalize(text: str, label: str) -> tuple[Any, ...] | None:
    """Language-neutral value of a match (see :func:`corpus.preannotate.rules.same_value`)."""
    t = re.sub(r"\s\((?:local time|Korea time|KST)\)", "", text)
    low = t.lower()
    if label == "MONEY":
        sym = next((c for c in ("US$", "$", "€", "£", "¥", "₩") if c in t), None)
        word = re.search(_WORDCUR, low)
        cur = CURRENCY.get(sym) if sym else CURRENCY.get(word.group(0)) if word else None
        value = amount(t)
        return ("money", value, cur or "USD") if value is not None else None
    if label == "QT":
        value = amount(t)
        if value is None:
            return None
        if "point" in low and ("percentage" in low or "%" in t):
            return ("pp", value)
        if "%" in t or "percent" in low:
            return ("pct", -value if t.startswith("-") else value)
        return ("num", value)
    if label == "DT":
        return _date_key(t, low)
    if label == "TI":
        m = re.search(r"(\d{1,2})(?::(\d{2}))?", t)
        if not m:
            return None
        hour = int(m.group(1)) + (12 if "p" in low and int(m.group(1)) < 12 else 0)
        return ("time", hour, int(m.group(2) or 0))
    return None


_REL = {"this year": "this_year", "last year": "last_year", "next year": "next_year", "end of the year": "year_end",
        "end of this year": "year_end", "today": "today", "yesterday": "yesterday", "tomorrow": "tomorrow",
        "same day": "that_day", "previous day": "day_before"}


def _month(low: str) -> int | None:
    for i, name in enumerate(MONTHS, 1):
        if re.search(rf"\b{name[:3]}", low):
            return i
    return None


def _date_key(t: str, low: str) -> tuple[Any, ...] | None:
    month = _month(low)
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", t)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b(1[89]\d\d|20\d\d)\b", "", t))
    if month and day and year:
        return ("ymd", int(year.group(1)), month, int(day.group(1)))
    if month and day:
        return ("md", month, int(day.group(1)))
    if month and year:
        return ("ym", int(year.group(1)), month)
    if day and re.search(_ORD, t):
        return ("day", int(day.group(1)))
    if month:
        return ("month", month)
    if year:
        return ("year", int(year.group(1)))
    return next((("rel", v) for k, v in _REL.items() if k in low), None)
