#!/usr/bin/env python
"""Benchmark ingest + segmentation: articles/s and peak memory, 1 and 2 workers.

Generates N synthetic article pairs from tests/data/sample.jsonl (each copy gets a
distinct id and a numbered extra sentence so none is a duplicate), then runs
`ingest` in a fresh process per configuration and reads its peak RSS.

    python scripts/bench_ingest.py --n 2000 4000
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "sample.jsonl"

CHILD = """
import resource, sys, time
from corpus.ingest import ingest
t = time.perf_counter()
r = ingest(inputs=[sys.argv[1]], workdir=sys.argv[2], workers=int(sys.argv[3]))
dt = time.perf_counter() - t
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(r.n_in, r.n_out, dt, own, kids)
"""


def synth(n: int, path: Path) -> int:
    """Write ``n`` distinct article pairs to ``path``; return their total characters."""
    base = [json.loads(l) for l in SAMPLE.read_text("utf-8").splitlines() if l.strip()]
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"synth-{i:07d}"
            rec["text_ko"] += f"\n합성 기사 번호는 {i}번이다."
            rec["text_en"] += f"\nThis is synthetic article number {i}."
            chars += len(rec["text_ko"]) + len(rec["text_en"])
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return chars


def run(n: int, workers: int, tmp: Path) -> dict:
    src = tmp / f"in-{n}.jsonl"
    if not src.exists():
        synth(n, src)
    out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(tmp / f"w-{n}-{workers}"), str(workers)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    n_in, n_out, dt, own, kids = out.stdout.split()
    return {"n": n, "workers": workers, "seconds": float(dt), "articles_per_s": int(n_in) / float(dt),
            "peak_rss_mib": max(int(own), int(kids)) / 1024, "out": int(n_out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 4000], help="corpus sizes")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print("| articles | workers | seconds | articles/s | peak RSS (MiB, per process) |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            for w in args.workers:
                r = run(n, w, Path(tmp))
                print(f"| {r['n']} | {r['workers']} | {r['seconds']:.1f} | {r['articles_per_s']:.0f} "
                      f"| {r['peak_rss_mib']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
