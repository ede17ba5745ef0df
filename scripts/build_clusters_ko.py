"""Build corpus/data/clusters_ko.tsv: word clusters of kiwipiepy's CoNg morpheme embeddings.

kiwipiepy's default model (``cong``, kiwipiepy_model, Apache-2.0) holds an embedding for
about 70,000 morphemes, and its neighbours are semantic (이재용 -> 이건희, 신동빈; 삼성전자 ->
인텔, LG전자).  The embeddings are not exposed as vectors, but ``morpheme_similarity`` is
their cosine, so the cosines of each morpheme to a few hundred anchor morphemes give back its
embedding up to a rotation (see :func:`embeddings`); spherical k-means over those
vectors, at three granularities, gives the cluster ids.  The table is keyed by form and tag (not by
kiwipiepy's ids, which change between model versions); the learned tagger reads it as a
feature (:mod:`corpus.preannotate.clusters_ko`), so tagging never calls the embeddings.

    .venv/bin/python scripts/build_clusters_ko.py [--out corpus/data/clusters_ko.tsv]
        [--anchors 600] [--k 64,256,1024] [--seed 7]
"""
from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "corpus" / "data" / "clusters_ko.tsv"
ANCHOR_TAGS = {"NNG", "NNP", "VV", "VA", "MAG", "NNB", "NR", "XR"}
SKIP_TAGS = {"UN", "Z_CODA", "Z_SIOT", "SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"}


def vocabulary(kiwi) -> list[tuple[int, str, str]]:
    """``(id, form, tag)`` of the morphemes that have an embedding, one per form and tag."""
    has = lambda i: not math.isnan(kiwi.morpheme_similarity(100, i))
    lo, hi = 100, 1
    while True:  # find the last embedded id: they are the first ids
        try:
            kiwi.morpheme(hi)
        except ValueError:
            break
        if not has(hi):
            break
        lo, hi = hi, hi * 2
    while lo < hi - 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if has(mid) else (lo, mid)
    seen, out = set(), []
    for i in range(lo + 1):
        m = kiwi.morpheme(i)
        key = (m.form, m.tag)
        if m.form and "\t" not in m.form and m.tag not in SKIP_TAGS and key not in seen:
            seen.add(key)
            out.append((i, m.form, m.tag))
    return out


def embeddings(kiwi, vocab, n_anchors: int, seed: int) -> np.ndarray:
    """The unit embedding of every morpheme, recovered up to a rotation, common direction removed.

    With anchor morphemes A (rows unit embeddings) and s = A e the cosines of a morpheme to
    them, the anchors' Gram matrix G = A A^T = U L U^T gives e's coordinates in an
    orthonormal basis as L^-1/2 U^T s (eigenvalues above a floor: the embedding's rank,
    about 256).  All the embeddings share one strong direction (mean cosine about .7),
    which would make clusters of frequency, not of meaning, so the mean is removed."""
    rng = np.random.default_rng(seed)
    pool = [i for i, _, t in vocab if t in ANCHOR_TAGS]
    anchors = [int(a) for a in rng.choice(pool, size=n_anchors, replace=False)]
    gram = np.array([[kiwi.morpheme_similarity(a, b) for b in anchors] for a in anchors], dtype=np.float64)
    lam, u = np.linalg.eigh((gram + gram.T) / 2)
    keep = lam > 1e-5 * lam.max()
    proj = (u[:, keep] / np.sqrt(lam[keep])).astype(np.float32)
    x = np.empty((len(vocab), n_anchors), dtype=np.float32)
    for r, (i, _, _) in enumerate(vocab):
        x[r] = [kiwi.morpheme_similarity(i, a) for a in anchors]
    e = x @ proj
    e -= e.mean(axis=0)
    return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-6)


def kmeans(x: np.ndarray, k: int, seed: int, iters: int = 20) -> np.ndarray:
    """Spherical k-means (cosine), k-means++ seeding on a sample; the cluster of every row."""
    rng = np.random.default_rng(seed)
    sample = x[rng.choice(len(x), size=min(len(x), 20 * k), replace=False)]
    cent = [sample[rng.integers(len(sample))]]
    d = 1 - sample @ cent[0]
    for _ in range(k - 1):
        p = np.maximum(d, 0) ** 2
        cent.append(sample[rng.choice(len(sample), p=p / p.sum())])
        d = np.minimum(d, 1 - sample @ cent[-1])
    c = np.stack(cent)
    for _ in range(iters):
        assign = np.concatenate([np.argmax(x[s:s + 8192] @ c.T, axis=1) for s in range(0, len(x), 8192)])
        for j in range(k):
            members = x[assign == j]
            if len(members):
                v = members.sum(axis=0)
                c[j] = v / max(np.linalg.norm(v), 1e-6)
    return assign


# Seeds of the type columns: the project's gazetteers (places, organizations) and, since the
# project lists no people, a few dozen public figures' names written here.
PEOPLE = ("박근혜 문재인 이명박 노무현 김대중 김영삼 전두환 박정희 이승만 윤석열 이재명 안철수 홍준표 유승민 "
          "이낙연 반기문 이건희 이재용 정몽구 신동빈 구본무 최태원 김정은 김정일 김일성 오바마 트럼프 부시 "
          "클린턴 바이든 푸틴 시진핑 후진타오 아베 메르켈 마크롱 손흥민 박지성 김연아 류현진 이승엽 박찬호 "
          "유재석 강호동 아이유 싸이 봉준호 박찬욱 송강호 조국 추미애 황교안 정세균 김무성 최순실").split()
TYPES = ("PS", "GPE", "LC", "OG")
BUCKETS = (0.01, 0.03, 0.1, 0.3)  # a morpheme in the top 1 % of the vocabulary by closeness to a type's seeds is 0 ...


def seeds(vocab) -> dict[str, list[int]]:
    """Row numbers of the seed morphemes of each type (proper or common nouns)."""
    row = {}
    for r, (_, form, tag) in enumerate(vocab):
        if tag in ("NNP", "NNG"):
            row.setdefault(form, r)
    forms: dict[str, list[str]] = {"PS": list(PEOPLE), "GPE": [], "LC": [], "OG": []}
    for name in ("gazetteer_places.tsv", "gazetteer_orgs.tsv"):
        for line in (ROOT / "corpus" / "data" / name).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 2 and not line.startswith("#"):
                kind = "LC" if cols[0] in ("LC", "FAC") else cols[0]
                forms.setdefault(kind, []).extend(cols[1].split("|"))
    return {t: sorted({row[f] for f in forms.get(t, []) if f in row}) for t in TYPES}


def closeness(x: np.ndarray, rows: list[int], top: int = 3) -> np.ndarray:
    """Per morpheme, its mean cosine to its ``top`` nearest seeds, as a z-score over the vocabulary."""
    sims = np.concatenate([np.sort(x[s:s + 4096] @ x[rows].T, axis=1)[:, -top:].mean(axis=1)
                           for s in range(0, len(x), 4096)])
    return (sims - sims.mean()) / sims.std()


def near_columns(z: np.ndarray) -> list[list[str]]:
    """Per type the bucket of a morpheme's rank by closeness (0: top 1 % .. 4: beyond 30 %), and the
    type it is nearest to, relative to the others (``-`` when no type stands out by .5 sd)."""
    cols = []
    for zt in z:
        rank = np.argsort(np.argsort(-zt)) / len(zt)
        cols.append([str(b) for b in np.searchsorted(np.array(BUCKETS), rank, side="right")])
    order = np.argsort(-z, axis=0)
    top, second = np.take_along_axis(z, order[:1], 0)[0], np.take_along_axis(z, order[1:2], 0)[0]
    cols.append([TYPES[o] if a - b > 0.5 and a > 1 else "-" for o, a, b in zip(order[0], top, second)])
    return cols


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--anchors", type=int, default=600)
    ap.add_argument("--k", default="64,256,1024")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    import kiwipiepy
    from kiwipiepy import Kiwi

    t = time.perf_counter()
    kiwi = Kiwi()
    vocab = vocabulary(kiwi)
    print(f"{len(vocab)} embedded morphemes ({time.perf_counter() - t:.0f} s)")
    x = embeddings(kiwi, vocab, args.anchors, args.seed)
    print(f"embeddings ({x.shape[1]} dimensions) from {args.anchors} anchors ({time.perf_counter() - t:.0f} s)")
    ks = [int(k) for k in args.k.split(",")]
    cols = [kmeans(x, k, args.seed + k) for k in ks]
    print(f"k-means {ks} ({time.perf_counter() - t:.0f} s)")
    rows = seeds(vocab)
    cols += near_columns(np.stack([closeness(x, rows[t]) for t in TYPES]))
    ks += [f"near{t}" for t in TYPES] + ["nearest"]
    print("seeds: " + ", ".join(f"{t} {len(r)}" for t, r in rows.items()))
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# kiwipiepy {kiwipiepy.__version__} CoNg morpheme embeddings (kiwipiepy_model, Apache-2.0), "
                 f"{args.anchors} anchors, {x.shape[1]} dimensions, spherical k-means k={args.k}, seed {args.seed}; "
                 "built by scripts/build_clusters_ko.py\n")
        fh.write("form\ttag\t" + "\t".join(f"c{k}" if isinstance(k, int) else k for k in ks) + "\n")
        for r, (_, form, tag) in enumerate(vocab):
            fh.write(f"{form}\t{tag}\t" + "\t".join(str(c[r]) for c in cols) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
