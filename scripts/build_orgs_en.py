"""Build corpus/data/en_orgs.tsv, the English organisation lists the learned tagger's features read.

Build-time sources (not dependencies of koen; install them to rebuild, e.g.
``.venv/bin/python -m pip install pytickersymbols==1.17.10 cleanco==2.3``):
- pytickersymbols (MIT licence, (c) 2023 portfolio+): the constituents of 20 stock indices
  (AEX, BEL 20, CAC 40, DAX, Dow Jones, EURO STOXX 50, FTSE 100, IBEX 35, Nasdaq 100,
  Nikkei 225, OMX, S&P 500, SMI ...): company names, kept as written and without their legal
  form (``Continental AG`` -> ``Continental``, ``GSK plc`` -> ``GSK``);
- cleanco (MIT licence, (c) 2015 Paul Solin): legal-form suffixes of companies
  by country (``AG``, ``plc``, ``GmbH``, ``S.A.``, ``N.V.``, ``Oyj`` ...).

Lines: ``company<TAB>name<TAB>flags`` (``c``: a one-word name that is also a lower-case
English word of ``en_words.txt``: Next, Continental) and ``legal<TAB>form`` (dots removed,
lower case; forms that are English words, ``as``, ``et``, are left out).

    .venv/bin/python scripts/build_orgs_en.py [--out corpus/data/en_orgs.tsv]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.preannotate.words_en import words  # noqa: E402

HEADER = """# English organisation lists for the learned tagger's features (corpus/preannotate/features_en.py)
# and the generated wire documents (synth_en.py). Built by scripts/build_orgs_en.py.
# company: stock index constituents from pytickersymbols 1.17.10 (MIT licence, Copyright (c) 2023
#   portfolio+), as written and without their legal form; flag c: also a lower-case English word.
# legal: company legal-form suffixes from cleanco 2.3 (MIT licence, Copyright (c) 2015 Paul Solin),
#   dots removed, lower case.
# MIT licence: Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files, to deal in the Software without restriction, subject
# to the condition that the above copyright notice and this permission notice shall be included in
# all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT
# WARRANTY OF ANY KIND.
"""
# words a company name ends with that say what it is, not who (kept in the full name only)
_TAIL = re.compile(r"(?:,?\s+(?:group|holdings?|company|& co\.?|co\.?|corporation|corp\.?|inc\.?|limited|ltd\.?))+$", re.I)


# cleanco terms that news writes far more often as something else (UK, EU, OK) or that are no suffix,
# or that are name particles (Luiz da Silva, Hans ter Horst)
_NOT_LEGAL = {"uk", "eu", "ok", "ec", "us", "et", "andcompany", "sucdedescendants",
              "da", "de", "del", "di", "do", "dos", "du", "el", "la", "le", "al", "bin", "ter", "van", "von"}


# abbreviations the word list also holds as words, kept: they are the commonest suffixes in news
_ALWAYS_LEGAL = {"inc", "corp", "spa"}


def legal_forms() -> list[str]:
    """cleanco's legal-form terms without dots, lower case, English words left out."""
    from cleanco.termdata import terms_by_country, terms_by_type

    common = words()
    terms = {t for d in (terms_by_type, terms_by_country) for ts in d.values() for t in ts}
    out = {re.sub(r"[.\s]", "", t).lower() for t in terms} - _NOT_LEGAL
    keep = {t for t in out if 2 <= len(t) <= 8 and t.isascii() and t.isalpha() and common.get(t) not in ("w", "wp")}
    return sorted(keep | _ALWAYS_LEGAL)


def companies(legal: set[str]) -> dict[str, str]:
    """Company names of every index -> flag, each also without its legal form."""
    from pytickersymbols.indices_data import INDICES

    common = words()
    out: dict[str, str] = {}
    for index in INDICES.values():
        for company in index["companies"]:
            name = re.sub(r"^The ", "", " ".join(company["name"].split()))
            parts = _TAIL.sub("", name).rstrip(",").split()
            while len(parts) > 1 and re.sub(r"[.,]", "", parts[-1]).lower() in legal:
                parts.pop()
                parts[-1] = parts[-1].rstrip(",")
            for form in {name, " ".join(parts)}:
                if len(form) >= 2 and not form.isdigit():
                    out[form] = "c" if " " not in form and common.get(form.lower()) in ("w", "wp") else ""
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "data" / "en_orgs.tsv")
    args = ap.parse_args()
    legal = legal_forms()
    cos = companies(set(legal))
    lines = [f"company\t{n}\t{f}" for n, f in sorted(cos.items())] + [f"legal\t{t}\t" for t in legal]
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(cos)} company names, {len(legal)} legal forms")


if __name__ == "__main__":
    main()
