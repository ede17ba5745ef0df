"""Rows of each config built from one article and its selected annotations."""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Container, Iterator, Mapping, Sequence

from ..errors import InputError
from ..model import Annotation, Article, Event
from .bio import encode, tokenize
from .placement import Issue, place_entities


def _span_row(span, annotator: str) -> dict[str, Any]:
    return {"id": span.id, "lang": span.lang, "start": span.start, "end": span.end,
            "label": span.label, "text": span.text, "origin": span.origin,
            "annotator": span.annotator or annotator, "score": span.score}


def _event_doc(ev: Event, annotator: str) -> dict[str, Any]:
    return {"id": ev.id, "type": ev.type, "lang": ev.lang, "trigger": ev.trigger, "origin": ev.origin,
            "annotator": ev.annotator or annotator,
            "arguments": [{"role": a.role, "span": a.span} for a in ev.arguments]}


def document_row(art: Article, split: str, anns: list[Annotation]) -> dict[str, Any]:
    """The ``documents`` row: the article pair with the selected annotations flattened."""
    al = art.alignment
    links = [{"ko": list(l.ko), "en": list(l.en), "type": l.kind, "score": l.score, "low": l.low}
             for l in (al.links if al else [])]
    return {
        "id": art.id, "split": split, "source": art.source, "url_ko": art.url_ko,
        "url_en": art.url_en, "published": art.published, "title_ko": art.title_ko,
        "title_en": art.title_en, "text_ko": art.text_ko, "text_en": art.text_en,
        "sentences_ko": [{"start": s.start, "end": s.end} for s in art.sentences_ko],
        "sentences_en": [{"start": s.start, "end": s.end} for s in art.sentences_en],
        "alignment": {"method": al.method if al else "", "quality": al.quality if al else None,
                      "links": links},
        "entities": [_span_row(s, a.annotator) for a in anns for s in a.spans],
        "events": [_event_doc(e, a.annotator) for a in anns for e in a.events],
        "cross_links": [{"ko": c.ko, "en": c.en, "type": c.type, "origin": c.origin,
                         "annotator": c.annotator or a.annotator, "score": c.score}
                        for a in anns for c in a.links],
        "judgements": [{"annotator": a.annotator, "name": k, "values": list(v)}
                       for a in anns for k, v in sorted(a.choices.items())],
        "annotations": [{"annotator": a.annotator, "origin": a.origin, "ground_truth": a.ground_truth,
                         "model_version": a.model_version, "created_at": a.created_at,
                         "updated_at": a.updated_at} for a in anns],
        "flags": list(art.flags), "meta": json.dumps(art.meta, ensure_ascii=False, sort_keys=True),
    }


LOW_QUALITY_FLAGS = ("align_low_quality", "suspect_translation")


def low_quality(art: Article) -> list[str]:
    """The flags that say an article's English side may not translate its Korean side."""
    return [f for f in art.flags if f in LOW_QUALITY_FLAGS]


def pair_rows(art: Article, *, include_low: bool = False, include_omissions: bool = False,
              include_low_quality: bool = False) -> Iterator[dict[str, Any]]:
    """``sentence_pairs`` rows: one per link; low-confidence links, 1-0/0-1 links and the
    links of low-quality articles (``align_low_quality``, ``suspect_translation``) only if asked."""
    if not art.alignment:
        return
    flagged = low_quality(art)
    if flagged and not include_low_quality:
        return
    _check_links(art)
    for k, link in enumerate(art.alignment.links):
        if (link.low and not include_low) or ((not link.ko or not link.en) and not include_omissions):
            continue
        ko = art.text_ko[art.sentences_ko[link.ko[0]].start:art.sentences_ko[link.ko[-1]].end] if link.ko else ""
        en = art.text_en[art.sentences_en[link.en[0]].start:art.sentences_en[link.en[-1]].end] if link.en else ""
        yield {"id": f"{art.id}:{k}", "article_id": art.id, "link_index": k, "link_type": link.kind,
               "score": link.score, "low": link.low, "article_flags": flagged, "ko_sentences": list(link.ko),
               "en_sentences": list(link.en), "translation": {"ko": ko, "en": en}}


def _check_links(art: Article) -> None:
    """Every link index must name a sentence of its side."""
    n_ko, n_en = len(art.sentences_ko), len(art.sentences_en)
    for k, link in enumerate(art.alignment.links if art.alignment else []):
        if any(not 0 <= i < n_ko for i in link.ko) or any(not 0 <= i < n_en for i in link.en):
            raise InputError(f"article {art.id!r}: link {k} {list(link.ko)}-{list(link.en)} names a sentence "
                             f"outside {n_ko} Korean / {n_en} English sentences",
                             field="alignment.links")


def ner_rows(art: Article, lang: str, ann: Annotation, tag_index: dict[str, int],
             labels: Container[str], label_map: Mapping[str, str] | None = None,
             ) -> tuple[list[dict[str, Any]], list[Issue]]:
    """``ner_<lang>`` rows (one per sentence) and the entities they cannot carry.

    Event trigger spans are not entities: they go to the ``events`` config.
    ``label_map`` renames entity types first (e.g. GPE to KLUE's LC).
    """
    doc, sents = art.text(lang), art.sentences(lang)
    triggers = {e.trigger for e in ann.events}
    spans = [s for s in ann.spans if s.lang == lang and s.id not in triggers]
    if label_map:
        spans = [replace(s, label=label_map.get(s.label, s.label)) for s in spans]
    placed = place_entities(art.id, ann.annotator, doc, sents, spans, labels)
    rows = []
    for i, sent in enumerate(sents):
        text = doc[sent.start:sent.end]
        ents = [(s.start - sent.start, s.end - sent.start, s.label) for s in placed.by_sentence.get(i, [])]
        tokens, starts, ends = tokenize(lang, text, [x for e in ents for x in e[:2]])
        tags, missed = encode(starts, ends, ents, tag_index)
        for k in missed:
            span = placed.by_sentence[i][k]
            placed.issues.append(Issue("not_token_aligned", art.id, lang, ann.annotator, span.id,
                                       span.label, span.start, span.end, span.text))
        row = {"id": f"{art.id}:{lang}:{i}", "article_id": art.id, "annotator": ann.annotator,
               "origin": ann.origin, "sentence_index": i, "sentence_start": sent.start,
               "sentence": text, "tokens": tokens, "ner_tags": tags}
        if lang == "en":
            row["token_starts"], row["token_ends"] = starts, ends
        rows.append(row)
    return rows, placed.issues


def _linked_events(ann: Annotation) -> dict[str, str]:
    """Event id -> id of the event in the other language, via cross-lingual links."""
    by_key = {}
    for e in ann.events:
        by_key[e.id] = e.id
        by_key[e.trigger] = e.id
    out = {}
    for c in ann.links:
        ko, en = by_key.get(c.ko), by_key.get(c.en)
        if ko and en:
            out[ko], out[en] = en, ko
    return out


def event_rows(art: Article, ann: Annotation, event_types: Sequence[str] | None = None,
               roles: Sequence[str] | None = None) -> tuple[list[dict[str, Any]], list[Issue]]:
    """``events`` rows (one per event mention) with article-level offsets.

    With ``event_types`` / ``roles`` given, ``type`` and ``role`` are their indices (the
    ClassLabels of the config); an event type or role outside them is an issue, not a row.
    """
    spans, linked = ann.span_by_id(), _linked_events(ann)
    types = {t: i for i, t in enumerate(event_types)} if event_types is not None else None
    role_ids = {r: i for i, r in enumerate(roles)} if roles is not None else None
    rows, issues = [], []
    for ev in ann.events:
        trig = spans.get(ev.trigger)
        if trig is None:
            issues.append(Issue("event_missing_trigger", art.id, ev.lang, ann.annotator, ev.id,
                                ev.type, -1, -1, "", f"trigger {ev.trigger} not among spans"))
            continue
        if types is not None and ev.type not in types:
            issues.append(Issue("unknown_event_type", art.id, ev.lang, ann.annotator, ev.id, ev.type,
                                trig.start, trig.end, trig.text, "event type not in the export's event types"))
            continue
        row = _event_row(art, ann, ev, trig, spans, linked.get(ev.id, ""), issues, role_ids)
        if types is not None:
            row["type"] = types[ev.type]
        rows.append(row)
    return rows, issues


def _event_row(art: Article, ann: Annotation, ev: Event, trig, spans, linked: str,
               issues: list[Issue], role_ids: dict[str, int] | None = None) -> dict[str, Any]:
    sents = art.sentences(ev.lang)
    idx = next((i for i, s in enumerate(sents) if s.start <= trig.start < s.end), -1)
    args = []
    for a in ev.arguments:
        sp = spans.get(a.span)
        if sp is None:
            issues.append(Issue("argument_missing_span", art.id, ev.lang, ann.annotator, ev.id,
                                a.role, -1, -1, "", f"argument span {a.span} not among spans"))
            continue
        if role_ids is not None and a.role not in role_ids:
            issues.append(Issue("unknown_role", art.id, ev.lang, ann.annotator, ev.id, a.role, sp.start, sp.end,
                                sp.text, "role not in the export's roles"))
            continue
        args.append({"role": role_ids[a.role] if role_ids is not None else a.role, "span_id": sp.id,
                     "text": sp.text, "start": sp.start, "end": sp.end, "entity_type": sp.label})
    return {"id": ev.id, "article_id": art.id, "lang": ev.lang, "annotator": ev.annotator or ann.annotator,
            "origin": ann.origin, "type": ev.type,
            "trigger": {"span_id": trig.id, "text": trig.text, "start": trig.start, "end": trig.end},
            "arguments": args, "sentence_index": idx,
            "sentence_start": sents[idx].start if idx >= 0 else -1,
            "sentence": sents[idx].text(art.text(ev.lang)) if idx >= 0 else "",
            "linked_event_id": linked}
