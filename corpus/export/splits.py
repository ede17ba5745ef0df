"""Deterministic train / validation / test assignment by article id."""
from __future__ import annotations

import hashlib
from typing import Sequence

from ..errors import ConfigError

SPLITS: tuple[str, str, str] = ("train", "validation", "test")


def parse_ratios(text: str | Sequence[float]) -> tuple[float, float, float]:
    """Parse ``"0.8,0.1,0.1"`` (or a sequence) into three ratios that sum to 1."""
    try:
        parts = [float(x) for x in (text.split(",") if isinstance(text, str) else text)]
    except ValueError as exc:
        raise ConfigError(f"--split: not a list of numbers: {text!r}") from exc
    if len(parts) != 3 or any(p < 0 for p in parts):
        raise ConfigError(f"--split: need three non-negative ratios train,validation,test, got {text!r}")
    if abs(sum(parts) - 1.0) > 1e-6 or parts[0] == 0:
        raise ConfigError(f"--split: ratios must sum to 1 with train > 0, got {text!r}")
    return parts[0], parts[1], parts[2]


def declared_splits(ratios: Sequence[float]) -> list[str]:
    """The splits that can receive articles (ratio above zero)."""
    return [name for name, r in zip(SPLITS, ratios) if r > 0]


def bucket(article_id: str, seed: int) -> float:
    """A stable number in [0, 1) drawn from the hash of seed and article id."""
    digest = hashlib.sha256(f"{seed}\x1f{article_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def assign_split(article_id: str, seed: int, ratios: Sequence[float]) -> str:
    """The split of an article: the same id and seed always give the same split."""
    x = bucket(article_id, seed)
    edge = 0.0
    for name, r in zip(SPLITS, ratios):
        edge += r
        if x < edge and r > 0:
            return name
    return declared_splits(ratios)[-1]
