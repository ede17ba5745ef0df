"""The align stage on the project's sample articles (real ingest, real USE embedder)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.align.stage import FLAG, align_articles, align_workdir
from corpus.cli import app
from corpus.ingest import ingest
from corpus.model import Article
from corpus.workdir import iter_articles

# Non-1-1 links of each sample article, from tests/data/README.md (0-based indices).
EXPECTED = {
    "asiae-20250314-0001": [((2,), (2, 3))],
    "af835ce97166ece9": [((9, 10), (9,))],
    "yna-20250313-0002": [((4,), ())],
    "aebc2a8688fbdf73": [((3, 4), (3,))],
    "joongang-20250417-0003": [((1,), (1, 2))],
    "joongang-20250524-0004": [],
    "hani-20250405-0005": [((3,), (3, 4))],
    "a24c4fe444e7b63f": [((3, 4), (3,))],
    "news1-20250116-0006": [((3,), (3, 4))],
    "herald-20250610-0007": [((4,), (4, 5)), ((5, 6), (6,))],
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, data_dir) -> Path:
    wd = tmp_path_factory.mktemp("align")
    ingest(inputs=[data_dir / "sample.jsonl"], workdir=wd)
    return wd


def test_align_workdir_finds_the_documented_links(workdir):
    seen = []
    stats = align_workdir(workdir=workdir, progress=seen.append)
    arts = list(iter_articles(workdir))
    assert stats["articles"] == len(arts) == 10 and seen[-1] == 10
    for art in arts:
        odd = [(l.ko, l.en) for l in art.alignment.links if l.kind != "1-1"]
        assert odd == EXPECTED[art.id], art.id
        assert art.alignment.quality > 0.8 and FLAG not in art.flags
        assert [i for l in art.alignment.links for i in l.ko] == list(range(len(art.sentences_ko)))
    assert stats["flagged_low_quality"] == 0 and stats["link_types"]["1-0"] == 1
    record = json.loads((workdir / "align.json").read_text(encoding="utf-8"))
    assert record["counts"] == {k: v for k, v in stats.items() if k != "shards_skipped"} and record["config"]["params"]["penalty"]["1-2"] > 0


def test_align_json_is_written_while_the_lock_is_held(workdir, monkeypatch):
    """Another writer can never see align.json from one run beside shards from another."""
    import corpus.align.stage as stage
    from corpus.lock import holder

    seen, real = [], stage.write_json

    def spy(path, data):
        seen.append((Path(path).name, holder(workdir)))
        real(path, data)

    monkeypatch.setattr(stage, "write_json", spy)
    align_workdir(workdir=workdir)
    assert seen == [("align.json", {"pid": os.getpid(), "stage": "align"})]
    assert holder(workdir) is None


def test_wrong_translation_and_summary_are_flagged(workdir, data_dir):
    arts = list(iter_articles(workdir))
    swapped = Article.from_dict({**arts[0].to_dict(), "id": "swap"})
    swapped.text_en, swapped.sentences_en = arts[4].text_en, arts[4].sentences_en
    summary = Article.from_dict({**arts[1].to_dict(), "id": "summary"})
    summary.sentences_en = summary.sentences_en[:2]
    out = {a.id: a for a in align_articles([swapped, summary, arts[2]])}
    assert FLAG in out["swap"].flags and out["swap"].alignment.quality < 0.3
    assert FLAG in out["summary"].flags
    assert FLAG not in out[arts[2].id].flags


def test_align_command_with_two_workers(workdir):
    res = CliRunner().invoke(app, ["align", str(workdir), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "aligned 10 articles" in res.output
    aln = list(iter_articles(workdir))[2].to_dict()["alignment"]
    assert aln["method"].startswith("koen-align") and [[4], []] in [[l["ko"], l["en"]] for l in aln["links"]]
