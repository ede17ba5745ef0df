"""The learned tagger inside the pre-annotator: rule output in, CRF spans with confidences out.

For each side of an article, :func:`sides` tokenizes the text, groups the tokens by
sentence and records the rules' evidence (their spans and which of them linking matched
across languages).  :func:`predict` runs the language's CRF over every sentence and
returns model spans whose ``score`` is the CRF marginal; :func:`tag_sequences` gives the
gold BIO tags of the same sentences for training.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Sequence

from ..model import Article, CrossLink, Span
from .crf import decode
from .features import Evidence, Token, bio, by_sentence, domains, en_features, en_tokens, ko_features, ko_tokens
from .intervals import Taken
from .model_io import NerModel
from .vocab import Vocabulary

WIRE = "wire"  # the convention of the generated English wire documents (synth_en.py)
ENTITY_LABELS = ("PS", "OG", "GPE", "LC", "FAC", "NORP", "DT", "TI", "QT", "MONEY")


@dataclass
class Side:
    """One language of one article, ready for the CRF."""

    lang: str
    text: str
    tokens: list[Token]
    groups: list[list[int]]
    evidence: Evidence
    paired: bool = True  # the article has the other language too

    def xseqs(self, domain: str | None = None, vocab: Vocabulary | None = None) -> list[list[list[str]]]:
        """Features of every sentence in the annotation convention ``domain`` (``koen``, ``klue``,
        ``wire`` for generated English wire text); with a model's ``vocab`` only those it knows."""
        feats = ko_features if self.lang == "ko" else en_features
        return [feats(self.text, self.tokens, idx, self.evidence, domain, vocab) for idx in self.groups]

    def monolingual(self) -> "Side":
        """The same side as if it had no translation (no cross-lingual evidence)."""
        return Side(self.lang, self.text, self.tokens, self.groups,
                    Evidence(spans=self.evidence.spans, linked=set()), self.paired)

    def tag_sequences(self, spans: Sequence[tuple[int, int, str]]) -> list[list[str]]:
        """Gold BIO tags of every sentence for ``spans`` ``(start, end, label)``."""
        tags = bio(self.tokens, spans)
        return [[tags[i] for i in idx] for idx in self.groups]


def sides(art: Article, rule_spans: Sequence[Span], whys: dict[tuple[str, int, int], str],
          links: Sequence[CrossLink], ko_toks: Sequence[tuple]) -> dict[str, Side]:
    """Tokens, sentences and rule evidence of both sides of ``art``."""
    linked = {l.ko for l in links} | {l.en for l in links}
    by_id = {s.id: s for s in rule_spans}
    confirmed = {i for l in links if l.ko in by_id and l.en in by_id and by_id[l.ko].text != by_id[l.en].text
                 for i in (l.ko, l.en)}
    out = {}
    for lang in ("ko", "en"):
        text = art.text(lang)
        tokens = ko_tokens(ko_toks) if lang == "ko" else en_tokens(text)
        bounds = [(s.start, s.end) for s in art.sentences(lang)]
        ev = Evidence(spans=[(s.start, s.end, s.label, s.score or 0.0, whys.get((lang, s.start, s.end), ""))
                             for s in rule_spans if s.lang == lang],
                      linked={s.start for s in rule_spans if s.lang == lang and s.id in linked},
                      confirmed={s.start for s in rule_spans if s.lang == lang and s.id in confirmed})
        out[lang] = Side(lang, text, tokens, by_sentence(tokens, bounds), ev, bool(art.text_ko and art.text_en))
    return out


def _domain(model: NerModel, side: Side, convention: str) -> str | None:
    """The feature domain to tag ``side`` in: the asked convention if the model knows it; an
    English side with no Korean side also in the generated wire-news domain (``wire``), whose
    weights know names that no title and no translation confirm."""
    known = model.meta.get("conventions") or [None]
    domain = convention if convention in known else known[0]
    if side.lang == "en" and not side.paired and WIRE in known and domain:
        return f"{domain}+{WIRE}"
    return domain


def with_linked(side: Side, found: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """``found`` with the rule names that linking matched to the other side put back.

    The other side confirms them (a gazetteer entry, a transliteration; not an acronym
    copied as written, MOU = MOU), so a confirmed rule name no model span overlaps is kept
    with the rules' score, and a model span holding two or more of them (한일, one kiwipiepy
    token, is 한 and 일) gives way to them."""
    ev = side.evidence
    linked = [(s, e, label, score) for s, e, label, score, why in ev.spans if s in ev.confirmed and why != "value"]
    if not linked:
        return list(found)
    out: list[tuple[int, int, str, float]] = []
    taken = Taken()  # logarithmic look-ups: linear in the article's length
    order = sorted(range(len(linked)), key=lambda i: linked[i][0])
    starts = [linked[i][0] for i in order]

    def add(span: tuple[int, int, str, float]) -> None:  # never two overlapping spans
        if not taken.overlaps(span[0], span[1]):
            out.append(span)
            taken.add(span[0], span[1])

    for span in found:
        near = order[bisect_left(starts, span[0]):bisect_right(starts, span[1])]
        inside = [linked[i] for i in sorted(near) if linked[i][1] <= span[1]]
        for r in (inside if len(inside) >= 2 else [span]):
            add(r)
    for r in linked:
        add(r)
    return sorted(out)


def predict(model: NerModel, side: Side, annotator: str, convention: str = "koen") -> tuple[list[Span], list[float]]:
    """Model spans of one side (ids ``{lang}-N``) and each sentence's confidence.

    ``convention`` picks the annotation convention of a model trained on several
    (``koen``: the project's guide; ``klue``: KLUE-NER's); see :func:`_domain`."""
    tagger = model.taggers.get(side.lang)
    if tagger is None:
        return [], []
    found, conf = [], []
    domain = _domain(model, side, convention)
    vocab = tagger.vocabulary(domains(side.lang, domain))
    for idx, xseq in zip(side.groups, side.xseqs(domain, vocab)):
        tags, margs, prob = tagger.tag(xseq, known=True)
        found += decode(side.tokens, idx, tags, margs)
        conf.append(prob)
    found = with_linked(side, found)
    spans = [Span(id=f"{side.lang}-{n}", lang=side.lang, start=s, end=e, label=l, text=side.text[s:e],
                  origin="model", annotator=annotator, score=round(sc, 3))
             for n, (s, e, l, sc) in enumerate(found, 1) if l in ENTITY_LABELS]
    return spans, conf
