#!/usr/bin/env python
"""End-to-end benchmark: ingest -> align -> preannotate -> export, per stage and in total.

Generates N article pairs from tests/data/sample.jsonl (two or three sample articles
joined, about 25 sentence pairs each, every copy made distinct by a numbered sentence)
or reads ``--input FILE``, runs each stage in a fresh process with its default settings
(one worker per core), and prints seconds, articles/min, CPU seconds (user + sys of the
stage's process and its workers, imports and model loads included: the figure to compare on
a shared machine), peak RSS per stage, the load average, and the ratio to the floor:
kiwipiepy splitting the Korean text alone (model loaded before the clock starts), measured
in the same run, in seconds and in CPU seconds.  It also prints the pipeline without
pre-annotation (ingest -> align -> export of the aligned folder: the ``sentence_pairs``
archive path) and its ratio to the floor.

    python scripts/bench_pipeline.py --n 1000 5000 [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "sample.jsonl"

STAGE = """
import resource, sys, time, json
from pathlib import Path
stage, src, wd = sys.argv[1], sys.argv[2], Path(sys.argv[3])
t = time.perf_counter()
if stage == "ingest":
    from corpus.ingest import ingest
    ingest(inputs=[src], workdir=wd)
elif stage == "align":
    from corpus.align.stage import align_workdir
    align_workdir(workdir=wd)
elif stage == "preannotate":
    from corpus.preannotate.stage import preannotate_workdir
    preannotate_workdir(workdir=wd)
elif stage in ("export", "export-aligned"):
    from corpus.export import export_dataset
    export_dataset(workdir=wd, out=wd.parent / ("dataset" if stage == "export" else "dataset-aligned"),
                   entity_labels="PS,OG,GPE")
elif stage == "floor":
    from kiwipiepy import Kiwi
    kiwi = Kiwi()
    kiwi.split_into_sents("준비.")
    paras = [p for line in open(src, encoding="utf-8") for p in json.loads(line)["text_ko"].split("\\n") if p.strip()]
    t, c = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    list(kiwi.split_into_sents(paras))
    c2 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"split_cpu": c2.ru_utime - c.ru_utime + c2.ru_stime - c.ru_stime}))
dt = time.perf_counter() - t
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": dt, "rss_mib": max(own, kids) / 1024}))
"""
STAGES = ("ingest", "align", "export-aligned", "preannotate", "export")
WITHOUT_PRE = ("ingest", "align", "export-aligned")  # the sentence_pairs path: no pre-annotation


def synth(n: int, path: Path) -> None:
    """Write ``n`` distinct article pairs of about 25 sentence pairs each."""
    base = [json.loads(l) for l in SAMPLE.read_text("utf-8").splitlines() if l.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            parts = [base[(i + k) % len(base)] for k in range(2 + i % 2)]
            rec = {"id": f"bench-{i:07d}", "text_ko": "\n".join(p["text_ko"] for p in parts)
                   + f"\n합성 기사 번호는 {i}번이다.",
                   "text_en": "\n".join(p["text_en"] for p in parts) + f"\nThis is synthetic article number {i}."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def stage(name: str, src: Path, wd: Path) -> dict:
    """Run one stage in a fresh process: its wall seconds (imports excluded), peak RSS, and the
    CPU seconds (user + sys) of the whole process and its workers, imports and model loads included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", STAGE, name, str(src), str(wd)], capture_output=True,
                         text=True, cwd=ROOT, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rec = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            rec.update(json.loads(line))
    return {**rec, "cpu": cpu}


def bench(n: int, tmp: Path, src: Path | None) -> None:
    if src is None:
        src = tmp / f"in-{n}.jsonl"
        synth(n, src)
    wd = tmp / f"wd-{n}"
    got = stage("floor", src, wd)
    floor, floor_cpu = got["seconds"], got["split_cpu"]
    rows: dict[str, dict] = {}
    print(f"\n{n} articles; kiwipiepy-split floor {floor:.1f} s ({floor_cpu:.1f} CPU s); load average {_load()}\n")
    print("| stage | seconds | articles/min | CPU s (process) | peak RSS MiB | x floor | CPU x floor CPU |")
    print("|---|---|---|---|---|---|---|")
    for name in STAGES:
        r = rows[name] = stage(name, src, wd)
        label = "export of the aligned folder (not in end to end)" if name == "export-aligned" else name
        _row(label, n, (floor, floor_cpu), r["seconds"], r["cpu"], r["rss_mib"])
    full = [rows[k] for k in STAGES if k != "export-aligned"]
    for label, part in (("**end to end**", full), ("**without pre-annotation** (ingest, align, export)",
                                                   [rows[k] for k in WITHOUT_PRE])):
        _row(label, n, (floor, floor_cpu), sum(r["seconds"] for r in part), sum(r["cpu"] for r in part),
             max(r["rss_mib"] for r in part), bold=True)
    print(f"\nload average after: {_load()}")


def _row(label: str, n: int, floor: tuple[float, float], seconds: float, cpu: float, rss: float,
         bold: bool = False) -> None:
    """One table row; the last column compares CPU seconds, which a busy machine disturbs less than
    wall seconds (the floor's CPU: kiwipiepy's split alone, its load excluded, as for its seconds)."""
    b = "**" if bold else ""
    print(f"| {label} | {b}{seconds:.1f}{b} | {b}{n / seconds * 60:,.0f}{b} | {cpu:.1f} | {rss:.0f} | "
          f"{b}{seconds / floor[0]:.2f}{b} | {cpu / floor[1]:.2f} |", flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--input", type=Path, help="JSONL article pairs to use instead of generated ones")
    ap.add_argument("--keep", type=Path, help="write the work folders here and keep them (to compare runs)")
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for n in args.n:
            bench(n, args.keep, args.input)
        return
    with tempfile.TemporaryDirectory() as d:
        for n in args.n:
            bench(n, Path(d), args.input)


if __name__ == "__main__":
    main()
