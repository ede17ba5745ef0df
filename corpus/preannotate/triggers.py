"""Event triggers from the bilingual lexicon (``corpus/data/triggers.yaml``) and their arguments.

Korean triggers are nouns or verb lemmas from kiwipiepy tokens; English triggers are
single words in any listed form.  Arguments are the predicted entities of the same
sentence whose type one of the event type's roles accepts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml

LEXICON = Path(__file__).resolve().parents[1] / "data" / "triggers.yaml"
_EN_WORD = re.compile(r"[A-Za-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class Trigger:
    """A trigger mention: ``[start, end)`` in the text and its event type."""

    start: int
    end: int
    type: str
    score: float


@lru_cache(maxsize=4)
def lexicon(path: str = str(LEXICON)) -> dict[str, dict]:
    """Event type -> {"ko": lemmas, "en": word forms, "roles": {role: entity types}}."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = {}
    for etype, spec in data.items():
        en = {f.lower() for w in spec.get("en", []) if " " not in w for f in _inflect(w.lower())}
        out[etype] = {"ko": set(spec.get("ko", [])), "en": en,
                      "roles": {r: set(t) for r, t in spec.get("roles", {}).items()}}
    return out


def _inflect(word: str) -> set[str]:
    """A word and its regular inflections (attack → attacks, attacked, attacking)."""
    forms = {word, word + "s", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


@lru_cache(maxsize=4)
def _index(lang: str) -> dict[str, str]:
    return {form: etype for etype, spec in lexicon().items() for form in spec[lang]}


def korean(tokens: Sequence[tuple[int, int, str, str, str]]) -> list[Trigger]:
    """Triggers among ``(start, end, form, tag, lemma)`` Korean tokens (nouns and verbs)."""
    idx, out = _index("ko"), []
    prev_tag = None
    tokens = list(tokens)
    skip_until = -1
    for i, (start, end, form, tag, lemma) in enumerate(tokens):
        if start < skip_until:
            prev_tag = tag
            continue
        compound = _compound(tokens, i, idx)  # 결의+대회, 시험+발사: a lexicon noun kiwipiepy split
        if compound:
            c_end, etype = compound
            out.append(Trigger(start, c_end, etype, 0.7))
            skip_until, prev_tag = c_end, tag
            continue
        etype = idx.get(form) if tag == "NNG" else idx.get(lemma) if tag in ("VV", "VV-R", "VV-I") else None
        if etype and form in _TITLE_LIKE and prev_tag in ("NNP", "NNG", "SL", "XSN"):
            etype = None  # 대외경제성 부상: a vice-minister, not an injury
        if etype:
            out.append(Trigger(start, end, etype, 0.7))
        prev_tag = tag
    return out


def _compound(tokens: list, i: int, idx: dict[str, str]) -> tuple[int, str] | None:
    """The longest run of 2-3 touching common nouns from ``i`` that is one lexicon noun."""
    for n in (3, 2):
        run = tokens[i:i + n]
        if len(run) < n or any(t[3] != "NNG" for t in run) or any(a[1] != b[0] for a, b in zip(run, run[1:])):
            continue
        word = "".join(t[2] for t in run)
        if word in idx:
            return run[-1][1], idx[word]
    return None


_TITLE_LIKE = {"부상"}


def english(text: str) -> list[Trigger]:
    """Triggers among the words of an English text."""
    idx = _index("en")
    return [Trigger(m.start(), m.end(), idx[m.group(0).lower()], 0.7)
            for m in _EN_WORD.finditer(text) if m.group(0).lower() in idx
            and (m.group(0).islower() or _sentence_initial(text, m.start()))]


def _sentence_initial(text: str, start: int) -> bool:
    """A capitalized word opens a sentence or line (Defections rose ...)."""
    return start == 0 or bool(re.search(r"(?:[.!?][\"”’']?\s+|\n)$", text[max(0, start - 4):start]))


_SOURCE_KO = ("에 따르면", "등에 따르면", "은 보도", "는 보도", "이 보도", "가 보도")
_MEDIA = ("통신", "News Agency", "News", "TV", "신문", "방송", "Yonhap", "Reuters", "AP", "AFP", "KCNA", "TASS")


_REPORT_KO = r"(?:밝혔|말했|전했|발표했|보도했|설명했|강조했|덧붙였|주장했|지적했|공개했|알렸|집계했|추산했)"
_REPORT_EN = r"(?:said|says|told|announced|reported|added|noted|stated|explained|claimed|estimated|tallied)"
_SPEAKER_KO = re.compile(r"^(?:[이가은는]|측은|측이|에서는)\s+(?:(?:지난\s)?\d+일\s+|이날\s+|오전\s+|오후\s+)?" + _REPORT_KO)
_SPEAKER_EN = re.compile(r"^(?:'s?\s+(?:spokes\w*|office|officials?))?\s*(?:,\s)?" + _REPORT_EN + r"\b")
_TOPIC_KO = re.compile(r"^(?:은|는|측은)\s")
_REPORTED_KO = re.compile(r"(?:다|라|냐|자)고\s+(?:\S+\s+){0,3}" + _REPORT_KO + r"\w*[.!?\"”’']*\s*$")
_DATE_OF_REPORT_KO = re.compile(r"^\s*(?:오전\s|오후\s)?" + _REPORT_KO)
_DATE_OF_REPORT_EN = re.compile(_REPORT_EN + r"\s+(?:on\s+)?$")
_DURATION = re.compile(r"(?:^\d[\d,.]*\s*(?:분|시간|초|개월|년간|일간|주간|주일|일 동안|years?|months?|weeks?|days?|hours?|minutes?|seconds?)$)"
                       r"|^(?:사흘|나흘|이틀|하루|닷새|엿새|열흘|보름|one|two|three|four|five|six|seven|eight|nine|ten)"
                       r"\s*(?:동안|간|days?|weeks?|months?|years?|hours?|minutes?)?$", re.I)


def is_source(label: str, text: str, start: int, end: int, lang: str) -> bool:
    """A mention that reports the event rather than takes part (according to TASS, 합참에 따르면)."""
    if lang == "ko":
        return text[end:end + 6].startswith(_SOURCE_KO) or (label == "OG" and text[start:end].endswith(_MEDIA))
    before = text[max(0, start - 14):start].lower()
    return "according to" in before or (label == "OG" and text[start:end].endswith(_MEDIA))


def is_speaker(label: str, text: str, start: int, end: int, lang: str, sent_start: int, sent_end: int) -> bool:
    """The one who reports (통일부가 15일 밝혔다, 산업부는 ...했다고 밝혔다, the JCS said, said the ministry).

    A person who reports may also take part, so only the direct ``X said`` / ``X가 밝혔다``
    shape excludes a person; an organization that opens a reported sentence as its topic
    (``산업통상자원부는 ... 체결했다고 5일 밝혔다``) is excluded as well.
    """
    if label not in ("OG", "PS", "GPE"):
        return False
    if lang == "ko":
        after = text[end:sent_end]
        if _SPEAKER_KO.match(after):
            return True
        return (label == "OG" and bool(_TOPIC_KO.match(after)) and not text[sent_start:start].strip()
                and bool(_REPORTED_KO.search(after)))
    after, before = text[end:end + 40], text[max(sent_start, start - 12):start]
    return bool(_SPEAKER_EN.match(after)) or bool(re.search(_REPORT_EN + r"\s+(?:the\s+)?$", before))


def is_report_date(text: str, start: int, end: int, lang: str) -> bool:
    """The date the news was told, not of the event (15일 밝혔다, said on the 15th)."""
    if lang == "ko":
        return bool(_DATE_OF_REPORT_KO.match(text[end:end + 12]))
    return bool(_DATE_OF_REPORT_EN.search(text[max(0, start - 16):start]))


def is_duration(span_text: str) -> bool:
    """A length of time (사흘, 90분, three days) is not the time of an event."""
    return bool(_DURATION.match(span_text.strip()))


def role_for(etype: str, label: str, text: str, start: int, end: int, lang: str) -> str | None:
    """The role an entity of ``label`` plays for an event of ``etype`` (None if none fits)."""
    roles = lexicon()[etype]["roles"]
    fits = [r for r, types in roles.items() if label in types]
    if not fits or is_source(label, text, start, end, lang):
        return None
    if lang == "ko":
        after = text[end:end + 3]
        origin = after.startswith(("에서", "서 "))
        dest = after.startswith(("로", "으로", "에 ", "행", "에"))
        place = origin or after.startswith(("상", "에", "일대", " 일대", " 인근", " 부근"))
    else:
        before = text[max(0, start - 10):start].lower()
        origin = bool(re.search(r"\bfrom\s(?:the\s)?$", before))
        dest = bool(re.search(r"\b(?:to|into)\s(?:the\s)?$", before))
        place = bool(re.search(r"\b(?:in|at|off|near|into|outside|inside)\s(?:the\s)?$", before))
    if lang == "ko" and label in ("GPE", "LC", "FAC") and text[end:end + 1] == " ":
        head, case = _head_word(text, end)
        admin = bool(re.search(r"(?:구|시|군|동|읍|면|도)$", text[start:end]))
        if head.endswith(_PARTICIPANT_NOUNS) and not admin:
            if not head.endswith(("대표단", "측", "정부", "당국", "사절단")):
                return None  # 미국 국무부: the organization takes part, its country does not
        elif case in ("으로", "로", "에") and "Destination" in fits:
            dest = True  # 서울 강남구 병원으로
        elif case in ("에서", "에", "서") or head.endswith(_PLACE_NOUNS):
            place = True  # 서울 중구 한은 본관에서: a place modifier
    wanted = [("Origin", origin), ("Destination", dest), ("Place", place or origin or label in ("LC", "FAC"))]
    for role, cond in wanted:
        if cond and role in fits:
            return role
    non_place = [r for r in fits if r not in ("Place", "Destination", "Origin")]
    if etype.startswith("Personnel:") and label in ("GPE", "LC", "FAC") and "Place" in fits:
        return "Place"  # 부산시장에 당선: the jurisdiction
    if label in ("PS", "NORP") and etype in ("Life:Die", "Life:Injure") and "Victim" in fits:
        return "Victim" if not _by_agent(text, end, lang) else "Agent"  # 3명이 숨졌다: the dead are victims
    if label == "PS" and etype == "Movement:Transport" and "Artifact" in fits:
        return "Artifact"  # the person who travels
    hinted = _by_who(text[start:end], non_place) or _by_case(text, start, end, lang, non_place)
    return hinted or (non_place or fits)[0]


_COURT = re.compile(r"(?:법원|지법|고법|지원|재판부|헌재|헌법재판소|Court|court|[Tt]ribunal|[Jj]udge)$")
_PROSECUTION = re.compile(r"(?:검찰|검찰청|지검|고검|대검|특검|수사처|공수처|[Pp]rosecut\w*|Prosecutors' Office)$")
_POLICE = re.compile(r"(?:경찰|경찰청|경찰서|해경|수사대|Police|police|Coast Guard|FBI)$")


_PARTICIPANT_NOUNS = ("부", "청", "처", "위원회", "연구원", "대표단", "측", "정부", "당국", "통상당국", "대표", "사절단", "군", "대사관", "대표부", "통신", "은행",
                      "의회", "국회", "당", "법원", "검찰", "경찰", "공사", "공단", "기업", "업체", "그룹", "협회", "연맹")


_PLACE_NOUNS = ("본관", "청사", "공장", "앞", "인근", "일대", "시내", "도심", "광장", "거리", "병원", "현장", "사무실", "본사",
                "경기장", "야구장", "공항", "항구", "지역", "해역", "상공", "캠프", "기지")
_CASE = re.compile(r"(으로|에서|에게|에|로|서|은|는|이|가|을|를|와|과|의|도)$")


def _head_word(text: str, end: int) -> tuple[str, str]:
    """The first following word that carries a case particle, and the particle (서울 중구 본관에서 → 본관, 에서)."""
    for m in re.finditer(r"\s([가-힣A-Za-z0-9·]+)", text[end:end + 30]):
        word = m.group(1)
        case = _CASE.search(word)
        if case and len(word) > len(case.group(1)):
            return word[: -len(case.group(1))], case.group(1)
    return "", ""


def _by_agent(text: str, end: int, lang: str) -> bool:
    """The mention is the one who causes (에 의해, by X)."""
    return text[end:end + 6].startswith(("에 의해", "의 공격", "의 총격")) if lang == "ko" else False


def _by_who(name: str, fits: list[str]) -> str | None:
    """Courts judge, prosecutors charge, police arrest: the role their name tells."""
    if _COURT.search(name) and "Adjudicator" in fits:
        return "Adjudicator"
    if _PROSECUTION.search(name):
        return next((r for r in ("Prosecutor", "Plaintiff", "Agent") if r in fits), None)
    if _POLICE.search(name) and "Agent" in fits:
        return "Agent"
    return None


_DOER = ("Attacker", "Giver", "Buyer", "Agent", "Prosecutor", "Plaintiff")
_UNDERGOER = ("Target", "Recipient", "Seller", "Artifact", "Person", "Victim", "Defendant")
_SUBJECT_KO = ("이 ", "가 ", "은 ", "는 ", "께서", "측은", "측이", "이,", "가,", "은,", "는,")
_OBJECT_KO = ("을 ", "를 ", "을,", "를,")
_DATIVE_KO = ("에게", "에 ", "한테", "측에")


def _by_case(text: str, start: int, end: int, lang: str, fits: list[str]) -> str | None:
    """Korean case particles choose between doer and undergoer roles when both fit
    (북한이 … 발사 → Attacker; 한빛에 투자 → Recipient; 시장을 체포 → Person)."""
    doer = next((r for r in fits if r in _DOER), None)
    under = next((r for r in fits if r in _UNDERGOER), None)
    if lang != "ko" or doer is None or under is None:
        return None
    after = text[end:end + 3]
    if after.startswith(_SUBJECT_KO):
        return doer
    if after.startswith(_OBJECT_KO):
        return under
    if after.startswith(_DATIVE_KO):
        return next((r for r in ("Recipient", "Target", "Victim", "Seller") if r in fits), under)
    return None
