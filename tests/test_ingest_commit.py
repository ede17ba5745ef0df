"""The end of an ingest: shards, ``rejects.jsonl`` and ``ingest.json`` change together.

A run is stopped at every rename or replace of its commit in turn (as a kill there would stop
it); after the next writer's clean-up the folder holds either the old articles with the old
rejects and counts, or the new ones with the new: never new rejects beside old articles.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from corpus.ingest import ingest
from corpus.workdir import iter_articles, writing

DATA = Path(__file__).parent / "data"


class Killed(BaseException):
    """Stands for a SIGKILL at one file operation (no handler of ingest catches it)."""


def _input(path: Path, keep: range, bad: str) -> Path:
    lines = (DATA / "sample.jsonl").read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[i] for i in keep] + [bad]) + "\n", encoding="utf-8")
    return path


def _state(wd: Path) -> tuple:
    """What the folder says it holds: article ids, rejects and the counts of ingest.json."""
    ids = tuple(a.id for a in iter_articles(wd))
    rejects = tuple(json.loads(l)["record"] for l in (wd / "rejects.jsonl").read_text("utf-8").splitlines())
    counts = json.loads((wd / "ingest.json").read_text("utf-8"))["counts"]
    return ids, rejects, counts["out"], counts["rejected"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("commit")
    return _input(d / "a.jsonl", range(0, 6), "{old broken"), _input(d / "b.jsonl", range(4, 10), "{new broken")


def test_a_kill_anywhere_in_the_commit_leaves_a_consistent_folder(inputs, tmp_path, monkeypatch):
    a, b = inputs
    base = tmp_path / "a"
    ingest(inputs=[a], workdir=base, workers=1, shard_size=4)
    old = _state(base)
    ref = tmp_path / "b"
    ingest(inputs=[b], workdir=ref, workers=1, shard_size=4)
    new = _state(ref)
    assert old != new and old[1] == ("{old broken",) and new[1] == ("{new broken",)

    real = {"replace": os.replace, "rename": os.rename}
    for k in range(1, 30):
        wd = tmp_path / f"k{k}"
        shutil.copytree(base, wd)
        calls = [0]

        def counted(name):
            def op(src, dst, *args, **kwargs):
                if Path(str(src)).parent.parent == wd or Path(str(src)).parent == wd:  # the commit's moves
                    calls[0] += 1
                    if calls[0] == k:
                        raise Killed(f"stopped at move {k}: {src} -> {dst}")
                return real[name](src, dst, *args, **kwargs)
            return op

        monkeypatch.setattr(os, "replace", counted("replace"))
        monkeypatch.setattr(os, "rename", counted("rename"))
        try:
            ingest(inputs=[b], workdir=wd, workers=1, shard_size=4)
            finished = True
        except Killed:
            finished = False
        finally:
            monkeypatch.setattr(os, "replace", real["replace"])
            monkeypatch.setattr(os, "rename", real["rename"])
        with writing(wd, "next writer"):
            pass
        got = _state(wd)
        assert got in (old, new), f"stopped at move {k}: {got}"
        if finished:
            assert got == new and k > 3
            break
    else:
        pytest.fail("ingest never finished")
