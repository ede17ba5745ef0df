"""What an export is asked for and what it wrote: the options and result every export module shares.

``run`` builds them; ``pipeline``, ``card`` and ``card_text`` read them.  They live here,
below all of those, so that no module of the package imports the one that calls it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .select import SELECTION_RULE
from .stats import Stats


FORMATS = ("hf", "brat", "conll")
GOLD_CONFIGS = ("documents", "sentence_pairs", "ner_ko", "ner_en", "events")
SILVER_CONFIGS = ("ner_ko_silver", "ner_en_silver", "events_silver")


@dataclass(frozen=True)
class ExportOptions:
    """The resolved options of one export (written beside its outputs)."""

    fmt: str
    entity_labels: tuple[str, ...]
    ratios: tuple[float, float, float]
    seed: int
    license: str
    include_predictions: bool
    all_annotators: bool
    include_low_confidence: bool
    include_omissions: bool
    label_map: tuple[tuple[str, str], ...] = ()
    selection_rule: str = SELECTION_RULE
    event_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    include_low_quality: bool = False

    @property
    def configs(self) -> list[str]:
        return list(GOLD_CONFIGS) + (list(SILVER_CONFIGS) if self.include_predictions else [])


@dataclass
class ExportResult:
    """What an export wrote, with its statistics."""

    out: Path
    options: ExportOptions
    stats: Stats
    files: list[str] = field(default_factory=list)
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
