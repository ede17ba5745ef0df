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

from .config import LABELS, NOTES

HASH_KEY = "koen_hash"
PRED_HASH_KEY = "koen_pred_hash"
TEXT_HASH_KEY = "koen_text_hash"  # of the two texts alone: annotations point into them
ID_KEY = "koen_id"


def align_html(art: Article) -> str:
    """A read-only table of the aligned sentence pairs, numbered, with scores and low marks."""
    if art.alignment is None or not art.alignment.links:
        return "<p><i>No sentence alignment.</i></p>"
    ko, en = art.sentence_texts("ko"), art.sentence_texts("en")
    td = 'style="border: 1px solid #ddd; padding: 4px 6px; vertical-align: top;"'
    rows = ['<table style="border-collapse: collapse; width: 100%; font-size: 90%;">',
            f'<tr><th {td}>#</th><th {td}>Korean</th><th {td}>English</th><th {td}>score</th></tr>']
    for n, link in enumerate(art.alignment.links, 1):
        mark = ' style="background: #ffe5e5;"' if link.low else ""
        cells = [" ".join(html.escape(side[i]) for i in idx) or "&mdash; (not translated)"
                 for side, idx in ((ko, link.ko), (en, link.en))]
        flag = " &#9888; low" if link.low else ""
        rows.append(f'<tr{mark}><td {td} nowrap>{n}<br><small>{link.kind}</small></td><td {td}>{cells[0]}</td>'
                    f"<td {td}>{cells[1]}</td><td {td}>{link.score:.2f}{flag}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def task_data(art: Article) -> dict[str, Any]:
    """The ``data`` of the task for ``art``, including our id and a content hash."""
    data = {ID_KEY: art.id, "text_ko": art.text_ko, "text_en": art.text_en,
            "title_ko": art.title_ko, "title_en": art.title_en, "align_html": align_html(art)}
    data[HASH_KEY] = content_hash(data)
    return data


def text_hash(text_ko: str, text_en: str) -> str:
    """A digest of the two texts that annotation offsets point into."""
    return hashlib.sha1(json.dumps([text_ko, text_en], ensure_ascii=False).encode("utf-8")).hexdigest()


def content_hash(data: dict[str, Any]) -> str:
    """A digest of the task content (everything but the hash itself)."""
    body = json.dumps({k: v for k, v in data.items() if k != HASH_KEY}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _span_result(span) -> dict[str, Any]:
    out = {"id": span.id, "from_name": LABELS[span.lang], "to_name": span.lang, "type": "labels",
           "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]}}
    if span.score is not None:
        out["score"] = span.score
    return out


def _relation(src: str, dst: str, label: str) -> dict[str, Any]:
    return {"from_id": src, "to_id": dst, "type": "relation", "direction": "right", "labels": [label]}


def annotation_results(ann: Annotation) -> list[dict[str, Any]]:
    """Label Studio ``result`` items for an annotation: regions, relations, choices, notes."""
    items = [_span_result(s) for s in ann.spans]
    for ev in ann.events:
        items += [_relation(ev.trigger, arg.span, arg.role) for arg in ev.arguments]
    items += [_relation(link.ko, link.en, link.type) for link in ann.links]
    for name, values in ann.choices.items():
        items.append({"from_name": name, "to_name": "ko", "type": "choices", "value": {"choices": list(values)}})
    if ann.notes:
        items.append({"from_name": NOTES, "to_name": "ko", "type": "textarea", "value": {"text": [ann.notes]}})
    return items


def prediction(ann: Annotation) -> dict[str, Any]:
    """A Label Studio prediction (``model_version``, ``score``, ``result``) from a model annotation."""
    scores = [s.score for s in ann.spans if s.score is not None]
    score = ann.meta.get("score", sum(scores) / len(scores) if scores else None)
    out: dict[str, Any] = {"model_version": ann.model_version or ann.annotator,
                           "result": annotation_results(ann)}
    if score is not None:
        out["score"] = float(score)
    return out


def article_task(art: Article, extra: list[Annotation] = ()) -> dict[str, Any]:
    """The task for ``art`` with its stored and ``extra`` model annotations as predictions."""
    models = [a for a in list(art.annotations) + list(extra) if a.origin == "model"]
    data = task_data(art)
    task: dict[str, Any] = {"data": data, "meta": {ID_KEY: art.id, HASH_KEY: data[HASH_KEY],
                                                   TEXT_HASH_KEY: text_hash(art.text_ko, art.text_en)}}
    if models:
        task["predictions"] = [prediction(a) for a in models]
        body = json.dumps(task["predictions"], ensure_ascii=False, sort_keys=True)
        task["meta"][PRED_HASH_KEY] = hashlib.sha1(body.encode("utf-8")).hexdigest()
    return task
