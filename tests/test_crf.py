"""The CRF tagger: features the model does not know are dropped before crfsuite reads them,
and the tags, marginals and probabilities stay exactly the same (real kiwipiepy, shipped model)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.align import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.crf import SequenceTagger, attributes, known_only
from corpus.preannotate.learned import _domain
from corpus.preannotate.model_io import DEFAULT, load_model
from corpus.preannotate.stage import PreAnnotator
from corpus.workdir import iter_articles

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sequences(tmp_path_factory) -> dict[str, list]:
    """Feature sequences of every sentence of the sample, both languages, as the stage builds them."""
    wd = tmp_path_factory.mktemp("crf") / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    model = load_model("default")
    pred = PreAnnotator(model=model)
    out: dict[str, list] = {"ko": [], "en": []}
    for _, by_lang in pred.sides_many(iter_articles(wd)):
        for side in by_lang.values():
            out[side.lang] += side.xseqs(_domain(model, side, "koen"))
            out[side.lang] += side.monolingual().xseqs("klue" if side.lang == "ko" else "koen+wire")
    return out


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_attribute_set_is_the_models(lang):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(DEFAULT / f"{lang}.crfsuite"))
    assert attributes(tagger) == frozenset(tagger.info().attributes)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_filtered_tagging_equals_unfiltered_tagging(sequences, lang):
    path = DEFAULT / f"{lang}.crfsuite"
    fast, plain = SequenceTagger(path), SequenceTagger(path, filter_unknown=False)
    seqs = sequences[lang]
    assert len(seqs) > 150  # the sample: 10 articles, both conventions
    fast.labels()
    known = fast._known
    assert known is not None and plain._known is None
    dropped = sum(len(tok) - len(kept) for x in seqs for tok, kept in zip(x, known_only(x, known)))
    assert dropped > 0.1 * sum(len(tok) for x in seqs for tok in x)  # there is something to save
    for x in seqs:
        assert fast.tag(x) == plain.tag(x)


def test_features_with_values_are_filtered_too(sequences):
    path = DEFAULT / "ko.crfsuite"
    fast, plain = SequenceTagger(path), SequenceTagger(path, filter_unknown=False)
    fast.labels()
    for n, x in enumerate(sequences["ko"][:80]):
        weighted = [{f: (0.5 if (n + i) % 3 == 0 else 1.0) for f in tok} for i, tok in enumerate(x)]
        kept = known_only(weighted, fast._known)
        assert all(set(k) == set(tok) & fast._known and all(k[f] == tok[f] for f in k)
                   for k, tok in zip(kept, weighted))
        assert fast.tag(weighted) == plain.tag(weighted)
