"""scripts/train_ner.py trains a CRF on the exported ner_ko / ner_en and beats chance."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

from annotated import build_articles

from corpus.export import export_dataset
from corpus.export.synthetic import synthetic_articles

SCRIPT = Path(__file__).parents[1] / "scripts" / "train_ner.py"


def chance_micro_f1(rows_tags: list[list[str]], seed: int = 0) -> float:
    """Entity F1 of a tagger drawing tags at random with the gold tag frequencies."""
    sys.path.insert(0, str(SCRIPT.parent))
    from train_ner import score

    rng = random.Random(seed)
    pool = [t for tags in rows_tags for t in tags]
    guess = [[rng.choice(pool) for _ in tags] for tags in rows_tags]
    return score(rows_tags, guess)["micro"]["f1"]


def test_crf_on_the_export_beats_chance(tmp_path):
    out = tmp_path / "ds"
    export_dataset(out=out, articles=build_articles() + list(synthetic_articles(30, seed=5, sentences=6)),
                   seed=2, split="0.7,0.1,0.2")
    env_cache = {"HF_DATASETS_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, str(SCRIPT), str(out), "--max-iter", "30"], capture_output=True,
                          text=True, check=True, env={**os.environ, **env_cache})
    micro = [float(m) for m in re.findall(r"^\s+micro\s+\S+\s+\S+\s+(\S+)", proc.stdout, re.M)]
    assert len(micro) == 2, proc.stdout
    from datasets import load_dataset
    test = load_dataset(str(out), "ner_ko", cache_dir=str(tmp_path / "c"))["test"]
    names = test.features["ner_tags"].feature.names
    chance = chance_micro_f1([[names[i] for i in r] for r in test["ner_tags"]])
    assert all(f > max(0.5, chance + 0.3) for f in micro), (micro, chance, proc.stdout)
    assert re.search(r"^\s+PS\s", proc.stdout, re.M)
