"""A killed ingest resumes: the shards it finished are kept, their input records are skipped,
and the folder ends byte-identical to an uninterrupted run (real SIGKILL, real kiwipiepy)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.ingest import ingest
from corpus.ingest.resume import RESUME
from corpus.model import Annotation, Article, Span
from corpus.workdir import iter_articles, shard_paths
from shard_files import folder_files

DATA = Path(__file__).parent / "data"
KOEN = Path(sys.executable).with_name("koen")
SHARD = 5


def make_input(path: Path, copies: int) -> Path:
    """Variants of the sample articles (each with one more sentence), a malformed line and a
    repeated record among them, so rejects fall inside the shards."""
    recs = [json.loads(line) for line in (DATA / "sample.jsonl").read_text("utf-8").splitlines()]
    lines = []
    for v in range(copies):
        for r in recs:
            lines.append(json.dumps({**r, "id": f"{r.get('id', 'x')}-v{v}", "text_ko": r["text_ko"] + f"\n추가 문장 {v}번입니다.",
                                     "text_en": r["text_en"] + f"\nExtra sentence number {v}."}, ensure_ascii=False))
    lines.insert(7, "{not json")
    lines.insert(23, lines[3])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return make_input(tmp_path_factory.mktemp("resume") / "in.jsonl", 10)


@pytest.fixture(scope="module")
def uninterrupted(source, tmp_path_factory) -> Path:
    wd = tmp_path_factory.mktemp("resume") / "ref"
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD)
    return wd


def _checkpoint(wd: Path) -> dict | None:
    try:
        return json.loads((wd / "articles.new" / RESUME).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def kill_mid_run(source: Path, wd: Path, shards: int) -> dict:
    """Run ``koen ingest`` and SIGKILL it once ``shards`` shards are done; the checkpoint then."""
    proc = subprocess.Popen([str(KOEN), "ingest", str(source), "-o", str(wd), "--shard-size", str(SHARD),
                             "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and ((_checkpoint(wd) or {}).get("shards", 0) < shards):
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return _checkpoint(wd)


def test_a_killed_ingest_resumes_to_the_same_files(source, uninterrupted, tmp_path):
    wd = tmp_path / "wd"
    cp = kill_mid_run(source, wd, shards=3)
    assert cp["shards"] >= 3 and not (wd / "articles").exists()  # nothing was swapped in
    seen: list[int] = []
    report = ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD, progress=seen.append)
    assert seen[0] == cp["records"] + 1  # the records behind the finished shards were not processed again
    assert report.n_in == report.n_out + sum(report.rejected.values()) == len(source.read_text("utf-8").splitlines())
    assert folder_files(wd) == folder_files(uninterrupted)
    assert not list(wd.rglob("*.tmp")) and not (wd / "articles.new").exists()
    rejects = (wd / "rejects.jsonl").read_text("utf-8").splitlines()
    assert report.rejected["malformed_json"] == 1 and len(rejects) == sum(report.rejected.values()) > 1


def test_other_inputs_or_settings_start_afresh(source, uninterrupted, tmp_path):
    wd = tmp_path / "wd"
    kill_mid_run(source, wd, shards=2)
    seen: list[int] = []
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD + 1, progress=seen.append)
    assert seen[0] == 1  # another shard size: a new run, not a resumed one
    assert (wd / "articles" / "part-00000.jsonl").read_text("utf-8").count("\n") == SHARD + 1

    changed = make_input(tmp_path / "changed.jsonl", 10)
    changed.write_text(changed.read_text("utf-8").replace("추가 문장 9번", "추가 문장 아홉"), encoding="utf-8")
    wd2 = tmp_path / "wd2"
    kill_mid_run(source, wd2, shards=2)
    seen.clear()
    ingest(inputs=[changed], workdir=wd2, workers=1, shard_size=SHARD, progress=seen.append)
    assert seen[0] == 1  # same name, other bytes: not resumed


def test_dataframe_input_is_not_resumable_but_ingests(tmp_path):
    import pandas as pd

    df = pd.read_json(DATA / "sample.jsonl", lines=True)
    report = ingest(inputs=[df], workdir=tmp_path / "wd", workers=1, shard_size=SHARD)
    assert report.n_out > 0 and not (tmp_path / "wd" / "articles.new").exists()


def test_a_killed_merge_ingest_resumes_and_keeps_the_annotations(source, tmp_path):
    wd = tmp_path / "wd"
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD)
    first = shard_paths(wd)[0]
    arts = [json.loads(line) for line in first.read_text("utf-8").splitlines()]
    art = Article.from_dict(arts[0])
    name = art.text_en.split()[0]
    art.annotations.append(Annotation(annotator="ann", origin="human", spans=[
        Span(id="en-1", lang="en", start=0, end=len(name), label="OG", text=name, origin="human", annotator="ann")]))
    first.write_text("\n".join([art.to_json()] + [json.dumps(a, ensure_ascii=False) for a in arts[1:]]) + "\n",
                     encoding="utf-8")

    proc = subprocess.Popen([str(KOEN), "ingest", str(source), "-o", str(wd), "--shard-size", str(SHARD),
                             "--workers", "1", "--merge"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and ((_checkpoint(wd) or {}).get("shards", 0) < 3):
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc_cp = _checkpoint(wd)
    assert proc_cp and proc_cp["shards"] >= 3

    seen: list[int] = []
    report = ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD, annotations="merge",
                    progress=seen.append)
    assert seen[0] == proc_cp["records"] + 1  # resumed although annotations were carried over
    kept = {a.id: a for a in iter_articles(wd)}[art.id]
    assert [s.text for a in kept.annotations if a.origin == "human" for s in a.spans] == [name]
    assert report.n_in == report.n_out + sum(report.rejected.values())


def test_a_resumed_ingest_does_not_parse_the_records_behind_its_checkpoint(source, uninterrupted, tmp_path,
                                                                           monkeypatch):
    import types

    from corpus.ingest import readers

    wd = tmp_path / "wd"
    cp = kill_mid_run(source, wd, shards=3)
    parsed = [0]

    def loads(text, *args, **kwargs):
        parsed[0] += 1
        return json.loads(text, *args, **kwargs)

    monkeypatch.setattr(readers, "json", types.SimpleNamespace(loads=loads, JSONDecodeError=json.JSONDecodeError))
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD)
    lines = [l for l in source.read_text("utf-8").splitlines() if l.strip()]
    assert cp["records"] >= 3 * SHARD and parsed[0] == len(lines) - cp["records"]
    assert folder_files(wd) == folder_files(uninterrupted)


def test_the_key_names_inputs_by_size_and_mtime_not_by_reading_them(source, tmp_path):
    from corpus.ingest.resume import ingest_key

    copy = tmp_path / "in.jsonl"
    copy.write_bytes(source.read_bytes())
    key = ingest_key([copy], [], {})
    st = copy.stat()
    assert ingest_key([copy], [], {}) == key
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched: a new run
    assert ingest_key([copy], [], {}) != key
    copy.write_bytes(source.read_bytes() + b"\n")  # another size
    assert ingest_key([copy], [], {}) != key


def test_a_remote_input_is_downloaded_once(source, uninterrupted, tmp_path, monkeypatch):
    """The run key comes from the object's metadata (fsspec ``info``), so ingest reads a remote
    input once: for its records, not a second time for its key."""
    import uuid

    import fsspec
    from fsspec.implementations.memory import MemoryFileSystem

    url = f"memory://koen-once-{uuid.uuid4().hex[:8]}/in.jsonl"
    mem = fsspec.filesystem("memory")
    mem.pipe(url, source.read_bytes())
    reads: list[str] = []
    real_open = MemoryFileSystem._open

    def counted(self, path, mode="rb", *args, **kwargs):
        if "r" in mode and path.endswith("/in.jsonl"):
            reads.append(path)
        return real_open(self, path, mode, *args, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "_open", counted)
    try:
        report = ingest(inputs=[url], workdir=tmp_path / "wd", workers=1, shard_size=SHARD)
    finally:
        mem.rm(url)
    assert report.n_out > 0 and len(reads) == 1
