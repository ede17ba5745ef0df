"""``koen report``: one self-contained HTML page about a work folder (figures embedded).

A single streaming pass feeds three accumulators (corpus counts, agreement, problem
articles); the page is built from what they hold at the end.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..align.stage import QUALITY_FLOOR
from ..workdir import atomic_writer, iter_articles
from . import sections
from .agreement import Agreement
from .census import Census
from .model_track import ModelTrack
from .page import document
from .problems import Problems, read_rejects

log = logging.getLogger(__name__)
NEEDS = ("matplotlib>=3.7",)


@dataclass
class Report:
    """What the page was built from."""

    path: Path
    census: dict[str, Any]
    agreement: dict[str, Any]
    problems: int


def collect(workdir: Path, *, floor: float = QUALITY_FLOOR, limit: int = 500,
            track: ModelTrack | None = None) -> tuple[Census, Agreement, Problems]:
    """Stream the work folder once into the accumulators (``track``: the model's F1 on annotations)."""
    census, agree, probs = Census(), Agreement(), Problems(read_rejects(workdir), floor=floor, limit=limit)
    for art in iter_articles(workdir):
        census.add(art)
        agree.add(art)
        probs.add(art)
        if track is not None:
            track.add(art)
    return census, agree, probs


def render(workdir: Path, census: Census, agree: dict[str, Any], probs: Problems, floor: float,
           track: ModelTrack | None = None) -> str:
    """The HTML page."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [sections.overview(census), sections.alignment(census, floor), sections.annotations(census),
             sections.progress(census), sections.agreement(agree), sections.problems(probs)]
    if track is not None and track.rows:
        parts.insert(4, sections.model_on_new_annotations(track))
    return document("koen corpus report", f"{Path(workdir).resolve()} · {census.articles} articles · {stamp}", parts)


def report(*, workdir: Path, out: Path, floor: float = QUALITY_FLOOR, limit: int = 500) -> Report:
    """Write the report page for ``workdir`` to ``out``."""
    track = ModelTrack()
    census, agree, probs = collect(workdir, floor=floor, limit=limit, track=track)
    result = agree.result()
    html = render(workdir, census, result, probs, floor, track)
    with atomic_writer(Path(out)) as fh:
        fh.write(html)
    log.info("report: %d articles, %d problem articles -> %s", census.articles, probs.total, out)
    return Report(Path(out), census.result(), result, probs.total)
