"""A cheap check, at ingest, that the English side translates the Korean side.

Korean news keeps numbers in Arabic digits and many names in Latin script (``DPR``,
``KCNA``, ``Samsung``); a translation keeps them too. Another article's text shares
few of them, and its length seldom fits. The check scores the share of these anchors
the two sides have in common and the length ratio, and flags ``suspect_translation``
when the anchors clearly disagree. It costs one pass of regular expressions per side.
``scripts/bench_suspect.py`` measures its flag rate on true and on shuffled pairs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SUSPECT = "suspect_translation"
_KO_RUN = re.compile(r"(?:\d+(?:,\d{3})*(?:\.\d+)?\s?[조억만천백]*)+")
_KO_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[조억만천백]")
_EN_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion)\b)?", re.I)
_KO_UNITS = {"백": 1e2, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
_EN_UNITS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*[A-Za-z0-9]|[A-Za-z]")
_WORD = re.compile(r"[a-z0-9][a-z0-9&'.-]*[a-z0-9]|[a-z0-9]")
MIN_ANCHORS = 2      # fewer anchors than this: the anchor share says nothing
MAX_SHARE = 0.25     # a translation shares more than this share of its anchors
RATIO = (0.6, 6.0)   # English characters per Korean character outside this: not a translation


@dataclass(frozen=True)
class Check:
    """The evidence: anchors on each side, anchors in common, length ratio, the verdict."""

    anchors_ko: int
    anchors_en: int
    common: int
    ratio: float
    suspect: bool

    @property
    def share(self) -> float:
        """Anchors in common over the mean anchor count of the two sides."""
        return self.common / max(1.0, (self.anchors_ko + self.anchors_en) / 2)

    def to_dict(self) -> dict:
        return {"anchors_ko": self.anchors_ko, "anchors_en": self.anchors_en, "common": self.common,
                "share": round(self.share, 3), "ratio": round(self.ratio, 3)}


def _key(value: float) -> str | None:
    """A comparable form of a number; single digits say nothing and are left out."""
    if value < 10 and value == int(value):
        return None
    return f"{value:.6g}"


def _korean_value(run: str) -> float:
    """``1억1천만`` -> 110000000, ``870억`` -> 87000000000, ``2024`` -> 2024."""
    total = section = current = 0.0
    for tok in _KO_TOKEN.findall(run):
        if tok in ("백", "천"):
            section += (current or 1) * _KO_UNITS[tok]
            current = 0.0
        elif tok in _KO_UNITS:
            total += ((section + current) or 1) * _KO_UNITS[tok]
            section = current = 0.0
        else:
            current = float(tok.replace(",", ""))
    return total + section + current


def numbers(text: str, lang: str = "en") -> set[str]:
    """The numbers of a text as values, with Korean (만, 억) and English (million) scale words."""
    if lang == "ko":
        values = (_korean_value(run) for run in _KO_RUN.findall(text))
    else:
        values = (float(n.replace(",", "")) * _EN_UNITS.get((unit or "").lower(), 1)
                  for n, unit in _EN_NUMBER.findall(text))
    return {k for k in map(_key, values) if k}


def latin_names(text_ko: str) -> set[str]:
    """Latin-script tokens of the Korean side, lower-cased (names, acronyms)."""
    return {t.lower() for t in _LATIN.findall(text_ko) if len(t) >= 2}


def translation_check(text_ko: str, text_en: str) -> Check:
    """Score how well the English side's anchors match the Korean side's."""
    nk, ne = numbers(text_ko, "ko"), numbers(text_en, "en")
    lk = latin_names(text_ko)
    words = set(_WORD.findall(text_en.lower()))
    common = len(nk & ne) + len(lk & words)
    ratio = len(text_en) / max(1, len(text_ko))
    check = Check(len(nk) + len(lk), len(ne) + len(lk), common, ratio, False)
    suspect = not (RATIO[0] <= ratio <= RATIO[1]) or (
        min(check.anchors_ko, check.anchors_en) >= MIN_ANCHORS and check.share < MAX_SHARE)
    return Check(check.anchors_ko, check.anchors_en, common, ratio, suspect)
