"""The pre-annotation predictor and the ``preannotate`` stage.

:class:`PreAnnotator` is a predictor (``Article -> list[Annotation]``, as push takes):
Korean and English entities, rule values, event triggers with arguments and
cross-lingual links in one model annotation.  Models load lazily, once.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .. import fs
from ..errors import ConfigError
from ..model import Annotation, Argument, Article, Event, Span
from . import english, rules, triggers
from .gazetteer import load
from .korean import Cand, KoreanTagger
from .fill import fill
from .intervals import SpanIndex, Taken
from .learned import Side, predict, sides
from .linking import link
from .model_io import NerModel, load_model

log = logging.getLogger(__name__)
BATCH = 16  # articles whose Korean lines go to kiwipiepy in one call
VALUE_LABELS = frozenset({"DT", "TI", "QT", "MONEY"})
NAME = "koen-pre"
VERSION = "koen-pre/1"


def _merge(values: list[rules.Value], cands: list[Cand], text: str, lang: str) -> list[Span]:
    """Rule values first, then entity candidates that do not overlap them."""
    out, taken = [], Taken()
    for v in values:
        out.append((v.start, v.end, v.label, v.score))
        taken.add(v.start, v.end)
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if not taken.overlaps(c.start, c.end):
            out.append((c.start, c.end, c.label, c.score))
            taken.add(c.start, c.end)
    out.sort()
    return [Span(id=f"{lang}-{n}", lang=lang, start=s, end=e, label=l, text=text[s:e], origin="model",
                 annotator=NAME, score=round(sc, 3)) for n, (s, e, l, sc) in enumerate(out, 1)]


class PreAnnotator:
    """Offline pre-annotation of both sides; call on one article or ``pipe`` many."""

    name = NAME

    def __init__(self, *, gazetteers: Sequence[str] = (), min_score: float = 0.0,
                 model_version: str = VERSION, model: NerModel | None = None, convention: str = "koen") -> None:
        self.gaz = load(tuple(str(g) for g in gazetteers))
        self.ko = KoreanTagger(self.gaz)
        self.min_score = min_score
        self.model = model
        self.convention = convention  # Korean annotation guide of the learned tagger: koen or klue
        self.model_version = model.version if model is not None and model_version == VERSION else model_version

    def __call__(self, art: Article) -> list[Annotation]:
        return [next(self.pipe([art]))]

    def pipe(self, arts: Iterable[Article]) -> Iterator[Annotation]:
        """One model annotation per article, in order."""
        it = iter(arts)
        while batch := list(islice(it, BATCH)):
            for art, (cands, toks) in zip(batch, self.ko.tag_many([a.text_ko for a in batch])):
                yield self._annotate(art, cands, toks)

    def sides_many(self, arts: Iterable[Article]) -> Iterator[tuple[Article, dict[str, Side]]]:
        """Each article with the learned tagger's input (tokens, sentences, rule evidence)."""
        it = iter(arts)
        while batch := list(islice(it, BATCH)):
            for art, (cands, toks) in zip(batch, self.ko.tag_many([a.text_ko for a in batch])):
                spans, whys = self._rule_spans(art, cands)
                yield art, sides(art, spans, whys, link(art, spans, self.gaz, {}, annotator=NAME), toks)

    def _rule_spans(self, art: Article, ko_cands: list[Cand]) -> tuple[list[Span], dict]:
        """The rules' entity and value spans of both sides, and why each was proposed."""
        en_cands = english.tag(art.text_en, self.gaz)
        ko_vals, en_vals = rules.find(art.text_ko, "ko"), rules.find(art.text_en, "en")
        whys = {(lang, c.start, c.end): c.why for lang, cs in (("ko", ko_cands), ("en", en_cands)) for c in cs}
        whys.update({(lang, v.start, v.end): "value" for lang, vs in (("ko", ko_vals), ("en", en_vals)) for v in vs})
        spans = _merge(ko_vals, ko_cands, art.text_ko, "ko") + _merge(en_vals, en_cands, art.text_en, "en")
        return spans, whys

    def _learned(self, art: Article, spans: list[Span], whys: dict, ko_toks: list[tuple]) -> tuple[list[Span], float]:
        """The CRF's spans (rule output as evidence) and the article's confidence."""
        found, conf = [], []
        for side in sides(art, spans, whys, link(art, spans, self.gaz, {}, annotator=NAME), ko_toks).values():
            if side.lang not in self.model.taggers:  # a model of one language: the rules do the other
                found += [s for s in spans if s.lang == side.lang]
                continue
            got, c = predict(self.model, side, NAME, self.convention)
            found += got
            conf += c
        return found, (sum(conf) / len(conf) if conf else 1.0)

    def _annotate(self, art: Article, ko_cands: list[Cand], ko_toks: list[tuple]) -> Annotation:
        spans, whys = self._rule_spans(art, ko_cands)
        meta = {}
        if self.model is not None:
            spans, meta["score"] = self._learned(art, spans, whys, ko_toks)
        spans = [s for s in spans if (s.score or 0) >= self.min_score]
        trig = [t for t in self._triggers(art, ko_toks, spans) if (t.score or 0) >= self.min_score]
        types = {s.id: s.label for s in trig}
        links = link(art, spans + trig, self.gaz, types, annotator=NAME)
        _project_types(spans, links)
        if self.model is None:
            spans = _confirmed(spans, links)
        extra_spans, extra_links = fill(art, spans, links, self.gaz, NAME)
        spans, links = sorted(spans + extra_spans, key=lambda s: (s.lang, s.start)), links + extra_links
        events = _events(art, trig, spans)
        return Annotation(annotator=NAME, origin="model", spans=spans + trig, events=events, links=links,
                          model_version=self.model_version, meta=meta)

    def _triggers(self, art: Article, ko_toks: list[tuple], spans: list[Span]) -> list[Span]:
        taken = {lang: Taken((s.start, s.end) for s in spans if s.lang == lang) for lang in ("ko", "en")}
        out = []
        for lang, found in (("ko", triggers.korean(ko_toks)), ("en", triggers.english(art.text_en))):
            text = art.text(lang)
            for n, t in enumerate(found, 1):
                if not taken[lang].overlaps(t.start, t.end):
                    out.append(Span(id=f"{lang}-t{n}", lang=lang, start=t.start, end=t.end, label=t.type,
                                    text=text[t.start:t.end], origin="model", annotator=NAME, score=t.score))
        return out


WEAK = 0.6  # below it a span's type is a guess (a weak rule cue, an unsure CRF marginal)


def _project_types(spans: list[Span], links) -> None:
    """An English span typed by a weak cue takes the type of the Korean span it is linked to;
    a weakly typed Korean span takes the English type only when that type is sure (an English
    CRF unsure whether Cellonix is a person would otherwise make 셀로닉스 one)."""
    by_id = {s.id: s for s in spans}
    for l in links:
        ko, en = by_id.get(l.ko), by_id.get(l.en)
        if ko is None or en is None or en.label in VALUE_LABELS or en.label == "NORP":
            continue
        ko_sc, en_sc = ko.score or 0, en.score or 0
        if en_sc < WEAK and ko_sc >= en_sc:
            en.label = ko.label
        elif ko_sc < WEAK <= en_sc:
            ko.label = en.label


WINDOW = {"ko": 60, "en": 120}  # characters; participants farther from the trigger are left out
UNCONFIRMED = 0.5  # a weakly typed span is kept only if the other side confirms it by a link


def _confirmed(spans: list[Span], links) -> list[Span]:
    """Drop weak guesses (an unknown acronym, a lone capitalized word) that nothing links to."""
    linked = {l.ko for l in links} | {l.en for l in links}
    return [s for s in spans if (s.score or 0) >= UNCONFIRMED or s.id in linked or s.label in VALUE_LABELS]


def _events(art: Article, trig: list[Span], spans: list[Span]) -> list[Event]:
    """An event per trigger, with same-sentence entities as role arguments (first mention per text).

    A place written right before a Place argument (평양 순안 일대에서, 일본 도쿄에서) is a Place too.
    """
    out = []
    starts = {lang: {s.start for s in spans if s.lang == lang} for lang in ("ko", "en")}  # where names begin
    index = {lang: SpanIndex([s for s in spans if s.lang == lang]) for lang in ("ko", "en")}
    sent_starts = {lang: [s.start for s in art.sentences(lang)] for lang in ("ko", "en")}
    for t in trig:
        sent = _sentence_at(art.sentences(t.lang), sent_starts[t.lang], t.start)
        args: list[tuple[Span, str]] = []
        if sent is not None:
            text, seen, speakers = art.text(t.lang), set(), set()
            in_quote = _quoted(text, sent.start, t.start)
            for s in index[t.lang].inside([sent]):
                if s.text in seen:
                    continue
                role = triggers.role_for(t.label, s.label, text, s.start, s.end, t.lang)
                if role == "Time" and (triggers.is_report_date(text, s.start, s.end, t.lang)
                                       or triggers.is_duration(s.text)
                                       or _quoted(text, sent.start, s.start) != in_quote
                                       or _other_clause(text, s, t, sent.start)):
                    continue
                far = min(abs(s.start - t.end), abs(t.start - s.end)) > WINDOW[t.lang]
                if role and not (far and role not in ("Time", "Place")):
                    args.append((s, role))
                    seen.add(s.text)
                    if triggers.is_speaker(s.label, text, s.start, s.end, t.lang, sent.start, sent.end):
                        speakers.add(id(s))
            args = _nearest_time(_place_chains(_drop_speakers(args, speakers), text), t)
            args = _cap_roles(_drop_modifiers(args, starts[t.lang], text, t), t, text)
        out.append(Event(id=f"ev-{t.id}", type=t.label, lang=t.lang, trigger=t.id,
                         arguments=[Argument(role=r, span=s.id) for s, r in args], origin="model", annotator=NAME))
    return out


def _sentence_at(sents: list, starts: list[int], pos: int):
    """The sentence holding character ``pos`` (sentences are sorted and do not overlap), or None."""
    i = bisect_right(starts, pos) - 1
    return sents[i] if i >= 0 and sents[i].start <= pos < sents[i].end else None


_CLAUSE_KO = re.compile(r"[가-힣](?:고|며|으며|지만|는데|면서|으나|되|였고|했고|했으며|했지만)\s|[,;]\s")
_CLAUSE_EN = re.compile(r";\s|,\s(?:and|but|while|which|who|where|after|before|when|as|saying|adding)\s|\s(?:but|while|which|who)\s")
_OPENING = re.compile(r"^\s*(?:On|on|In|in|At|at|Early|Late|Earlier|Later)?\s*$")


def _other_clause(text: str, time: Span, trig: Span, sent_start: int) -> bool:
    """A date in another clause than the trigger's is not its time.  Korean: a clause ending
    (…했고, …하며, a comma) lies between them; English: a comma or a conjunction does, unless the
    date opens the sentence (On Tuesday, …)."""
    a, b = (time.end, trig.start) if time.end <= trig.start else (trig.end, time.start)
    between = text[a:b]
    if trig.lang == "ko":
        return bool(_CLAUSE_KO.search(between)) and time.start < trig.start
    if _OPENING.match(text[sent_start:time.start].lstrip(" \"“(")):
        return False
    return bool(_CLAUSE_EN.search(between))


PLACE_ROLES = ("Place", "Time", "Destination", "Origin")
MAX_PER_ROLE = {"Entity": 3, "Attacker": 1, "Agent": 1, "Giver": 1, "Buyer": 1}  # other roles: 2


def _drop_modifiers(args: list[tuple[Span, str]], starts: set[int], text: str, trig: Span) -> list[tuple[Span, str]]:
    """A name that only modifies the next one is not a participant: ``러시아 국가안보회의 부서기
    볼코프``, ``Russia's Security Council``, ``U.S. State Department`` (the head takes part)."""
    titles = _ko_titles() if trig.lang == "ko" else ()
    out = []
    for s, r in args:
        if r in PLACE_ROLES or s.label not in ("GPE", "OG", "NORP"):
            out.append((s, r))
            continue
        after = text[s.end:s.end + 12]
        if trig.lang == "ko":
            nxt = s.end + 1 if after.startswith(" ") else None
            word = re.match(r"\s([가-힣]+)", after)
            modifier = (nxt in starts and nxt != trig.start) or bool(word and word.group(1) in titles)
        else:
            poss = re.match(r"['’]s\s", after)
            modifier = (bool(poss) and s.end + poss.end() != trig.start) or (after.startswith(" ") and s.end + 1 in starts)
        if not modifier:
            out.append((s, r))
    return out


_DOERS = ("Attacker", "Agent", "Giver", "Buyer")


def _cap_roles(args: list[tuple[Span, str]], trig: Span, text: str) -> list[tuple[Span, str]]:
    """At most two mentions per participant role (three Entities, one doer), the closest to
    the trigger; a doer is first sought among subjects (북한은 …, North Korea fired …)."""
    dist = lambda s: min(abs(s.start - trig.end), abs(trig.start - s.end))

    def subject_first(s: Span) -> tuple:
        if trig.lang == "ko":
            subj = text[s.end:s.end + 3].startswith(("이 ", "가 ", "은 ", "는 ", "이,", "가,", "은,", "는,", "측은", "께서"))
            return (not subj, s.start > trig.start, dist(s))
        return (s.start > trig.start, dist(s))

    keep: set[int] = set()
    for role in {r for _, r in args if r not in PLACE_ROLES}:
        ranked = sorted((s for s, r in args if r == role), key=subject_first if role in _DOERS else dist)
        keep |= {id(s) for s in ranked[:MAX_PER_ROLE.get(role, 2)]}
    return [(s, r) for s, r in args if r in PLACE_ROLES or id(s) in keep]


def _ko_titles() -> set[str]:
    from .korean_group import cues

    return cues()["titles"]


def _quoted(text: str, sent_start: int, pos: int) -> bool:
    """Whether ``pos`` sits inside a quotation that opened in the same sentence."""
    head = text[sent_start:pos]
    return head.count('"') % 2 == 1 or head.count("“") > head.count("”")


def _drop_speakers(args: list[tuple[Span, str]], speakers: set[int]) -> list[tuple[Span, str]]:
    """The one who reports the event (합참이 밝혔다, the ministry said) is left out when
    someone else fills the same role; a company that reports its own deal stays."""
    filled = {r for s, r in args if id(s) not in speakers}
    return [(s, r) for s, r in args if id(s) not in speakers or r not in filled]


def _nearest_time(args: list[tuple[Span, str]], trig: Span) -> list[tuple[Span, str]]:
    """One Time per event: the date or time closest to the trigger (a date and a time of day
    written together, ``13일 오전`` / ``Thursday morning``, count as one)."""
    times = [s for s, r in args if r == "Time"]
    if len(times) < 2:
        return args
    dist = lambda s: min(abs(s.start - trig.end), abs(trig.start - s.end))
    best = min(times, key=dist)
    keep = {id(best)} | {id(s) for s in times if 0 <= s.start - best.end <= 1 or 0 <= best.start - s.end <= 1}
    return [(s, r) for s, r in args if r != "Time" or id(s) in keep]


def _place_chains(args: list[tuple[Span, str]], text: str) -> list[tuple[Span, str]]:
    """Places adjacent to a Place argument (``A B에서``, ``B, A``) are Places as well."""
    places = [s for s, r in args if r == "Place"]
    out = []
    for s, r in args:
        near = any(0 <= p.start - s.end <= 2 or (0 <= s.start - p.end <= 10 and text[p.end:s.start].startswith(","))
                   for p in places if p is not s)
        out.append((s, "Place" if near and s.label in ("GPE", "LC", "FAC") and r != "Place" else r))
    return out


def replace_annotation(art: Article, ann: Annotation) -> Article:
    """Store ``ann``, dropping an earlier model annotation of the same annotator (any model
    version: a re-run with another or a retrained model replaces the old predictions)."""
    art.annotations = [a for a in art.annotations
                       if not (a.origin == "model" and a.annotator == ann.annotator)]
    art.annotations.append(ann)
    return art


def preannotate_articles(arts: Iterable[Article], predictor: PreAnnotator) -> Iterator[Article]:
    """Stage: attach the predictor's annotation to each article (idempotent)."""
    it = iter(arts)
    while batch := list(islice(it, BATCH)):
        for art, ann in zip(batch, predictor.pipe(batch)):
            yield replace_annotation(art, ann)


def resolve_model(model: str | Path | None) -> NerModel | None:
    """``"default"``: the shipped model; ``"rules"`` or None: rules only; else a model folder."""
    if model is None or str(model) == "rules":
        return None
    return load_model(model)


_PREDICTORS: dict[str, tuple] = {}  # settings -> (predictor, spaCy predictor): once per process


def _predictors(settings: dict) -> tuple:
    key = repr(sorted(settings.items()))
    if key not in _PREDICTORS:
        extra = None
        if settings.get("spacy"):
            from .spacy_en import SpacyPredictor

            extra = SpacyPredictor(settings["spacy"])
            extra.nlp()
        _PREDICTORS[key] = (PreAnnotator(gazetteers=[g for g, _ in settings["gazetteers"]],
                                         min_score=settings["min_score"], model=resolve_model(settings["model"]),
                                         convention=settings["convention"]), extra)
    return _PREDICTORS[key]


def preannotate_shard(arts: Iterable[Article], settings: dict, stats: Counter) -> Iterator[Article]:
    """Shard function of the ``preannotate`` stage (see :mod:`corpus.run.task`)."""
    predictor, extra = _predictors(settings)
    for art in preannotate_articles(arts, predictor):
        ann = next(a for a in reversed(art.annotations) if a.annotator == NAME)
        if extra is not None:
            replace_annotation(art, extra(art)[0])
        stats["articles"] += 1
        stats["spans"] += len(ann.spans)
        stats["events"] += len(ann.events)
        stats["links"] += len(ann.links)
        yield art


def _file_digest(path: str) -> str:
    from ..shards import digest

    try:
        return digest(Path(path))
    except OSError:
        return "missing"


def preannotate_workdir(*, workdir: Path, gazetteers: Sequence[str] = (), min_score: float = 0.0,
                        spacy: str | None = None, model: str | Path | None = "default", convention: str = "koen",
                        workers: int | None = None, engine: str = "local", address: str | None = None,
                        progress: Callable[[int], None] | None = None) -> dict:
    """Pre-annotate every article of ``workdir`` in place, shard by shard; return counts.

    ``model`` is the learned tagger (:func:`resolve_model`): the shipped default, a folder
    written by ``koen train``, or ``"rules"`` for the rule pre-annotator alone; ``convention``
    the Korean annotation guide it tags in (``koen``: the project's; ``klue``: KLUE-NER's).
    Shards already done with the same version, model, gazetteers (by content) and options
    are skipped.  ``spacy`` names an installed spaCy pipeline whose English entities are
    stored as a second prediction (``spacy-en``); it raises DependencyError before any work
    if absent.
    """
    from ..run.driver import run_stage

    if convention not in ("koen", "klue"):
        raise ConfigError(f"convention {convention!r}: use koen or klue")
    # absolute paths: Ray workers on a cluster do not share our working directory
    model = "rules" if model is None else str(model)
    if model not in ("rules", "default"):
        model = str(Path(model).resolve())
    gazetteers = [str(Path(g).resolve()) for g in gazetteers]
    ner = resolve_model(model)
    settings = {"gazetteers": [(g, _file_digest(g)) for g in gazetteers], "min_score": min_score, "spacy": spacy,
                "model": model, "model_version": ner.version if ner else VERSION,  # a retrained model re-runs
                "convention": convention}
    predictor, _ = _predictors(settings)  # bad gazetteers, models or a missing spaCy pipeline fail here
    run = run_stage(workdir=fs.path(workdir), stage="preannotate", version=VERSION, settings=settings,
                    workers=workers, engine=engine, address=address, progress=progress)
    return {**{k: v for k, v in run.stats.items() if isinstance(v, int)}, "model": predictor.model_version}
