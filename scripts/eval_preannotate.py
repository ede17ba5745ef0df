"""Score the pre-annotator on hand-made gold (default: tests/data/sample_gold.jsonl).

Ingests and aligns tests/data/sample.jsonl into a temporary work folder, runs the
predictor and prints P/R/F1 per entity type and language, link P/R and trigger recall.
Usage: .venv/bin/python scripts/eval_preannotate.py [--model default|rules|FOLDER] [--gazetteer extra.tsv ...]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from corpus.align.stage import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.evaluate import evaluate, evaluate_projection
from corpus.preannotate.stage import PreAnnotator, resolve_model
from corpus.workdir import iter_articles

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--min-score", type=float, default=0.0)
    ap.add_argument("--model", default="default", help="'default' (shipped learned tagger), a model folder, or 'rules'")
    ap.add_argument("--data", type=Path, default=DATA / "sample.jsonl", help="article pairs to ingest")
    ap.add_argument("--gold", type=Path, default=DATA / "sample_gold.jsonl", help="text-anchored gold of --data")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp) / "wd"
        ingest(inputs=[args.data], workdir=wd)
        align_workdir(workdir=wd)
        arts = list(iter_articles(wd))
    pred = PreAnnotator(gazetteers=args.gazetteer, min_score=args.min_score, model=resolve_model(args.model))
    t = time.perf_counter()
    anns = list(pred.pipe(arts))
    secs = time.perf_counter() - t
    r = evaluate(arts, anns, args.gold)
    print(f"{'lang':4} {'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for (lang, label), (p, rc, f, n) in sorted(r["types"].items()):
        print(f"{lang:4} {label:6} {p:6.3f} {rc:6.3f} {f:6.3f} {n:5d}")
    for lang in ("ko", "en"):
        p, rc, f = r[lang]
        print(f"{lang} entities (all types): P {p:.3f} R {rc:.3f} F1 {f:.3f}")
    p, rc, f = r["links"]
    print(f"links: P {p:.3f} R {rc:.3f} F1 {f:.3f}")
    p, rc, f = r["arguments"]
    print(f"event arguments (trigger + role + entity span): P {p:.3f} R {rc:.3f} F1 {f:.3f}")
    print(f"triggers: recall {r['trigger_recall']:.3f} precision {r['trigger_precision']:.3f}")
    proj = evaluate_projection(arts, pred, args.gold)
    for key, label in (("ko->en", "projection of the Korean gold onto English"),
                       ("en->ko", "projection of the English gold onto Korean"),
                       ("links", "links proposed between gold spans of both sides")):
        print(f"{label}: P {proj[key][0]:.3f} R {proj[key][1]:.3f} F1 {proj[key][2]:.3f}")
    print(f"predictor time: {secs:.2f} s for {len(arts)} articles (incl. model load)")


if __name__ == "__main__":
    main()
