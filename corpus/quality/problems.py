"""Articles that need a look: weak alignment, ingest/align flags, not-a-translation, rejects."""
from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..align.stage import QUALITY_FLOOR
from ..errors import InputError
from ..model import Article

log = logging.getLogger(__name__)
PULL_REJECTS = "pull_rejects.jsonl"
NOT_TRANSLATION = "not_a_translation"


@dataclass
class Problem:
    """One article and every reason it is listed."""

    id: str
    title: str
    quality: float | None
    reasons: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def read_rejects(workdir: Path) -> dict[str, list[str]]:
    """Reasons of rejected annotations by article id, from ``pull_rejects.jsonl`` if present."""
    path, out = Path(workdir) / PULL_REJECTS, defaultdict(list)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                who, why = row.get("annotator", "?"), "; ".join(row.get("reasons") or [])
                out[str(row["koen_id"])].append(f"rejected annotation by {who} (task {row.get('task_id')}): {why}")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"not a pull reject record: {exc}", path=str(path), line=n) from None
    return dict(out)


def article_problems(art: Article, rejects: dict[str, list[str]], floor: float = QUALITY_FLOOR) -> Problem | None:
    """The problem record of ``art`` (reasons keyed by kind), or None when nothing is wrong."""
    quality = art.alignment.quality if art.alignment else None
    found: list[tuple[str, str]] = []
    if quality is not None and quality < floor:
        found.append(("low alignment quality", f"alignment quality {quality:.2f} < {floor:g}"))
    found += [(f"flag {f}", f"flag {f}") for f in art.flags]
    for ann in art.annotations:
        if ann.origin == "human" and any(NOT_TRANSLATION in values for values in ann.choices.values()):
            found.append((NOT_TRANSLATION, f"marked {NOT_TRANSLATION} by {ann.annotator}"))
    found += [("rejected annotation", r) for r in rejects.get(art.id, [])]
    if not found:
        return None
    return Problem(art.id, art.title_ko or art.title_en, quality, [t for _, t in found],
                   sorted({k for k, _ in found}))


class Problems:
    """Problem articles of a stream: every kind counted, the first ``limit`` articles kept."""

    def __init__(self, rejects: dict[str, list[str]], *, floor: float = QUALITY_FLOOR, limit: int = 500) -> None:
        self.rejects, self.floor, self.limit = rejects, floor, limit
        self.rows: list[Problem] = []
        self.total = 0
        self.kinds: Counter = Counter()

    def add(self, art: Article) -> None:
        found = article_problems(art, self.rejects, self.floor)
        if found is None:
            return
        self.total += 1
        self.kinds.update(found.kinds)
        if len(self.rows) < self.limit:
            self.rows.append(found)
