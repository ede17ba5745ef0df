"""Prove the export trains: a CRF (sklearn-crfsuite, no downloaded weights) on ner_ko / ner_en.

Loads each config with plain ``datasets.load_dataset(DIR, config)``, trains on
``train``, and prints entity-level precision / recall / F1 per label on ``test``
(``validation`` when the export has no test split)
(exact span and type match, spans decoded from the BIO tags).

    python scripts/train_ner.py DIR [--configs ner_ko,ner_en] [--max-iter 50]
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any, Sequence


def _char_features(tokens: Sequence[str], i: int) -> dict[str, Any]:
    """Korean character tokens (KLUE style): the character and its neighbours."""
    def at(k: int) -> str:
        return tokens[k] if 0 <= k < len(tokens) else "<pad>"
    c = tokens[i]
    return {"c": c, "c-1": at(i - 1), "c+1": at(i + 1), "c-2": at(i - 2), "c+2": at(i + 2),
            "c-1c": at(i - 1) + c, "cc+1": c + at(i + 1), "space": c.isspace(), "digit": c.isdigit(),
            "hangul": "\uac00" <= c <= "\ud7a3", "latin": c.isascii() and c.isalpha()}


def _word_features(tokens: Sequence[str], i: int) -> dict[str, Any]:
    """English word tokens: form, shape and neighbours."""
    def low(k: int) -> str:
        return tokens[k].lower() if 0 <= k < len(tokens) else "<pad>"
    w = tokens[i]
    return {"w": w.lower(), "suf3": w[-3:].lower(), "title": w.istitle(), "upper": w.isupper(),
            "digit": w.isdigit(), "w-1": low(i - 1), "w+1": low(i + 1), "w-2": low(i - 2),
            "w+2": low(i + 2), "prev_title": i > 0 and tokens[i - 1].istitle(),
            "next_title": i + 1 < len(tokens) and tokens[i + 1].istitle()}


def featurize(config: str, tokens: Sequence[str]) -> list[dict[str, Any]]:
    """CRF features for every token of a sentence."""
    fn = _char_features if config.startswith("ner_ko") else _word_features
    return [fn(tokens, i) for i in range(len(tokens))]


def entities(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans (token start, end, type) from BIO tag names."""
    from corpus.export.bio import decode
    names = sorted(set(tags) | {"O"})
    index = {n: i for i, n in enumerate(names)}
    return set(decode([index[t] for t in tags], range(len(tags)), range(1, len(tags) + 1), names))


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Entity-level precision, recall and F1 per label, plus ``micro``."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        ge, pe = entities(g), entities(p)
        for e in ge & pe:
            tp[e[2]] += 1
        for e in pe - ge:
            fp[e[2]] += 1
        for e in ge - pe:
            fn[e[2]] += 1
    out = {}
    for label in sorted(set(tp) | set(fp) | set(fn)) + ["micro"]:
        t = sum(tp.values()) if label == "micro" else tp[label]
        f_p = sum(fp.values()) if label == "micro" else fp[label]
        f_n = sum(fn.values()) if label == "micro" else fn[label]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        out[label] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                      "support": t + f_n}
    return out


def train_and_evaluate(*, path: Path, config: str, max_iter: int = 50,
                       cache_dir: str | None = None) -> dict[str, Any]:
    """Train a CRF on ``train`` of ``config`` and score it on ``test``."""
    import sklearn_crfsuite
    from datasets import load_dataset

    ds = load_dataset(str(path), config, cache_dir=cache_dir)
    names = ds["train"].features["ner_tags"].feature.names

    def xy(split: str):
        rows = ds[split]
        return ([featurize(config, t) for t in rows["tokens"]],
                [[names[i] for i in tags] for tags in rows["ner_tags"]])

    held_out = next((s for s in ("test", "validation") if s in ds), None)
    if "train" not in ds or held_out is None:
        raise SystemExit(f"{path} {config}: need a train split and a test or validation split, got {list(ds)}")
    x_train, y_train = xy("train")
    x_test, y_test = xy(held_out)
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.05, c2=0.05, max_iterations=max_iter)
    crf.fit(x_train, y_train)
    return {"config": config, "train": len(x_train), "test": len(x_test), "held_out": held_out,
            "scores": score(y_test, crf.predict(x_test))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="exported dataset folder")
    ap.add_argument("--configs", default="ner_ko,ner_en")
    ap.add_argument("--max-iter", type=int, default=50)
    args = ap.parse_args()
    for config in args.configs.split(","):
        res = train_and_evaluate(path=args.path, config=config, max_iter=args.max_iter)
        print(f"{config}: {res['train']} train / {res['test']} {res['held_out']} sentences")
        print(f"  {'label':<10} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
        for label, s in res["scores"].items():
            print(f"  {label:<10} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['support']:>8}")


if __name__ == "__main__":
    main()
