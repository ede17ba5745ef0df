"""Time the pre-annotator on 1,000 articles (the ten sample pairs, ingested and aligned, repeated).

Prints seconds per 1,000 articles, with and without the one-off model load.
Other processes on the machine make timings noisy; run it twice.
Usage: .venv/bin/python scripts/bench_preannotate.py [--n 1000]
"""
from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

from corpus.align_stage import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.stage import PreAnnotator, preannotate_articles
from corpus.workdir import iter_articles

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp) / "wd"
        ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
        align_workdir(workdir=wd)
        base = list(iter_articles(wd))
    arts = []
    for i in range(args.n):
        art = copy.deepcopy(base[i % len(base)])
        art.id = f"{art.id}-{i}"
        arts.append(art)
    chars = sum(len(a.text_ko) + len(a.text_en) for a in arts)
    t0 = time.perf_counter()
    pred = PreAnnotator()
    pred.ko.kiwi()
    t1 = time.perf_counter()
    spans = sum(len(a.annotations[-1].spans) for a in preannotate_articles(arts, pred))
    t2 = time.perf_counter()
    per_k = (t2 - t1) * 1000 / args.n
    print(f"{args.n} articles ({chars / 1e6:.2f} M chars), {spans} spans")
    print(f"model load: {t1 - t0:.1f} s; pre-annotation: {t2 - t1:.1f} s = {per_k:.1f} s per 1,000 articles "
          f"({(t2 - t0) * 1000 / args.n:.1f} s with the load)")


if __name__ == "__main__":
    main()
