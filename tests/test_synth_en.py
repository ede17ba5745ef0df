"""Build-time augmentation of the English training text: sentences in capitals."""
from __future__ import annotations

from corpus.model import Article, Sentence
from corpus.preannotate.synth_en import documents, in_capitals


def _article() -> tuple[Article, list]:
    text = "Straße works resume.\nJohn Kovac joined Acme Corp in Paris.\nHe left.\nBank of Mexico held rates."
    art = Article(id="a1", text_ko="", text_en=text)
    pos = 0
    for piece in text.split("\n"):
        art.sentences_en.append(Sentence(pos, pos + len(piece)))
        pos += len(piece) + 1
    gold = [("en", text.index(n), text.index(n) + len(n), lab)
            for n, lab in (("John Kovac", "PS"), ("Acme Corp", "OG"), ("Paris", "GPE"), ("Bank of Mexico", "OG"))]
    return art, gold


def test_capitals_keep_offsets_and_gold_and_touch_only_the_chosen_sentences():
    art, gold = _article()
    out, same = in_capitals(art, gold, every=2, first=1)
    assert same == gold and out.id == "a1-caps" and art.id == "a1"  # the original is not changed
    assert len(out.text_en) == len(art.text_en) and out.sentences_en == art.sentences_en
    lines = out.text_en.split("\n")
    assert lines[1] == "JOHN KOVAC JOINED ACME CORP IN PARIS." and lines[3] == "BANK OF MEXICO HELD RATES."
    assert lines[0] == "Straße works resume." and lines[2] == "He left."
    for _, s, e, _ in gold:  # every gold span still covers the same name, now in capitals
        assert out.text_en[s:e] == art.text_en[s:e].upper()


def test_a_sentence_whose_capitals_change_its_length_stays_as_written():
    art, gold = _article()
    out, _ = in_capitals(art, gold, every=3, first=0)
    assert out.text_en.split("\n")[0] == "Straße works resume."  # STRASSE would shift every offset
    assert out.text_en.split("\n")[3] == "BANK OF MEXICO HELD RATES."


def test_generated_documents_in_capitals_keep_their_spans():
    for art, gold in documents(20, seed=3):
        out, same = in_capitals(art, gold, first=2)
        assert same == gold and len(out.text_en) == len(art.text_en)
        assert all(out.text_en[s:e].upper() == art.text_en[s:e].upper() for _, s, e, _ in gold)
        assert out.text_en != art.text_en or len(art.sentences_en) < 3


def test_build_model_adds_capital_copies_of_generated_documents_with_the_same_names():
    import sys
    from pathlib import Path

    from corpus.preannotate.stage import PreAnnotator

    sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))
    from build_model import VALUES, synth_docs

    docs = {d.id.rsplit(":", 1)[0]: d for d in synth_docs(PreAnnotator(), 6, caps=3)}
    assert sorted(k for k in docs if k.endswith("-caps")) == ["synth-en-0-caps", "synth-en-3-caps"]
    for k in ("synth-en-0", "synth-en-3"):
        orig, caps = docs[k], docs[f"{k}-caps"]
        assert caps.side.text != orig.side.text and caps.side.text.upper() == orig.side.text.upper()
        names = lambda d: {g for g in d.gold if g[2] not in VALUES}  # noqa: E731
        assert names(caps) == names(orig) and names(orig)


def test_generated_documents_leave_no_slot_unfilled_and_spans_hold_names():
    for art, gold in documents(300, seed=11):
        assert "{" not in art.text_en and "}" not in art.text_en, art.text_en
        for _, s, e, _ in gold:
            name = art.text_en[s:e]
            assert name == name.strip() and name[:1].isupper() or name[:1].isdigit(), name


def test_leagues_are_no_entity_and_a_descriptor_after_a_name_stays_outside_it():
    import random

    from corpus.preannotate.synth_en import _fill, _Lists

    rng = random.Random(5)
    lists = _Lists(rng)
    lists.new_document()
    for _ in range(30):
        text, spans = _fill("{CLUB} beat {CLUB} in the {LEAGUE} on {DAY}.", lists, rng)
        league = text[text.index(" in the ") + 8:text.rindex(" on ")]
        assert [lab for *_, lab in spans] == ["OG", "OG"] and all(e <= text.index(league) for _, e, _ in spans)
        text, spans = _fill("{HOME} {N} {CITYCLUB} {N}", lists, rng)
        home = text[spans[0][0]:spans[0][1]]
        assert home == home.upper() and spans[0][0] == 0 and spans[0][2] == "OG"
        text, spans = _fill("Output at its {SITE} mine rose.", lists, rng)
        assert text[spans[0][0]:spans[0][1] + 5].endswith(" mine") and " " not in text[spans[0][0]:spans[0][1]]
