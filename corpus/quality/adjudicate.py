"""Adjudication: one final annotation per article, pure functions.

The ground-truth annotation wins when there is one.  Otherwise the annotators'
latest annotations are merged: a span, event, argument, link or choice is kept when
a strict majority of annotators made it exactly (same offsets and label); everything
else is a conflict, listed with who made it.  With two annotators that means both.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..model import Annotation, Argument, Article, CrossLink, Event, Span
from .items import SpanKey, annotator_views, span_key

ADJUDICATOR = "adjudicated"


@dataclass
class Outcome:
    """The final annotation of one article and how it came about."""

    article: str
    source: str  # "ground_truth", "merge" or "single"
    annotation: Annotation
    annotators: list[str]
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def region_id(key: tuple) -> str:
    """A stable region id for a merged span (Label Studio accepts any short string)."""
    return "adj" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:9]


def candidates(art: Article, project: str | None) -> list[Annotation]:
    """Human annotations of ``art`` (from ``project`` if given), earlier adjudications left out."""
    return [a for a in art.annotations if a.origin == "human" and not a.meta.get("adjudicated")
            and (project is None or a.meta.get("ls_project") == project)]


class _Votes:
    """Who made which item, keyed by offsets; the first span seen stands for its key."""

    def __init__(self, anns: dict[str, Annotation]) -> None:
        self.k = len(anns)
        self.need = self.k // 2 + 1
        self.spans: dict[SpanKey, set[str]] = {}
        self.texts: dict[SpanKey, str] = {}
        self.events: dict[tuple, set[str]] = {}
        self.args: dict[tuple, set[str]] = {}
        self.links: dict[tuple, set[str]] = {}
        self.choices: dict[tuple[str, str], set[str]] = {}
        for name, ann in anns.items():
            self._add(name, ann)

    def _add(self, name: str, ann: Annotation) -> None:
        by_id = {s.id: span_key(s) for s in ann.spans}
        for s in ann.spans:
            self.spans.setdefault(span_key(s), set()).add(name)
            self.texts.setdefault(span_key(s), s.text)
        for ev in ann.events:
            if ev.trigger in by_id:
                ekey = (by_id[ev.trigger], ev.type)
                self.events.setdefault(ekey, set()).add(name)
                for arg in ev.arguments:
                    if arg.span in by_id:
                        self.args.setdefault((ekey, arg.role, by_id[arg.span]), set()).add(name)
        for link in ann.links:
            if link.ko in by_id and link.en in by_id:
                self.links.setdefault((by_id[link.ko], by_id[link.en], link.type), set()).add(name)
        for cname, values in ann.choices.items():
            for v in values:
                self.choices.setdefault((cname, v), set()).add(name)

    def kept(self, table: dict) -> list:
        return sorted(k for k, who in table.items() if len(who) >= self.need)

    def conflicts(self, kind: str, table: dict, describe) -> list[dict[str, Any]]:
        return [{"kind": kind, **describe(k), "annotators": sorted(who), "of": self.k}
                for k, who in sorted(table.items(), key=lambda kv: repr(kv[0])) if len(who) < self.need]


def _span_info(votes: _Votes, key: SpanKey) -> dict[str, Any]:
    lang, start, end, label = key
    return {"lang": lang, "start": start, "end": end, "label": label, "text": votes.texts[key]}


def _merged(votes: _Votes) -> tuple[list[Span], list[Event], list[CrossLink], dict[str, list[str]]]:
    spans = [Span(region_id(k), k[0], k[1], k[2], k[3], votes.texts[k], annotator=ADJUDICATOR)
             for k in votes.kept(votes.spans)]
    events = []
    for ekey in votes.kept(votes.events):
        args = [Argument(role, region_id(akey)) for (e, role, akey) in votes.kept(votes.args) if e == ekey]
        tid = region_id(ekey[0])
        events.append(Event(f"ev-{tid}", ekey[1], ekey[0][0], tid, args, annotator=ADJUDICATOR))
    links = [CrossLink(region_id(ko), region_id(en), kind, annotator=ADJUDICATOR)
             for ko, en, kind in votes.kept(votes.links)]
    choices: dict[str, list[str]] = {}
    for cname, value in votes.kept(votes.choices):
        choices.setdefault(cname, []).append(value)
    return spans, events, links, choices


def _conflicts(votes: _Votes) -> list[dict[str, Any]]:
    out = votes.conflicts("span", votes.spans, lambda k: _span_info(votes, k))
    out += votes.conflicts("event", votes.events, lambda k: {"type": k[1], "trigger": _span_info(votes, k[0])})
    out += votes.conflicts("argument", votes.args, lambda k: {"type": k[0][1], "role": k[1],
                                                              "trigger": votes.texts[k[0][0]],
                                                              "argument": _span_info(votes, k[2])})
    out += votes.conflicts("link", votes.links, lambda k: {"type": k[2], "ko": _span_info(votes, k[0]),
                                                           "en": _span_info(votes, k[1])})
    out += votes.conflicts("choice", votes.choices, lambda k: {"name": k[0], "value": k[1]})
    return out


def merge(anns: dict[str, Annotation], *, project: str | None = None) -> tuple[Annotation, list[dict[str, Any]]]:
    """Majority merge of one annotation per annotator; returns it with the conflicts."""
    votes = _Votes(anns)
    spans, events, links, choices = _merged(votes)
    conflicts = _conflicts(votes)
    notes = "\n".join(f"{name}: {a.notes}" for name, a in anns.items() if a.notes)
    ann = Annotation(ADJUDICATOR, "human", spans, events, links, choices, notes, ground_truth=True,
                     updated_at=_latest_time(anns.values()),
                     meta={"adjudicated": True, "conflicts": len(conflicts), "source": "merge" if len(anns) > 1 else "single",
                           "annotators": sorted(anns), "project": project})
    return ann, conflicts


def _latest_time(anns) -> str | None:
    times = [a.updated_at or a.created_at for a in anns if a.updated_at or a.created_at]
    return max(times) if times else None


def from_ground_truth(gold: Annotation, *, project: str | None = None) -> Annotation:
    """The ground-truth annotation, copied as the adjudicated one."""
    ann = Annotation.from_dict(gold.to_dict())
    ann.annotator, ann.ground_truth = ADJUDICATOR, True
    ann.meta = {"adjudicated": True, "conflicts": 0, "source": "ground_truth", "annotators": [gold.annotator],
                "project": project}
    return ann


def adjudicate_article(art: Article, *, project: str | None = None) -> Outcome | None:
    """The final annotation of ``art``, or None when no human annotated it."""
    anns = candidates(art, project)
    if not anns:
        return None
    gold = [a for a in anns if a.ground_truth]
    if gold:
        best = max(gold, key=lambda a: (a.updated_at or a.created_at or "", a.annotator))
        return Outcome(art.id, "ground_truth", from_ground_truth(best, project=project), [best.annotator])
    views = annotator_views(art, anns)
    ann, conflicts = merge(views, project=project)
    return Outcome(art.id, ann.meta["source"], ann, sorted(views), conflicts)


def _where(s: dict[str, Any]) -> str:
    return f"{s['lang']} {s['text']!r} [{s['start']}:{s['end']}]"


def describe(c: dict[str, Any]) -> str:
    """One line naming a conflict and who made the item (for a reviewer)."""
    who = f"{', '.join(c['annotators'])} ({len(c['annotators'])} of {c['of']})"
    kind = c["kind"]
    if kind == "span":
        what = f"{c['label']} {_where(c)}"
    elif kind == "event":
        what = f"{c['type']} trigger {_where(c['trigger'])}"
    elif kind == "argument":
        what = f"{c['type']} {c['trigger']!r} {c['role']} = {_where(c['argument'])}"
    elif kind == "link":
        what = f"{c['type']} {_where(c['ko'])} ~ {_where(c['en'])}"
    else:
        what = f"{c['name']} = {c['value']}"
    return f"{kind} {what}: only {who}"
