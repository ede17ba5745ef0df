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
MEASURES = (r"(?:millimeters|millimetres|mm|centimeters|centimetres|cm|inches)(?:\sper\s(?:hour|day))?|"
            r"km/h|kilometers|kilometres|km|meters|metres|miles|tons|tonnes|kilograms|kg|barrels|gigawatt-hours|"
            r"GWh|megawatts|MW|gigawatts|GW|square meters|hectares|degrees|percentage points")
COUNTS = (r"people|persons|soldiers|troops|workers|residents|defectors|students|members|countries|nations|officials|"
          r"cases|units|vehicles|ships|vessels|missiles|rounds|households|companies|firms|seats|votes|doses|"
          r"delegates|families|children|prisoners|refugees|visitors|tourists|jobs|projects|items|sites|times|"
          r"firefighters|officers|police officers|suspects|employees|patients|passengers|victims|fishermen|crew|"
          r"civilians|protesters|demonstrators|lawmakers|candidates|buildings|homes|houses|cars|aircraft|planes|"
          r"drones|rockets|shells|bombs|participants|customers|users|investors|stores|branches|factories|schools|"
          r"hospitals|villages|bodies|casualties|deaths|survivors|hostages|detainees|inmates|women|men|adults|"
          r"infants|babies|teenagers|doctors|nurses|teachers|farmers|migrants|citizens|nationals|foreigners|staff|"
          r"rescuers|warplanes|warships|boats|trucks|buses|flights|athletes|players|journalists|reporters|"
          r"individuals|lives|animals|cattle|pigs|birds|incidents|accidents|fires|attacks|arrests")
COUNT_ONE = (r"person|man|woman|child|worker|soldier|officer|firefighter|suspect|employee|patient|passenger|victim|"
             r"civilian|student|resident|member|country|nation|official|missile|rocket|ship|vessel|boat|aircraft|"
             r"plane|drone|vehicle|car|truck|bus|building|house|company|firm|household|family|case|incident|body")
UNITS = (r"people|persons|soldiers|troops|workers|residents|defectors|students|members|countries|nations|"
         r"times|cases|units|vehicles|ships|vessels|missiles|rounds|tons|tonnes|kilometers|km/h|km|meters|"
         r"miles|kilograms|kg|years|months|weeks|days|hours|minutes|seconds|households|companies|firms|"
         r"points|basis points|seats|votes|barrels|doses|won")
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
NUMBER_WORDS += ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDNUM = "(?i:" + "|".join(NUMBER_WORDS[2:]) + ")"  # two .. ninety, any case (Four people died)
_MANY = r"(?i:(?:tens|hundreds)\sof\sthousands|dozens|scores|hundreds|thousands|millions)"
_NOT_AFTER = r"(?<![Tt]he\s)(?<![Tt]hese\s)(?<![Tt]hose\s)(?<![Tt]heir\s)(?<![Ii]ts\s)(?<![Oo]ur\s)"  # the two countries: "both"
_MOD = r"(?:\s(?!(?:of|the|a|an|and|or|to|in|on|at|for|from|with|by|than|other|more|who|were|was)\b)[A-Za-z\-]+)"

PATTERNS: list[tuple[str, re.Pattern, float]] = [
    ("MONEY", re.compile(rf"(?:US\$|\$|€|£|¥|₩)\s?(?:{NUM}){_SCALE}?|(?:{NUM}){_SCALE}?\s{_WORDCUR}\b"), 0.95),
    ("QT", re.compile(rf"-?(?:{NUM})\s?(?:%|percent\b|percentage points?\b)(?:\s?points?\b)?"), 0.95),
    ("DT", re.compile(rf"\b(?:the\s)?{_ORD}(?:\sof\s{_MONTH})?(?!\s(?:[A-Z][a-z]+\s){{0,3}}(?:Division|Brigade|Regiment|Battalion|"
                      rf"Corps|Fleet|Army|Wing|Squadron|Bench|Panel|Chamber|Department|Session|Congress|Committee|Assembly)\b)(?!\s(?:anniversary|session|round|meeting|plenary|party|"
                      rf"congress|time|straight|consecutive|largest|biggest|place|century|floor|day|month|year|week)\b|-)"), 0.9),
    ("DT", re.compile(rf"\bthe\s{_ORD}\sconsecutive\s(?:year|month|week|day|quarter)\b"), 0.85),
    ("DT", re.compile(rf"\b{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,\s\d{{4}})?{_LOCAL}"), 0.95),
    ("DT", re.compile(rf"\b\d{{1,2}}\s{_MONTH}(?:\s\d{{4}})?"), 0.9),
    ("DT", re.compile(rf"\b(?:(?:early|mid|late)-?\s?)?{_MONTH}(?:\s\d{{4}}|\s(?:last|next|this)\syear)?(?![A-Za-z])"), 0.8),
    ("DT", re.compile(r"\b(?:one|two|three|four|five|\d)\syears?\sand\s(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\smonths?\b|"
                      r"(?<=\bon\s)the\sday\b"), 0.8),
    ("DT", re.compile(r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s(?:consecutive\s|straight\s)?"
                      r"(?:days?|weeks?|months?|years?)\s(?:earlier|ago|later|before)\b|"
                      r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s(?:consecutive|straight)\s"
                      r"(?:days|weeks|months|years|quarters)\b|\b(?:that|the same)\sday\b"), 0.8),
    ("TI", re.compile(r"\b(?<=in\s)the\s(?:morning|afternoon|evening)\b|\b(?:that|this)\snight\b|(?<=\bat\s)dawn\b"), 0.6),
    ("DT", re.compile(r"\b(?:this|last|next|the)\sseason\b|\bthe\s(?:previous|same|following)\s(?:session|trading\sday)\b|"
                      r"\b(?:early|mid|late)[-\s](?:last|this|next)\s(?:year|month|week)\b|"
                      r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})-(?:year|month|week|day)\b(?!-old)"
                      r"(?!\s(?:Treasury|treasury|bonds?|yields?|notes?|government|high|low|record|average|rate|maturity))"), 0.75),
    ("DT", re.compile(r"\b(?:than|for|over|within|nearly|about|almost|in)\s(?P<v>(?:a|one)\s(?:year|month|week))\b(?!\s(?:earlier|ago|later|before))"), 0.6),
    ("QT", re.compile(r"\b\d{1,3}-year-old\b"), 0.7),
    ("QT", re.compile(r"(?<![\d\-./:])\d{1,2}-\d{1,2}(?![\d\-./:])(?=\s(?:win|loss|defeat|victory|lead|score|in|at|on|to|over|against)|[,.])"), 0.6),
    ("DT", re.compile(r"\b(?:(?i:in|since|until|by|of|from|to|for|during)\s)(?P<v>(?:1[89]\d\d|20\d\d)s?)\b"), 0.8),
    ("DT", re.compile(r"\b(?:(?:later|earlier)\s)?(?:last|this|next)\s(?:year|month|week)\b|\b(?:yesterday|today|tomorrow)\b|"
                      r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                      r"\bthe\s(?:first|second|third|fourth)\s(?:half|quarter)(?:\sof\s(?:(?:the|this|next|last)\syear|\d{4}))?\b|"
                      r"\bthe\s(?:end|beginning|start)\sof\s(?:the|this|next|last)\s(?:year|month)\b|"
                      r"\bthe\s(?:previous|same|following)\s(?:day|week|month|year|quarter|period)(?:\s(?:last|a)\syear)?\b|"
                      r"\b(?:several|a few|two|three|many)\s(?:years|months|weeks|days)\sago\b|"
                      r"\bevery\s(?:summer|winter|spring|autumn|fall)\b|\bthe\s(?:day|year)\b(?=\s(?:before|after|of|,|\.)|[,.])|"
                      r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s(?:days|weeks|months|years)\b(?!\sago)|"
                      r"\b(?:\d+|one|two|three)\s(?:consecutive\s)?(?:year|month)s?\s(?:in a row|running)\b"), 0.7),
    ("TI", re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|this|that)\s"
                      r"(?P<v>morning|afternoon|evening|night)\b"), 0.75),
    ("TI", re.compile(rf"\b(?:\d+|{_WORDNUM})\s(?:minutes|hours)\b"), 0.75),
    ("TI", re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\bnoon\b|\bmidnight\b"), 0.9),
    ("QT", re.compile(rf"(?<![\d.$])(?:{NUM})(?:\s(?:million|billion|thousand))?\s(?:{MEASURES})(?![\w/])"), 0.85),
    ("QT", re.compile(rf"(?<![\d.$,])(?P<v>(?:{NUM})(?:\s(?:million|billion|thousand))?)(?:\s[a-z\-]+){{0,2}}\s(?:{COUNTS})\b"), 0.75),
    ("QT", re.compile(r"(?<![\w$])(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s(?:million|billion))(?=\s[A-Za-z])"), 0.6),
    # counts: the number only (Four people, two North Korean soldiers, one ballistic missile, dozens of residents)
    ("QT", re.compile(rf"(?<![\w\-]){_NOT_AFTER}(?P<v>{_WORDNUM}(?:\s(?:dozen|hundred|thousand|million))?){_MOD}{{0,3}}\s(?:{COUNTS})\b"), 0.7),
    ("QT", re.compile(rf"(?<![\w\-])(?P<v>(?i:one|a single)){_MOD}{{0,3}}\s(?:{COUNT_ONE})\b"), 0.6),
    ("QT", re.compile(rf"(?<![\w\-])(?P<v>{_MANY})\sof(?:\s(?:the\s)?[a-z\-]+){{0,2}}\s(?:{COUNTS})\b"), 0.6),
    ("QT", re.compile(rf"(?<![\d.$,])(?P<v>(?!(?:19|20)\d\d\b)(?:{NUM}))(?:\s[A-Z][a-z]+){{1,2}}(?:\s[a-z\-]+)?\s(?:{COUNTS})\b"), 0.7),
    # any count: a number before a plural noun or a casualty word (340 personnel, 85 pieces, seven injured)
    ("QT", re.compile(rf"(?<![\w\-$.,]){_NOT_AFTER}(?P<v>(?!(?:19|20)\d\d\b)(?:{NUM})|{_WORDNUM})(?:\s[a-z\-]+){{0,2}}?"
                      rf"\s(?:(?!(?:years|months|weeks|days|hours|minutes|seconds|is|was|has|its|this|percent|times)\b)[a-z]{{2,}}s|"
                      rf"people|personnel|staff|crew|police|equipment|aircraft|cattle|dead|injured|killed|missing|wounded|hurt)\b"), 0.55),
    ("QT", re.compile(r"(?<=[a-z]),\s(?P<v>\d{1,3})(?=,\s|\.\s|\.$)"), 0.55),  # an age: Oh Jung-hoon, 52,
    ("QT", re.compile(r"\bin\s(?:his|her|their)\s(?P<v>(?:early\s|mid-|late\s)?\d0s)\b"), 0.6),
]
PATTERNS = [(label, pat, score) for label, pat, score in PATTERNS]


WORDNUM = {w: float(i) for i, w in enumerate(NUMBER_WORDS[:21])} | {w: float(10 * i) for i, w in enumerate(NUMBER_WORDS[21:], 3)}


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
            return _word_count(low)
        if "point" in low and ("percentage" in low or "%" in t):
            return ("pp", value)
        if "%" in t or "percent" in low:
            return ("pct", -value if t.startswith("-") else value)
        return ("num", value)
    if label == "DT":
        row = re.search(r"(\d+)(?:st|nd|rd|th) consecutive (day|week|month|year)", low)
        if row:
            return ("dur", float(row.group(1)), row.group(2))
        dur = re.match(r"(one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s(day|week|month|year)s?$", low)
        if dur:
            return ("dur", WORDNUM.get(dur.group(1)) or float(dur.group(1)), dur.group(2))
        return _date_key(t, low)
    if label == "TI":
        if low in ("morning", "afternoon", "evening", "night"):
            return ("tod", "am" if low == "morning" else "pm")
        dur = re.fullmatch(r"(\w+)\s(minute|hour)s?", low)
        if dur and (dur.group(1).isdigit() or dur.group(1) in WORDNUM):
            return ("dur", WORDNUM.get(dur.group(1)) or float(dur.group(1)), dur.group(2))
        m = re.search(r"(\d{1,2})(?::(\d{2}))?", t)
        if not m:
            return None
        hour = int(m.group(1)) + (12 if "p" in low and int(m.group(1)) < 12 else 0)
        return ("time", hour, int(m.group(2) or 0))
    return None


def _word_count(low: str) -> tuple[str, float] | None:
    """Value of a count in words (four, three dozen, two hundred, a single); None if vague (dozens)."""
    words = low.split()
    if low == "a single":
        return ("num", 1.0)
    scale = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6}
    if words and words[0] in WORDNUM and all(w in scale for w in words[1:]):
        value = WORDNUM[words[0]]
        for w in words[1:]:
            value *= scale[w]
        return ("num", value)
    return None


_REL = {"same period last year": "same_period_last_year", "same month last year": "same_month_last_year",
        "previous month": "prev_month", "previous year": "prev_year", "first half": "h1", "second half": "h2",
        "first quarter": "q1", "second quarter": "q2", "third quarter": "q3", "fourth quarter": "q4",
        "years ago": "years_ago", "every summer": "every_summer", "every winter": "every_winter", "this month": "this_month",
        "the day": "that_day", "this year": "this_year", "last year": "last_year", "next year": "next_year", "end of the year": "year_end",
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
    if day and re.search(_ORD, t) and "consecutive" not in low:
        return ("day", int(day.group(1)))
    if "half" in low and year:
        return ("half", int(year.group(1)), 1 if "first" in low else 2)
    if month:
        return ("month", month)
    if year:
        return ("year", int(year.group(1)))
    return next((("rel", v) for k, v in _REL.items() if k in low), None)
