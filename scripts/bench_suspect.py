"""Flag rate of the ingest-time ``suspect_translation`` check on true and shuffled pairs.

True pairs: the project's own article pairs (tests/data/*.jsonl, cleaned as ingest
cleans them) and, when ../shared/eval/align is beside the repository, its documents
(`ko_text` / `en_text` of every level and variant). Shuffled pairs: every Korean side
with every other document's English side, within each set. Prints counts and rates.

    python scripts/bench_suspect.py [--shared PATH]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.ingest.boilerplate import load_rules, split_boilerplate
from corpus.ingest.normalize import normalize_text
from corpus.ingest.suspect import translation_check

ROOT = Path(__file__).resolve().parents[1]


def project_pairs() -> list[tuple[str, str, str]]:
    """The project's own pairs, normalized and without boilerplate, as ingest stores them."""
    rules = load_rules(())
    pairs = []
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        if path.name == "bad.jsonl" or path.name.endswith("_gold.jsonl"):
            continue
        for line in path.read_text("utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            if isinstance(rec.get("text_ko"), str) and isinstance(rec.get("text_en"), str):
                ko = split_boilerplate(normalize_text(rec["text_ko"]), "ko", rules)[0]
                en = split_boilerplate(normalize_text(rec["text_en"]), "en", rules)[0]
                if ko and en:
                    pairs.append((rec.get("id") or ko[:40], ko, en))
    return list(dict.fromkeys(pairs))


def shared_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """One pair per document and file of the shared alignment dev data (all levels, both variants)."""
    pairs = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            doc = json.loads(line)
            pairs.append((doc["doc_id"], doc["ko_text"], doc["en_text"]))
    return list(dict.fromkeys(pairs))


def rates(name: str, pairs: list[tuple[str, str, str]]) -> None:
    """Shuffled pairs join a Korean side with the English side of a *different* document."""
    true = sum(translation_check(ko, en).suspect for _, ko, en in pairs)
    shuffled = total = 0
    for key, ko, _ in pairs:
        for other, _, en in pairs:
            if other != key:
                shuffled += translation_check(ko, en).suspect
                total += 1
    print(f"{name}: true pairs {len(pairs)}, flagged {true} ({true / max(1, len(pairs)):.1%}); "
          f"shuffled pairs {total}, flagged {shuffled} ({shuffled / max(1, total):.1%})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval" / "align")
    args = ap.parse_args()
    rates("project pairs (tests/data)", project_pairs())
    if args.shared.is_dir():
        rates(f"shared dev documents ({args.shared})", shared_pairs(args.shared))
    else:
        print(f"{args.shared} not found: the larger benchmark needs ../shared/eval/align beside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
