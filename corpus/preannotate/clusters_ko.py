"""Word clusters of Korean morphemes, a learned representation for the CRF features.

``corpus/data/clusters_ko.tsv`` (built by ``scripts/build_clusters_ko.py`` from kiwipiepy's
CoNg morpheme embeddings) gives every embedded morpheme, keyed by form and POS tag, a
cluster id at three granularities (64 / 256 / 1024 clusters) and its closeness to seed
names of people, countries and cities, places and organizations (the project's gazetteers):
names of people, companies and cities fall into clusters of their kind, so the tagger
generalizes from names it was trained on to unseen names of the same cluster.  The table is read lazily, once per
process; a lookup is one dict access, and a form it does not hold gets no cluster.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..errors import ConfigError

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parents[1] / "data" / "clusters_ko.tsv"
_LOCK = threading.Lock()
_TABLE: dict[tuple[str, str], tuple[str, ...]] | None = None


def _read(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as fh:
        header: list[str] | None = None
        for n, line in enumerate(fh, 1):
            if line.startswith("#"):
                continue
            row = line.rstrip("\n").split("\t")
            if header is None:
                header = row
                continue
            if len(row) != len(header):
                raise ConfigError(f"{path}:{n}: expected {len(header)} tab-separated fields, got {len(row)}")
            out[(row[0], row[1])] = tuple(row[2:])
    log.info("read %d morpheme clusters from %s", len(out), path)
    return out


def table() -> dict[tuple[str, str], tuple[str, ...]]:
    """``(form, tag) -> (coarse, middle, fine)`` cluster ids, read once per process."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                _TABLE = _read(TABLE)
    return _TABLE


def clusters(form: str, tag: str) -> tuple[str, ...]:
    """The table's columns for one morpheme (cluster ids coarse to fine, then the closeness
    buckets to people, countries/cities, places and organizations, then the nearest of those
    types); ``()`` if the table does not hold it."""
    return table().get((form, tag), ())


_NAMES = ("c0", "c1", "c2", "nPS", "nGPE", "nLC", "nOG")


def features(form: str, tag: str) -> tuple[list[str], list[str]]:
    """CRF features of one morpheme (its clusters, the types it is close to) and the shorter
    set its neighbours see; two empty lists for a morpheme the table does not hold."""
    row = table().get((form, tag))
    if row is None:
        return [], []
    own = [f"{n}={v}" for n, v in zip(_NAMES[:3], row)]
    own += [f"{n}={v}" for n, v in zip(_NAMES[3:], row[3:7]) if v in "012"]
    near = [f"nt={row[7]}"] if row[7] != "-" else []
    return own + near, [f"c1={row[1]}"] + near
