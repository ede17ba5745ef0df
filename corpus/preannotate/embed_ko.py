"""Dense Korean morpheme vectors, real-valued features of the learned tagger.

``corpus/data/embed_ko.npz`` (built by ``scripts/build_clusters_ko.py`` beside the cluster
table) holds, for every morpheme kiwipiepy's CoNg model embeds, keyed by form and POS tag,
the first principal components of its embedding (scaled to unit variance, float16) and its
closeness to seed names of people, countries and cities, places and organizations (a
z-score, clipped).  The CRF reads them as attributes with real values (``e0``..``eN``, and
``zPS``, ``zGPE``, ``zLC``, ``zOG``), which lets it weigh directions of the embedding
space that the cluster ids cut into pieces.  The file is read lazily, once per process; a
lookup is one dict access and one small array row.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parents[1] / "data" / "embed_ko.npz"
TYPES = ("PS", "GPE", "LC", "OG")
_LOCK = threading.Lock()
_TABLE: tuple[dict[tuple[str, str], int], object, tuple[str, ...]] | None = None


def _read(path: Path) -> tuple[dict[tuple[str, str], int], object, tuple[str, ...]]:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as z:
            keys, vec, close = bytes(z["keys"]).decode("utf-8").split("\n"), z["vec"], z["close"]
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a morpheme vector table ({exc})") from exc
    if not len(keys) == len(vec) == len(close):
        raise ConfigError(f"{path}: {len(keys)} keys for {len(vec)} vectors and {len(close)} closeness rows")
    rows = {}
    for n, key in enumerate(keys):
        form, _, tag = key.partition("\t")
        rows[(form, tag)] = n
    # one float32 matrix: the token's vector and its closeness columns side by side
    table = np.concatenate([vec, close], axis=1).astype(np.float32)
    names = tuple(f"e{j}" for j in range(vec.shape[1])) + tuple(f"z{t}" for t in TYPES)
    log.info("read %d morpheme vectors (%d dimensions) from %s", len(rows), vec.shape[1], path)
    return rows, table, names


def _table():
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                _TABLE = _read(TABLE)
    return _TABLE


@lru_cache(maxsize=65536)
def dense(form: str, tag: str) -> dict[str, float]:
    """``{attribute: value}`` of one morpheme (its vector's components and its closeness to
    each type); empty for a morpheme the table does not hold."""
    rows, table, names = _table()
    r = rows.get((form, tag))
    if r is None:
        return {}
    return dict(zip(names, table[r].tolist()))
