"""Learning curve of the learned tagger: F1 against the number of the project's gold articles.

The project's 25 hand-annotated article pairs (tests/data sample, dev, heldout, heldout2)
are shuffled once (seed 13); the tagger trains on the first 0, 5, 10 and 20 of them plus
the public KLUE-NER data (../shared/ner, read in place) and is scored on all the others
(exact span and type, per language).  With 0 articles there is no English training data,
so the English figure is the rule pre-annotator's.

    .venv/bin/python scripts/learning_curve.py [--sizes 0,5,10,20] [--public news|all|none]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_model import DATA, SHARED, public_docs  # noqa: E402

from corpus.preannotate.stage import PreAnnotator  # noqa: E402
from corpus.preannotate.train import build_examples, predict_docs, score, train_model  # noqa: E402
from corpus.preannotate.train_data import from_gold  # noqa: E402

SETS = ("sample", "dev", "heldout", "heldout2")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="0,5,10,20")
    ap.add_argument("--public", choices=("news", "all", "none"), default="all")
    ap.add_argument("--weight", type=int, default=3)
    args = ap.parse_args()
    pred = PreAnnotator()
    docs = [d for name in SETS for d in build_examples(from_gold(DATA / f"{name}.jsonl", DATA / f"{name}_gold.jsonl"),
                                                       pred, source="gold")]
    files = {"news": ["news"], "all": ["news", "reviews"], "none": []}[args.public]
    public = public_docs(pred, [SHARED / f"klue_ner_{f}_train.jsonl" for f in files])
    arts = sorted({d.id.rsplit(":", 1)[0] for d in docs})
    random.Random(13).shuffle(arts)
    print(f"{len(arts)} project articles, {len(public)} public sentences ({args.public})")
    print(f"{'train':>5} {'test':>4}  {'ko P/R/F1':>19}  {'en P/R/F1':>19}  seconds")
    for n in (int(x) for x in args.sizes.split(",")):
        train_ids, t = set(arts[:n]), time.perf_counter()
        train = [d for d in docs if d.id.rsplit(":", 1)[0] in train_ids] + public
        test = [d for d in docs if d.id.rsplit(":", 1)[0] not in train_ids]
        with tempfile.TemporaryDirectory() as tmp:
            got = {}
            if train:
                train_model(train, Path(tmp), weight=lambda d: args.weight if d.source == "gold" else 1)
                got = predict_docs(Path(tmp), test)
        for d in test:  # a language the model was not trained on: the rules' spans
            if not any(x.side.lang == d.side.lang for x in train):
                got[d.id] = {(s, e, l) for s, e, l, _, _ in d.side.evidence.spans}
        s = score(test, got)
        cells = "  ".join(f"{s[lang]['ALL']['p']:.3f}/{s[lang]['ALL']['r']:.3f}/{s[lang]['ALL']['f1']:.3f}"
                          for lang in ("ko", "en"))
        print(f"{n:5d} {len(arts) - n:4d}  {cells}  {time.perf_counter() - t:.0f}")


if __name__ == "__main__":
    main()
