#!/usr/bin/env python
"""Play a human annotator for the demo: post the hand annotation of the sample to Label Studio.

The annotations come from tests/data/sample_gold.jsonl (written by hand for the
project, anchored by text + occurrence) and are created through the API exactly as
the Label Studio UI would create them (cut to each passage task, offsets into its text),
so that `koen pull` has something to pull.
Tasks that already have an annotation are left alone (safe to re-run).

    python scripts/demo_annotate.py WORKDIR --project "koen demo"
"""
from __future__ import annotations

import argparse
from pathlib import Path

from annotation.client import Studio, resolve
from annotation.convert import annotation_results
from annotation.units import restrict, units
from corpus.anchors import read_records, resolve as resolve_anchors
from corpus.workdir import iter_articles

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "sample_gold.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workdir", type=Path)
    ap.add_argument("--project", required=True)
    ap.add_argument("--gold", type=Path, default=GOLD)
    args = ap.parse_args()
    studio = Studio(*resolve(studio_dir=args.workdir / ".studio"))
    proj = studio.find_project(args.project)
    if proj is None:
        raise SystemExit(f"no project {args.project!r}: run `koen push` first")
    tasks = studio.task_index(proj.id)
    gold = {rec["id"]: rec for _, rec in read_records(args.gold)}
    created = skipped = 0
    for art in iter_articles(args.workdir):
        if art.id not in gold:
            continue
        ann = resolve_anchors(gold[art.id], art, where=f"{args.gold.name}:{art.id}")
        models = [a for a in art.annotations if a.origin == "model"]
        for unit in units(art, models, next(iter(tasks.values())).unit if tasks else "passage"):
            task = tasks.get(unit.key)
            if task is None or task.annotations:
                skipped += 1
                continue
            part = restrict(ann, unit)[0]
            studio.sdk.annotations.create(id=task.task_id, result=annotation_results(part), lead_time=60.0)
            created += 1
    print(f"demo annotator: {created} annotations created, {skipped} tasks skipped")


if __name__ == "__main__":
    main()
