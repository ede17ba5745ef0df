"""The data model that flows through every stage: one record type per grain.

All offsets are Python code-point offsets into the exact stored (NFC) text of
the article side they belong to.  Every record has ``to_dict`` / ``from_dict``
and round-trips through JSON unchanged.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Iterable, Iterator, Literal, TextIO

from .errors import InputError

Lang = Literal["ko", "en"]
Origin = Literal["human", "model"]
LANGS: tuple[Lang, Lang] = ("ko", "en")


@lru_cache(maxsize=None)
def _field_names(cls) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


@lru_cache(maxsize=None)
def _field_order(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _flat(obj) -> dict[str, Any]:
    """The fields of a record whose values are plain (str, numbers, None), in declaration order;
    what ``dataclasses.asdict`` gives for them, without its per-value deep copy (the hot path
    of every stage's writing)."""
    return {name: getattr(obj, name) for name in _field_order(type(obj))}


def _pick(cls, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys ``cls`` declares, so old or extra keys never crash a load."""
    names = _field_names(cls)
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Sentence:
    """A sentence as a ``[start, end)`` span into one side's stored text."""

    start: int
    end: int

    def text(self, doc: str) -> str:
        return doc[self.start:self.end]

    def to_dict(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_dict(cls, data: Any) -> "Sentence":
        if isinstance(data, dict):
            return cls(int(data["start"]), int(data["end"]))
        start, end = data
        return cls(int(start), int(end))


@dataclass(frozen=True)
class Link:
    """An alignment link: Korean sentence indices, English sentence indices, score.

    ``ko=()`` or ``en=()`` marks an omission (0-1 / 1-0).  ``low`` is set by the
    align stage when the link's score falls under the confidence threshold.
    """

    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    low: bool = False

    @property
    def kind(self) -> str:
        """Link type such as ``1-1``, ``2-1`` or ``1-0``."""
        return f"{len(self.ko)}-{len(self.en)}"

    def to_dict(self) -> dict[str, Any]:
        return {"ko": list(self.ko), "en": list(self.en),
                "score": round(float(self.score), 6), "low": self.low}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Link":
        return cls(tuple(data["ko"]), tuple(data["en"]),
                   float(data.get("score", 0.0)), bool(data.get("low", False)))


@dataclass
class Alignment:
    """Sentence alignment of one article with an article-level quality score."""

    links: list[Link] = field(default_factory=list)
    quality: float | None = None
    method: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"links": [l.to_dict() for l in self.links], "quality": self.quality,
                "method": self.method, "meta": self.meta}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Alignment":
        return cls([Link.from_dict(l) for l in data.get("links", [])],
                   data.get("quality"), data.get("method", ""), dict(data.get("meta", {})))


@dataclass
class Span:
    """An entity (or event trigger) mention in one language."""

    id: str
    lang: Lang
    start: int
    end: int
    label: str
    text: str
    origin: Origin = "human"
    annotator: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Span":
        return cls(**_pick(cls, data))


@dataclass
class Argument:
    """An event argument: a role filled by an entity span (by id)."""

    role: str
    span: str

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Argument":
        return cls(**_pick(cls, data))


@dataclass
class Event:
    """An event mention: a type, a trigger span id and role-labelled arguments."""

    id: str
    type: str
    lang: Lang
    trigger: str
    arguments: list[Argument] = field(default_factory=list)
    origin: Origin = "human"
    annotator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = _flat(self)
        d["arguments"] = [a.to_dict() for a in self.arguments]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        d = _pick(cls, data)
        d["arguments"] = [Argument.from_dict(a) for a in data.get("arguments", [])]
        return cls(**d)


@dataclass
class CrossLink:
    """A Korean span and an English span that name the same entity or event."""

    ko: str
    en: str
    type: str = "same_as"
    origin: Origin = "human"
    annotator: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CrossLink":
        return cls(**_pick(cls, data))


@dataclass
class Annotation:
    """One annotator's (or one model's) complete annotation of an article pair."""

    annotator: str
    origin: Origin = "human"
    spans: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[CrossLink] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    notes: str = ""
    ground_truth: bool = False
    model_version: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    lead_time: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = _flat(self)
        d["spans"] = [s.to_dict() for s in self.spans]
        d["events"] = [e.to_dict() for e in self.events]
        d["links"] = [l.to_dict() for l in self.links]
        d["choices"], d["meta"] = copy.deepcopy(self.choices), copy.deepcopy(self.meta)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Annotation":
        d = _pick(cls, data)
        d["spans"] = [Span.from_dict(s) for s in data.get("spans", [])]
        d["events"] = [Event.from_dict(e) for e in data.get("events", [])]
        d["links"] = [CrossLink.from_dict(l) for l in data.get("links", [])]
        return cls(**d)

    def span_by_id(self) -> dict[str, Span]:
        return {s.id: s for s in self.spans}


@dataclass
class Article:
    """A Korean news article and its English translation, and all that is known of them."""

    id: str
    text_ko: str
    text_en: str
    source: str = ""
    url_ko: str = ""
    url_en: str = ""
    published: str = ""
    title_ko: str = ""
    title_en: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    sentences_ko: list[Sentence] = field(default_factory=list)
    sentences_en: list[Sentence] = field(default_factory=list)
    alignment: Alignment | None = None
    annotations: list[Annotation] = field(default_factory=list)

    def text(self, lang: Lang) -> str:
        return self.text_ko if lang == "ko" else self.text_en

    def sentences(self, lang: Lang) -> list[Sentence]:
        return self.sentences_ko if lang == "ko" else self.sentences_en

    def sentence_texts(self, lang: Lang) -> list[str]:
        doc = self.text(lang)
        return [s.text(doc) for s in self.sentences(lang)]

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["sentences_ko"] = [s.to_dict() for s in self.sentences_ko]
        d["sentences_en"] = [s.to_dict() for s in self.sentences_en]
        d["alignment"] = self.alignment.to_dict() if self.alignment else None
        d["annotations"] = [a.to_dict() for a in self.annotations]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        d = _pick(cls, data)
        d["sentences_ko"] = [Sentence.from_dict(s) for s in data.get("sentences_ko", [])]
        d["sentences_en"] = [Sentence.from_dict(s) for s in data.get("sentences_en", [])]
        d["alignment"] = Alignment.from_dict(data["alignment"]) if data.get("alignment") else None
        d["annotations"] = [Annotation.from_dict(a) for a in data.get("annotations", [])]
        return cls(**d)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, line: str) -> "Article":
        return cls.from_dict(json.loads(line))


def write_jsonl(articles: Iterable[Article], fh: TextIO) -> Iterator[Article]:
    """Write each article as one JSON line and pass it on (a streaming tee)."""
    for art in articles:
        fh.write(art.to_json() + "\n")
        yield art


def read_jsonl(fh: Iterable[str], *, where: str | None = None, first: int = 1) -> Iterator[Article]:
    """Read articles written by :func:`write_jsonl`, one per line, lazily.

    A line that is not an article raises :class:`InputError` naming the file (``where``, else
    the handle's name) and line (counted from ``first``).
    """
    for n, line in enumerate(fh, first):
        if line.strip():
            try:
                art = Article.from_json(line)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise InputError(f"not an article record ({type(exc).__name__}: {exc}); the work folder "
                                 "must hold what koen wrote", path=where or getattr(fh, "name", None),
                                 line=n) from None
            yield art
