"""Real-world input: legacy encodings, broken files and wrong types give rejects or one line, never a traceback.

Every case runs the ``koen`` entry point's own error mapping (:func:`corpus.cli_run.run_cli`)
in-process; two cases also run the installed ``koen`` script. The corpus of bad inputs is
written by the tests from the project's own sample pairs.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from annotation.cli import app
from corpus.cli_run import EXIT_CODES, run_cli
from corpus.workdir import iter_articles

DATA = Path(__file__).parent / "data"
SAMPLE = [json.loads(l) for l in (DATA / "sample.jsonl").read_text("utf-8").splitlines() if l.strip()]
KO, EN = SAMPLE[0]["text_ko"], SAMPLE[0]["text_en"]


def _record(i: int, **over) -> dict:
    rec = {k: SAMPLE[i][k] for k in ("text_ko", "text_en", "title_ko", "title_en")}
    rec["id"] = f"s{i}"
    rec.update(over)
    return rec


def _line(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False) + "\n"


def koen(capsys, *args: str) -> tuple[int, str]:
    """Run ``koen ARGS`` through the entry point's error mapping; exit code and all output."""
    code = run_cli(app, [str(a) for a in args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text, text
    assert code in EXIT_CODES, (code, text)
    return code, text


def _counts(work: Path) -> dict:
    counts = json.loads((work / "ingest.json").read_text("utf-8"))["counts"]
    assert counts["in"] == counts["out"] + sum(counts["rejected"].values()), counts
    return counts


def _rejects(work: Path) -> list[dict]:
    return [json.loads(l) for l in (work / "rejects.jsonl").read_text("utf-8").splitlines()]


def _error_line(text: str) -> str:
    lines = [l for l in text.splitlines() if l.startswith("error: ")]
    assert len(lines) == 1, text
    return lines[0]


def test_cp949_csv_ingests_with_korean_intact(tmp_path, capsys):
    df = pd.DataFrame([_record(i) for i in (2, 3)])
    path = tmp_path / "cp949.csv"
    path.write_bytes(df.to_csv(index=False).encode("cp949", errors="strict"))
    code, _ = koen(capsys, "ingest", path, "-o", tmp_path / "w")
    arts = list(iter_articles(tmp_path / "w"))
    assert code == 0 and _counts(tmp_path / "w")["out"] == 2
    assert arts[0].meta["encoding"] in ("cp949", "euc-kr")
    assert [a.title_ko for a in arts] == [SAMPLE[2]["title_ko"], SAMPLE[3]["title_ko"]]


def test_a_csv_mixing_utf8_and_cp949_lines_reads_and_a_garbage_line_is_named(tmp_path, capsys):
    first = pd.DataFrame([_record(i) for i in (2, 3)]).to_csv(index=False)  # header + 2 records, UTF-8
    last = pd.DataFrame([_record(4)]).to_csv(index=False, header=False)     # 1 record, CP949
    path = tmp_path / "mixed.csv"
    path.write_bytes(first.encode("utf-8") + last.encode("cp949"))
    code, _ = koen(capsys, "ingest", path, "-o", tmp_path / "w")
    assert code == 0 and [a.title_ko for a in iter_articles(tmp_path / "w")] == [SAMPLE[i]["title_ko"] for i in (2, 3, 4)]
    path.write_bytes(first.encode("utf-8") + b"x,\xff\xfe,y\n")
    code, text = koen(capsys, "ingest", path, "-o", tmp_path / "w2")
    assert code == 2 and "mixed.csv" in _error_line(text) and "line " in _error_line(text)


def test_euc_kr_text_folders_and_utf16_jsonl(tmp_path, capsys):
    for lang in ("ko", "en"):
        (tmp_path / "pairs" / lang).mkdir(parents=True)
        side = SAMPLE[6][f"title_{lang}"] + "\n" + SAMPLE[6][f"text_{lang}"]
        (tmp_path / "pairs" / lang / "a.txt").write_bytes(side.encode("euc-kr" if lang == "ko" else "utf-8"))
    code, _ = koen(capsys, "ingest", tmp_path / "pairs", "-o", tmp_path / "w1")
    (art,) = iter_articles(tmp_path / "w1")
    assert code == 0 and art.meta["encoding"] == {"ko": "euc-kr", "en": "utf-8"}
    assert art.title_ko == SAMPLE[6]["title_ko"]

    path = tmp_path / "u16.jsonl"
    path.write_bytes("".join(_line(_record(i)) for i in (0, 4)).encode("utf-16"))
    code, _ = koen(capsys, "ingest", path, "-o", tmp_path / "w2")
    arts = list(iter_articles(tmp_path / "w2"))
    assert code == 0 and [a.meta["encoding"] for a in arts] == ["utf-16", "utf-16"]
    assert arts[0].title_ko == SAMPLE[0]["title_ko"]


def test_forced_encoding_rejects_what_it_cannot_decode(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(_line(_record(0)).encode("utf-8") + _line(_record(4)).encode("cp949"))
    code, _ = koen(capsys, "ingest", path, "-o", tmp_path / "w", "--encoding", "utf-8")
    assert code == 0 and _counts(tmp_path / "w")["rejected"] == {"undecodable": 1}
    code, text = koen(capsys, "ingest", path, "-o", tmp_path / "w", "--encoding", "klingon")
    assert code == 2 and "klingon" in _error_line(text)


def test_one_bad_line_costs_only_that_line(tmp_path, capsys):
    lines = [_line(_record(0)).encode("utf-8"), _line(_record(4)).encode("cp949"),
             b'{"id": "x", "text_ko": "\xff\xfe\xff", "text_en": "x"}\n', _line(_record(5)).encode("utf-8"),
             _line(_record(6, text_ko=["첫 문단.", "둘째 문단."])).encode("utf-8"),
             _line(_record(7, text_en=12345)).encode("utf-8"), _line(_record(8, title_en={"a": 1})).encode("utf-8"),
             b"[1, 2]\n", b"null\n", b'"text"\n', b"x" * 3_000_000 + b"\n",
             _line(_record(9, text_en="North Korea. " * 20_000)).encode("utf-8")]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(lines))
    code, _ = koen(capsys, "ingest", path, "-o", tmp_path / "w", "--max-chars", "100000")
    counts = _counts(tmp_path / "w")
    assert code == 0 and counts["out"] == 3
    assert counts["rejected"] == {"undecodable": 1, "wrong_type": 3, "malformed_json": 4, "too_long": 1}
    by_line = {r["line"]: r for r in _rejects(tmp_path / "w")}
    assert by_line[3]["reason"] == "undecodable" and by_line[3]["file"].endswith("in.jsonl")
    assert (by_line[5]["field"], by_line[5]["detail"]) == ("text_ko", "text_ko is a list, expected a string")
    assert by_line[6]["field"] == "text_en" and by_line[7]["field"] == "title_en"
    arts = {a.id: a for a in iter_articles(tmp_path / "w")}
    assert sorted(arts) == ["s0", "s4", "s5"]
    assert arts["s0"].meta["encoding"] == "utf-8" and arts["s4"].meta["encoding"] in ("cp949", "euc-kr")
    assert arts["s4"].title_ko == SAMPLE[4]["title_ko"]


def test_whole_file_problems_are_one_line(tmp_path, capsys):
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(bytes(range(256)) * 40)
    tsv = tmp_path / "no_en.tsv"
    pd.DataFrame([{"id": "a", "text_ko": KO}]).to_csv(tsv, sep="\t", index=False)
    existing = tmp_path / "taken.txt"
    existing.write_text("x")
    good = tmp_path / "good.jsonl"
    good.write_text(_line(_record(0)), encoding="utf-8")
    cases = [((binary, "-o", tmp_path / "w"), "binary"), ((tsv, "-o", tmp_path / "w"), "'text_en'"),
             ((good, "-o", existing), "not a work folder"), ((tmp_path / "nope.jsonl", "-o", tmp_path / "w"), "nope.jsonl"),
             ((tmp_path / "x.xml", "-o", tmp_path / "w"), "")]
    (tmp_path / "x.xml").write_text("<a/>")
    for args, expect in cases:
        code, text = koen(capsys, "ingest", *args)
        assert code == 2 and expect in _error_line(text), (args, text)
    assert not (tmp_path / "w" / "articles.jsonl").exists() and not (tmp_path / "w" / "articles").exists()


def test_empty_files_behave_alike(tmp_path, capsys):
    for name in ("e.jsonl", "e.csv", "e.tsv"):
        (tmp_path / name).write_bytes(b"")
        code, text = koen(capsys, "ingest", tmp_path / name, "-o", tmp_path / name.replace(".", "_"))
        assert code == 0 and "no records" in text
        assert _counts(tmp_path / name.replace(".", "_"))["in"] == 0


def test_unpaired_and_undecodable_page_files(tmp_path, capsys):
    for lang in ("ko", "en"):
        (tmp_path / "p" / lang).mkdir(parents=True)
    (tmp_path / "p" / "ko" / "only_ko.txt").write_text("제목\n" + KO, encoding="utf-8")
    (tmp_path / "p" / "en" / "only_en.txt").write_text("Title\n" + EN, encoding="utf-8")
    (tmp_path / "p" / "ko" / "bin.txt").write_bytes(b"\x00\x01\xff" * 100)
    (tmp_path / "p" / "en" / "bin.txt").write_text("Title\n" + EN, encoding="utf-8")
    code, _ = koen(capsys, "ingest", tmp_path / "p", "-o", tmp_path / "w")
    counts = _counts(tmp_path / "w")
    assert code == 0 and counts["rejected"] == {"missing_side": 2, "undecodable": 1}


def test_every_command_gives_one_line_on_a_broken_work_folder(tmp_path, capsys):
    work = tmp_path / "broken"
    work.mkdir()
    (work / "articles.jsonl").write_text('{"id": "a", "text_ko": 5}\nnot json\n', encoding="utf-8")
    commands = [("align",), ("preannotate",), ("project",), ("agreement",), ("report", "-o", tmp_path / "r.html"),
                ("export", "-o", tmp_path / "out"), ("adjudicate", "-p", "x")]
    for cmd in commands:
        for folder in (work, tmp_path / "missing"):
            code, text = koen(capsys, cmd[0], folder, *cmd[1:])
            assert code == 2 and str(folder) in _error_line(text), (cmd, text)
    code, text = koen(capsys, "eval-align", work / "articles.jsonl")
    assert code == 2 and "articles.jsonl:1" in _error_line(text)
    for cmd in ("push", "pull"):
        code, text = koen(capsys, cmd, work, "-p", "x", "--url", "http://127.0.0.1:9", "--token", "t")
        assert code == 4 and "127.0.0.1:9" in _error_line(text)


def test_installed_koen_script_never_prints_a_traceback(tmp_path):
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\x00\x9f" * 500)
    koen_bin = Path(sys.executable).with_name("koen")
    res = subprocess.run([koen_bin, "ingest", binary, "-o", tmp_path / "w"], capture_output=True, text=True)
    assert res.returncode == 2 and "Traceback" not in res.stderr + res.stdout
    assert "bin.jsonl" in res.stderr and "binary" in res.stderr
    res = subprocess.run([koen_bin, "ingest", binary, "-o", tmp_path / "w", "--debug"], capture_output=True, text=True)
    assert res.returncode != 0 and "Traceback" in res.stderr and "InputError" in res.stderr


def test_debug_is_accepted_after_the_command(tmp_path, capsys):
    with pytest.raises(Exception, match="no such file"):
        run_cli(app, ["ingest", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "w"), "--debug"])
