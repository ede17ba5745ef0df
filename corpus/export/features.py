"""Explicit ``datasets.Features`` of every exported config."""
from __future__ import annotations

from typing import Sequence

from datasets import ClassLabel, Features, List, Sequence as HFSequence, Translation, Value

from .bio import tag_names

S, I32, F32, B = Value("string"), Value("int32"), Value("float32"), Value("bool")

SPAN = {"id": S, "lang": S, "start": I32, "end": I32, "label": S, "text": S,
        "origin": S, "annotator": S, "score": F32}
OFFSETS = {"start": I32, "end": I32}
LINK = {"ko": List(I32), "en": List(I32), "type": S, "score": F32, "low": B}
EVENT_DOC = {"id": S, "type": S, "lang": S, "trigger": S, "origin": S, "annotator": S,
             "arguments": List({"role": S, "span": S})}
CROSS = {"ko": S, "en": S, "type": S, "origin": S, "annotator": S, "score": F32}
ANNOTATION = {"annotator": S, "origin": S, "ground_truth": B, "model_version": S,
              "created_at": S, "updated_at": S}


def documents_features() -> Features:
    """One row per article pair, everything known of it."""
    return Features({
        "id": S, "split": S, "source": S, "url_ko": S, "url_en": S, "published": S,
        "title_ko": S, "title_en": S, "text_ko": S, "text_en": S,
        "sentences_ko": List(OFFSETS), "sentences_en": List(OFFSETS),
        "alignment": {"method": S, "quality": F32, "links": List(LINK)},
        "entities": List(SPAN), "events": List(EVENT_DOC), "cross_links": List(CROSS),
        "judgements": List({"annotator": S, "name": S, "values": List(S)}),
        "annotations": List(ANNOTATION), "flags": List(S), "meta": S,
    })


def sentence_pairs_features() -> Features:
    """One row per alignment link, ``translation`` as in opus-100."""
    return Features({
        "id": S, "article_id": S, "link_index": I32, "link_type": S, "score": F32, "low": B,
        "article_flags": List(S), "ko_sentences": List(I32), "en_sentences": List(I32),
        "translation": Translation(languages=["ko", "en"]),
    })


def ner_features(lang: str, entity_labels: Sequence[str]) -> Features:
    """One row per sentence: tokens and BIO ``ner_tags`` (KLUE order, ``O`` last)."""
    cols = {
        "id": S, "article_id": S, "annotator": S, "origin": S, "sentence_index": I32,
        "sentence_start": I32, "sentence": S, "tokens": HFSequence(S),
        "ner_tags": HFSequence(ClassLabel(names=tag_names(entity_labels))),
    }
    if lang == "en":
        cols["token_starts"] = HFSequence(I32)
        cols["token_ends"] = HFSequence(I32)
    return Features(cols)


def events_features(event_types: Sequence[str], roles: Sequence[str]) -> Features:
    """One row per event mention (ACE / OneIE style); offsets into the article text.

    ``type`` and each argument's ``role`` are ClassLabels (names: the schema's event types
    and roles, sorted).
    """
    arg = {"role": ClassLabel(names=list(roles)), "span_id": S, "text": S, "start": I32, "end": I32,
           "entity_type": S}
    return Features({
        "id": S, "article_id": S, "lang": S, "annotator": S, "origin": S, "type": ClassLabel(names=list(event_types)),
        "trigger": {"span_id": S, "text": S, "start": I32, "end": I32},
        "arguments": List(arg), "sentence_index": I32, "sentence_start": I32, "sentence": S,
        "linked_event_id": S,
    })


def config_features(config: str, entity_labels: Sequence[str], event_types: Sequence[str] = (),
                    roles: Sequence[str] = ()) -> Features:
    """Features of a config name (``_silver`` variants share their gold schema)."""
    base = config.removesuffix("_silver")
    if base == "documents":
        return documents_features()
    if base == "sentence_pairs":
        return sentence_pairs_features()
    if base in ("ner_ko", "ner_en"):
        return ner_features(base[-2:], entity_labels)
    if base == "events":
        return events_features(event_types, roles)
    raise KeyError(config)
