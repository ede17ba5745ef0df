"""The fast feature path: only the features the model knows, built from cached pieces, are exactly
the plain features filtered, and the plain features are what a plain reference implementation
builds (real kiwipiepy, the sample articles, the shipped model)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.align import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.crf import SequenceTagger, known_only
from corpus.preannotate.features import _base, _en_cues, _evidence_tags, _ko_cues, _shape, domains
from corpus.preannotate.features_en import en_extra, recurring
from corpus.preannotate.clusters_ko import features as ko_clusters
from corpus.preannotate.learned import _domain
from corpus.preannotate.model_io import DEFAULT, load_model
from corpus.preannotate.stage import PreAnnotator
from corpus.preannotate.vocab import CACHE
from corpus.workdir import iter_articles

DATA = Path(__file__).parent / "data"
DOMAINS = {"ko": (None, "koen", "klue"), "en": (None, "koen", "koen+wire")}


@pytest.fixture(scope="module")
def sides(tmp_path_factory) -> list:
    """Both sides of every sample article, and of the first three without their translation."""
    wd = tmp_path_factory.mktemp("vocab") / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    out = []
    for n, (_, by_lang) in enumerate(PreAnnotator(model=load_model("default")).sides_many(iter_articles(wd))):
        out += list(by_lang.values()) + ([s.monolingual() for s in by_lang.values()] if n < 3 else [])
    return out


def _copies(f: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return f + [f"{d}:{x}" for d in prefixes for x in f]


def reference_ko(text, tokens, idx, ev, domain):
    """The Korean features written plainly, one string after another."""
    evs, toks, out = _evidence_tags(tokens, ev), [tokens[i] for i in idx], []
    for k, (s, _, form, pos) in enumerate(toks):
        f = ["b", f"f={form}", f"p={pos}", f"fp={form}|{pos}", f"sp={int(s > 0 and text[s - 1] == ' ')}",
             f"sh={_shape(form)}", f"s1={form[-1:]}", f"s2={form[-2:]}", f"p1={form[:1]}", f"len={min(len(form), 5)}"]
        f += [f"cue={_ko_cues()[form]}"] if form in _ko_cues() else []
        f += ko_clusters(form, pos)[0]
        for d in (-2, -1, 1, 2):
            j = k + d
            if not 0 <= j < len(toks):
                f.append(f"p{d:+d}=<pad>")
            elif abs(d) == 2:
                f.append(f"p{d:+d}={toks[j][3]}")
            else:
                f += [f"p{d:+d}={toks[j][3]}", *(f"{d:+d}{x}" for x in ko_clusters(*toks[j][2:])[1]), f"f{d:+d}={toks[j][2]}",
                      f"fp{d:+d}={toks[j][2]}|{form}" if d < 0 else f"fp{d:+d}={form}|{toks[j][2]}", f"{d:+d}r={evs[idx[j]][0]}"]
        out.append(_copies(f + list(_base("", evs[idx[k]])), domains("ko", domain)))
    return out


def reference_en(text, tokens, idx, ev, domain):
    """The English features written plainly (:func:`en_extra` is called as the real path calls it)."""
    evs, toks, cue, names = _evidence_tags(tokens, ev), [tokens[i] for i in idx], _en_cues(), recurring(tokens)
    from corpus.preannotate.features import _common_en_cached

    low, extra, out = [t[2].lower() for t in toks], en_extra(text, tokens, idx), []
    for k, (_, _, form, _) in enumerate(toks):
        w = low[k]
        f = ["b", f"w={w}", f"sh={_shape(form)}", f"s3={w[-3:]}", f"s2={w[-2:]}", f"p3={w[:3]}",
             f"ti={int(form[:1].isupper())}{int(form.isupper())}", f"first={int(k == 0)}"]
        f += ([f"cue={cue[w]}"] if w in cue else []) + (["capcommon"] if form[:1].isupper() and w in _common_en_cached() else [])
        f += ["recurs"] if form in names else []
        for d in (-2, -1, 1, 2):
            j = k + d
            f.append(f"w{d:+d}={low[j]}" if 0 <= j < len(toks) else f"w{d:+d}=<pad>")
            if abs(d) == 1 and 0 <= j < len(toks):
                f += [f"sh{d:+d}={_shape(toks[j][2])}", f"ww{d:+d}={low[j]}|{w}"]
                f += ([f"cue{d:+d}={cue[low[j]]}"] if low[j] in cue else []) + [f"{d:+d}r={evs[idx[j]][0]}"]
        out.append(_copies(f + list(_base("", evs[idx[k]])) + extra[k], domains("en", domain)))
    return out


def test_features_are_the_reference_features(sides):
    n = 0
    for side in sides:
        ref = reference_ko if side.lang == "ko" else reference_en
        for domain in DOMAINS[side.lang]:
            got = side.xseqs(domain)
            assert got == [ref(side.text, side.tokens, idx, side.evidence, domain) for idx in side.groups]
            n += sum(len(x) for x in got)
    assert n > 10_000  # tokens of both languages in every domain


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_known_features_are_the_full_features_filtered_and_tag_the_same(sides, lang):
    fast, plain = SequenceTagger(DEFAULT / f"{lang}.crfsuite"), SequenceTagger(DEFAULT / f"{lang}.crfsuite",
                                                                                 filter_unknown=False)
    model = load_model("default")
    dropped = kept = 0
    for side in (s for s in sides if s.lang == lang):
        for domain in {*DOMAINS[lang], _domain(model, side, "koen")} - {None}:
            vocab = fast.vocabulary(domains(lang, domain))
            for full, known in zip(side.xseqs(domain), side.xseqs(domain, vocab)):
                assert known == known_only(full, fast._known)  # same strings, same order
                assert fast.tag(known, known=True) == plain.tag(full)  # tags, marginals, probability
                kept += sum(map(len, known))
                dropped += sum(map(len, full)) - sum(map(len, known))
    # the fast path leaves out a real share of the strings (English learned 7: 19 %, Korean more)
    assert dropped > 0.1 * (kept + dropped)
    assert fast.vocabulary(domains(lang, "koen")).own.cache_info().maxsize == CACHE  # bounded memory
