"""Learned-tagger model folders: ``model.json`` + one CRF file per language.

A model folder holds ``ko.crfsuite`` and/or ``en.crfsuite`` and ``model.json`` (name,
version, feature version, training data and licences, cross-validated scores).  The
default model ships in ``corpus/data/models/default``; ``koen train`` writes
``WORKDIR/models/ner-vN``.  Loading reads only ``model.json``; the CRFs open lazily.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .crf import SequenceTagger

FEATURES = "koen-feat/3"  # bump when features.py changes meaning; older models are refused
DEFAULT = Path(__file__).resolve().parents[1] / "data" / "models" / "default"
LANGS = ("ko", "en")


@dataclass
class NerModel:
    """A loaded model: its folder, metadata and one lazily opened tagger per language."""

    path: Path
    meta: dict[str, Any]
    taggers: dict[str, SequenceTagger] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """``model_version`` of the predictions (name, version and a content hash)."""
        return self.meta["model_version"]


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for lang in LANGS:
        f = folder / f"{lang}.crfsuite"
        if f.exists():
            h.update(f.read_bytes())
    return h.hexdigest()[:8]


def load_model(path: Path | str) -> NerModel:
    """Read a model folder (or the string ``default``); ConfigError names what is wrong."""
    folder = DEFAULT if str(path) == "default" else Path(path)
    meta_path = folder / "model.json"
    if not meta_path.is_file():
        raise ConfigError(f"{folder}: not a koen model folder (no model.json)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{meta_path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    if meta.get("features") != FEATURES:
        raise ConfigError(f"{meta_path}: field 'features' is {meta.get('features')!r}; this koen reads "
                          f"{FEATURES!r} (retrain the model with koen train)")
    taggers = {lang: SequenceTagger(folder / f"{lang}.crfsuite") for lang in LANGS
               if (folder / f"{lang}.crfsuite").is_file()}
    if not taggers:
        raise ConfigError(f"{folder}: no ko.crfsuite or en.crfsuite in the model folder")
    return NerModel(path=folder, meta=meta, taggers=taggers)


def write_meta(folder: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Complete and write ``model.json`` (features, content-hashed ``model_version``)."""
    meta = {**meta, "features": FEATURES}
    meta["model_version"] = f"koen-crf/{meta.get('name', folder.name)}@{_digest(folder)}"
    (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta


def next_version(models_dir: Path) -> Path:
    """``models_dir/ner-vN`` with N one past the highest existing version."""
    taken = [int(m.group(1)) for p in models_dir.glob("ner-v*") if (m := re.fullmatch(r"ner-v(\d+)", p.name))]
    return models_dir / f"ner-v{max(taken, default=0) + 1}"
