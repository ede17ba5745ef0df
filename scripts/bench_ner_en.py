"""English monolingual entity quality and feature cost: the rules against the learned tagger.

No English news NER gold with a licence this project may read is on the registries it
reaches (the kept-back Reuters test set stays outside the project), so the parts are built
from the project's own held-out gold (tests/data heldout + heldout2, 7 English articles,
never trained on), each article with its Korean side removed (no translation, no links):

- ``mono``: the English side as written: PER / LOC / ORG (PS; GPE+LC+FAC; OG) exact P/R/F1;
- ``caps``: the same with the first sentence of every article and every third sentence in
  capitals (headlines, datelines and tables of wire news are); offsets are kept;
- ``speed``: the English CRF feature cost per 1,000 sentences (held-out and sample English).

How this differs from the kept-back set: these are 7 translated Korean articles in the
project's convention (NORP and FAC kept apart; Korean romanized names, few sports results,
no ``LONDON 1996-08-30`` datelines); the capitals part only imitates wire headlines.

    .venv/bin/python scripts/bench_ner_en.py [--parts mono,caps,speed] [--model default|FOLDER]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ner import CONLL, DATA, _alone, heldout_pairs  # noqa: E402

from corpus.model import Article  # noqa: E402
from corpus.preannotate.evaluate import prf  # noqa: E402
from corpus.preannotate.stage import PreAnnotator, resolve_model  # noqa: E402


def _capitals(art: Article) -> Article:
    """``art`` with its first and every third English sentence upper-cased (same length)."""
    text = list(art.text_en)
    for n, s in enumerate(art.sentences_en):
        piece = art.text_en[s.start:s.end]
        if n % 3 == 0 and len(piece.upper()) == len(piece):
            text[s.start:s.end] = piece.upper()
    return Article.from_dict({**art.to_dict(), "text_en": "".join(text)})


def score(pred, pairs: list, transform=lambda a: a) -> Counter:
    """PER/LOC/ORG exact-match counts of ``pred`` on the English sides alone."""
    c: Counter = Counter()
    for art, gold in pairs:
        alone = transform(_alone(art, "en"))
        g = {(s.start, s.end, CONLL[s.label]) for s in gold.spans if s.lang == "en" and s.label in CONLL}
        p = {(s.start, s.end, CONLL[s.label]) for s in pred(alone)[0].spans if s.lang == "en" and s.label in CONLL}
        for key, items in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
            for item in items:
                c[(item[2], key)] += 1
                c[("ALL", key)] += 1
    return c


def show(title: str, c: Counter) -> None:
    print(title)
    for label in ("PER", "LOC", "ORG", "ALL"):
        p, r, f = prf(*(c[(label, k)] for k in ("tp", "fp", "fn")))
        print(f"  {label:4} P {p:.3f} R {r:.3f} F1 {f:.3f} n={c[(label, 'tp')] + c[(label, 'fn')]}")


def speed(pred: PreAnnotator, pairs: list, rounds: int = 20) -> None:
    """Seconds of English CRF features per 1,000 sentences (tokens and rule evidence excluded)."""
    from corpus.preannotate.train_data import from_gold

    arts = [_alone(a, "en") for a, _ in pairs] + [_alone(a, "en") for a, _ in from_gold(DATA / "sample.jsonl",
                                                                                        DATA / "sample_gold.jsonl")]
    sides = [s["en"] for _, s in pred.sides_many(arts)]
    n = sum(len(s.groups) for s in sides)
    t = time.perf_counter()
    for _ in range(rounds):
        for s in sides:
            s.xseqs()
    dt = time.perf_counter() - t
    print(f"English features: {1000 * dt / (n * rounds):.3f} s per 1,000 sentences ({n} sentences x {rounds})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--parts", default="mono,caps,speed")
    ap.add_argument("--model", default="default")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    preds = {"rules": PreAnnotator(), f"learned ({args.model})": PreAnnotator(model=resolve_model(args.model))}
    pairs = heldout_pairs()
    for name, pred in preds.items():
        if "mono" in parts:
            show(f"held-out English alone, {name}:", score(pred, pairs))
        if "caps" in parts:
            show(f"held-out English alone, some sentences in capitals, {name}:", score(pred, pairs, _capitals))
    if "speed" in parts:
        speed(preds[f"learned ({args.model})"], pairs)


if __name__ == "__main__":
    main()
