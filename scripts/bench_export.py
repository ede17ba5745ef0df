"""Benchmark `koen export`: synthetic annotated articles -> Hugging Face folder.

Writes N synthetic articles (10 aligned sentences per side, ~18 entities and
1-2 events per language each) to a temporary work folder, then times
``export_dataset`` on it (label scan + export + card) in a fresh process per
size, and prints wall and CPU seconds, articles/s and peak RSS.  Flat memory shows as the
same peak RSS for 1,000 and 10,000 articles.  Timings are noisy when other
jobs share the 2 cores.

    python scripts/bench_export.py            # sizes 1000 and 10000
    python scripts/bench_export.py --sizes 10000 --format conll
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(n: int, fmt: str) -> dict:
    """One export of ``n`` articles in this process; peak RSS covers generation too."""
    from corpus.export import export_dataset
    from corpus.export.synthetic import synthetic_articles
    from corpus.workdir import articles_path

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        with articles_path(work).open("w", encoding="utf-8") as fh:
            for art in synthetic_articles(n, seed=7):
                fh.write(art.to_json() + "\n")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0, c0 = time.perf_counter(), time.process_time()
        result = export_dataset(out=Path(tmp) / "out", workdir=work, fmt=fmt)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = sum(p.stat().st_size for p in (Path(tmp) / "out").rglob("*") if p.is_file())
    return {"articles": n, "format": fmt, "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2), "articles_per_s": round(n / secs, 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_export_mib": round(rss_before, 1), "output_mib": round(size / 2**20, 1),
            "rows": result.stats.rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    ap.add_argument("--format", default="hf", choices=["hf", "brat", "conll"])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.format)))
        return
    print(f"{'articles':>9} {'seconds':>8} {'cpu s':>8} {'art/s':>8} {'peak RSS MiB':>13} {'output MiB':>11}")
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--format", args.format],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['articles']:>9} {r['seconds']:>8} {r['cpu_seconds']:>8} {r['articles_per_s']:>8} {r['peak_rss_mib']:>13} "
              f"{r['output_mib']:>11}")
        if "ner_ko" in r["rows"]:
            print(f"{'':>9} rows: " + ", ".join(f"{c}={sum(v.values())}" for c, v in r["rows"].items()))


if __name__ == "__main__":
    main()
