"""Projection through the gazetteer: a name found on one side reveals its translation on the other.

A span left unlinked whose gazetteer entry has a form written in the aligned
sentence(s) of the other side (``외무성`` ↔ ``the foreign ministry``, lower case and so
missed by the English tagger) gets that form as a new span, of the same type, linked.
"""
from __future__ import annotations

import re
from itertools import count

from ..model import Article, CrossLink, Span
from .gazetteer import Entry, Gazetteer
from .intervals import SpanIndex, Taken
from .linking import _groups, _inside, abbreviations

VALUES = {"DT", "TI", "QT", "MONEY"}
SCORE = 0.6
LINK_SCORE = 0.8


def _entry(span: Span, gaz: Gazetteer) -> Entry | None:
    if span.lang == "ko":
        return gaz.ko(abbreviations().get(span.text, span.text))
    return gaz.en(span.text)


def _pattern(form: str, lang: str) -> re.Pattern | None:
    """Korean forms match as written; English multi-word forms ignore case, one-word ones do not."""
    if len(form) < 2:
        return None
    if lang == "ko":
        return re.compile(re.escape(form))
    flags = re.I if " " in form else 0
    return re.compile(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", flags)


def _find(art: Article, entry: Entry, lang: str, idx: tuple[int, ...], taken: Taken):
    """First free occurrence of any form of ``entry`` in the sentences ``idx`` of side ``lang``."""
    text, sents = art.text(lang), art.sentences(lang)
    forms = sorted(entry.en if lang == "en" else entry.ko, key=len, reverse=True)
    for form in forms:
        pat = _pattern(form, lang)
        for i in idx:
            if pat is None or i >= len(sents):
                continue
            for m in pat.finditer(text, sents[i].start, sents[i].end):
                if not taken.overlaps(m.start(), m.end()):
                    return m.start(), m.end()
    return None


def fill(art: Article, spans: list[Span], links: list[CrossLink], gaz: Gazetteer,
         annotator: str | None) -> tuple[list[Span], list[CrossLink]]:
    """New spans and links for unlinked gazetteer names whose translation sits on the other side."""
    linked = {l.ko for l in links} | {l.en for l in links}
    taken = {lang: Taken((s.start, s.end) for s in spans if s.lang == lang) for lang in ("ko", "en")}
    new_spans, new_links, ids = [], [], count(1)
    names = {lang: SpanIndex([s for s in spans if s.lang == lang and s.label not in VALUES]) for lang in ("ko", "en")}
    for ko_idx, en_idx in _groups(art):
        for src, dst, src_idx, dst_idx in (("ko", "en", ko_idx, en_idx), ("en", "ko", en_idx, ko_idx)):
            pool = [s for s in _inside(names[src], art.sentences(src), src_idx) if s.id not in linked]
            for s in pool:
                entry = _entry(s, gaz)
                hit = _find(art, entry, dst, dst_idx, taken[dst]) if entry else None
                if hit is None:
                    continue
                new = Span(id=f"{dst}-g{next(ids)}", lang=dst, start=hit[0], end=hit[1], label=s.label,
                           text=art.text(dst)[hit[0]:hit[1]], origin="model", annotator=annotator, score=SCORE)
                new_spans.append(new)
                taken[dst].append(hit)
                linked |= {s.id, new.id}
                ko, en = (s, new) if src == "ko" else (new, s)
                new_links.append(CrossLink(ko=ko.id, en=en.id, origin="model", annotator=annotator, score=LINK_SCORE))
    return new_spans, new_links
