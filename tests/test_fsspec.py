"""Work folders, inputs and exports on fsspec file systems (real ``memory://`` and ``file://``).

The whole pipeline (ingest -> align -> preannotate -> export) runs once on local paths and
once on ``memory://`` URLs; every work-folder file and every exported file must be the same,
except for the input's name that ingest records in each article.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import fsspec
import pytest
from datasets import load_dataset

from corpus import fs
from corpus.align.stage import align_workdir
from corpus.errors import InputError, WorkdirBusyError
from corpus.export import export_dataset
from corpus.ingest import ingest
from corpus.lock import LOCK_FILE, holder, workdir_lock
from corpus.preannotate.stage import preannotate_workdir
from corpus.status import status as read_status
from shard_files import article_files, folder_files

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.jsonl"


def run_pipeline(source: str, workdir: str, out: str) -> None:
    ingest(inputs=[source], workdir=workdir, workers=1, shard_size=4)
    align_workdir(workdir=workdir, workers=1)
    preannotate_workdir(workdir=workdir, model="rules", workers=1)
    export_dataset(out=out, workdir=workdir, seed=3, include_predictions=True)


def remote_files(url: str) -> dict[str, bytes]:
    """Every file under an fsspec folder, by relative path."""
    mem, root = fsspec.core.url_to_fs(url)
    return {key[len(root.rstrip("/")) + 1:]: mem.cat_file(key) for key in sorted(mem.find(root))
            if not key.endswith(LOCK_FILE)}


@pytest.fixture(scope="module")
def source() -> str:
    """The sample input at a memory:// URL (both runs read it, so their files match byte for byte)."""
    url = f"memory://koen-in-{uuid.uuid4().hex[:8]}/sample.jsonl"
    fsspec.filesystem("memory").pipe(url, SAMPLE.read_bytes())
    yield url
    fs.rmtree(fs.path(url).parent)


@pytest.fixture(scope="module")
def local_run(source, tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("fsspec-local")
    run_pipeline(source, str(tmp / "wd"), str(tmp / "out"))
    return tmp / "wd", tmp / "out"


@pytest.fixture
def memory_root():
    root = f"memory://koen-{uuid.uuid4().hex[:8]}"
    yield root
    fs.rmtree(root)


def test_memory_urls_give_the_same_folder_and_export_as_local_paths(source, local_run, memory_root):
    run_pipeline(source, f"{memory_root}/wd", f"{memory_root}/out")
    local_wd, local_out = local_run
    remote = remote_files(f"{memory_root}/wd")
    assert remote == folder_files(local_wd)
    assert len([k for k in remote if k.startswith("done/preannotate/")]) == 3
    for name, marker in remote.items():  # every marker holds for the bytes of its shard
        if name.startswith("done/"):
            shard = remote["articles/" + name.split("/")[-1].removesuffix(".json")]
            assert json.loads(marker)["digest"] == hashlib.sha1(shard).hexdigest()
    exported = remote_files(f"{memory_root}/out")
    assert exported == folder_files(local_out) and "reports/export.json" in exported


def test_a_url_input_ingests_as_the_local_file_does(source, tmp_path):
    ingest(inputs=[str(SAMPLE)], workdir=tmp_path / "a", workers=1, shard_size=4)
    ingest(inputs=[source], workdir=tmp_path / "b", workers=1, shard_size=4)
    a, b = article_files(tmp_path / "a"), article_files(tmp_path / "b")
    assert {k: v.replace(str(SAMPLE).encode(), b"IN") for k, v in a.items()} == \
        {k: v.replace(source.encode(), b"IN") for k, v in b.items()}
    assert f'"file": "{source}"'.encode() in b["part-00000.jsonl"]


def test_a_memory_export_loads_with_datasets_after_download(local_run, memory_root, tmp_path):
    export_dataset(out=f"{memory_root}/out", workdir=local_run[0], seed=3)
    fsspec.filesystem("memory").get(f"{memory_root}/out", str(tmp_path / "ds"), recursive=True)
    ds = load_dataset(str(tmp_path / "ds"), "sentence_pairs", cache_dir=str(tmp_path / "cache"))
    local = load_dataset(str(local_run[1]), "sentence_pairs", cache_dir=str(tmp_path / "cache2"))
    assert {s: ds[s].num_rows for s in ds} == {s: local[s].num_rows for s in local} and ds["train"].num_rows > 0


def test_file_urls_are_local_paths(tmp_path):
    wd = tmp_path / "wd"
    ingest(inputs=[f"file://{SAMPLE}"], workdir=f"file://{wd}", workers=1, shard_size=4)
    assert fs.path(f"file://{wd}") == wd and sorted(p.name for p in (wd / "articles").iterdir()) == [
        "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert read_status(workdir=f"file://{wd}").layout == "sharded"


def test_a_remote_folder_lock_is_a_file_that_refuses_a_second_writer(memory_root):
    wd = f"{memory_root}/wd"
    with workdir_lock(wd, "align"):
        assert holder(wd)["stage"] == "align"
        with workdir_lock(wd, "align"):  # re-entrant in the process that holds it
            pass
    assert holder(wd) is None
    # a lock file left by another (or a killed) run: refused, naming the file to remove
    fsspec.filesystem("memory").pipe(f"{wd}/{LOCK_FILE}", b'{"pid": 1, "stage": "ingest", "host": "h"}')
    with pytest.raises(WorkdirBusyError, match=r"locked by `koen ingest`.*remove .*\.koen\.lock"):
        ingest(inputs=[str(SAMPLE)], workdir=wd, workers=1)


def test_a_missing_url_input_is_one_input_error(memory_root, tmp_path):
    with pytest.raises(InputError, match=r"memory://.*/nope\.jsonl: no such file or folder"):
        ingest(inputs=[f"{memory_root}/nope.jsonl"], workdir=tmp_path / "wd", workers=1)
