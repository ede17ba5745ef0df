"""Label Studio annotation JSON to our Annotation, validated against the text and the schema.

Pure functions.  An element that does not fit (a region whose offsets do not match the
stored text, a role the event type does not take, an argument of the wrong entity type, a
relation without a label or whose end is missing) is left out and reported with its
reason; the rest of the annotation is kept.  Only an annotation that cannot be placed at
all (its task text no longer matches the stored article) raises :class:`Reject`.

Offsets of a passage task are offsets into its slices; ``TaskText`` maps them back.
"""
from __future__ import annotations

from typing import Any

from corpus.model import Annotation, Argument, Article, CrossLink, Event, Span

from dataclasses import dataclass, field

from .config import NOTES, SPAN_CONTROLS
from .schema import Schema

_LANG_OF = SPAN_CONTROLS


class Reject(Exception):
    """An annotation that cannot be stored; ``reasons`` lists what is wrong."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class TaskText:
    """The text a task showed on each side and where it starts in the stored text."""

    texts: dict[str, str] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any], art: Article) -> "TaskText":
        """From a task's ``data`` (whole-article tasks made before passages carry no offsets)."""
        return cls({lang: data.get(f"text_{lang}", art.text(lang)) for lang in ("ko", "en")},
                   {lang: int(data.get(f"{lang}_start") or 0) for lang in ("ko", "en")})

    def check(self, art: Article) -> None:
        """Raise :class:`Reject` when the stored article no longer holds the task's text."""
        for lang, text in self.texts.items():
            start = self.starts.get(lang, 0)
            if art.text(lang)[start:start + len(text)] != text:
                raise Reject([f"the task's {lang} text no longer matches the stored article at offset {start}: "
                              "re-push the article or annotate it again"])


def utf16_to_codepoints(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Map UTF-16 code-unit offsets into ``text`` to code-point offsets (None if impossible)."""
    units, out = 0, {}
    for i, ch in enumerate(text):
        out[units] = i
        units += 2 if ord(ch) > 0xFFFF else 1
    out[units] = len(text)
    if start in out and end in out:
        return out[start], out[end]
    return None


def _offsets(doc: str, value: dict[str, Any], rid: str, problems: list[str]) -> tuple[int, int] | None:
    """Code-point offsets of a region, converting UTF-16 ones when that makes the text match."""
    start, end, text = int(value["start"]), int(value["end"]), value.get("text")
    if text is None or doc[start:end] == text:
        return start, end
    fixed = utf16_to_codepoints(doc, start, end)
    if fixed and doc[fixed[0]:fixed[1]] == text:
        return fixed
    problems.append(f"region {rid}: text[{start}:{end}]={doc[start:end]!r} != region text {text!r}")
    return None


def _span(item: dict[str, Any], art: Article, annotator: str, problems: list[str], schema: Schema,
          shown: TaskText) -> Span | None:
    lang, value, rid = _LANG_OF[item["from_name"]], item.get("value", {}), str(item.get("id"))
    labels = value.get("labels") or []
    if len(labels) != 1:
        problems.append(f"region {rid}: expected one label, got {labels}")
        return None
    if labels[0] not in schema.entity_types and not schema.is_trigger(labels[0]):
        problems.append(f"region {rid}: unknown label {labels[0]!r}")
        return None
    offsets = _offsets(shown.texts.get(lang, art.text(lang)), value, rid, problems)
    if offsets is None:
        return None
    start, end = (o + shown.starts.get(lang, 0) for o in offsets)
    return Span(id=rid, lang=lang, start=start, end=end, label=labels[0],
                text=art.text(lang)[start:end], annotator=annotator)


def _role(rel: dict[str, Any], label: str, spans: dict[str, Span], events: dict[str, Event],
          schema: Schema, problems: list[str]) -> None:
    """Attach a role relation (either direction) from a trigger to an entity span."""
    a, b = spans[rel["from_id"]], spans[rel["to_id"]]
    if schema.is_trigger(b.label) and not schema.is_trigger(a.label):
        a, b = b, a
    if not schema.is_trigger(a.label) or schema.is_trigger(b.label):
        problems.append(f"role {label!r} {a.id}->{b.id}: needs one trigger and one entity")
        return
    if a.lang != b.lang:
        problems.append(f"role {label!r} {a.id}->{b.id}: trigger and argument in different languages")
    elif label not in schema.event_types[a.label].roles:
        problems.append(f"role {label!r} not allowed for event type {a.label!r} ({a.id}->{b.id})")
    elif b.label not in schema.accepted(a.label, label):
        problems.append(f"role {label!r} of {a.label!r} does not accept entity type {b.label!r} ({b.id})")
    else:
        events[a.id].arguments.append(Argument(role=label, span=b.id))


def _ends(ends: tuple[str, str], spans: dict[str, Span]) -> str:
    """A relation's two regions as text an annotator can find: ``ko 'X' (PS) -> en 'Y' (PS)``."""
    return " -> ".join(f"{spans[e].lang} {spans[e].text!r} ({spans[e].label})" for e in ends)


def _relation(rel: dict[str, Any], spans: dict[str, Span], events: dict[str, Event], links: list[CrossLink],
              schema: Schema, annotator: str, problems: list[str], dropped: set[str]) -> None:
    labels = rel.get("labels") or []
    ends = (rel.get("from_id"), rel.get("to_id"))
    if any(e in dropped for e in ends):
        problems.append(f"relation {ends[0]}->{ends[1]}: left out with its rejected end region")
    elif any(e not in spans for e in ends):
        problems.append(f"relation {ends[0]}->{ends[1]}: end region missing")
    elif not labels:
        problems.append(f"relation {ends[0]}->{ends[1]} {_ends(ends, spans)}: no label (choose same_as or a role; "
                        "not guessed)")
    elif len(labels) != 1:
        problems.append(f"relation {ends[0]}->{ends[1]} {_ends(ends, spans)}: expected one label, got {labels}")
    elif labels[0] in schema.roles:
        _role(rel, labels[0], spans, events, schema, problems)
    elif labels[0] in schema.link_types:
        pair = {spans[e].lang: e for e in ends}
        if set(pair) != {"ko", "en"}:
            problems.append(f"link {labels[0]!r} {ends[0]}->{ends[1]}: needs one Korean and one English span")
        else:
            links.append(CrossLink(ko=pair["ko"], en=pair["en"], type=labels[0], annotator=annotator))
    else:
        problems.append(f"relation {ends[0]}->{ends[1]}: unknown label {labels[0]!r}")


def _choices(items: list[dict[str, Any]], schema: Schema, problems: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items:
        name, values = item["from_name"], list(item.get("value", {}).get("choices", []))
        allowed = schema.choices[name].values
        bad = [v for v in values if v not in allowed]
        if bad:
            problems.append(f"choices {name!r}: unknown values {bad}")
        out[name] = [v for v in values if v in allowed]
    return out


def annotator_name(ls_ann: dict[str, Any], users: dict[int, str] | None = None) -> str:
    """The annotator's e-mail (or user id) from an exported annotation."""
    who = ls_ann.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("id"))
    return (users or {}).get(who) or str(who)


def read_annotation(ls_ann: dict[str, Any], art: Article, schema: Schema, *, project: str,
                    task_id: int | None = None, users: dict[int, str] | None = None,
                    shown: TaskText | None = None) -> tuple[Annotation, list[str]]:
    """Convert one exported annotation of ``art``: the valid elements, and a reason per invalid one.

    Raises :class:`Reject` only when the task's text is no longer in the stored article.
    """
    shown = shown or TaskText()
    shown.check(art)
    annotator, problems = annotator_name(ls_ann, users), []
    result = ls_ann.get("result") or []
    spans: dict[str, Span] = {}
    dropped: set[str] = set()
    for item in result:
        if item.get("type") == "labels" and item.get("from_name") in _LANG_OF:
            span = _span(item, art, annotator, problems, schema, shown)
            if span:
                spans[span.id] = span
            else:
                dropped.add(str(item.get("id")))
    events = {s.id: Event(id=f"ev-{s.id}", type=s.label, lang=s.lang, trigger=s.id, annotator=annotator)
              for s in spans.values() if schema.is_trigger(s.label)}
    links: list[CrossLink] = []
    for rel in (r for r in result if r.get("type") == "relation"):
        _relation(rel, spans, events, links, schema, annotator, problems, dropped)
    choices = _choices([r for r in result if r.get("type") == "choices" and r.get("from_name") in schema.choices],
                       schema, problems)
    notes = "\n".join(t for r in result if r.get("from_name") == NOTES for t in r.get("value", {}).get("text", []))
    ann = Annotation(
        annotator=annotator, origin="human", spans=sorted(spans.values(), key=lambda s: (s.lang, s.start, s.end, s.id)),
        events=sorted(events.values(), key=lambda e: e.id), links=links, choices=choices, notes=notes,
        ground_truth=bool(ls_ann.get("ground_truth")), created_at=ls_ann.get("created_at"),
        updated_at=ls_ann.get("updated_at"), lead_time=ls_ann.get("lead_time"),
        meta={"ls_project": project, "ls_task": task_id, "ls_annotation": ls_ann.get("id")})
    return ann, problems


def parse_annotation(ls_ann: dict[str, Any], art: Article, schema: Schema, *, project: str,
                     task_id: int | None = None, users: dict[int, str] | None = None) -> Annotation:
    """Convert one exported annotation strictly: raise :class:`Reject` if any element is invalid."""
    ann, problems = read_annotation(ls_ann, art, schema, project=project, task_id=task_id, users=users)
    if problems:
        raise Reject(problems)
    return ann
