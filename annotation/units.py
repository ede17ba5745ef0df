"""Task units: a whole article, or passages of consecutive aligned sentence pairs.

A passage holds whole alignment links (both sides of every aligned sentence group), so a
Korean-English link or an argument role inside a sentence never crosses two tasks.
Passages are packed greedily up to ``max_relations`` predicted relations and
``max_chars`` Korean characters, and together they cover each text from its first to its
last character, so any span that does not cross a passage boundary belongs to exactly one
task.  Offsets inside a task are offsets into its slice; ``Unit.ko[0]`` / ``Unit.en[0]``
map them back to the stored text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corpus.model import Annotation, Article, CrossLink, Event

UnitKind = Literal["article", "passage"]
UNITS: tuple[str, ...] = ("passage", "article")
MAX_RELATIONS = 12
MAX_CHARS = 400


@dataclass(frozen=True)
class Unit:
    """One task's share of an article: ``[start, end)`` ranges of each text and its alignment rows."""

    key: str
    kind: str
    index: int
    count: int
    ko: tuple[int, int]
    en: tuple[int, int]
    rows: tuple[int, ...]

    def range(self, lang: str) -> tuple[int, int]:
        return self.ko if lang == "ko" else self.en

    def text(self, art: Article, lang: str) -> str:
        start, end = self.range(lang)
        return art.text(lang)[start:end]


def whole_article(art: Article) -> Unit:
    """The article as one unit (its key is the article id, as in projects made before units)."""
    rows = tuple(range(len(art.alignment.links))) if art.alignment else ()
    return Unit(art.id, "article", 0, 1, (0, len(art.text_ko)), (0, len(art.text_en)), rows)


def _link_of(art: Article, ann: Annotation | None) -> dict[str, int]:
    """Span id -> index of the alignment link whose sentences hold it (if any)."""
    where: dict[tuple[str, int], int] = {}
    for n, link in enumerate(art.alignment.links):
        for lang, idx in (("ko", link.ko), ("en", link.en)):
            for i in idx:
                where[(lang, i)] = n
    out = {}
    for span in ann.spans if ann else []:
        for i, sent in enumerate(art.sentences(span.lang)):
            if sent.start <= span.start and span.end <= sent.end and (span.lang, i) in where:
                out[span.id] = where[(span.lang, i)]
                break
    return out


def relation_weights(art: Article, models: list[Annotation]) -> list[int]:
    """Predicted relations (roles and links) inside each alignment link of ``art``."""
    weights = [0] * len(art.alignment.links)
    for ann in models:
        link_of = _link_of(art, ann)
        for a, b in relation_ends(ann):
            if a in link_of and link_of[a] == link_of.get(b):
                weights[link_of[a]] += 1
    return weights


def relation_ends(ann: Annotation) -> list[tuple[str, str]]:
    """(from, to) span ids of every relation of ``ann``: links first, then roles."""
    return [(l.ko, l.en) for l in ann.links] + [(e.trigger, a.span) for e in ann.events for a in e.arguments]


def _groups(art: Article, weights: list[int], max_relations: int, max_chars: int) -> list[list[int]]:
    """Consecutive alignment links packed under the relation and character budgets."""
    groups: list[list[int]] = []
    load = chars = 0
    for n, link in enumerate(art.alignment.links):
        size = sum(s.end - s.start for s in (art.sentences_ko[i] for i in link.ko))
        if groups and groups[-1] and (load + weights[n] > max_relations or chars + size > max_chars):
            groups.append([])
            load = chars = 0
        if not groups:
            groups.append([])
        groups[-1].append(n)
        load, chars = load + weights[n], chars + size
    return groups


def _bounds(art: Article, groups: list[list[int]], lang: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each group on one side; together they cover the whole text."""
    sents, text_len = art.sentences(lang), len(art.text(lang))
    firsts = [min((sents[i].start for n in g for i in getattr(art.alignment.links[n], lang)), default=None)
              for g in groups]
    starts, nxt = [0] * len(groups), text_len
    for k in range(len(groups) - 1, 0, -1):
        nxt = min(nxt, firsts[k]) if firsts[k] is not None else nxt
        starts[k] = nxt
    ends = starts[1:] + [text_len]
    return list(zip(starts, ends))


def passages(art: Article, models: list[Annotation], *, max_relations: int = MAX_RELATIONS,
             max_chars: int = MAX_CHARS) -> list[Unit]:
    """The passages of ``art`` (the whole article when it has no sentence alignment)."""
    if art.alignment is None or not art.alignment.links:
        return [whole_article(art)]
    groups = _groups(art, relation_weights(art, models), max_relations, max_chars)
    ko, en = _bounds(art, groups, "ko"), _bounds(art, groups, "en")
    return [Unit(f"{art.id}#p{k + 1}", "passage", k, len(groups), ko[k], en[k], tuple(g))
            for k, g in enumerate(groups)]


def units(art: Article, models: list[Annotation], kind: str = "passage", **budget) -> list[Unit]:
    """The task units of ``art`` for ``kind`` (``passage`` or ``article``)."""
    return passages(art, models, **budget) if kind == "passage" else [whole_article(art)]


def _inside(unit: Unit, span) -> bool:
    start, end = unit.range(span.lang)
    return start <= span.start and span.end <= end


def _count(links: list, events: list[Event]) -> int:
    return len(links) + sum(len(e.arguments) for e in events)


def restrict(ann: Annotation, unit: Unit, max_relations: int | None = None) -> tuple[Annotation, int]:
    """``ann`` cut to ``unit`` with offsets into its slices; relations over the cap are left out.

    Links are kept before roles (they are what a passage is for).  Returns the cut
    annotation and how many of its relations inside the unit the cap left out.
    """
    spans = [s for s in ann.spans if _inside(unit, s)]
    keep = {s.id for s in spans}
    shifted = [type(s)(**{**s.to_dict(), "start": s.start - unit.range(s.lang)[0],
                          "end": s.end - unit.range(s.lang)[0]}) for s in spans]
    all_links = [l for l in ann.links if l.ko in keep and l.en in keep]
    all_events = [Event(e.id, e.type, e.lang, e.trigger, [a for a in e.arguments if a.span in keep], e.origin,
                        e.annotator) for e in ann.events if e.trigger in keep]
    budget = _count(all_links, all_events) if max_relations is None else max_relations
    links = all_links[:budget]
    budget -= len(links)
    events = []
    for e in all_events:
        events.append(Event(e.id, e.type, e.lang, e.trigger, e.arguments[:budget], e.origin, e.annotator))
        budget -= len(events[-1].arguments)
    out = Annotation(ann.annotator, ann.origin, shifted, events, [CrossLink(**l.to_dict()) for l in links],
                     dict(ann.choices), ann.notes, ann.ground_truth, ann.model_version, meta=dict(ann.meta))
    return out, _count(all_links, all_events) - _count(links, events)
