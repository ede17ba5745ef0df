"""English tagger features (name lists, capitals, datelines) and the generated training documents."""
from __future__ import annotations

import re

from corpus.preannotate.features import en_features, en_tokens
from corpus.preannotate.features_en import NAMES, en_extra, names
from corpus.preannotate.learned import Evidence
from corpus.preannotate.synth_en import documents


def _extra(text: str) -> dict[str, list[str]]:
    toks = en_tokens(text)
    return {t[2]: f for t, f in zip(toks, en_extra(text, toks, range(len(toks))))}


def _lines(text: str) -> dict[str, list[str]]:
    """Extra features of every token, line by line (a line is a sentence), by form."""
    toks, out, pos = en_tokens(text), {}, 0
    for line in text.split("\n"):
        idx = [i for i, t in enumerate(toks) if pos <= t[0] < pos + len(line)]
        out.update({toks[i][2]: f for i, f in zip(idx, en_extra(text, toks, idx))})
        pos += len(line) + 1
    return out


def _has(feats: list[str], prefix: str, part: str = "") -> bool:
    return any(x.startswith(prefix) and part in x for x in feats)


def test_name_lists_hold_people_and_places_with_their_licence():
    people, places = names()
    assert "first" in people["maria"] and "last" in people["schmidt"] and "~c" in people["peter"]  # to peter out
    assert places["germany"] == "country" and places["new york city"] == "city" and places["japan"] == "country~c"
    assert "GeoNames" in NAMES.read_text(encoding="utf-8")[:2000] and "faker" in NAMES.read_text(encoding="utf-8")[:2000]


def test_places_match_longest_first_and_names_only_when_capitalized():
    f = _extra("Maria Schmidt flew from New York City to Bonn, but maria stayed.")
    assert _has(f["Maria"], "gp=", "first") and _has(f["Schmidt"], "gp=", "last")
    assert "gl=B-city" in f["New"] and "gl=I-city" in f["York"] and "gl=I-city" in f["City"]
    assert _has(f["Schmidt"], "gp-1=", "first")
    toks = en_tokens("Maria Schmidt flew from New York City to Bonn, but maria stayed.")
    last = en_extra("Maria Schmidt flew from New York City to Bonn, but maria stayed.", toks, range(len(toks)))[-2]
    assert not any(x.startswith("gp=") for x in last)  # lower-case "maria" is no name hit


def test_capital_lines_still_find_places_and_say_they_are_capitals():
    text = "SOCCER - JAPAN BEAT SYRIA IN ASIAN CUP\nJapan beat Syria 2-1 on Friday."
    toks = en_tokens(text)
    head = [i for i, t in enumerate(toks) if t[0] < text.index("\n")]
    feats = dict(zip([toks[i][2] for i in head], en_extra(text, toks, head)))
    assert "caps" in feats["JAPAN"] and _has(feats["JAPAN"], "gl=B-country")
    assert "seen=01" in feats["JAPAN"]  # the document writes it "Japan" in running text
    body = [i for i, t in enumerate(toks) if t[0] > text.index("\n")]
    assert not any("caps" in f for f in en_extra(text, toks, body))


def test_a_dateline_is_marked_and_numbers_beside_a_word_are_seen():
    text = "LONDON 1996-08-30\nArsenal 2 Chelsea 1"
    toks = en_tokens(text)
    line1 = [i for i, t in enumerate(toks) if t[0] < 17]
    assert "dateline" in en_extra(text, toks, line1)[0]
    f = _extra(text)
    assert "num+1" in f["Arsenal"] and "num-1" in f["Chelsea"] and "num+1" in f["Chelsea"]


def test_english_features_carry_the_extra_features():
    text = "Peter Hansen met officials in Oslo."
    toks = en_tokens(text)
    feats = en_features(text, toks, list(range(len(toks))), Evidence())
    assert "w=peter" in feats[0] and _has(feats[0], "gp=", "first")


def test_generated_documents_are_deterministic_and_their_spans_fit_the_text():
    docs = list(documents(20, seed=3))
    again = list(documents(20, seed=3))
    assert [a.text_en for a, _ in docs] == [a.text_en for a, _ in again]
    labels = set()
    for art, gold in docs:
        assert art.text_ko == "" and art.sentences_en
        for lang, s, e, label in gold:
            piece = art.text_en[s:e]
            assert lang == "en" and piece == piece.strip() and piece
            assert any(x.start <= s and e <= x.end for x in art.sentences_en)
            labels.add(label)
    assert {"PS", "GPE", "OG"} <= labels
    assert any(a.text_en.split("\n")[0].isupper() for a, _ in docs)  # capital headlines


def test_the_shipped_model_tags_wire_news_with_no_title_and_no_korean_side():
    from corpus.model import Article, Sentence
    from corpus.preannotate.model_io import load_model
    from corpus.preannotate.stage import PreAnnotator

    text = ("TENNIS - HALVERSEN BEATS MORALES IN OSLO\nOSLO 1997-05-12\n"
            "Erik Halversen of Norway beat Carlos Morales 6-3 6-4 in the first round on Monday.\n"
            "Halversen will next play Jan Novak, who beat a qualifier.")
    art = Article(id="wire", text_ko="", text_en=text)
    pos = 0
    for line in text.split("\n"):
        art.sentences_en.append(Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    got = {(s.text, s.label) for s in PreAnnotator(model=load_model("default"))(art)[0].spans}
    assert {("Erik Halversen", "PS"), ("Carlos Morales", "PS"), ("Norway", "GPE"), ("Jan Novak", "PS")} <= got
    assert ("OSLO", "GPE") in got  # the dateline, in capitals
    scores = [s.score for s in PreAnnotator(model=load_model("default"))(art)[0].spans if s.text == "Jan Novak"]
    assert scores and 0 < scores[0] <= 1  # kept, with the model's confidence


def test_the_word_list_tells_english_words_from_names_and_unknown_words():
    from corpus.preannotate.words_en import WORDS, words

    w = words()
    assert w["crude"] == "w" and w["golan"] == "p" and w["brown"] == "wp" and "commerzbank" not in w
    assert "SCOWL" in WORDS.read_text(encoding="utf-8")[:2000] and "Kevin Atkinson" in WORDS.read_text(encoding="utf-8")[:2000]
    f = _extra("Crude oil rose as Volvo and Commerzbank signed a memorandum (MOU) with the Geological Survey (USGS).")
    assert "dwc=w|init" in f["Crude"] and "dw=p" in f["Volvo"] and "dw=-" in f["Commerzbank"]
    assert "dw+1=-" in f["and"] and "dw-1=p" in f["and"]  # the capitalized neighbours' word kinds
    assert "acr=low" in f["MOU"] and "acr=cap" in f["USGS"]
    assert not any(x.startswith("dw=") for x in f["("])


def test_a_cue_beside_a_name_anywhere_in_the_document_marks_every_mention():
    f = _extra("Biotech startup Cellonix filed it. Bristol Pharma later paid Cellonix a fee. Striker Rivaldo scored. "
               "Rivaldo left.")
    assert "cued=org" in f["Cellonix"]  # the second mention, with no cue beside it
    assert "cued=per" in f["Rivaldo"] and not any(x.startswith("cued") for x in f["Bristol"])


def test_generated_tables_and_events_follow_the_conll_conventions():
    import re

    countries = {line.split("\t")[1] for line in NAMES.read_text(encoding="utf-8").splitlines()
                 if line.startswith(("country\t", "state\t"))}
    countries |= {c.upper() for c in countries} | {c[4:] for c in countries if c.startswith("The ")}
    rows, scorers, events = set(), 0, 0
    for art, gold in documents(300, seed=5):
        text = art.text_en
        for _, s, e, label in gold:
            line = text[text.rfind("\n", 0, s) + 1:(text.find("\n", e) + 1 or len(text) + 1) - 1]
            if re.fullmatch(r"[^\d(]+ \d+ [^\d(]+ \d+", line):  # a result: Leeds 2 Hull 1, Japan 2 Syria 1
                rows.add(label)
                assert label == "OG" or text[s:e] in countries or text[s:e].lower() not in names()[1]  # no city teams
            if text[s - 2:s] == "( " and re.match(r" \d", text[e:e + 2]):
                scorers += label == "PS"
        for m in re.finditer(r"\b(?:Tour de|\w+ Open\b|\w+ Grand Prix)", text):
            events += 1
            assert not any(s < m.end() and m.start() < e for _, s, e, _ in gold)  # an event is no entity
    assert rows == {"OG", "GPE"} and scorers > 20 and events > 5


def test_names_after_an_organization_head_and_table_rows_are_marked():
    f = _extra("Investors feared that the Bank of Mexico and the Ministry of Trade, Industry and Energy would act in Peru.")
    assert "orgof" in f["Mexico"] and "orgof" in f["Industry"] and "orgof" in f["Energy"]
    assert "orgof" not in f["Bank"] and "orgof" not in f["Peru"] and "orgof" not in f["Investors"]
    assert "row" in _extra("BOSTON 65 64")["BOSTON"] and "row" not in _extra("Boston won 65 to 64")["Boston"]


def test_the_organisation_list_holds_listed_companies_and_legal_forms_with_their_licence():
    from corpus.preannotate.orgs_en import ORGS, orgs

    cos, heads, legal = orgs()
    assert cos["deutsche bank"] == "co" and cos["commerzbank"] == "co" and cos["continental"] == "co~c"
    assert cos["continental ag"] == "co" and heads["deutsche"] >= 2  # kept as written and without its legal form
    assert {"ag", "plc", "gmbh", "inc", "oyj", "spa"} <= legal and not {"as", "et", "uk", "eu", "da"} & legal
    head = ORGS.read_text(encoding="utf-8")[:2000]
    assert "pytickersymbols" in head and "cleanco" in head and "MIT" in head


def test_listed_companies_match_longest_first_and_legal_forms_only_after_a_name():
    f = _extra("Shares of Deutsche Bank fell, Krupp AG rose and the UK lender Next gained; Luiz da Silva said.")
    assert "go=B-co" in f["Deutsche"] and "go=I-co" in f["Bank"] and "go=B-co~c" in f["Next"]
    assert "legal" in f["AG"] and "legal+1" in f["Krupp"]
    assert not _has(f["UK"], "legal") and not _has(f["da"], "legal") and not _has(f["Silva"], "go=")
    assert not _has(_extra("ag officials met")["ag"], "legal")  # lower case, no name before it


def test_two_word_and_possessive_cues_mark_an_organisation_in_the_whole_document():
    f = _extra("Shares of Zorvex fell. A spokesman for Haldane Ruiz declined to comment. Tamsin's chief executive "
               "resigned. Zorvex later rallied, Haldane Ruiz said, while Tamsin gained. Oswin's wife smiled.")
    assert "cued=org" in f["Zorvex"] and "cued=org" in f["Haldane"] and "cued=org" in f["Tamsin"]
    assert not _has(f["Oswin"], "cued")


def test_a_city_beside_scores_and_in_sports_news_is_marked():
    text = "BASEBALL - MAJOR LEAGUE RESULTS\nNEW YORK 1996-08-25\nHOUSTON 80 48\nSaturday: Houston 4 Denver 3 in Boston"
    f = _lines(text)
    assert "glnum=city|row" in f["HOUSTON"] and "glnum=city|num" in f["Denver"] and not _has(f["Boston"], "glnum")
    assert not _has(f["NEW"], "glnum")  # a dateline is a place, whatever follows it
    assert "sportdoc" in f["Boston"] and "glsport=city" in f["Boston"]
    plain = _lines("Markets - shares fell\nHouston 4 Denver 3 in Boston")
    assert not _has(plain["Boston"], "sportdoc") and not _has(plain["Boston"], "glsport")


def test_generated_documents_name_listed_companies_newspapers_parties_and_keep_to_one_topic():
    from corpus.preannotate.orgs_en import orgs

    listed, orgs_seen, sports_tables, other_tables, sports = 0, set(), 0, 0, 0
    for art, gold in documents(300, seed=11):
        text = art.text_en
        names = [text[s:e] for _, s, e, label in gold if label == "OG"]
        listed += sum(n.lower() in orgs()[0] for n in names)
        orgs_seen |= {n.split()[-1] for n in names}
        is_sport = " - " in text.split("\n")[0][:20]
        tables = sum(1 for line in text.split("\n")[2:] if re.fullmatch(r"[^\d]+( \d+){2,}", line))
        sports += is_sport
        sports_tables += bool(tables) and is_sport
        other_tables += bool(tables) and not is_sport
    assert listed > 50
    assert {"Times", "Party", "Ministry", "AG"} & orgs_seen == {"Times", "Party", "Ministry", "AG"}
    assert sports_tables > 2 * other_tables  # sports documents carry the results tables


def test_generated_documents_hold_places_with_a_head_word_and_nationality_titles_as_no_organisation():
    seen: dict[str, set[str]] = {}
    for art, gold in documents(300, seed=5):
        for _, s, e, label in gold:
            seen.setdefault(label, set()).add(art.text_en[s:e])
        for m in re.finditer(r"(\w+) (Prime|Foreign) Minister", art.text_en):
            assert not any(s <= m.start() < e and label == "OG" for _, s, e, label in gold)
    heads = {n.split()[-1] for n in seen["GPE"]} | {n.split()[-1] for n in seen["LC"]}
    assert {"Province", "County", "Island", "River"} <= heads
    assert any(n.split()[-1] == "Province" for n in seen["GPE"]) and any(n.startswith("Mount ") for n in seen["LC"])
    assert not any(n.endswith(" Province") for n in seen["OG"])  # "Derby County" is a club, a province never


def test_sports_documents_are_told_by_their_headline_and_train_the_koen_copies_too():
    import sys
    from pathlib import Path

    from corpus.preannotate.stage import PreAnnotator
    from corpus.preannotate.synth_en import is_sports

    sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))
    from build_model import gold_alone_wire, synth_docs

    assert is_sports("SOCCER - LEEDS BEAT HULL\nLEEDS 1996-08-30") and is_sports("Tennis - Seles wins in Rome")
    assert not is_sports("BANK OF CANADA - RATES ON HOLD") and not is_sports("Gold ends lower in quiet trade")
    docs = synth_docs(PreAnnotator(), 30)
    kinds = {is_sports(d.side.text): any(x.startswith("koen:") for s in d.xseqs for tok in s for x in tok)
             for d in docs}
    assert kinds == {True: True, False: False}  # sports documents train koen + wire, the rest wire alone
    assert all(any(x.startswith("wire:") for tok in d.xseqs[0] for x in tok) for d in docs)
    gold = [d for d in docs[:3]]
    alone = gold_alone_wire(gold)
    assert len(alone) == 3 and all(a.yseqs == g.yseqs and a.mono is None for a, g in zip(alone, gold))
    assert all({x.split(":")[0] for tok in a.xseqs[0] for x in tok} >= {"koen", "wire"} for a in alone)
