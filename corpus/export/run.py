"""``export_dataset``: stream a work folder into a Hugging Face dataset folder, brat or CoNLL."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .. import fs
from ..errors import ConfigError
from ..model import Article
from ..workdir import iter_articles
from .card import write_card
from .labels import default_event_schema, labels_of, mapped, parse_label_map, parse_labels, scan_labels
from .options import FORMATS, ExportOptions, ExportResult
from .pipeline import stream_export
from .splits import parse_ratios
from .stats import Stats


MARKER = "reports/export.json"


def export_dataset(*, out: Path, workdir: Path | None = None, articles: Iterable[Article] | None = None,
                   fmt: str = "hf", entity_labels: Sequence[str] | str | None = None,
                   split: str | Sequence[float] = "0.8,0.1,0.1", seed: int = 0,
                   license: str = "cc-by-4.0", include_predictions: bool = False,
                   all_annotators: bool = False, include_low_confidence: bool = False,
                   include_omissions: bool = False, label_map: Mapping[str, str] | str | None = None,
                   event_types: Sequence[str] | None = None, event_roles: Sequence[str] | None = None,
                   include_low_quality: bool = False, batch: int = 2000) -> ExportResult:
    """Export a work folder (or articles) to ``out``; the folder is replaced only on success.

    ``label_map`` renames entity types in the NER configs only (``{"GPE": "LC"}`` gives
    KLUE-NER types); ``entity_labels`` then lists the mapped types.  ``event_types`` and
    ``event_roles`` name the ClassLabels of the ``events`` config (default: the shipped ACE
    lexicon); an event or argument outside them is reported, not exported.  Articles flagged
    ``align_low_quality`` or ``suspect_translation`` give no ``sentence_pairs`` rows unless
    ``include_low_quality`` (they stay in ``documents`` and the annotation configs).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if (workdir is None) == (articles is None):
        raise ConfigError("give exactly one of workdir or articles")
    lmap = parse_label_map(label_map)
    labels = parse_labels(entity_labels) or mapped(_seen_labels(workdir, articles, include_predictions), lmap)
    default_types, default_roles = default_event_schema()
    opts = ExportOptions(fmt, tuple(labels), parse_ratios(split), int(seed), license, include_predictions,
                         all_annotators, include_low_confidence, include_omissions, tuple(sorted(lmap.items())),
                         event_types=tuple(sorted(event_types or default_types)),
                         roles=tuple(sorted(event_roles or default_roles)),
                         include_low_quality=include_low_quality)
    source = iter_articles(workdir) if workdir is not None else articles
    out = fs.path(out)
    tmp = _fresh_tmp(out)
    try:
        result = _export_into(tmp, source, opts, batch)
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.out = out
    return result


def _seen_labels(workdir, articles, include_predictions: bool) -> list[str]:
    if workdir is not None:
        return scan_labels(workdir, include_predictions=include_predictions)
    if isinstance(articles, Sequence):
        return labels_of(articles, include_predictions=include_predictions)
    raise ConfigError("entity_labels is required when articles is a one-pass iterator")


def _fresh_tmp(out: Path) -> Path:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ConfigError(f"{out} exists and is not a koen export: refusing to replace it")
    if not isinstance(out, Path):  # an fsspec URL: built here, uploaded when complete
        return Path(tempfile.mkdtemp(prefix="koen-export-"))
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def _replace(tmp: Path, out: Path) -> None:
    if not isinstance(out, Path):
        fs.upload_dir(tmp, out)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    if out.exists():
        shutil.rmtree(out)
    os.replace(tmp, out)


def _export_into(root: Path, source: Iterable[Article], opts: ExportOptions, batch: int) -> ExportResult:
    result = ExportResult(root, opts, Stats())
    stream_export(root, source, opts, result, batch)
    if opts.fmt == "hf":
        write_card(root, result)
        result.files.append("README.md")
    (root / "reports").mkdir(exist_ok=True)
    summary = {"options": {**asdict(opts), "configs": opts.configs}, "stats": result.stats.to_dict()}
    (root / MARKER).write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                               encoding="utf-8")
    result.files = sorted(set(result.files + [MARKER]))
    return result
