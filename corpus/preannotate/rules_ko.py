"""Korean date, time, quantity and money patterns and their normalized values."""
from __future__ import annotations

import re
from typing import Any

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
BIG = {"천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
CURRENCY = {"원": "KRW", "달러": "USD", "유로": "EUR", "엔": "JPY", "위안": "CNY", "루블": "RUB",
            "파운드": "GBP", "위안화": "CNY", "바트": "THB", "루피": "INR", "리라": "TRY", "흐리우냐": "UAH"}
_CUR = "|".join(sorted(CURRENCY, key=len, reverse=True))
_AMOUNT = rf"(?:{NUM})(?:\s?(?:조|억|만|천){{1,2}}(?:\s?\d[\d,]*(?!\s?\d))?)*"
_LOCAL = ""  # 13일(현지시간): the guide keeps only 13일
_REL_DAY = r"(?:(?:지난|오는|이번)\s?)?"
UNITS = (r"명|개국|개|대|척|발|곳|건|차례|번|배|가구|톤|t|kg|킬로그램|㎏|km|㎞|킬로미터|m|미터|㎡|GWh|MW|GW|kWh|"
         r"㎜|mm|밀리미터|㎝|cm|센티미터|인치|"
         r"평|석|호기|기|편|종|채|마리|세|살|표|포인트|bp|bps|도|척|문|정|그루|장|권|통|승|무|패|경기|점|골|타점|홈런|안타")
NATIVE = {"한": 1.0, "두": 2.0, "세": 3.0, "네": 4.0, "다섯": 5.0, "여섯": 6.0, "일곱": 7.0, "여덟": 8.0, "아홉": 9.0,
          "열": 10.0, "스무": 20.0}
_NATIVE = r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|수십|수백|수천|수만|수십만)"
_COUNTER = r"(?:명|개국|곳|건|대|척|발|가구|마리|채)"  # native numeral + counter: 네 명, 수십 명

PATTERNS: list[tuple[str, re.Pattern, float]] = [
    ("MONEY", re.compile(rf"(?:US\$|\$)\s?{_AMOUNT}|{_AMOUNT}\s?(?:{_CUR})(?![가-힣])|{_AMOUNT}\s?(?:{_CUR})(?=[은는이가을를의에로와과도만씩으부까처보대였]|이었|어치|규모|상당|가량)|"
                         rf"{_AMOUNT}\s?(?:달러|유로|루블|위안|파운드)"), 0.95),
    ("QT", re.compile(rf"-?(?:{NUM})\s?(?:%포인트|%p|%P|퍼센트포인트|퍼센트|%)"), 0.95),
    ("DT", re.compile(rf"{_REL_DAY}\d{{4}}\s?년\s?\d{{1,2}}\s?월\s?\d{{1,2}}\s?일{_LOCAL}"), 0.95),
    ("DT", re.compile(rf"{_REL_DAY}\d{{1,2}}\s?월\s?\d{{1,2}}\s?일{_LOCAL}"), 0.95),
    ("DT", re.compile(rf"{_REL_DAY}\d{{1,2}}\s?일{_LOCAL}(?![가-힣])"), 0.9),
    ("DT", re.compile(rf"{_REL_DAY}\d{{1,2}}\s?일{_LOCAL}(?=[은는에께부까의도로]|오전|오후|밤|새벽|저녁|낮)"), 0.9),
    ("DT", re.compile(r"\d{4}\s?년\s?\d{1,2}\s?월|\d{4}\s?년(?:대)?(?:\s?(?:상|하)반기)?|\d{4}\.\d{1,2}\.\d{1,2}"), 0.9),
    ("DT", re.compile(rf"{_REL_DAY}\d{{1,2}}\s?월(?:\s?(?:초|중순|말|하순|상순))?(?![가-힣])"), 0.85),
    ("DT", re.compile(r"\d{4}\s?년\s?(?:상|하)반기|\d{4}\s?년\s?\d{1,2}\s?월(?:\s?(?:초|중순|말))?"), 0.9),
    ("DT", re.compile(rf"{_REL_DAY}\d{{1,2}}\s?월(?:\s?(?:초|중순|말|하순|상순))?(?=[은는에께부까의도])"), 0.85),
    ("DT", re.compile(r"(?:지난|올|내|이번)\s?(?:해|주|달)(?:\s?(?:초|말|상반기|하반기))?|지난해|올해|내년|작년|"
                      r"연말|연초|이날|전날|다음날|이튿날|오늘|어제|내일|"
                      r"(?:올해|지난해|내년)?\s?(?:상|하)반기|[월화수목금토일]요일"), 0.7),
    ("TI", re.compile(r"(?:오전|오후|새벽|밤|낮|저녁|아침)\s?\d{1,2}\s?시(?:\s?\d{1,2}\s?분)?|"
                      r"\d{1,2}\s?시\s?\d{1,2}\s?분|\d{1,2}:\d{2}|(?<![가-힣])(?:오전|오후|새벽|정오|자정)(?=\s|[에중부까]|$)|"
                      r"\d+\s?(?:분|시간)(?=간|\s|[이가을를동만]|$)"), 0.8),
    ("DT", re.compile(r"\d+\s?(?:개월|년|주일|일)(?=간|\s?(?:연속|동안|만에|째|새|전|후|뒤)|[이가을를동만으]|$)|사흘|이틀|나흘|닷새|"
                      r"(?:지난해|올해|전년|전월)\s?(?:같은|동)\s?(?:기간|월|분기)|전년\s?동월|수년\s?전|수개월\s?전|매년\s?(?:봄|여름|가을|겨울)|"
                      r"\d\s?분기|이달|전월|전년|지난달|이번\s?달|다음\s?달"), 0.75),
    ("QT", re.compile(rf"(?<![\d.])(?:{NUM})(?:\s?(?:만|억|천)(?:\s?\d+)?)*여?\s?(?:{UNITS})(?![가-힣])|\d+\s?분의\s?\d+"), 0.8),
    ("QT", re.compile(rf"(?<![\d.])(?:{NUM})(?:\s?(?:만|억|천)(?:\s?\d+)?)*여?\s?(?:{UNITS})(?=[이가은는을를에의도과와로만씩으부까처보])"), 0.75),
    ("QT", re.compile(r"(?<=[가-힣]\()\d{1,3}(?=\))"), 0.6),  # an age after a name: 오정훈(52)씨
    ("QT", re.compile(r"(?<![\d\-.])\d{1,2}\s?-\s?\d{1,2}(?![\d\-.])(?=로|으로|의|에서|\s?(?:승|패|무|스코어)|[,.]|\s)"), 0.6),  # a score: 3-7로
    ("DT", re.compile(r"(?:올|이번|지난|다음|내년|올해)\s?시즌|전\s?거래일|(?<![\d.])\d{1,2}\s?(?:년|개월)(?=\s?(?:계약|임기|만에|만의|만이|만인|간|동안|째|연속|넘게|이상|가까이|여간))|\d{1,2}\s?년\s?\d{1,2}\s?개월|"
                      r"(?:지난해|올해|내년|작년)\s\d\s?분기|(?:전년|지난해)\s?동기"), 0.75),
    ("DT", re.compile(r"(?:지난해|올해|내년|작년|지난달|이달|다음\s?달|이번\s?달|(?:\d{4}\s?년))\s\d{1,2}\s?(?:월(?:\s?\d{1,2}\s?일)?|일)"
                      r"(?:\s?(?:초|중순|말|하순|상순))?|(?:\d+|수|몇)\s?(?:년|개월|주|일|달)\s?(?:전|후|뒤)(?:(?![가-힣])|(?=보다|부터|까지|에|의|과|와|만|인))|같은\s?날|당일|그날"), 0.9),
    ("QT", re.compile(rf"(?<![가-힣]){_NATIVE}\s?{_COUNTER}(?=[이가은는을를에의도과와로만씩]|\s|[,.]|$)"), 0.7),
    ("QT", re.compile(rf"(?:시속|초속|분당|시간당|하루)\s?(?:{NUM})\s?(?:㎞|km|킬로미터|m|미터|㎜|mm|밀리미터|㎝|cm|센티미터|t|톤)"), 0.85),
]


def amount(text: str) -> float | None:
    """Value of ``1.5억``, ``90억``, ``1조2000억``, ``3,000`` (None if none)."""
    total, found = 0.0, False
    for num, units in re.findall(rf"({NUM})\s?((?:조|억|만|천)*)", text):
        value = float(num.replace(",", ""))
        for unit in units:
            value *= BIG[unit]
        total += value
        found = True
    return total if found else None


def normalize(text: str, label: str) -> tuple[Any, ...] | None:
    """Language-neutral value of a match (see :func:`corpus.preannotate.rules.same_value`)."""
    t = re.sub(r"\((?:현지|한국|미국)\s?(?:시간|시각)\)", "", text)
    if label == "MONEY":
        cur = next((CURRENCY[c] for c in sorted(CURRENCY, key=len, reverse=True) if t.endswith(c)), "USD")
        value = amount(re.sub(r"[^\d.,조억만천]", " ", t))
        return ("money", value, cur) if value is not None else None
    if label == "QT":
        value = amount(t.split("%")[0] if "%" in t else t)
        if value is None:
            native = re.match("|".join(sorted(NATIVE, key=len, reverse=True)), t.strip())
            return ("num", NATIVE[native.group(0)]) if native and native.group(0) in NATIVE else None
        if "포인트" in t or "%p" in t.lower():
            return ("pp", value)
        if "%" in t or "퍼센트" in t:
            return ("pct", -value if t.lstrip().startswith("-") else value)
        return ("num", value)
    if label == "DT":
        return _date_key(t)
    if label == "TI":
        if t.strip() in ("오전", "오후"):
            return ("tod", "am" if t.strip() == "오전" else "pm")
        dur = re.fullmatch(r"(\d+)\s?(분|시간)", t.strip())
        if dur:
            return ("dur", float(dur.group(1)), "minute" if dur.group(2) == "분" else "hour")
        m = re.search(r"(\d{1,2})\s?시(?:\s?(\d{1,2})\s?분)?", t) or re.search(r"(\d{1,2}):(\d{2})", t)
        if not m:
            return None
        hour = int(m.group(1)) + (12 if ("오후" in t or "저녁" in t or "밤" in t) and int(m.group(1)) < 12 else 0)
        return ("time", hour, int(m.group(2) or 0))
    return None


_WORD_DATES = {"지난해 같은 기간": ("rel", "same_period_last_year"), "전년 동월": ("rel", "same_month_last_year"),
               "전월": ("rel", "prev_month"), "전년": ("rel", "prev_year"), "상반기": ("rel", "h1"), "하반기": ("rel", "h2"),
               "1분기": ("rel", "q1"), "2분기": ("rel", "q2"), "3분기": ("rel", "q3"), "4분기": ("rel", "q4"),
               "수년 전": ("rel", "years_ago"), "매년 여름": ("rel", "every_summer"), "매년 겨울": ("rel", "every_winter"),
               "이달": ("rel", "this_month"), "올해": ("rel", "this_year"), "지난해": ("rel", "last_year"), "작년": ("rel", "last_year"),
               "내년": ("rel", "next_year"), "연말": ("rel", "year_end"), "이날": ("rel", "that_day"),
               "전날": ("rel", "day_before"), "오늘": ("rel", "today"), "어제": ("rel", "yesterday"),
               "내일": ("rel", "tomorrow")}


def _date_key(t: str) -> tuple[Any, ...] | None:
    y = re.search(r"(\d{4})\s?년", t)
    m = re.search(r"(\d{1,2})\s?월", t)
    d = re.search(r"(\d{1,2})\s?일", t)
    dotted = re.search(r"(\d{4})\.(\d{1,2})\.(\d{1,2})", t)
    if dotted:
        return ("ymd", *map(int, dotted.groups()))
    dur = re.fullmatch(r"(\d+)\s?(개월|년|주일)", t.strip()) if not re.search(r"\d{4}\s?년", t) else None
    if dur:
        return ("dur", float(dur.group(1)), {"개월": "month", "년": "year", "주일": "week", "일": "day"}[dur.group(2)])
    native = {"이틀": 2.0, "사흘": 3.0, "나흘": 4.0, "닷새": 5.0}
    if t.strip() in native:
        return ("dur", native[t.strip()], "day")
    if y and re.search(r"하반기|상반기", t):
        return ("half", int(y.group(1)), 1 if "상반기" in t else 2)
    if y and m and d:
        return ("ymd", int(y.group(1)), int(m.group(1)), int(d.group(1)))
    if m and d:
        return ("md", int(m.group(1)), int(d.group(1)))
    if y and m:
        return ("ym", int(y.group(1)), int(m.group(1)))
    if d:
        return ("day", int(d.group(1)))
    if m:
        return ("month", int(m.group(1)))
    if y:
        return ("year", int(y.group(1)))
    return next((v for k, v in _WORD_DATES.items() if k in t), None)
