#!/usr/bin/env python
"""Time against article size: pre-annotation (and ingest, align) of one long article.

Builds single articles of 0.25-N MB by concatenating the sample's article pairs, runs
ingest -> align -> preannotate on each in one process (models loaded once, before the
clock starts) and prints seconds per stage and seconds per MB, which stay flat when the
cost is linear in article length.

    python scripts/bench_article_size.py [--sizes 0.25 0.5 1 2 5]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.align.stage import align_workdir  # noqa: E402
from corpus.ingest import ingest  # noqa: E402
from corpus.preannotate.stage import preannotate_workdir  # noqa: E402


def long_article(mb: float) -> dict:
    """One article pair of about ``mb`` MB (UTF-8, both sides) made of the sample's articles."""
    rows = [json.loads(l) for l in (ROOT / "tests/data/sample.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ko, en, size, i = [], [], 0, 0
    while size < mb * 1e6:
        r = rows[i % len(rows)]
        ko.append(r["text_ko"])
        en.append(r["text_en"])
        size += len(r["text_ko"].encode()) + len(r["text_en"].encode())
        i += 1
    return {"id": f"long-{mb}", "text_ko": "\n".join(ko), "text_en": "\n".join(en)}


def run(mb: float, tmp: Path) -> dict[str, float]:
    src, wd = tmp / f"{mb}.jsonl", tmp / f"wd-{mb}"
    src.write_text(json.dumps(long_article(mb), ensure_ascii=False) + "\n", encoding="utf-8")
    times = {}
    for name, step in (("ingest", lambda: ingest(inputs=[src], workdir=wd, workers=1)),
                       ("align", lambda: align_workdir(workdir=wd, workers=1)),
                       ("preannotate", lambda: preannotate_workdir(workdir=wd, workers=1))):
        t = time.perf_counter()
        step()
        times[name] = time.perf_counter() - t
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        run(0.01, Path(d))  # load the models before the clock starts
        print("| MB | ingest s | align s | preannotate s | preannotate s/MB | peak RSS MiB |")
        print("|---|---|---|---|---|---|")
        for mb in args.sizes:
            t = run(mb, Path(d))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"| {mb} | {t['ingest']:.1f} | {t['align']:.1f} | {t['preannotate']:.1f} | "
                  f"{t['preannotate'] / mb:.1f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()
