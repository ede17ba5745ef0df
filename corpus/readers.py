"""Readers: JSONL, CSV/TSV, paired ``ko/`` + ``en/`` folders and pandas DataFrames.

Each yields :class:`Record` items lazily; a record that cannot be parsed carries an
``error`` instead of data, so ingest can reject it with its file and line.
"""
from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .html import html_to_text

log = logging.getLogger(__name__)
FORMATS = ("jsonl", "csv", "tsv", "dirs")
_CSV_CHUNK = 1000
_SIDE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Record:
    """One raw input record and where it came from (file, 1-based line or row)."""

    file: str
    line: int
    data: dict[str, Any] | None = None
    error: str | None = None
    raw: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its kind and suffix."""
    if path.is_dir():
        return "dirs"
    name = path.name.lower().removesuffix(".gz")
    for suffix, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl"),
                        (".csv", "csv"), (".tsv", "tsv"), (".tab", "tsv")):
        if name.endswith(suffix):
            return fmt
    raise InputError("cannot tell the format from the name; pass --format "
                     f"({', '.join(FORMATS)})", path=str(path))


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_jsonl(path: Path) -> Iterator[Record]:
    """One JSON object per line; blank lines are skipped, bad ones become errors."""
    with _open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(str(path), n, error=f"malformed JSON: {exc.msg} at column {exc.colno}", raw=line.rstrip("\n"))
                continue
            if not isinstance(data, dict):
                yield Record(str(path), n, error=f"expected a JSON object, got {type(data).__name__}", raw=line.rstrip("\n"))
            else:
                yield Record(str(path), n, data)


def read_table(path: Path, *, sep: str = ",") -> Iterator[Record]:
    """CSV or TSV with a header row, read by pandas in chunks (rows numbered from 2)."""
    import pandas as pd

    try:
        chunks = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                             chunksize=_CSV_CHUNK, encoding="utf-8-sig")
        row = 1
        for chunk in chunks:
            for data in chunk.to_dict(orient="records"):
                row += 1
                yield Record(str(path), row, data)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot parse as {'TSV' if sep == chr(9) else 'CSV'}: {exc}", path=str(path)) from exc


def _read_side(path: Path) -> tuple[str, str]:
    """A ``.txt`` file's first line is the title, the rest the body; HTML is extracted."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".html", ".htm"):
        return html_to_text(text)
    title, _, body = text.lstrip("\ufeff").partition("\n")
    return title.strip(), body


def read_dirs(path: Path) -> Iterator[Record]:
    """Paired folders ``ko/NAME.txt`` + ``en/NAME.txt`` (or ``.html``); NAME becomes the id."""
    ko_dir, en_dir = path / "ko", path / "en"
    if not ko_dir.is_dir() or not en_dir.is_dir():
        raise InputError("expected sub-folders ko/ and en/", path=str(path))
    names = sorted({p.name for d in (ko_dir, en_dir) for p in d.iterdir() if p.suffix.lower() in _SIDE_SUFFIXES})
    for name in names:
        ko, en = ko_dir / name, en_dir / name
        data: dict[str, Any] = {"id": Path(name).stem, "source": path.name}
        for lang, side in (("ko", ko), ("en", en)):
            if side.exists():
                data[f"title_{lang}"], data[f"text_{lang}"] = _read_side(side)
        yield Record(str(ko if ko.exists() else en), 1, data)


def read_dataframe(df: Any, *, name: str = "<DataFrame>") -> Iterator[Record]:
    """Rows of a pandas DataFrame with the input columns (row numbers from 1)."""
    for n, data in enumerate(df.to_dict(orient="records"), 1):
        yield Record(name, n, {k: v for k, v in data.items() if not _is_missing(v)})


def _is_missing(value: Any) -> bool:
    try:
        return value is None or value != value  # NaN is not equal to itself
    except (TypeError, ValueError):
        return False


def read_path(path: Path, fmt: str | None = None) -> Iterator[Record]:
    """Read one input path in ``fmt`` (auto-detected when None)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    fmt = fmt or detect_format(path)
    log.info("reading %s as %s", path, fmt)
    if fmt == "jsonl":
        return read_jsonl(path)
    if fmt in ("csv", "tsv"):
        return read_table(path, sep="\t" if fmt == "tsv" else ",")
    if fmt == "dirs":
        return read_dirs(path)
    raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})", path=str(path))
