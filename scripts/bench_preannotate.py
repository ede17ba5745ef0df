"""Time the pre-annotator on 1,000 articles (the ten sample pairs, ingested and aligned, repeated).

Prints seconds per 1,000 articles, with and without the one-off model load.  Repeated
articles profit from the name-spelling caches, so the script also times real news text
(the ../shared/eval/align dev documents, read in place, never copied) and scales its
characters per second to 1,000 articles of the sample's mean length.
Other processes on the machine make timings noisy; run it twice.
Usage: .venv/bin/python scripts/bench_preannotate.py [--n 1000] [--model default|rules|FOLDER]
"""
from __future__ import annotations

import argparse
import copy
import os
import tempfile
import time
from pathlib import Path

from corpus.align.stage import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.stage import PreAnnotator, preannotate_articles, resolve_model
from corpus.workdir import iter_articles

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "align" / "koen_news_filtered_L0.jsonl"


def shared_articles() -> list:
    """The real-news dev documents as articles with their gold sentence alignment."""
    import json

    from corpus.model import Alignment, Article, Link, Sentence

    out = []
    with SHARED.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append(Article(id=d["doc_id"], text_ko=d["ko_text"], text_en=d["en_text"], published="2010-01-01",
                               sentences_ko=[Sentence(a, b) for a, b in d["ko_spans"]],
                               sentences_en=[Sentence(a, b) for a, b in d["en_spans"]],
                               alignment=Alignment([Link(tuple(k), tuple(e)) for k, e in d["gold"]])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--model", default="default", help="'default' (shipped learned tagger), a model folder, or 'rules'")
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
    pred = PreAnnotator(model=resolve_model(args.model))
    pred.ko.kiwi()
    for tagger in (pred.model.taggers.values() if pred.model else ()):
        tagger.labels()  # opens the CRF file
    t1, c1 = time.perf_counter(), time.process_time()
    spans = sum(len(a.annotations[-1].spans) for a in preannotate_articles(arts, pred))
    t2, c2 = time.perf_counter(), time.process_time()
    per_k = (t2 - t1) * 1000 / args.n
    print(f"{args.n} articles ({chars / 1e6:.2f} M chars), {spans} spans; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"model load: {t1 - t0:.1f} s; pre-annotation: {t2 - t1:.1f} s = {per_k:.1f} s per 1,000 articles "
          f"({(t2 - t0) * 1000 / args.n:.1f} s with the load); CPU {(c2 - c1) * 1000 / args.n:.1f} s per 1,000 "
          f"(a busy machine disturbs it less than wall seconds)")
    if SHARED.exists():
        real = shared_articles()
        real_chars = sum(len(a.text_ko) + len(a.text_en) for a in real)
        fresh = PreAnnotator(model=resolve_model(args.model))  # empty spelling caches
        fresh.ko.kiwi()
        t3 = time.perf_counter()
        for _ in preannotate_articles(real, fresh):
            pass
        rate = real_chars / (time.perf_counter() - t3)
        print(f"real news ({len(real)} documents, {real_chars / 1e3:.0f} k chars): {rate / 1e3:.0f} k chars/s "
              f"= {chars / args.n * 1000 / rate:.1f} s per 1,000 articles of the sample's mean length")


if __name__ == "__main__":
    main()
