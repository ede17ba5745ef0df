"""Entity quality of the pre-annotator: the rules against the learned tagger (shipped model).

Three parts (``--parts heldout,mono,klue``):

- ``heldout``: the project's held-out gold (tests/data heldout + heldout2, 7 article pairs,
  never trained on), exact span and type P/R/F1 per type and language, and link P/R;
- ``mono``: the same English and Korean sides with the other side removed (no translation,
  no links): English PER/LOC/ORG (PS; GPE+LC+FAC; OG) and Korean KLUE-type exact F1;
- ``klue``: 5-fold cross-validation on KLUE-NER news (../shared/ner, read in place): each
  fold trains as scripts/build_model.py does (other folds + reviews + sample/dev gold) and
  is scored with KLUE's six types, in both conventions the model knows (``koen``, the
  project's guide, is what ``koen preannotate`` uses; ``klue`` follows KLUE's);
- ``kluecurve`` (not in the default): the same folds trained on a quarter, a half and all of
  the other folds' news sentences (KLUE convention), to extrapolate to the whole set.

    .venv/bin/python scripts/bench_ner.py [--parts heldout,mono] [--model default|FOLDER]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_model import SHARED, gold_docs, public_docs  # noqa: E402

from corpus.anchors import read_records, resolve  # noqa: E402
from corpus.preannotate.evaluate import prf, score_pair  # noqa: E402
from corpus.preannotate.stage import PreAnnotator, resolve_model  # noqa: E402
from corpus.preannotate.train import cross_validate, score  # noqa: E402
from corpus.preannotate.train_data import TO_KLUE, from_gold  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
HELDOUT = ("heldout", "heldout2")
CONLL = {"PS": "PER", "GPE": "LOC", "LC": "LOC", "FAC": "LOC", "OG": "ORG"}


def heldout_pairs() -> list:
    """``(article, gold annotation)`` of every held-out article pair."""
    out = []
    for name in HELDOUT:
        arts = [a for a, _ in from_gold(DATA / f"{name}.jsonl", DATA / f"{name}_gold.jsonl")]
        for (n, rec), art in zip(read_records(DATA / f"{name}_gold.jsonl"), arts):
            out.append((art, resolve(rec, art, where=f"{name}_gold.jsonl:{n}")))
    return out


def _print_counts(title: str, c: Counter) -> None:
    print(title)
    for lang in ("ko", "en"):
        labels = sorted({k[1] for k in c if isinstance(k, tuple) and k[0] == lang})
        tot = Counter()
        for label in labels:
            tp, fp, fn = (c[(lang, label, k)] for k in ("tp", "fp", "fn"))
            tot.update({"tp": tp, "fp": fp, "fn": fn})
            p, r, f = prf(tp, fp, fn)
            print(f"  {lang} {label:6} P {p:.3f} R {r:.3f} F1 {f:.3f} n={tp + fn}")
        p, r, f = prf(tot["tp"], tot["fp"], tot["fn"])
        print(f"  {lang} ALL    P {p:.3f} R {r:.3f} F1 {f:.3f} n={tot['tp'] + tot['fn']}")
    if c["link_tp"] + c["link_fn"]:
        p, r, _ = prf(c["link_tp"], c["link_fp"], c["link_fn"])
        print(f"  links  P {p:.3f} R {r:.3f}")


def heldout(predictors: dict, pairs: list) -> None:
    for name, pred in predictors.items():
        c: Counter = Counter()
        t = time.perf_counter()
        for art, gold in pairs:
            score_pair(pred(art)[0], gold, c)
        _print_counts(f"held-out gold, {name} ({time.perf_counter() - t:.1f} s)", c)


def _alone(art, lang: str):
    from corpus.model import Article

    d = {**art.to_dict(), "annotations": [], "alignment": None}
    other = "en" if lang == "ko" else "ko"
    d[f"text_{other}"], d[f"sentences_{other}"] = "", []
    return Article.from_dict(d)


def mono(predictors: dict, pairs: list) -> None:
    views = {"en": lambda l: CONLL.get(l), "ko": lambda l: TO_KLUE.get(l)}
    for name, pred in predictors.items():
        for lang, view in views.items():
            c: Counter = Counter()
            for art, gold in pairs:
                g = {(s.start, s.end, view(s.label)) for s in gold.spans if s.lang == lang and view(s.label)}
                p = {(s.start, s.end, view(s.label)) for s in pred(_alone(art, lang))[0].spans
                     if s.lang == lang and view(s.label)}
                for key, items in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
                    for item in items:
                        c[(item[2], key)] += 1
                        c[("ALL", key)] += 1
            kind = "PER/LOC/ORG" if lang == "en" else "KLUE types"
            print(f"{lang} side alone ({kind}), {name}:")
            for label in sorted({k[0] for k in c}):
                p, r, f = prf(*(c[(label, k)] for k in ("tp", "fp", "fn")))
                print(f"  {label:4} P {p:.3f} R {r:.3f} F1 {f:.3f} n={c[(label, 'tp')] + c[(label, 'fn')]}")


def klue_rules(pred: PreAnnotator) -> None:
    """The rules alone on the KLUE-NER news sentences, KLUE types."""
    from corpus.preannotate.train_data import from_spans_jsonl

    pairs = list(from_spans_jsonl(SHARED / "klue_ner_news_train.jsonl"))
    c: Counter = Counter()
    for (_, gold), ann in zip(pairs, pred.pipe([a for a, _ in pairs])):
        g = {(s, e, t) for _, s, e, t in gold}
        p = {(s.start, s.end, TO_KLUE[s.label]) for s in ann.spans if s.label in TO_KLUE}
        c.update({"tp": len(g & p), "fp": len(p - g), "fn": len(g - p)})
    p, r, f = prf(c["tp"], c["fp"], c["fn"])
    print(f"KLUE-NER news, rules alone, KLUE types: P {p:.3f} R {r:.3f} F1 {f:.3f}")


def klue(folds: int) -> None:
    pred = PreAnnotator()
    klue_rules(pred)
    news = public_docs(pred, [SHARED / "klue_ner_news_train.jsonl"])
    extra = public_docs(pred, [SHARED / "klue_ner_reviews_train.jsonl"]) + gold_docs(pred)
    w = lambda d: 3 if d.source == "gold" else 1
    as_koen = [d.__class__(**{**d.__dict__, "xseqs": d.side.xseqs("koen"), "convention": "koen"}) for d in news]
    for name, docs in (("klue", news), ("koen", as_koen)):
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            _, got = cross_validate(docs, Path(tmp), folds=folds, extra=extra, weight=w)
        s = score(docs, got, view=lambda l: TO_KLUE[l])["ko"]
        print(f"KLUE-NER news, {folds}-fold CV, KLUE types, tagged in the {name} convention "
              f"({time.perf_counter() - t:.0f} s):")
        for label, v in s.items():
            print(f"  {label:4} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f} n={v['n']}")


def klue_curve(folds: int, fractions: tuple[float, ...] = (0.25, 0.5, 1.0)) -> None:
    """KLUE-NER news cross-validation with a share of the other folds' news sentences (reviews
    and the project's gold always train): the slope says what the shipped model, trained on
    all the news sentences, should score on unseen KLUE news."""
    import random

    from corpus.preannotate.train import predict_docs, train_model

    pred = PreAnnotator()
    news = public_docs(pred, [SHARED / "klue_ner_news_train.jsonl"])
    extra = [d for d in public_docs(pred, [SHARED / "klue_ner_reviews_train.jsonl"]) + gold_docs(pred)
             if d.side.lang == "ko"]
    w = lambda d: 3 if d.source == "gold" else 1
    arts = sorted({d.id.rsplit(":", 1)[0] for d in news})
    random.Random(13).shuffle(arts)  # the folds of cross_validate
    fold_of = {a: i % folds for i, a in enumerate(arts)}
    print(f"KLUE-NER news, {folds}-fold CV, KLUE convention, by news sentences trained on:")
    for frac in fractions:
        got: dict = {}
        n = 0
        for k in range(folds):
            test = [d for d in news if fold_of[d.id.rsplit(":", 1)[0]] == k]
            rest = [d for d in news if fold_of[d.id.rsplit(":", 1)[0]] != k]
            random.Random(k).shuffle(rest)
            rest = rest[: round(len(rest) * frac)]
            n += len(rest)
            with tempfile.TemporaryDirectory() as tmp:
                train_model(rest + extra, Path(tmp) / "m", weight=w)
                got.update(predict_docs(Path(tmp) / "m", test))
        s = score(news, got, view=lambda l: TO_KLUE[l])["ko"]
        print(f"  {n / folds:6.0f} sentences: F1 {s['ALL']['f1']:.3f} "
              + " ".join(f"{l} {v['f1']:.3f}" for l, v in s.items() if l != "ALL"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--parts", default="heldout,mono,klue")
    ap.add_argument("--model", default="default")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    predictors = {"rules": PreAnnotator(), f"learned ({args.model})": PreAnnotator(model=resolve_model(args.model))}
    pairs = heldout_pairs() if parts & {"heldout", "mono"} else []
    if "heldout" in parts:
        heldout(predictors, pairs)
    if "mono" in parts:
        mono(predictors, pairs)
    if "klue" in parts:
        klue(args.folds)
    if "kluecurve" in parts:
        klue_curve(args.folds)


if __name__ == "__main__":
    main()
