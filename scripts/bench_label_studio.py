"""Print tasks/s for pushing 10,000 article tasks to a real Label Studio, re-pushing them, pulling them.

Usage: python scripts/bench_label_studio.py [--n 10000] [--keep DIR]
Starts its own server (``koen studio start`` code path) in a temp folder unless
KOEN_LS_URL / KOEN_LS_TOKEN are set.  Targets (2 cores): push <= 40 s, re-push <= 15 s
with zero writes.  Timings are noisy when other jobs share the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from annotation.client import Studio, resolve  # noqa: E402
from annotation.convert import task_data  # noqa: E402
from annotation.pull import pull  # noqa: E402
from annotation.push import _batches, push  # noqa: E402
from annotation.studio import start, stop  # noqa: E402
from conftest import EN_SAMPLE, KO_SAMPLE, make_article, write_articles  # noqa: E402


def articles(n: int):
    """``n`` distinct article pairs of news length (about 1.2k Korean / 2.6k English chars)."""
    ko, en = "\n".join([KO_SAMPLE] * 12), "\n".join([EN_SAMPLE] * 12)
    for i in range(n):
        yield make_article(i + 1, ko, en)


def annotated_task(art) -> dict:
    """A task with one human-style annotation (two spans, a link), imported directly."""
    ko_at, en_at = art.text_ko.index("최선희"), art.text_en.index("Choe Son-hui")
    result = [
        {"id": "k1", "from_name": "ko_labels", "to_name": "ko", "type": "labels",
         "value": {"start": ko_at, "end": ko_at + 3, "text": "최선희", "labels": ["PS"]}},
        {"id": "e1", "from_name": "en_labels", "to_name": "en", "type": "labels",
         "value": {"start": en_at, "end": en_at + 12, "text": "Choe Son-hui", "labels": ["PS"]}},
        {"from_id": "k1", "to_id": "e1", "type": "relation", "direction": "right", "labels": ["same_as"]},
    ]
    return {"data": task_data(art), "annotations": [{"result": result}]}


def timed(label: str, n: int, fn):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<10} {n:>6} tasks {dt:7.1f} s {n / dt:8.0f} tasks/s   {out}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="Work folder to keep (default: a temp folder, removed).")
    ap.add_argument("--unit", default="article", help="Task unit pushed: article (the table's figures) or passage.")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="koen-bench-"))
    own = not (os.environ.get("KOEN_LS_URL") and os.environ.get("KOEN_LS_TOKEN"))
    if own:
        t0 = time.perf_counter()
        state = start(data_dir=root / ".studio")
        print(f"server     started in {time.perf_counter() - t0:.1f} s at {state.url}")
    try:
        url, token = resolve(studio_dir=root / ".studio")
        wd = write_articles(root, articles(args.n))
        title = f"bench {int(time.time())}"
        timed("push", args.n, lambda: push(workdir=wd, project=title, url=url, token=token, unit=args.unit))
        timed("re-push", args.n, lambda: push(workdir=wd, project=title, url=url, token=token, unit=args.unit))
        studio = Studio(url, token)
        pid = studio.project(title + " pull", _config())
        t0 = time.perf_counter()
        for batch in _batches((annotated_task(a) for a in articles(args.n)), 1000):
            studio.import_tasks(pid, batch)
        print(f"(setup: {args.n} annotated tasks imported directly in {time.perf_counter() - t0:.1f} s)")
        timed("pull", args.n, lambda: pull(workdir=wd, project=title + " pull", url=url, token=token))
        timed("re-pull", args.n, lambda: pull(workdir=wd, project=title + " pull", url=url, token=token))
        tracemalloc.start()
        pull(workdir=wd, project=title + " pull", url=url, token=token)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"pull peak Python memory (tracemalloc, a third pull): {peak / 2**20:.1f} MiB", flush=True)
        print(json.dumps({"articles_jsonl_mb": round((wd / "articles.jsonl").stat().st_size / 1e6, 1)}))
    finally:
        if own:
            stop(data_dir=root / ".studio")


def _config() -> str:
    from annotation.config import label_config
    from annotation.schema import load_schema
    return label_config(load_schema())


if __name__ == "__main__":
    main()
