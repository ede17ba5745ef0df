"""What annotators are compared on: offset-keyed views of one Annotation.

Everything is keyed by offsets and labels, never by region ids, since two annotators'
ids are unrelated.  Spans that serve as event triggers count as events, not entities.
"""
from __future__ import annotations

from typing import Iterable

from ..model import Annotation, Article, Span

OUTSIDE = "O"
SpanKey = tuple[str, int, int, str]


def span_key(span: Span) -> SpanKey:
    """(lang, start, end, label) of a span."""
    return (span.lang, span.start, span.end, span.label)


def trigger_ids(ann: Annotation) -> set[str]:
    return {ev.trigger for ev in ann.events}


def entity_spans(ann: Annotation) -> list[Span]:
    """The annotation's entity spans (spans that trigger no event)."""
    triggers = trigger_ids(ann)
    return [s for s in ann.spans if s.id not in triggers]


def entity_keys(ann: Annotation) -> set[SpanKey]:
    return {span_key(s) for s in entity_spans(ann)}


def trigger_keys(ann: Annotation) -> set[tuple[str, int, int, str]]:
    """(lang, start, end, event type) of each event whose trigger span exists."""
    spans = ann.span_by_id()
    return {(ev.lang, spans[ev.trigger].start, spans[ev.trigger].end, ev.type)
            for ev in ann.events if ev.trigger in spans}


def argument_keys(ann: Annotation) -> set[tuple]:
    """(lang, trigger start, end, event type, role, argument start, end) of each argument."""
    spans, out = ann.span_by_id(), set()
    for ev in ann.events:
        trig = spans.get(ev.trigger)
        for arg in ev.arguments:
            target = spans.get(arg.span)
            if trig and target:
                out.add((ev.lang, trig.start, trig.end, ev.type, arg.role, target.start, target.end))
    return out


def link_keys(ann: Annotation) -> set[tuple]:
    """((ko start, end), (en start, end), type) of each cross-lingual link."""
    spans, out = ann.span_by_id(), set()
    for link in ann.links:
        ko, en = spans.get(link.ko), spans.get(link.en)
        if ko and en:
            out.add(((ko.start, ko.end), (en.start, en.end), link.type))
    return out


def char_labels(ann: Annotation, lang: str, length: int) -> list[str]:
    """One label per character of one side: the covering entity's label, else ``O``.

    Where entities nest, the longest (outermost) one wins, as in flat BIO tagging.
    """
    labels = [OUTSIDE] * length
    ranked = sorted((s for s in entity_spans(ann) if s.lang == lang), key=lambda s: (s.end - s.start, s.label))
    for s in ranked:
        for i in range(max(s.start, 0), min(s.end, length)):
            labels[i] = s.label
    return labels


def is_final(ann: Annotation) -> bool:
    """An adjudicated or ground-truth annotation: a resolution, not one annotator's own work."""
    return bool(ann.meta.get("adjudicated")) or ann.ground_truth


def annotator_views(art: Article, annotations: Iterable[Annotation] | None = None) -> dict[str, Annotation]:
    """Each human annotator's latest own annotation of ``art`` (finals left out)."""
    out: dict[str, Annotation] = {}
    for ann in annotations if annotations is not None else art.annotations:
        if ann.origin != "human" or is_final(ann):
            continue
        old = out.get(ann.annotator)
        if old is None or (ann.updated_at or ann.created_at or "") >= (old.updated_at or old.created_at or ""):
            out[ann.annotator] = ann
    return dict(sorted(out.items()))
