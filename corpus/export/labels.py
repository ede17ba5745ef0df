"""The entity label set: given, or read in a cheap first pass over the work folder."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..errors import ConfigError, InputError
from ..model import Article
from ..shards import shard_paths


def parse_labels(text: str | Sequence[str] | None) -> list[str] | None:
    """``"PS,LC,OG"`` (or a list) to a list of unique labels, order kept; None stays None."""
    if text is None:
        return None
    items = [x.strip() for x in (text.split(",") if isinstance(text, str) else text)]
    labels = list(dict.fromkeys(x for x in items if x))
    bad = [x for x in labels if x == "O" or x.startswith(("B-", "I-"))]
    if not labels or bad:
        raise ConfigError(f"--labels: need entity type codes such as PS,LC,OG, got {text!r}")
    return labels


def parse_label_map(text: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"GPE=LC,NORP=OG"`` (or a mapping) to a dict; the NER configs use the mapped types."""
    if not text:
        return {}
    if not isinstance(text, str):
        return dict(text)
    out = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        src, sep, dst = item.partition("=")
        if not sep or not src.strip() or not dst.strip():
            raise ConfigError(f"--map-labels: need FROM=TO pairs such as GPE=LC, got {item!r}")
        out[src.strip()] = dst.strip()
    return out


def mapped(labels: Iterable[str], label_map: Mapping[str, str]) -> list[str]:
    """Sorted labels after mapping (the default label set when none is given)."""
    return sorted({label_map.get(x, x) for x in labels})


def _span_labels(annotations: Iterable[dict], origins: set[str]) -> set[str]:
    out = set()
    for ann in annotations:
        if ann.get("origin", "human") in origins:
            triggers = {e.get("trigger") for e in ann.get("events", [])}
            out.update(s["label"] for s in ann.get("spans", []) if s.get("id") not in triggers)
    return out


def scan_labels(workdir: Path, *, include_predictions: bool = False) -> list[str]:
    """Sorted entity labels of the exported annotations, reading only what is needed."""
    origins = {"human", "model"} if include_predictions else {"human"}
    labels: set[str] = set()
    for path in shard_paths(workdir):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if '"annotations": []' in line or not line.strip():
                    continue
                try:
                    labels |= _span_labels(json.loads(line).get("annotations", []), origins)
                except (ValueError, KeyError, AttributeError) as exc:
                    raise InputError(f"cannot read annotations: {exc}", path=str(path), line=n,
                                     field="annotations") from exc
    return sorted(labels)


def labels_of(articles: Iterable[Article], *, include_predictions: bool = False) -> list[str]:
    """Sorted entity labels of in-memory articles (same rule as :func:`scan_labels`)."""
    origins = {"human", "model"} if include_predictions else {"human"}
    return sorted(_span_labels((a.to_dict() for art in articles for a in art.annotations), origins))


def default_event_schema() -> tuple[list[str], list[str]]:
    """Event types and roles (sorted) of the shipped ACE lexicon (``corpus/data/triggers.yaml``),
    which a test keeps equal to the annotation schema."""
    from ..preannotate.triggers import lexicon

    lex = lexicon()
    return sorted(lex), sorted({r for spec in lex.values() for r in spec["roles"]})
