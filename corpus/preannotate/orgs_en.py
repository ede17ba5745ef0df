"""English organisation evidence for the tagger: listed company names and legal-form suffixes.

``corpus/data/en_orgs.tsv`` (built by ``scripts/build_orgs_en.py``) holds the constituents of
20 stock indices (pytickersymbols, MIT) as written and without their legal form, and the
legal-form suffixes of companies by country (cleanco, MIT: ``AG``, ``plc``, ``GmbH``, ``SA``).
A capitalized run that the list holds (``Deutsche Bank``, ``Glencore``), or a capitalized word
before a legal form (``Krupp AG``), is more likely an organisation than a place or a person.
One dict lookup per capitalized token; the lists load once, on first use.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .features import Token

ORGS = Path(__file__).resolve().parents[1] / "data" / "en_orgs.tsv"
_MAX = 5


@lru_cache(maxsize=1)
def orgs() -> tuple[dict[str, str], dict[str, int], frozenset[str]]:
    """Lower-cased company names -> ``co`` (``co~c``: also an English word), their first words ->
    the longest name's word count, and the legal forms (lower case, no dots)."""
    names: dict[str, str] = {}
    heads: dict[str, int] = {}
    legal: set[str] = set()
    for line in ORGS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, name, flag = (line.split("\t") + [""])[:3]
        if kind == "legal":
            legal.add(name)
            continue
        low = name.lower()
        names[low] = "co~c" if flag == "c" else "co"
        first = low.split()[0]
        heads[first] = max(heads.get(first, 1), min(len(low.split()), _MAX))
    return names, heads, frozenset(legal)


def companies(text: str, toks: Sequence[Token], low: Sequence[str]) -> list[str]:
    """``B-co`` / ``I-co`` (``~c`` for a listed name that is also a word) per token, longest
    listed name first, only from a capitalized word."""
    names, heads, _ = orgs()
    out = [""] * len(toks)
    k = 0
    while k < len(toks):
        hit = 0
        if toks[k][2][:1].isupper() and low[k] in heads:
            for n in range(min(heads[low[k]] + 2, len(toks) - k), 0, -1):  # "E.ON" is three tokens
                kind = names.get(low[k] if n == 1 else text[toks[k][0]:toks[k + n - 1][1]].lower())
                if kind:
                    out[k:k + n] = [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
                    hit = n
                    break
        k += max(hit, 1)
    return out


def legal_form(toks: Sequence[Token], low: Sequence[str], k: int) -> bool:
    """Token ``k`` is a company's legal form after a capitalized word (``Siemens AG``, ``Glaxo plc``)."""
    if k == 0 or not toks[k - 1][2][:1].isupper() or not (toks[k][2][:1].isupper() or low[k] == "plc"):
        return False
    return low[k].rstrip(".").replace(".", "") in orgs()[2]
