"""Training material for the learned tagger: documents with gold entity spans.

Three sources give ``(Article, spans)`` pairs, ``spans`` being ``(lang, start, end, label)``
with the schema's labels:

- :func:`from_workdir`: the human annotations pulled into a work folder (the final,
  ground-truth one when an article has it, else the latest);
- :func:`from_gold`: text-anchored gold such as ``tests/data/*_gold.jsonl`` over its
  ingested, aligned article pairs;
- :func:`from_spans_jsonl`: one sentence a line, ``{"id", "lang", "text", "spans":
  [[start, end, TYPE], ...]}`` (the KLUE-NER layout of ``../shared/ner``); KLUE types are
  mapped onto the schema's (see :func:`klue_to_schema`).
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import Annotation, Article, Sentence
from ..workdir import iter_articles
from .learned import ENTITY_LABELS

Gold = list[tuple[str, int, int, str]]
KLUE_TYPES = {"PS", "LC", "OG", "DT", "TI", "QT"}
# the schema's klue mapping (annotation/schema.yaml); tests check the two agree
TO_KLUE = {"PS": "PS", "OG": "OG", "GPE": "LC", "LC": "LC", "FAC": "LC", "NORP": "OG",
           "DT": "DT", "TI": "TI", "QT": "QT", "MONEY": "QT"}
_MONEY = re.compile(r"[$₩€¥£]|원|달러|엔(?![가-힣])|유로|위안|파운드|루블|불$")


def _human(art: Article) -> Annotation | None:
    humans = [a for a in art.annotations if a.origin == "human" and a.spans]
    final = [a for a in humans if a.ground_truth]
    pick = final or humans
    return max(pick, key=lambda a: a.updated_at or a.created_at or "") if pick else None


def from_workdir(workdir: Path) -> Iterator[tuple[Article, Gold]]:
    """Articles of ``workdir`` that a person annotated, with that annotation's entities.

    A side without a single human entity span is left out (unannotated, not empty)."""
    for art in iter_articles(workdir):
        ann = _human(art)
        if ann is None:
            continue
        spans = [(s.lang, s.start, s.end, s.label) for s in ann.spans if s.label in ENTITY_LABELS]
        langs = {s[0] for s in spans}
        yield _blank(art, langs), spans


def _blank(art: Article, langs: set[str]) -> Article:
    """The article without annotations; a side nobody annotated becomes empty text."""
    out = Article.from_dict({**art.to_dict(), "annotations": []})
    for lang in ("ko", "en"):
        if lang not in langs:
            setattr(out, f"text_{lang}", "")
            setattr(out, f"sentences_{lang}", [])
    if langs != {"ko", "en"}:
        out.alignment = None
    return out


def from_gold(data: Path, gold: Path) -> list[tuple[Article, Gold]]:
    """Ingest and align ``data`` (article pairs) and resolve its text-anchored ``gold``."""
    from ..align import align_workdir
    from ..anchors import read_records, resolve
    from ..ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp) / "wd"
        ingest(inputs=[data], workdir=wd)
        align_workdir(workdir=wd)
        arts = list(iter_articles(wd))
    out = []
    for (n, rec), art in zip(read_records(gold), arts):
        ann = resolve(rec, art, where=f"{gold}:{n}")
        out.append((art, [(s.lang, s.start, s.end, s.label) for s in ann.spans if s.label in ENTITY_LABELS]))
    return out


def from_spans_jsonl(path: Path, *, limit: int | None = None) -> Iterator[tuple[Article, Gold]]:
    """Sentences with character spans (KLUE-NER layout) as one-sided articles."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if limit is not None and n > limit:
                return
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                lang, text = rec.get("lang", "ko"), rec["text"]
                spans = [(lang, int(s), int(e), str(t)) for s, e, t in rec["spans"]]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(f"not a sentence record ({exc})", path=str(path), line=n, field="spans") from exc
            if lang not in ("ko", "en") or any(not 0 <= s < e <= len(text) for _, s, e, _ in spans):
                raise InputError("span outside the text or unknown lang", path=str(path), line=n, field="spans")
            art = Article(id=str(rec.get("id", f"{Path(path).stem}-{n}")), text_ko=text if lang == "ko" else "",
                          text_en=text if lang == "en" else "")
            setattr(art, f"sentences_{lang}", [Sentence(0, len(text))])
            yield art, spans


def klue_to_schema(text: str, span: tuple[str, int, int, str], rule_label: str | None) -> str:
    """A KLUE type as one of the schema's: LC becomes the rules' GPE/LC/FAC reading (GPE when
    they have none), QT becomes MONEY for amounts of money; schema labels pass through."""
    _, s, e, label = span
    if label == "LC":
        return rule_label if rule_label in ("GPE", "LC", "FAC") else "GPE"
    if label == "QT" and _MONEY.search(text[s:e]):
        return "MONEY"
    return label
