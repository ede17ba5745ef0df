"""brat and CoNLL outputs, the Hub folder layout, and the `koen export` command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from annotated import build_articles
from datasets import load_dataset
from typer.testing import CliRunner

from corpus.errors import ConfigError
from corpus.export import export_dataset
from corpus.export.conll import read_conll
from corpus.export.hub import upload_plan
from corpus.export.splits import assign_split
from corpus.export.synthetic import synthetic_articles
from corpus.model import write_jsonl
from corpus.workdir import articles_path


def parse_ann(path: Path) -> tuple[dict, list, list]:
    """T lines as id -> (type, [(start, end)], text); E lines; # notes."""
    spans, events, notes = {}, [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, text = line.split("\t")
            label, frags = mid.split(" ", 1)
            spans[tid] = (label, [tuple(map(int, f.split())) for f in frags.split(";")], text)
        elif line.startswith("E"):
            eid, body = line.split("\t")
            events.append(body.split(" "))
        elif line.startswith("#"):
            notes.append(line.split("\t"))
    return spans, events, notes


def test_brat_spans_slice_the_text_and_events_point_at_them(tmp_path):
    res = export_dataset(out=tmp_path / "brat", articles=build_articles(), fmt="brat", split="1,0,0")
    folder = tmp_path / "brat" / "train"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"yna-00{n}.{lang}.{ext}" for n in (1, 2) for lang in ("en", "ko") for ext in ("ann", "txt")]
    for ann in folder.glob("*.ann"):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        spans, events, _ = parse_ann(ann)
        for label, frags, shown in spans.values():
            assert " ".join(text[s:e] for s, e in frags) == shown
            assert re.fullmatch(r"[\w-]+", label)
        for ev in events:
            assert all(ref.split(":")[1] in spans for ref in ev)
    spans, events, notes = parse_ann(folder / "yna-001.ko.ann")
    assert events == [["Contact_Meet:T8", "Entity:T5", "Place:T6"]] and spans["T8"][2] == "접견했다"
    assert ["#1", "AnnotatorNotes T5", "same_as yna-001.en span g14"] in notes
    en2, _, _ = parse_ann(folder / "yna-002.en.ann")
    start = (folder / "yna-002.en.txt").read_text().index("U.S. Forces Korea")
    assert ("OG", [(start, start + 17)], "U.S. Forces Korea") in en2.values()  # kept whole in brat
    conf = (tmp_path / "brat" / "annotation.conf").read_text()
    assert "Contact_Meet\tEntity*:PS, Place*:LC" in conf and "\nQT\n" in conf
    assert "annotation.conf" in res.files


def test_conll_matches_the_parquet_ner_rows(tmp_path):
    export_dataset(out=tmp_path / "hf", articles=build_articles(), split="1,0,0")
    export_dataset(out=tmp_path / "conll", articles=build_articles(), fmt="conll", split="1,0,0")
    for lang in ("ko", "en"):
        ds = load_dataset(str(tmp_path / "hf"), f"ner_{lang}", cache_dir=str(tmp_path / "c"))["train"]
        names = ds.features["ner_tags"].feature.names
        sents = read_conll(tmp_path / "conll" / lang / "train.conll")
        assert len(sents) == ds.num_rows
        for row, sent in zip(ds, sents):
            assert [t for t, _ in sent] == row["tokens"]
            assert [names[i] for i in row["ner_tags"]] == [tag for _, tag in sent]
    text = (tmp_path / "conll" / "ko" / "train.conll").read_text()
    assert text.startswith("-DOCSTART-\tO\n\n북\tB-OG\n한\tI-OG\n \tI-OG\n")
    assert text.count("-DOCSTART-") == 2


def test_hub_layout_lists_card_and_every_declared_file(tmp_path):
    export_dataset(out=tmp_path / "hf", articles=build_articles() + list(synthetic_articles(20)))
    plan = upload_plan(tmp_path / "hf")
    assert "README.md" in plan and "ner_ko/train-00000-of-00001.parquet" in plan
    assert len([p for p in plan if p.endswith(".parquet")]) == 15
    (tmp_path / "hf" / "events" / "test-00000-of-00001.parquet").unlink()
    with pytest.raises(ConfigError, match="events/test"):
        upload_plan(tmp_path / "hf")


def test_cli_export_writes_a_loadable_folder(tmp_path):
    from annotation.cli import app  # the `koen` entry point: corpus commands plus export

    work = tmp_path / "work"
    work.mkdir()
    with articles_path(work).open("w", encoding="utf-8") as fh:
        for _ in write_jsonl(build_articles(), fh):
            pass
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["export", str(work), "-o", str(out), "--labels", "PS,LC,OG,DT,QT",
                                   "--license", "cc-by-sa-4.0", "--split", "1,0,0"])
    assert res.exit_code == 0, res.output
    assert "ner_ko" in res.output and "unknown_label" in res.output  # NORP not in --labels
    ds = load_dataset(str(out), "ner_ko", cache_dir=str(tmp_path / "c"))
    assert ds["train"].features["ner_tags"].feature.names[:2] == ["B-PS", "I-PS"]
    assert "license: cc-by-sa-4.0" in (out / "README.md").read_text()
    bad = CliRunner().invoke(app, ["export", str(work), "-o", str(tmp_path / "o2"), "--split", "x"])
    assert bad.exit_code != 0


def test_configs_without_rows_are_left_out_so_the_rest_still_loads(tmp_path):
    out = tmp_path / "hf"
    export_dataset(out=out, articles=[build_articles()[2]], entity_labels="PS,LC", split="0.5,0.5,0")
    split = assign_split("yna-003", 0, (0.5, 0.5, 0))
    meta = upload_plan(out)
    assert [p for p in meta if p.endswith(".parquet")] == [
        f"documents/{split}-00000-of-00001.parquet", f"sentence_pairs/{split}-00000-of-00001.parquet"]
    ds = load_dataset(str(out), "sentence_pairs", cache_dir=str(tmp_path / "c"))
    assert list(ds) == [split] and ds[split][0]["translation"]["ko"].startswith("통일부")
    assert "_No rows in this export" in (out / "README.md").read_text()


def test_brat_with_all_annotators_names_files_per_annotator(tmp_path):
    export_dataset(out=tmp_path / "b", articles=build_articles(), fmt="brat", split="1,0,0", all_annotators=True)
    names = sorted(p.name for p in (tmp_path / "b" / "train").glob("yna-002*.ko.ann"))
    assert names == ["yna-002.human-annotator_a.ko.ann", "yna-002.human-annotator_b.ko.ann"]
    spans, _, _ = parse_ann(tmp_path / "b" / "train" / "yna-002.human-annotator_b.ko.ann")
    assert list(spans.values()) == [("OG", [(0, 4)], "주한미군")]


def test_cli_map_labels_gives_klue_types_in_ner_and_keeps_documents(tmp_path):
    from annotation.cli import app  # the `koen` entry point: corpus commands plus export

    work = tmp_path / "work"
    work.mkdir()
    with articles_path(work).open("w", encoding="utf-8") as fh:
        for _ in write_jsonl(build_articles(), fh):
            pass
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["export", str(work), "-o", str(out), "--split", "1,0,0",
                                   "--map-labels", "NORP=OG"])
    assert res.exit_code == 0, res.output
    ds = load_dataset(str(out), "ner_en", cache_dir=str(tmp_path / "c"))["train"]
    names = ds.features["ner_tags"].feature.names
    assert names == ["B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "O"]
    row = next(r for r in ds if "Russian" in r["tokens"])
    assert names[row["ner_tags"][row["tokens"].index("Russian")]] == "B-OG"
    docs = load_dataset(str(out), "documents", cache_dir=str(tmp_path / "c"))["train"]
    assert "NORP" in {e["label"] for d in docs for e in d["entities"]}
    assert "NORP → OG" in (out / "README.md").read_text()
    bad = CliRunner().invoke(app, ["export", str(work), "-o", str(out), "--map-labels", "NORP"])
    assert bad.exit_code != 0 and isinstance(bad.exception, ConfigError)
