"""Dates, times, quantities and money by rules, in Korean and English, with normalized values.

``find(text, lang)`` returns non-overlapping :class:`Value` matches (longest first);
``Value.key`` is a language-neutral value (``("day", 13)``, ``("money", 1.5e8, "USD")``)
that cross-lingual linking compares.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import rules_en, rules_ko
from .intervals import Taken


@dataclass(frozen=True)
class Value:
    """A rule match: ``[start, end)`` in the text, an entity label and a normalized key."""

    start: int
    end: int
    label: str
    text: str
    key: tuple[Any, ...] | None
    score: float


def find(text: str, lang: str) -> list[Value]:
    """All rule matches in ``text`` (``lang`` ko or en), longest first, no overlaps."""
    module = rules_ko if lang == "ko" else rules_en
    cands = []
    for label, pattern, score in module.PATTERNS:
        for m in pattern.finditer(text):
            span = m.span("v") if "v" in pattern.groupindex else m.span()
            start, end = _trim(text, *span)
            if end > start:
                cands.append((start, end, label, score))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = Taken()
    out = []
    for start, end, label, score in cands:
        if taken.overlaps(start, end):
            continue
        taken.add(start, end)
        span = text[start:end]
        out.append(Value(start, end, label, span, module.normalize(span, label), score))
    return sorted(out, key=lambda v: v.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    return start, end


def number(text: str) -> float | None:
    """A plain number with thousands commas (``1,200.5``), or None."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def close(a: float, b: float) -> bool:
    """Equal up to rounding (a translation may round ``1.04억`` to ``104 million``)."""
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0) or (max(a, b) > 0 and abs(a - b) / max(a, b) < 0.011)


def same_value(a: tuple | None, b: tuple | None) -> bool:
    """Two normalized keys denote the same value."""
    if not a or not b or a[0] != b[0] or len(a) != len(b):
        return False
    return all(close(x, y) if isinstance(x, float) and isinstance(y, float) else x == y
               for x, y in zip(a[1:], b[1:]))


WORD = re.compile(r"\w+")
