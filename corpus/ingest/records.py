"""One raw input record and where it came from; every reader yields these.

Kept apart from :mod:`corpus.ingest.readers` so that the page-pair reader (which
``readers`` dispatches to) can build records without importing ``readers`` back.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Record:
    """One raw input record and where it came from (file, 1-based line or row)."""

    file: str
    line: int
    data: dict[str, Any] | None = None
    error: str | None = None
    raw: str | None = None
    reason: str = "malformed_json"
    encoding: str | dict[str, str] | None = None
    sides: dict[str, tuple[str, bytes]] | None = None  # paired files: name and bytes, not yet decoded
    forced_encoding: str | None = None                  # --encoding, for decoding ``sides``

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def pair_record(sides: dict[str, Path | tuple[str, bytes]], *, id_: str | None, source: str | None,
                where: Path | str, line: int = 1, encoding: str | None = None) -> Record:
    """One record from a Korean and an English page or text file (either may be missing).

    Only the bytes are read here; decoding and page extraction happen in :func:`corpus.ingest.readers.resolve_sides`,
    called by ingest's ``prepare`` (in the worker processes when there are several).
    """
    raw = {lang: (str(side), Path(side).read_bytes()) if isinstance(side, Path) else side
           for lang, side in sides.items()}
    return Record(str(where), line, {"id": id_, "source": source}, sides=raw, forced_encoding=encoding)
