"""Text-anchored annotation records to an :class:`Annotation` with code-point offsets.

A record names each mention by its exact text and ``occurrence`` (0-based index of
that string among its hits in the stored text, found with ``str.find`` one character
on each time), as in ``tests/data/sample_gold.jsonl``::

    {"id": ..., "entities": [{"id", "lang", "label", "text", "occurrence"}],
     "events": [{"id", "lang", "type", "trigger": {"id", "text", "occurrence"},
                 "arguments": [{"role", "entity"}]}],
     "links": [{"ko", "en", "type"}]}

Useful to import existing annotations.  Every error names the record and mention.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .model import Annotation, Argument, Article, CrossLink, Event, Span


def find_occurrence(doc: str, text: str, occurrence: int) -> int | None:
    """Start of the ``occurrence``-th hit of ``text`` in ``doc`` (overlapping hits count)."""
    if not text or occurrence < 0:
        return None
    pos = -1
    for _ in range(occurrence + 1):
        pos = doc.find(text, pos + 1)
        if pos < 0:
            return None
    return pos


def _span(art: Article, item: dict[str, Any], lang: str, label: str, where: str,
          annotator: str, origin: str) -> Span:
    for key in ("id", "text", "occurrence"):
        if key not in item:
            raise InputError(f"{where}: missing {key!r}", field=key)
    start = find_occurrence(art.text(lang), item["text"], int(item["occurrence"]))
    if start is None:
        hits = art.text(lang).count(item["text"])
        raise InputError(f"{where}: {item['text']!r} occurrence {item['occurrence']} not found in the {lang} "
                         f"text of article {art.id!r} ({hits} hit(s))", field="occurrence")
    return Span(id=str(item["id"]), lang=lang, start=start, end=start + len(item["text"]), label=label,
                text=item["text"], origin=origin, annotator=annotator)


def resolve(record: dict[str, Any], art: Article, *, annotator: str = "gold", origin: str = "human",
            where: str = "record") -> Annotation:
    """Resolve one text-anchored record against ``art``; raise :class:`InputError` naming the mention."""
    spans: dict[str, Span] = {}
    for n, ent in enumerate(record.get("entities", [])):
        lang = ent.get("lang")
        if lang not in ("ko", "en"):
            raise InputError(f"{where}: entities[{n}] has lang {lang!r}", field="lang")
        span = _span(art, ent, lang, str(ent.get("label")), f"{where}: entities[{n}] ({ent.get('id')})",
                     annotator, origin)
        if span.id in spans:
            raise InputError(f"{where}: duplicate id {span.id!r}", field="id")
        spans[span.id] = span
    events = []
    for n, ev in enumerate(record.get("events", [])):
        lang, loc = ev.get("lang"), f"{where}: events[{n}] ({ev.get('id')})"
        trig = _span(art, ev.get("trigger") or {}, lang, str(ev.get("type")), loc + " trigger", annotator, origin)
        spans[trig.id] = trig
        args = []
        for arg in ev.get("arguments", []):
            if arg.get("entity") not in spans:
                raise InputError(f"{loc}: argument entity {arg.get('entity')!r} is not an entity id", field="arguments")
            args.append(Argument(role=str(arg["role"]), span=str(arg["entity"])))
        events.append(Event(id=str(ev["id"]), type=str(ev["type"]), lang=lang, trigger=trig.id, arguments=args,
                            origin=origin, annotator=annotator))
    links = []
    for n, l in enumerate(record.get("links", [])):
        for side in ("ko", "en"):
            if l.get(side) not in spans or spans[l[side]].lang != side:
                raise InputError(f"{where}: links[{n}] {side} end {l.get(side)!r} is not a {side} mention", field="links")
        links.append(CrossLink(ko=str(l["ko"]), en=str(l["en"]), type=str(l.get("type", "same_as")),
                               origin=origin, annotator=annotator))
    return Annotation(annotator=annotator, origin=origin, spans=list(spans.values()), events=events, links=links)


def read_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` of a JSONL file of text-anchored records."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}: not valid JSON: {exc}") from exc
