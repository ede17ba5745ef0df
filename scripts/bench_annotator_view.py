#!/usr/bin/env python
"""Relations drawn at task open, per task unit, and (with --browser) task open time in chromium.

    python scripts/bench_annotator_view.py tests/data/sample.jsonl tests/data/dev.jsonl
    python scripts/bench_annotator_view.py tests/data/sample.jsonl --browser 10   # needs a server:
        KOEN_LS_URL / KOEN_LS_TOKEN, or --studio WORKDIR of `koen studio start WORKDIR`

Each input is ingested, aligned and pre-annotated into a temporary folder (the real models).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare(path: Path, where: Path) -> Path:
    from corpus.align.stage import align_workdir
    from corpus.ingest import ingest
    from corpus.preannotate.stage import preannotate_workdir

    wd = where / path.stem
    ingest(inputs=[path], workdir=wd)
    align_workdir(workdir=wd)
    preannotate_workdir(workdir=wd)
    return wd


def relation_counts(wd: Path, unit: str, cap: int | None) -> tuple[list[int], int, int]:
    """Predicted relations of each task, relations left out by the cap, relations in all."""
    from annotation.convert import unit_task
    from annotation.units import relation_ends, units
    from corpus.workdir import iter_articles

    drawn, left, total = [], 0, 0
    for art in iter_articles(wd):
        models = [a for a in art.annotations if a.origin == "model"]
        total += sum(len(relation_ends(m)) for m in models)
        for u in units(art, models, unit, **({"max_relations": cap} if cap is not None else {})):
            task, n = unit_task(art, u, [], cap)
            left += n
            drawn.append(max((sum(r["type"] == "relation" for r in p["result"]) for p in task.get("predictions", [])),
                             default=0))
    return drawn, left, total


def browser_times(wd: Path, n: int, studio_dir: Path | None) -> list[tuple[float, int]]:
    """Open ``n`` passage tasks in chromium: (seconds to open, arrows drawn) each."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM, FLAGS, arrows, login, open_task
    from playwright.sync_api import sync_playwright

    from annotation.client import Studio, resolve
    from annotation.push import push

    url, token = resolve(studio_dir=studio_dir)
    project = f"bench view {int(time.time())}"
    push(workdir=wd, project=project, url=url, token=token)
    client = Studio(url, token)
    pid = client.find_project(project).id
    tasks = sorted(t.task_id for t in client.task_index(pid).values())[:n]
    password = (studio_dir / "password").read_text().strip() if studio_dir else None
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        login(page, url, "admin@koen.local", password)
        for task_id in tasks:
            out.append((open_task(page, url, pid, task_id), arrows(page)))
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--browser", type=int, default=0, help="open this many passage tasks of the first input")
    ap.add_argument("--studio", type=Path, help="work folder of a `koen studio start` server")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.inputs:
            wd = prepare(path, Path(tmp))
            for unit, cap in (("article", None), ("passage", 12)):
                drawn, left, total = relation_counts(wd, unit, cap)
                print(f"{path.name:16} {unit:8} tasks {len(drawn):4}  relations at open: median "
                      f"{statistics.median(drawn):4.1f} max {max(drawn):3}  left out {left}/{total} "
                      f"({left / max(total, 1):.0%})")
        if args.browser:
            studio_dir = (args.studio / ".studio") if args.studio else None
            runs = browser_times(prepare(args.inputs[0], Path(tmp) / "b"), args.browser, studio_dir)
            secs = [s for s, _ in runs]
            print(f"browser: {len(runs)} tasks, open median {statistics.median(secs):.2f} s, max {max(secs):.2f} s; "
                  f"arrows median {statistics.median([a for _, a in runs])}, max {max(a for _, a in runs)}")


if __name__ == "__main__":
    main()
