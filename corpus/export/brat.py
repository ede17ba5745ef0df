"""brat standoff (``.txt`` + ``.ann``) per article, language and annotation.

``T`` lines hold entities and event triggers, ``E`` lines events with their
role-labelled arguments (a repeated role is numbered: ``Attacker``, ``Attacker2``),
``R`` lines links between two spans of the same language.  Links to the other
language cannot be a brat relation (they cross files): each becomes an
``AnnotatorNotes`` comment on the span naming the other file and span.
Type and role names keep letters, digits, ``-`` and ``_``; other characters
(``Conflict:Attack``) become ``_``.  A span crossing a line break is written as
fragments, as brat requires.  ``annotation.conf`` lists every type seen.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from ..model import Annotation, Article, Span


def brat_name(name: str) -> str:
    """A type or role name brat accepts."""
    return re.sub(r"[^\w-]", "_", name) or "_"


def file_stem(article_id: str, ann: Annotation, single: bool) -> str:
    """File name without language and extension; annotator added when several are exported."""
    stem = _safe(article_id)
    return stem if single else f"{stem}.{ann.origin}-{_safe(ann.annotator)}"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name)


def _fragments(doc: str, span: Span) -> str:
    parts, pos = [], span.start
    for piece in doc[span.start:span.end].split("\n"):
        if piece:
            parts.append(f"{pos} {pos + len(piece)}")
        pos += len(piece) + 1
    return ";".join(parts)


def ann_lines(art: Article, ann: Annotation, lang: str, other_stem: str) -> list[str]:
    """The ``.ann`` lines of one annotation for one language."""
    doc, lines, tids = art.text(lang), [], {}
    trig_type = {e.trigger: e.type for e in ann.events if e.lang == lang}
    for span in sorted((s for s in ann.spans if s.lang == lang), key=lambda s: (s.start, s.end, s.id)):
        tids[span.id] = f"T{len(tids) + 1}"
        label = brat_name(trig_type.get(span.id, span.label))
        text = doc[span.start:span.end].replace("\n", " ")
        lines.append(f"{tids[span.id]}\t{label} {_fragments(doc, span)}\t{text}")
    for n, ev in enumerate((e for e in ann.events if e.lang == lang and e.trigger in tids), 1):
        seen: Counter = Counter()
        args = []
        for a in ev.arguments:
            if a.span in tids:
                seen[a.role] += 1
                args.append(f"{brat_name(a.role)}{seen[a.role] if seen[a.role] > 1 else ''}:{tids[a.span]}")
        lines.append(f"E{n}\t{brat_name(ev.type)}:{tids[ev.trigger]}" + "".join(f" {x}" for x in args))
    lines += _link_lines(ann, lang, tids, other_stem)
    return lines


def _link_lines(ann: Annotation, lang: str, tids: dict[str, str], other_stem: str) -> list[str]:
    lines, r, notes = [], 0, 0
    for c in ann.links:
        mine, other = (c.ko, c.en) if lang == "ko" else (c.en, c.ko)
        if mine in tids and other in tids:
            if lang == "ko":
                r += 1
                lines.append(f"R{r}\t{brat_name(c.type)} Arg1:{tids[c.ko]} Arg2:{tids[c.en]}")
        elif mine in tids:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes {tids[mine]}\t{c.type} {other_stem} span {other}")
    return lines


def _roles_conf(roles: set[str]) -> str:
    """``Role*:TypeA|TypeB`` per role, from ``role:type`` pairs."""
    by_role: dict[str, set[str]] = defaultdict(set)
    for pair in roles:
        role, etype = pair.split(":", 1)
        by_role[role].add(etype)
    return ", ".join(f"{r}*:{'|'.join(sorted(t))}" for r, t in sorted(by_role.items()))


class BratSink:
    """Write brat files per article as it streams, and ``annotation.conf`` at the end."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.entities: set[str] = set()
        self.events: dict[str, set[str]] = defaultdict(set)
        self.relations: set[str] = set()
        self.files: list[str] = []

    def add_article(self, art: Article, split: str, anns: list[Annotation]) -> None:
        """Write ``<split>/<id>[.<annotator>].<lang>.txt/.ann`` for each selected annotation."""
        folder = self.root / split
        folder.mkdir(parents=True, exist_ok=True)
        for ann in anns:
            stem = file_stem(art.id, ann, len(anns) == 1)
            for lang in ("ko", "en"):
                other = "en" if lang == "ko" else "ko"
                (folder / f"{stem}.{lang}.txt").write_text(art.text(lang), encoding="utf-8")
                body = ann_lines(art, ann, lang, f"{stem}.{other}")
                (folder / f"{stem}.{lang}.ann").write_text("".join(l + "\n" for l in body), encoding="utf-8")
                self.files += [f"{split}/{stem}.{lang}.txt", f"{split}/{stem}.{lang}.ann"]
            self._note_types(ann)

    def _note_types(self, ann: Annotation) -> None:
        triggers = {e.trigger for e in ann.events}
        spans = ann.span_by_id()
        self.entities.update(brat_name(s.label) for s in ann.spans if s.id not in triggers)
        for e in ann.events:
            roles = self.events[brat_name(e.type)]
            roles.update(f"{brat_name(a.role)}:{brat_name(spans[a.span].label)}"
                         for a in e.arguments if a.span in spans)
        self.relations.update(brat_name(c.type) for c in ann.links  # same-language links only
                              if c.ko in spans and c.en in spans and spans[c.ko].lang == spans[c.en].lang)

    def close(self) -> list[str]:
        """Write ``annotation.conf``; all relative paths written."""
        ev_lines = [f"{t}\t{_roles_conf(roles)}" if roles else t for t, roles in sorted(self.events.items())]
        rel_lines = [f"{r}\tArg1:<ENTITY>, Arg2:<ENTITY>" for r in sorted(self.relations)]
        conf = "\n".join(["[entities]", *sorted(self.entities), "", "[events]", *ev_lines, "",
                          "[relations]", *rel_lines, "", "[attributes]", ""]) + "\n"
        (self.root / "annotation.conf").write_text(conf, encoding="utf-8")
        return sorted(self.files) + ["annotation.conf"]
