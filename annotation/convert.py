"""Our records to Label Studio JSON: an Article to a task, a model Annotation to a prediction.

Pure functions; the task text is the stored text unchanged, so region offsets are
offsets into ``Article.text_ko`` / ``text_en``.
"""
from __future__ import annotations

import hashlib
import html
import json
from typing import Any

from corpus.model import Annotation, Article

from .config import LABELS, NOTES, TRIGGERS
from .units import Unit, restrict, whole_article

HASH_KEY = "koen_hash"
PRED_HASH_KEY = "koen_pred_hash"
TEXT_HASH_KEY = "koen_text_hash"  # of the two texts alone: annotations point into them
ID_KEY = "koen_id"      # data: the article id; meta: the task key (article id, or "<id>#p<n>")
UNIT_KEY = "koen_unit"  # meta: "article" or "passage"


CONTEXT_ROWS = 6  # aligned pairs shown before and after a passage: cost stays linear in article length


def align_html(art: Article, rows: tuple[int, ...] = (), context: int | None = None) -> str:
    """A read-only table of the aligned sentence pairs, numbered, with scores and low marks.

    The ``rows`` of the current passage are highlighted (yellow); low links are pink.  With
    ``context``, only that many pairs before and after the passage are shown (the table says
    which part of the article it is), so a long article's passages do not each repeat it whole.
    """
    if art.alignment is None or not art.alignment.links:
        return "<p><i>No sentence alignment.</i></p>"
    links, ko, en = art.alignment.links, art.sentence_texts("ko"), art.sentence_texts("en")
    first, last = 0, len(links)
    if rows and context is not None:
        first, last = max(0, min(rows) - context), min(len(links), max(rows) + context + 1)
    mine = set(rows) if len(rows) < len(links) else set()
    td = 'style="border: 1px solid #ddd; padding: 4px 6px; vertical-align: top;"'
    out = [f"<p><small>aligned pairs {first + 1}-{last} of {len(links)}</small></p>" if last - first < len(links) else "",
           '<table style="border-collapse: collapse; width: 100%; font-size: 90%;">',
           f'<tr><th {td}>#</th><th {td}>Korean</th><th {td}>English</th><th {td}>score</th></tr>']
    for n in range(first, last):
        link = links[n]
        mark = (' style="background: #fff3bf; font-weight: 600;"' if n in mine
                else ' style="background: #ffe5e5;"' if link.low else "")
        cells = [" ".join(html.escape(side[i]) for i in idx) or "&mdash; (not translated)"
                 for side, idx in ((ko, link.ko), (en, link.en))]
        flag = " &#9888; low" if link.low else ""
        out.append(f'<tr{mark}><td {td} nowrap>{n + 1}<br><small>{link.kind}</small></td><td {td}>{cells[0]}</td>'
                   f"<td {td}>{cells[1]}</td><td {td}>{link.score:.2f}{flag}</td></tr>")
    out.append("</table>")
    return "\n".join(x for x in out if x)


def task_data(art: Article, unit: Unit | None = None) -> dict[str, Any]:
    """The ``data`` of the task for ``unit`` of ``art`` (the whole article by default).

    Besides the two texts (slices of the stored texts for a passage, with their offsets)
    it carries the columns the data manager shows: titles, source, date, alignment quality.
    """
    unit = unit or whole_article(art)
    quality = art.alignment.quality if art.alignment else None
    data = {ID_KEY: art.id, "text_ko": unit.text(art, "ko"), "text_en": unit.text(art, "en"),
            "title_ko": art.title_ko, "title_en": art.title_en, "source": art.source, "published": art.published,
            "align_quality": round(float(quality), 3) if quality is not None else None,
            "passage": f"{unit.index + 1}/{unit.count}", "ko_start": unit.ko[0], "en_start": unit.en[0],
            "align_html": align_html(art, unit.rows, CONTEXT_ROWS) if unit.kind == "passage" else align_html(art)}
    data[HASH_KEY] = content_hash(data)
    return data


def text_hash(text_ko: str, text_en: str) -> str:
    """A digest of the two texts that annotation offsets point into."""
    return hashlib.sha1(json.dumps([text_ko, text_en], ensure_ascii=False).encode("utf-8")).hexdigest()


def content_hash(data: dict[str, Any]) -> str:
    """A digest of the task content (everything but the hash itself)."""
    body = json.dumps({k: v for k, v in data.items() if k != HASH_KEY}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _span_result(span, is_trigger: bool = False) -> dict[str, Any]:
    control = (TRIGGERS if is_trigger else LABELS)[span.lang]
    out = {"id": span.id, "from_name": control, "to_name": span.lang, "type": "labels",
           "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]}}
    if span.score is not None:
        out["score"] = span.score
    return out


def _relation(src: str, dst: str, label: str) -> dict[str, Any]:
    return {"from_id": src, "to_id": dst, "type": "relation", "direction": "right", "labels": [label]}


def annotation_results(ann: Annotation, trigger_labels: set[str] | None = None) -> list[dict[str, Any]]:
    """Label Studio ``result`` items for an annotation: regions, relations, choices, notes.

    Trigger regions go to the trigger label group: spans whose label is in ``trigger_labels``
    (the schema's event types), else event triggers and ACE-style ``Type:Subtype`` labels.
    """
    triggers = {e.trigger for e in ann.events} | {
        s.id for s in ann.spans if (s.label in trigger_labels if trigger_labels is not None else ":" in s.label)}
    items = [_span_result(s, s.id in triggers) for s in ann.spans]
    for ev in ann.events:
        items += [_relation(ev.trigger, arg.span, arg.role) for arg in ev.arguments]
    items += [_relation(link.ko, link.en, link.type) for link in ann.links]
    for name, values in ann.choices.items():
        items.append({"from_name": name, "to_name": "ko", "type": "choices", "value": {"choices": list(values)}})
    if ann.notes:
        items.append({"from_name": NOTES, "to_name": "ko", "type": "textarea", "value": {"text": [ann.notes]}})
    return items


def prediction(ann: Annotation, trigger_labels: set[str] | None = None) -> dict[str, Any]:
    """A Label Studio prediction (``model_version``, ``score``, ``result``) from a model annotation."""
    scores = [s.score for s in ann.spans if s.score is not None]
    score = ann.meta.get("score", sum(scores) / len(scores) if scores else None)
    out: dict[str, Any] = {"model_version": ann.model_version or ann.annotator,
                           "result": annotation_results(ann, trigger_labels)}
    if score is not None:
        out["score"] = float(score)
    return out


def unit_task(art: Article, unit: Unit, extra: list[Annotation] = (), max_relations: int | None = None,
              trigger_labels: set[str] | None = None) -> tuple[dict[str, Any], int]:
    """The task for ``unit`` of ``art`` with its model annotations, cut to the unit, as predictions.

    Returns the task and how many predicted relations the ``max_relations`` cap left out.
    """
    models = [a for a in list(art.annotations) + list(extra) if a.origin == "model"]
    data = task_data(art, unit)
    task: dict[str, Any] = {"data": data, "meta": {ID_KEY: unit.key, UNIT_KEY: unit.kind, HASH_KEY: data[HASH_KEY],
                                                   TEXT_HASH_KEY: text_hash(data["text_ko"], data["text_en"])}}
    if unit.kind == "passage":
        task["meta"][TEXT_HASH_KEY] = text_hash(*(f"{r[0]}:{data[k]}" for r, k in ((unit.ko, "text_ko"),
                                                                                    (unit.en, "text_en"))))
    left_out, preds = 0, []
    for ann in models:
        cut, n = restrict(ann, unit, max_relations)
        left_out += n
        preds.append(prediction(cut, trigger_labels))
    if preds:
        task["predictions"] = preds
        body = json.dumps(preds, ensure_ascii=False, sort_keys=True)
        task["meta"][PRED_HASH_KEY] = hashlib.sha1(body.encode("utf-8")).hexdigest()
    return task, left_out


def article_task(art: Article, extra: list[Annotation] = ()) -> dict[str, Any]:
    """The whole-article task for ``art`` with its stored and ``extra`` model annotations as predictions."""
    return unit_task(art, whole_article(art), extra)[0]
