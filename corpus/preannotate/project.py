"""Projection: once a human has annotated one side, propose the other side as a prediction.

The human spans of the annotated side are linked (see :mod:`.linking`) to the
pre-annotator's candidates on the other side within aligned sentences; linked
candidates take the human label and become the projected spans, human events whose
trigger and arguments project become events on the other side, and the links are
kept.  When both sides are annotated, only the links are proposed.  The result is a
model annotation (``koen-project``) holding the human side, the projected side and links.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..model import Annotation, Argument, Article, CrossLink, Event, Span
from ..workdir import rewrite_articles
from .linking import link
from .stage import PreAnnotator, replace_annotation

NAME = "koen-project"
VERSION = "koen-project/1"


def human_source(art: Article) -> Annotation | None:
    """The newest human annotation that has spans (ground truth first)."""
    humans = [a for a in art.annotations if a.origin == "human" and a.spans]
    if not humans:
        return None
    return sorted(humans, key=lambda a: (a.ground_truth, a.updated_at or a.created_at or ""))[-1]


def _copy_side(ann: Annotation) -> tuple[list[Span], list[Event]]:
    spans = [Span(**{**s.to_dict(), "origin": "model", "annotator": NAME, "score": 1.0}) for s in ann.spans]
    events = [Event(id=e.id, type=e.type, lang=e.lang, trigger=e.trigger,
                    arguments=[Argument(a.role, a.span) for a in e.arguments], origin="model", annotator=NAME)
              for e in ann.events]
    return spans, events


def project(art: Article, source: Annotation, predictor: PreAnnotator) -> Annotation:
    """The projection of ``source`` (a human annotation of ``art``) onto the other side."""
    spans, events = _copy_side(source)
    sides = {s.lang for s in spans}
    triggers = {s.id: e.type for e in events for s in spans if s.id == e.trigger}
    if sides == {"ko", "en"}:
        links = link(art, spans, predictor.gaz, triggers, annotator=NAME)
        return _annotation(spans, events, links)
    target = "en" if sides == {"ko"} else "ko"
    pred = predictor(art)[0]
    cands = [s for s in pred.spans if s.lang == target]
    pred_events = {e.trigger: e.type for e in pred.events if e.lang == target}
    cand_ids = {c.id for c in cands}
    types = {**triggers, **{cid: t for cid, t in pred_events.items() if cid in cand_ids}}
    links = link(art, spans + cands, predictor.gaz, types, annotator=NAME)
    by_id = {s.id: s for s in spans + cands}
    mapped: dict[str, str] = {}
    for l in links:
        src, dst = (l.ko, l.en) if target == "en" else (l.en, l.ko)
        proj = by_id[dst]
        proj.label = by_id[src].label
        proj.score = l.score
        mapped[src] = dst
    projected = [by_id[d] for d in mapped.values()]
    events += _project_events(events, mapped, target)
    return _annotation(spans + projected, events, links)


def _project_events(events: list[Event], mapped: dict[str, str], target: str) -> list[Event]:
    """Events whose trigger projected, with the arguments that projected too."""
    out = []
    for e in events:
        if e.trigger not in mapped:
            continue
        args = [Argument(a.role, mapped[a.span]) for a in e.arguments if a.span in mapped]
        out.append(Event(id=f"{e.id}-{target}", type=e.type, lang=target, trigger=mapped[e.trigger],
                         arguments=args, origin="model", annotator=NAME))
    return out


def _annotation(spans: list[Span], events: list[Event], links: list[CrossLink]) -> Annotation:
    for s in spans:
        s.origin, s.annotator = "model", NAME
    return Annotation(annotator=NAME, origin="model", spans=spans, events=events, links=links,
                      model_version=VERSION)


def project_articles(arts: Iterable[Article], predictor: PreAnnotator) -> Iterator[Article]:
    """Stage: add a projection to every article with a human annotation (idempotent)."""
    for art in arts:
        source = human_source(art)
        yield replace_annotation(art, project(art, source, predictor)) if source else art


def project_workdir(*, workdir: Path, gazetteers: Sequence[str] = (),
                    progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Project human annotations of ``workdir`` in place; return counts."""
    predictor = PreAnnotator(gazetteers=gazetteers)
    stats: Counter = Counter()

    def stage(arts: Iterable[Article]) -> Iterator[Article]:
        for art in project_articles(arts, predictor):
            stats["articles"] += 1
            ann = art.annotations[-1] if art.annotations else None
            if ann is not None and ann.annotator == NAME:
                stats["projected"] += 1
                stats["links"] += len(ann.links)
            if progress:
                progress(stats["articles"])
            yield art

    rewrite_articles(Path(workdir), stage)
    return dict(stats)
