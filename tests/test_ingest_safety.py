"""Review of ingest's data safety: what a kill, a second ingest or a replaced input must not do
(real kiwipiepy, real files; each test failed on the code before its fix)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corpus.ingest import ingest
from corpus.model import Annotation, Span
from corpus.status import describe, status
from corpus.workdir import iter_articles, rewrite_articles, writing
from test_ingest_resume import SHARD, kill_mid_run, make_input

DATA = Path(__file__).parent / "data"


class Killed(BaseException):
    """Stands for a SIGKILL at one point of the commit (no handler of ingest catches it)."""


def _annotate(wd: Path, ids: set[str]) -> None:
    """Add a human annotation (one Korean span) to the articles ``ids``."""
    def add(arts):
        for art in arts:
            if art.id in ids:
                s = art.sentences_ko[0]
                span = Span(id="h1", lang="ko", start=s.start, end=s.start + 2, label="OG",
                            text=art.text_ko[s.start:s.start + 2], origin="human", annotator="kim")
                art.annotations.append(Annotation(annotator="kim", origin="human", spans=[span]))
            yield art
    rewrite_articles(wd, add)


def _rows() -> list[dict]:
    return [json.loads(l) for l in (DATA / "sample.jsonl").read_text("utf-8").splitlines() if l.strip()]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_second_ingest_keeps_the_records_an_earlier_one_superseded(tmp_path):
    """ingest_superseded.jsonl is the only copy of human work an ingest replaced: a later ingest
    that supersedes other articles adds to it, it never overwrites the earlier copies."""
    rows = _rows()
    ids = [r["id"] for r in rows if r.get("id")][:2]
    wd = tmp_path / "wd"
    ingest(inputs=[_write(tmp_path / "all.jsonl", rows)], workdir=wd, workers=1, shard_size=3)
    _annotate(wd, {ids[0]})
    ingest(inputs=[_write(tmp_path / "no0.jsonl", [r for r in rows if r.get("id") != ids[0]])],
           workdir=wd, workers=1, shard_size=3, annotations="overwrite")
    superseded = wd / "ingest_superseded.jsonl"
    assert [json.loads(l)["id"] for l in superseded.read_text("utf-8").splitlines()] == [ids[0]]
    _annotate(wd, {ids[1]})  # later human work on another article, then another replacing ingest
    no01 = _write(tmp_path / "no01.jsonl", [r for r in rows if r.get("id") not in ids])
    ingest(inputs=[no01], workdir=wd, workers=1, shard_size=3, annotations="overwrite")
    kept = [json.loads(l) for l in superseded.read_text("utf-8").splitlines()]
    assert [k["id"] for k in kept] == ids
    assert all(a["origin"] == "human" for k in kept for a in k["annotations"])


def test_a_commit_killed_before_its_swap_and_run_again_keeps_one_copy(tmp_path, monkeypatch):
    """The superseded records are written before the swap: a kill there and a re-run must
    neither lose them nor write them twice."""
    rows = _rows()
    ids = [r["id"] for r in rows if r.get("id")][:1]
    wd = tmp_path / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    _annotate(wd, set(ids))
    src = _write(tmp_path / "no0.jsonl", [r for r in rows if r.get("id") not in ids])
    real = os.rename

    def rename(a, b, *args, **kwargs):
        if Path(str(a)) == wd / "articles":
            raise Killed("stopped at the swap")
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(Killed):
        ingest(inputs=[src], workdir=wd, workers=1, shard_size=3, annotations="overwrite")
    monkeypatch.undo()
    assert any(a.origin == "human" for art in iter_articles(wd) for a in art.annotations)  # old articles
    ingest(inputs=[src], workdir=wd, workers=1, shard_size=3, annotations="overwrite")
    lines = (wd / "ingest_superseded.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(l)["id"] for l in lines] == ids


def test_status_right_after_the_swap_counts_the_ingest_as_finished(tmp_path, monkeypatch):
    """A kill between the swap and the move of ingest.json out of articles/: `koen status` (a
    reader, takes no lock) must not say the ingest did not finish."""
    import corpus.ingest.output as output

    def killed(workdir):
        raise Killed("stopped right after the swap")

    monkeypatch.setattr(output, "settle", killed)
    wd = tmp_path / "wd"
    with pytest.raises(Killed):
        ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    assert (wd / "articles" / "ingest.json").exists() and not (wd / "ingest.json").exists()
    st = status(workdir=wd)
    assert st.ingested and st.articles == len(list(iter_articles(wd)))
    assert "did not finish" not in describe(st, wd)[0]
    monkeypatch.undo()
    with writing(wd, "next writer"):
        pass
    assert (wd / "ingest.json").exists() and status(workdir=wd).ingested


def test_a_replaced_input_of_the_same_size_and_mtime_is_not_resumed(tmp_path):
    """An input rewritten with other bytes of the same size, its modification time put back (as
    cp -p, rsync -t or tar do): a resume would skip records the old shards never held."""
    source = make_input(tmp_path / "in.jsonl", 10)
    wd = tmp_path / "wd"
    cp = kill_mid_run(source, wd, shards=2)
    assert cp and cp["shards"] >= 2
    st = source.stat()
    text = source.read_text("utf-8")
    other = text.replace("추가 문장 0번", "추가 문장 X번")  # the first shard's records, same size
    assert other != text and len(other.encode("utf-8")) == st.st_size
    source.write_text(other, encoding="utf-8")
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    seen: list[int] = []
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD, progress=seen.append)
    assert seen[0] == 1  # a new run
    assert any("X번" in a.text_ko for a in iter_articles(wd))


def test_a_kill_while_the_rejects_parts_are_removed_loses_no_reject(tmp_path, monkeypatch):
    """The commit joins the per-shard rejects into rejects.jsonl and removes the parts and the
    checkpoint: a kill in between must not leave a resumable run whose early rejects are gone."""
    from test_ingest_resume import folder_files

    source = make_input(tmp_path / "in.jsonl", 2)
    ref = tmp_path / "ref"
    ingest(inputs=[source], workdir=ref, workers=1, shard_size=SHARD)
    assert '"malformed_json"' in (ref / "rejects.jsonl").read_text("utf-8")
    real = Path.unlink

    def unlink(self, *args, **kwargs):
        if self.name == "rejects-00002.jsonl":  # parts 0 and 1 (with the malformed line) are gone
            raise Killed("stopped while removing the rejects parts")
        return real(self, *args, **kwargs)

    wd = tmp_path / "wd"
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(Killed):
        ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD)
    monkeypatch.undo()
    ingest(inputs=[source], workdir=wd, workers=1, shard_size=SHARD)
    assert folder_files(wd) == folder_files(ref)


def test_a_kill_after_the_swap_leaves_no_marker_of_the_old_shards(tmp_path, monkeypatch):
    """The markers of the replaced shards are removed by the next writer when the commit was
    killed after its swap: `koen status` then reads the new shards as not aligned, not as
    aligned shards that changed since."""
    import corpus.ingest.output as output
    from corpus.align.stage import align_workdir

    wd = tmp_path / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    align_workdir(workdir=wd, workers=1)
    assert status(workdir=wd).done["align"] == 4

    def killed(workdir):
        raise Killed("stopped right after the swap")

    monkeypatch.setattr(output, "settle", killed)
    with pytest.raises(Killed):
        ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    monkeypatch.undo()
    with writing(wd, "next writer"):
        pass
    st = status(workdir=wd)
    assert (st.done["align"], st.stale["align"]) == (0, 0) and not (wd / "done").exists()
    assert st.ingested and not (wd / "articles" / "ingest.json").exists()


def test_readers_see_the_old_articles_while_a_swap_killed_midway_is_not_undone(tmp_path, monkeypatch):
    """A kill between ``articles/ -> articles.old/`` and ``articles.new/ -> articles/`` leaves no
    articles/: `koen status`, export and push (readers, no lock) must still read the old articles
    (the ones the next writer puts back), not report an empty folder."""
    wd = tmp_path / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd, workers=1, shard_size=3)
    before = [a.id for a in iter_articles(wd)]
    real = os.rename

    def rename(a, b, *args, **kwargs):
        if Path(str(a)) == wd / "articles.new" and Path(str(b)) == wd / "articles":
            raise Killed("stopped in the middle of the swap")
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    src = _write(tmp_path / "few.jsonl", _rows()[:4])
    with pytest.raises(Killed):
        ingest(inputs=[src], workdir=wd, workers=1, shard_size=3)
    monkeypatch.undo()
    assert not (wd / "articles").exists()
    st = status(workdir=wd)
    assert (st.layout, st.articles, st.shards) == ("sharded", len(before), 4)
    assert [a.id for a in iter_articles(wd)] == before
    with writing(wd, "next writer"):
        pass
    assert [a.id for a in iter_articles(wd)] == before and (wd / "articles").is_dir()
