"""English word evidence for the tagger: an English word list and bracketed acronyms.

``corpus/data/en_words.txt`` is SCOWL's American list (Debian wamerican, permissive licence,
notice at the top of the file): a lower-case entry is an English word, a capitalized one a
proper noun.  A capitalized word that is no English word (``Commerzbank``, ``Volvo``) is more
likely a name than one that is (``Crude``, ``Leftist`` at the start of a sentence).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .features import Token

WORDS = Path(__file__).resolve().parents[1] / "data" / "en_words.txt"


@lru_cache(maxsize=1)
def words() -> dict[str, str]:
    """Lower-cased forms of the word list -> ``w`` (an English word), ``p`` (only a proper
    noun: Golan, Volvo) or ``wp`` (both: Brown, Mobile)."""
    out: dict[str, str] = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind = "w" if line.islower() else "p"
            low = line.lower()
            out[low] = kind if out.get(low, kind) == kind else "wp"
    return out


def word_kind(form: str, low: str) -> str:
    """``w``/``p``/``wp`` of the word list, ``-`` for an unknown word, ``""`` for no word."""
    if len(form) < 2 or not form.isalpha():
        return ""
    return words().get(low, "-")


def acronym(toks: Sequence[Token], k: int) -> str:
    """``low``/``cap`` for an acronym in brackets after a lower-case / capitalized word."""
    if k < 2 or k + 1 >= len(toks) or toks[k - 1][2] != "(" or toks[k + 1][2] != ")":
        return ""
    form, before = toks[k][2], toks[k - 2][2]
    if not (form.isupper() and form.isalpha()):
        return ""
    return "cap" if before[:1].isupper() else "low" if before.islower() else ""
