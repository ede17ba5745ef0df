"""Tokens and CRF features of the learned tagger (:mod:`.crf`).

Korean tokens are kiwipiepy morphemes (overlapping ones merged: 했 -> 하 + 었), English
tokens come from a regular expression.  Each token gets plain string features: its form,
shape, affixes, POS (Korean), neighbours, the cue lists (titles, organization heads), and
the *evidence* of the rule pre-annotator (stacking): the BIO tag of the rule span over the
token, why the rule proposed it, how sure it was, and whether linking matched that span to
a name on the other side of an aligned pair (a linked name, a transliteration match).
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from .clusters_ko import features as ko_clusters
from .vocab import Vocabulary, full

Token = tuple[int, int, str, str]  # start, end, form, POS (English: "")

_EN_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Gov|Sen|Rep|Lt|Col|Adm|Prof|St|Jr|Co|Inc|Corp|Ltd|No)\.(?=\s)"
                       r"|\$|\d+(?:[.,]\d+)*|['’]s\b|[A-Z][a-z]{0,4}-[a-z]{1,5}\b|\w+(?:&\w+)*|[^\w\s]")  # possessives and hyphens apart,
# except in a romanized Korean given name (Do-yoon, Jong-un)


def ko_tokens(toks: Sequence[tuple]) -> list[Token]:
    """Kiwipiepy ``(start, end, form, tag, lemma)`` tokens, overlaps merged, in text order."""
    out: list[list] = []
    for start, end, form, tag, _ in toks:
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
            out[-1][2] += form
            continue
        out.append([start, end, form, tag])
    return [tuple(t) for t in out]  # type: ignore[misc]


def en_tokens(text: str) -> list[Token]:
    """English word, number and punctuation tokens with offsets."""
    return [(m.start(), m.end(), m.group(), "") for m in _EN_TOKEN.finditer(text)]


def by_sentence(tokens: Sequence[Token], bounds: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Token indices per sentence (tokens and bounds sorted); tokens outside every sentence
    form sentences of their own runs."""
    groups: list[list[int]] = []
    b, cur, cur_b = 0, [], None
    for i, (s, e, _, _) in enumerate(tokens):
        while b < len(bounds) and bounds[b][1] <= s:
            b += 1
        which = b if b < len(bounds) and bounds[b][0] <= s else None
        if cur and which != cur_b:
            groups.append(cur)
            cur = []
        cur_b = which
        cur.append(i)
    if cur:
        groups.append(cur)
    return groups


def bio(tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """BIO tags of ``tokens`` for ``spans`` (a token overlapping a span takes its label)."""
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]

    for s, e, label in sorted(spans):
        i = max(bisect.bisect_right(starts, s) - 1, 0)
        first = True
        while i < len(tokens) and tokens[i][0] < e:
            if tokens[i][1] > s and tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + label
                first = False
            i += 1
    return tags


@dataclass
class Evidence:
    """What the rules said about one text: spans ``(start, end, label, score, why)``, the
    starts of the spans linked to the other language, and of those linked to a differently
    written span (a translation or transliteration, not a copied acronym)."""

    spans: list[tuple[int, int, str, float, str]] = field(default_factory=list)
    linked: set[int] = field(default_factory=set)
    confirmed: set[int] = field(default_factory=set)


def _evidence_tags(tokens: Sequence[Token], ev: Evidence) -> list[tuple[str, str, str, bool]]:
    """Per token: rule BIO tag, why, score bucket, linked (once per document: sentences reuse it)."""
    last = getattr(_DOC, "last", None)
    if last is None or last[0] is not tokens or last[1] is not ev:
        last = _DOC.last = (tokens, ev, _evidence_tags_of(tokens, ev))
    return last[2]


_DOC = threading.local()  # per thread: the last document's tokens, evidence and evidence tags


def _evidence_tags_of(tokens: Sequence[Token], ev: Evidence) -> list[tuple[str, str, str, bool]]:
    spans = sorted(ev.spans)
    tags = bio(tokens, [(s, e, f"{l}|{why}|{'hi' if sc >= 0.6 else 'lo'}|{int(s in ev.linked)}")
                        for s, e, l, sc, why in spans])
    out = []
    for t in tags:
        if t == "O":
            out.append(("O", "", "", False))
            continue
        label, why, bucket, linked = t.split("|")
        out.append((label, why, bucket, linked == "1"))
    return out


@lru_cache(maxsize=65536)
def _shape(form: str) -> str:
    s = re.sub(r"[A-Z]", "X", form)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    s = re.sub(r"[가-힣]", "k", s)
    return re.sub(r"(.)\1+", r"\1\1", s)[:8]


@lru_cache(maxsize=1)
def _en_cues() -> dict[str, str]:
    from .english import cues

    out: dict[str, str] = {}
    for kind in ("titles", "org_heads", "gpe_heads", "lc_heads", "fac_heads", "not_names"):
        for w in cues()[kind]:
            if isinstance(w, str):
                out.setdefault(w.split()[-1].lower(), kind)
    return out


@lru_cache(maxsize=1)
def _ko_cues() -> dict[str, str]:
    from .korean_group import cues

    out: dict[str, str] = {}
    for kind in ("titles", "org_suffixes", "gpe_suffixes", "lc_suffixes", "fac_suffixes"):
        for w in cues()[kind]:
            if isinstance(w, str):
                out.setdefault(w, kind)
    return out


def _common_en() -> frozenset[str]:
    from .english import _common_words

    return frozenset(w.lower() for w in _common_words() if isinstance(w, str))


@lru_cache(maxsize=1024)
def _base(prefix: str, ev: tuple[str, str, str, bool]) -> tuple[str, ...]:
    label, why, bucket, linked = ev
    out = [f"{prefix}r={label}"]
    if why:
        out += [f"{prefix}why={why}", f"{prefix}rs={bucket}|{label[2:]}"]
        if linked:
            out.append(f"{prefix}lk={label[2:]}")
    return tuple(out)


def _ko_own(form: str, pos: str, space: bool) -> tuple[str, ...]:
    """A morpheme's own features, which depend on nothing else (``space``: a space before it)."""
    cue = _ko_cues()
    out = ["b", f"f={form}", f"p={pos}", f"fp={form}|{pos}", f"sp={int(space)}", f"sh={_shape(form)}",
           f"s1={form[-1:]}", f"s2={form[-2:]}", f"p1={form[:1]}", f"len={min(len(form), 5)}"]
    if form in cue:
        out.append(f"cue={cue[form]}")
    return (*out, *ko_clusters(form, pos)[0])


@lru_cache(maxsize=50_000)
def _ko_near(form: str, pos: str, d: int) -> tuple[str, ...]:
    """What a neighbour at distance ``d`` (+-1) shows of itself: POS, clusters, form."""
    return (f"p{d:+d}={pos}", *(f"{d:+d}{x}" for x in ko_clusters(form, pos)[1]), f"f{d:+d}={form}")



def ko_features(text: str, tokens: Sequence[Token], idx: Sequence[int], ev: Evidence,
                domain: str | None = None, vocab: Vocabulary | None = None) -> list[list[str]]:
    """Features of the Korean tokens ``idx`` (one sentence) of ``text``.

    With a ``domain`` (an annotation convention: ``koen`` or ``klue``) every feature also
    comes as a copy prefixed with it, so one model learns what the conventions share and
    where they differ (Daume's feature augmentation).  ``vocab`` (a model's, for the domain
    list :func:`domains` gives) keeps only what the model knows; by default all is kept."""
    voc = vocab or full(domains("ko", domain))
    own, token = voc.own, voc.token
    evs = _evidence_tags(tokens, ev)
    toks = [tokens[i] for i in idx]
    labels = [evs[i][0] for i in idx]
    n, out = len(toks), []
    for k, (s, e, form, pos) in enumerate(toks):
        space = s > 0 and text[s - 1] == " "
        rest = [f"p-2={toks[k - 2][3]}" if k >= 2 else "p-2=<pad>"]
        if k >= 1:
            near = toks[k - 1][2]
            rest += _ko_near(near, toks[k - 1][3], -1)
            rest += (f"fp-1={near}|{form}", f"-1r={labels[k - 1]}")
        else:
            rest.append("p-1=<pad>")
        if k + 1 < n:
            near = toks[k + 1][2]
            rest += _ko_near(near, toks[k + 1][3], 1)
            rest += (f"fp+1={form}|{near}", f"+1r={labels[k + 1]}")
        else:
            rest.append("p+1=<pad>")
        rest.append(f"p+2={toks[k + 2][3]}" if k + 2 < n else "p+2=<pad>")
        rest += _base("", evs[idx[k]])
        out.append(token(own(_ko_own, form, pos, space), rest))
    return out


def _en_own(form: str, w: str, first: bool, recurs: bool) -> tuple[str, ...]:
    """An English word's own features (``w`` lower case; ``first`` in its sentence; ``recurs``:
    a name its document keeps using)."""
    cue, common = _en_cues(), _common_en_cached()
    f = ["b", f"w={w}", f"sh={_shape(form)}", f"s3={w[-3:]}", f"s2={w[-2:]}", f"p3={w[:3]}",
         f"ti={int(form[:1].isupper())}{int(form.isupper())}", f"first={int(first)}"]
    if w in cue:
        f.append(f"cue={cue[w]}")
    if form[:1].isupper() and w in common:
        f.append("capcommon")
    if recurs:
        f.append("recurs")
    return tuple(f)


@lru_cache(maxsize=50_000)
def _en_near(form: str, d: int) -> tuple[str, str]:
    """What a neighbour at distance ``d`` (+-1) shows of itself: the word and its shape."""
    return f"w{d:+d}={form.lower()}", f"sh{d:+d}={_shape(form)}"


@lru_cache(maxsize=50_000)
def _en_after(w: str, d: int, label: str) -> tuple[str, ...]:
    """A neighbour's cue kind (if its word is a cue) and the rules' tag over it."""
    cue = _en_cues()
    return (f"cue{d:+d}={cue[w]}", f"{d:+d}r={label}") if w in cue else (f"{d:+d}r={label}",)


def en_features(text: str, tokens: Sequence[Token], idx: Sequence[int], ev: Evidence,
                domain: str | None = None, vocab: Vocabulary | None = None) -> list[list[str]]:
    """Features of the English tokens ``idx`` (one sentence) of ``text`` (``domain``: as in
    :func:`ko_features`, e.g. ``koen`` for the project's gold, ``wire`` for generated wire text;
    ``koen+wire`` gives a copy in each)."""
    from .features_en import en_extra, recurring  # name lists, letter case, document evidence

    voc = vocab or full(domains("en", domain))
    own, token = voc.own, voc.token
    evs = _evidence_tags(tokens, ev)
    extra = en_extra(text, tokens, idx)
    names = recurring(tokens)
    toks = [tokens[i] for i in idx]
    low = [t[2].lower() for t in toks]
    n, out = len(toks), []
    for k, (s, e, form, _) in enumerate(toks):
        w = low[k]
        rest = [f"w-2={low[k - 2]}" if k >= 2 else "w-2=<pad>"]
        if k >= 1:
            rest += _en_near(toks[k - 1][2], -1)
            rest.append(f"ww-1={low[k - 1]}|{w}")
            rest += _en_after(low[k - 1], -1, evs[idx[k - 1]][0])
        else:
            rest.append("w-1=<pad>")
        if k + 1 < n:
            rest += _en_near(toks[k + 1][2], 1)
            rest.append(f"ww+1={low[k + 1]}|{w}")
            rest += _en_after(low[k + 1], 1, evs[idx[k + 1]][0])
        else:
            rest.append("w+1=<pad>")
        rest.append(f"w+2={low[k + 2]}" if k + 2 < n else "w+2=<pad>")
        rest += _base("", evs[idx[k]])
        rest += extra[k]
        out.append(token(own(_en_own, form, w, k == 0, form in names), rest))
    return out


def domains(lang: str, domain: str | None) -> tuple[str, ...]:
    """The prefixes of the feature copies of a side in ``domain``: an English domain may name
    several (``koen+wire``), a Korean one is a single prefix."""
    if not domain:
        return ()
    return tuple(domain.split("+")) if lang == "en" else (domain,)


@lru_cache(maxsize=1)
def _common_en_cached() -> frozenset[str]:
    return _common_en()


def _recurring_names(tokens: Sequence[Token]) -> set[str]:
    """Capitalized words written capitalized at least twice after a word (not sentence-initially)
    and never in lower case in the document: names a document keeps using (Cellonix)."""
    caps: dict[str, int] = {}
    lower: set[str] = set()
    prev = "."
    for _, _, form, _ in tokens:
        if form[:1].isupper() and prev not in ".!?\"“:":
            caps[form] = caps.get(form, 0) + 1
        elif form.islower():
            lower.add(form)
        prev = form
    return {w for w, n in caps.items() if n >= 2 and w.lower() not in lower and len(w) > 1}
