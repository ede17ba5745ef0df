"""The hand annotations in tests/data still resolve against what ingest stores.

They are anchored by text + occurrence over the stored text, so a change to cleanup
or normalization that shifts the stored text would silently break the evaluation.
"""
import pytest

from corpus.anchors import read_records, resolve
from corpus.ingest import ingest
from corpus.workdir import iter_articles


@pytest.mark.parametrize("data,gold", [("sample.jsonl", "sample_gold.jsonl"),
                                       ("dev.jsonl", "dev_gold.jsonl"),
                                       ("heldout.jsonl", "heldout_gold.jsonl"),
                                       ("heldout2.jsonl", "heldout2_gold.jsonl")])
def test_gold_resolves_on_stored_text(data_dir, tmp_path, data, gold):
    ingest(inputs=[data_dir / data], workdir=tmp_path)
    arts = {a.id: a for a in iter_articles(tmp_path)}
    records = [rec for _, rec in read_records(data_dir / gold)]
    assert len(records) == len(arts)
    for rec in records:
        art = arts[rec["id"]]
        ann = resolve(rec, art, where=f"{gold}:{rec['id']}")
        assert len(ann.spans) == len(rec["entities"]) + len(rec["events"])
        for span in ann.spans:
            assert art.text(span.lang)[span.start:span.end] == span.text
        by_lang = {}
        for span in ann.spans:
            by_lang.setdefault(span.lang, []).append((span.start, span.end))
        for spans in by_lang.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "overlapping gold spans"
