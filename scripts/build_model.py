"""Build the default learned pre-annotation model that ships in corpus/data/models/default.

Trains one CRF per language (python-crfsuite) on data the package may ship a model of:
KLUE-NER sentences (CC BY-SA 4.0, ../shared/ner, read in place, never copied) and the
project's own gold (tests/data sample + dev; the held-out sets are never trained on).
Writes ko.crfsuite, en.crfsuite, model.json and NOTICE (the licence duty of KLUE).

    .venv/bin/python scripts/build_model.py [--out corpus/data/models/default] [--weight 3]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from corpus.preannotate.model_io import DEFAULT
from corpus.preannotate.stage import PreAnnotator
from corpus.preannotate.train import build_examples, train_model
from corpus.preannotate.train_data import from_gold, from_spans_jsonl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "ner"
GOLD = ("sample", "dev")
NOTICE = """The pre-annotation model in this folder (ko.crfsuite, en.crfsuite) was trained on:

- KLUE-NER v1.1 sentences (WIKITREE news and NSMC movie reviews), KLUE benchmark,
  Park et al. 2021, "KLUE: Korean Language Understanding Evaluation",
  licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).
  The model is an adaptation of that data and is shared under the same licence,
  CC BY-SA 4.0: you may share and adapt it with attribution, and adaptations must
  carry the same licence.
- The koen project's own annotated sample articles (tests/data, written for the project).

Korean labels were mapped onto koen's schema (KLUE LC -> GPE/LC/FAC by the rule
pre-annotator's reading, QT -> MONEY for amounts of money).
"""


def gold_docs(predictor) -> list:
    """The project's own sample and dev gold as training documents."""
    docs = []
    for name in GOLD:
        docs += build_examples(from_gold(DATA / f"{name}.jsonl", DATA / f"{name}_gold.jsonl"), predictor,
                               source="gold")
    return docs


def public_docs(predictor, files: list[Path]) -> list:
    """KLUE-NER sentence files as training documents."""
    return [d for f in files for d in build_examples(from_spans_jsonl(f), predictor, source=f.name, convention="klue")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT)
    ap.add_argument("--weight", type=int, default=3, help="times the project's gold counts")
    ap.add_argument("--klue", type=Path, nargs="*",
                    default=[SHARED / "klue_ner_news_train.jsonl", SHARED / "klue_ner_reviews_train.jsonl"])
    args = ap.parse_args()
    t = time.perf_counter()
    pred = PreAnnotator()
    gold, public = gold_docs(pred), public_docs(pred, args.klue)
    print(f"features: {len(gold)} gold and {len(public)} public documents in {time.perf_counter() - t:.1f} s")
    meta = {"name": "default",
            "trained_on": {"project_gold": [f"tests/data/{g}_gold.jsonl" for g in GOLD], "weight": args.weight,
                           "public": [f"KLUE-NER v1.1 {f.name} (CC BY-SA 4.0)" for f in args.klue]},
            "license": "CC BY-SA 4.0 (trained on KLUE-NER); see NOTICE"}
    meta = train_model(gold + public, args.out, meta=meta,
                       weight=lambda d: args.weight if d.source == "gold" else 1)
    (args.out / "NOTICE").write_text(NOTICE, encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.iterdir()) / 2**20
    print(f"wrote {args.out} ({meta['model_version']}, {size:.1f} MiB) in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
