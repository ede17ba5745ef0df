"""Put entity spans into sentences; report (never silently cut) what does not fit.

Issue kinds: ``text_mismatch`` (stored text differs from the article slice),
``unknown_label`` (label not in the exported label set), ``crosses_sentence``,
``outside_sentences``, ``overlap`` (nested or overlapping: the earlier, then
longer span is kept), ``not_token_aligned`` (English span edge inside a token
even after splitting; e.g. a span starting on a space).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Container, Sequence

from ..model import Sentence, Span


@dataclass
class Issue:
    """One entity that the NER configs cannot carry, and why."""

    kind: str
    article_id: str
    lang: str
    annotator: str
    span_id: str
    label: str
    start: int
    end: int
    text: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Placement:
    """Entities per sentence index, plus the issues found while placing them."""

    by_sentence: dict[int, list[Span]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def _issue(kind: str, article_id: str, span: Span, annotator: str, detail: str = "") -> Issue:
    return Issue(kind, article_id, span.lang, annotator, span.id, span.label,
                 span.start, span.end, span.text, detail)


def _containing(sentences: Sequence[Sentence], starts: list[int], span: Span) -> int | None:
    i = bisect.bisect_right(starts, span.start) - 1
    if i >= 0 and sentences[i].start <= span.start and span.end <= sentences[i].end:
        return i
    return None


def place_entities(article_id: str, annotator: str, doc: str, sentences: Sequence[Sentence],
                   spans: Sequence[Span], labels: Container[str]) -> Placement:
    """Assign each span to the one sentence that holds it; drop overlaps by a fixed rule."""
    out = Placement()
    starts = [s.start for s in sentences]
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.id)):
        if doc[span.start:span.end] != span.text or span.start >= span.end:
            out.issues.append(_issue("text_mismatch", article_id, span, annotator,
                                     f"article text is {doc[span.start:span.end]!r}"))
        elif span.label not in labels:
            out.issues.append(_issue("unknown_label", article_id, span, annotator))
        elif (i := _containing(sentences, starts, span)) is None:
            touched = [k for k, s in enumerate(sentences) if s.start < span.end and span.start < s.end]
            kind = "crosses_sentence" if touched else "outside_sentences"
            out.issues.append(_issue(kind, article_id, span, annotator, f"sentences {touched}"))
        else:
            kept = out.by_sentence.setdefault(i, [])
            if kept and span.start < kept[-1].end:
                out.issues.append(_issue("overlap", article_id, span, annotator,
                                         f"overlaps kept span {kept[-1].id}"))
            else:
                kept.append(span)
    return out
