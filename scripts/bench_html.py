"""Body-text F1 of page extraction on the project's sample pages (4-gram word shingles).

Pages: ``tests/data/pages/{ko,en}/NAME.html`` (written for the project: menus, share bars,
related-article lists, comments, most-read boxes, footers, an EUC-KR page) with the
expected body text in ``tests/data/pages/expected/{ko,en}/NAME.txt`` (captions left out).
Scores, per page and pooled: what koen's reader extracts (trafilatura, favor_precision),
and, for scale, all the visible text of the page. ``--pages DIR`` runs on another folder
of the same layout.

    python scripts/bench_html.py [--pages DIR]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from corpus.ingest.sides import decode_page, read_side

ROOT = Path(__file__).resolve().parents[1]


def shingles(text: str, n: int = 4) -> Counter:
    words = text.split()
    return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)))


def prf(pred: str, gold: str) -> tuple[int, int, int]:
    """Overlapping shingles, predicted shingles, gold shingles."""
    p, g = shingles(pred), shingles(gold)
    return sum((p & g).values()), sum(p.values()), sum(g.values())


def f1(hit: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    prec, rec = hit / max(1, n_pred), hit / max(1, n_gold)
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def visible_text(path: Path) -> str:
    """Every text node of the page body outside scripts and styles (the no-extraction baseline)."""
    import lxml.html

    html, _ = decode_page(path.read_bytes())
    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT / "tests" / "data" / "pages")
    args = ap.parse_args()
    pages = sorted(args.pages.glob("*/*.html"))
    if not pages:
        print(f"no pages under {args.pages}/ko or /en")
        return 1
    totals = {"koen (trafilatura)": [0, 0, 0], "all visible text": [0, 0, 0]}
    start = time.perf_counter()
    print(f"{'page':<28} {'koen P / R / F1':>22} {'visible text F1':>16}")
    for page in pages:
        gold = (args.pages / "expected" / page.parent.name / f"{page.stem}.txt").read_text("utf-8")
        side = read_side(str(page), page.read_bytes())
        ours, base = prf(side.text, gold), prf(visible_text(page), gold)
        for key, counts in (("koen (trafilatura)", ours), ("all visible text", base)):
            totals[key] = [a + b for a, b in zip(totals[key], counts)]
        p, r, f = f1(*ours)
        print(f"{page.parent.name + '/' + page.name:<28} {p:>8.3f} / {r:.3f} / {f:.3f} {f1(*base)[2]:>16.3f}")
    seconds = time.perf_counter() - start
    for key, counts in totals.items():
        p, r, f = f1(*counts)
        print(f"pooled {key:<20} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"{len(pages)} pages in {seconds:.2f} s (first page includes loading trafilatura)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
