"""Readers: JSONL, CSV/TSV, paired ``ko/`` + ``en/`` folders and pandas DataFrames.

Each yields :class:`Record` items lazily; a record that cannot be parsed or decoded
carries an ``error`` and a ``reason`` instead of data, so ingest can reject it with its
file and line. Whole files that cannot be read raise :class:`InputError` (one line).
Bytes are decoded by :mod:`corpus.ingest.decode`; pages go through :mod:`corpus.ingest.pages`.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import json
import logging
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from .decode import DecodedLines, DecodeError, decode_line, file_encoding
from .page_pairs import read_page_pairs
from .records import Record, pair_record
from .sides import read_side

log = logging.getLogger(__name__)
FORMATS = ("jsonl", "csv", "tsv", "dirs", "pages")
REQUIRED = ("text_ko", "text_en")
_CSV_CHUNK = 1000
_SIDE_SUFFIXES = (".txt", ".html", ".htm")
_WIDE = ("utf-16", "utf-32")


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its kind and suffix."""
    if path.is_dir():
        return "dirs"
    name = path.name.lower().removesuffix(".gz")
    for suffix, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl"),
                        (".csv", "csv"), (".tsv", "tsv"), (".tab", "tsv"), (".pairs", "pages")):
        if name.endswith(suffix):
            return fmt
    raise InputError("cannot tell the format from the name; pass --format "
                     f"({', '.join(FORMATS)})", path=str(path))


def _opener(path: Path):
    return gzip.open if path.suffix == ".gz" else open


def _encoding(path: Path, encoding: str | None) -> str:
    try:
        return file_encoding(path, encoding=encoding, opener=_opener(path))
    except DecodeError as exc:
        raise InputError(str(exc), path=str(path)) from None
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(f"cannot read: {exc}", path=str(path)) from None


def _lines(path: Path, enc: str, forced: bool) -> Iterator[tuple[int, str | None, str, str | None]]:
    """``(line number, text or None, encoding, error)`` for every line of a text file."""
    if enc.startswith(_WIDE):  # UTF-16/32 cannot be split on b"\n": decode as a stream
        with _opener(path)(path, "rt", encoding=enc, newline="") as fh:
            n = 0
            try:
                for n, line in enumerate(fh, 1):
                    yield n, line, enc, None
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {enc} after line {n}: {exc.reason}", path=str(path)) from None
        return
    with _opener(path)(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                text, used = decode_line(raw, enc, forced=forced)
            except DecodeError as exc:
                yield n, raw.decode("utf-8", "backslashreplace").rstrip("\r\n"), enc, str(exc)
                continue
            yield n, text, used, None


def read_jsonl(path: Path, *, encoding: str | None = None, skip: int = 0) -> Iterator[Record]:
    """One JSON object per line; blank lines are skipped, bad ones become errors.

    The first ``skip`` records (non-blank lines) are counted, not parsed (a resumed ingest)."""
    enc = _encoding(path, encoding)
    for n, line, used, error in _lines(path, enc, forced=encoding is not None):
        if skip and (error or line.strip()):
            skip -= 1
            continue
        if error:
            yield Record(str(path), n, error=error, raw=line, reason="undecodable", encoding=used)
            continue
        if not line.strip():
            continue
        line = line.lstrip("\ufeff")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(str(path), n, error=f"malformed JSON: {exc.msg} at column {exc.colno}",
                         raw=line.rstrip("\r\n"), encoding=used)
            continue
        if not isinstance(data, dict):
            yield Record(str(path), n, error=f"expected a JSON object, got {type(data).__name__}",
                         raw=line.rstrip("\r\n"), encoding=used)
        else:
            yield Record(str(path), n, data, encoding=used)


def read_table(path: Path, *, sep: str = ",", encoding: str | None = None) -> Iterator[Record]:
    """CSV or TSV with a header row, read by pandas in chunks (rows numbered from 2).

    Lines are decoded one by one (:class:`corpus.ingest.decode.DecodedLines`), so a file that
    mixes UTF-8 and CP949 lines reads; a line no encoding decodes is a one-line error.
    """
    import pandas as pd

    kind = "TSV" if sep == "\t" else "CSV"
    enc = _encoding(path, encoding)
    with _table_stream(path, enc, encoding is not None) as stream:
        try:
            columns = _header(stream, sep)
            if columns is None:
                log.warning("%s: empty file, no records", path)
                return
            check_columns(columns, str(path))
            chunks = pd.read_csv(stream, sep=sep, dtype=str, keep_default_na=False, chunksize=_CSV_CHUNK,
                                 header=None, names=columns)
            row = 1
            for chunk in chunks:
                for data in chunk.to_dict(orient="records"):
                    row += 1
                    yield Record(str(path), row, data, encoding=_label(enc))
        except pd.errors.EmptyDataError:
            log.warning("%s: empty file, no records", path)
        except (DecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot decode {exc}; pass --encoding", path=str(path)) from None
        except (pd.errors.ParserError, ValueError) as exc:
            raise InputError(f"cannot parse as {kind}: {_first_line(exc)}", path=str(path)) from None
    others = {k: v for k, v in getattr(stream, "used", {}).items() if k != enc}
    if others:
        log.warning("%s: lines in another encoding than %s, decoded as such: %s", path, enc, others)


def _header(stream, sep: str) -> list[str] | None:
    """The column names of the first line (None for an empty file)."""
    first = stream.readline()
    if not first.strip():
        return None
    return [c.strip().lstrip("\ufeff") for c in next(csv.reader([first], delimiter=sep))]


@contextmanager
def _table_stream(path: Path, enc: str, forced: bool):
    """A text stream of the table for pandas: decoded by codec for UTF-16/32, else line by line."""
    if enc.startswith(_WIDE):
        with _opener(path)(path, "rt", encoding=enc, newline="") as fh:
            yield fh
        return
    with _opener(path)(path, "rb") as fh:
        yield DecodedLines(fh, enc, forced=forced)


def _label(enc: str) -> str:
    return "utf-8" if enc == "utf-8-sig" else enc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def check_columns(columns: list[str], where: str) -> None:
    """Name a missing required column once, for the whole table."""
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        shown = ", ".join(map(str, columns[:12])) or "none"
        raise InputError(f"no column {' or '.join(map(repr, missing))} (columns: {shown})", path=where)


def read_dirs(path: Path, *, encoding: str | None = None, skip: int = 0) -> Iterator[Record]:
    """Paired folders ``ko/NAME.txt`` + ``en/NAME.txt`` (or ``.html``); NAME becomes the id.

    The first ``skip`` pairs (by name) are not read (a resumed ingest)."""
    ko_dir, en_dir = path / "ko", path / "en"
    if not ko_dir.is_dir() or not en_dir.is_dir():
        raise InputError("expected sub-folders ko/ and en/", path=str(path))
    names = sorted({p.name for d in (ko_dir, en_dir) for p in d.iterdir() if p.suffix.lower() in _SIDE_SUFFIXES})
    for name in names[skip:]:
        ko, en = ko_dir / name, en_dir / name
        sides = {lang: side for lang, side in (("ko", ko), ("en", en)) if side.exists()}
        yield pair_record(sides, id_=Path(name).stem, source=path.name, where=ko if ko.exists() else en,
                          encoding=encoding)


def resolve_sides(rec: Record) -> Record:
    """Decode and extract the sides of a paired-file record: titles, texts, page metadata."""
    if rec.sides is None:
        return rec
    data: dict[str, Any] = dict(rec.data or {})
    pages: dict[str, Any] = {}
    encodings: dict[str, str] = {}
    for lang, (name, raw) in rec.sides.items():
        try:
            got = read_side(name, raw, encoding=rec.forced_encoding)
        except DecodeError as exc:
            return Record(name, rec.line, data, error=f"{lang} side: {exc}", reason="undecodable")
        data[f"title_{lang}"], data[f"text_{lang}"] = got.title, got.text
        encodings[lang] = got.encoding
        if got.meta:
            pages[lang] = got.meta
    data.update(_page_fields(pages))
    return Record(rec.file, rec.line, data, encoding=encodings)


def _page_fields(pages: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Page metadata to the data model: urls, published date, and the rest under ``meta.page``."""
    out: dict[str, Any] = {}
    for lang, meta in pages.items():
        if meta.get("url"):
            out[f"url_{lang}"] = meta["url"]
    date = pages.get("ko", {}).get("published") or pages.get("en", {}).get("published")
    if date:
        out["published"] = date
    if pages:
        out["meta"] = {"page": pages}
    return out


def read_dataframe(df: Any, *, name: str = "<DataFrame>") -> Iterator[Record]:
    """Rows of a pandas DataFrame with the input columns (row numbers from 1)."""
    check_columns([str(c) for c in df.columns], name)
    for n, data in enumerate(df.to_dict(orient="records"), 1):
        yield Record(name, n, {k: v for k, v in data.items() if not _is_missing(v)})


def _is_missing(value: Any) -> bool:
    try:
        return value is None or value != value  # NaN is not equal to itself
    except (TypeError, ValueError):
        return False


def read_path(path: Path, fmt: str | None = None, *, encoding: str | None = None,
              warcs: tuple[str, ...] = (), skip: int = 0) -> Iterator[Record]:
    """Read one input path in ``fmt`` (auto-detected when None), from its record ``skip`` on."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    fmt = fmt or detect_format(path)
    if encoding:
        codecs.lookup(encoding)
    log.info("reading %s as %s", path, fmt)
    if fmt == "jsonl":
        return read_jsonl(path, encoding=encoding, skip=skip)
    if fmt in ("csv", "tsv"):  # pandas parses the rows it passes over
        return islice(read_table(path, sep="\t" if fmt == "tsv" else ",", encoding=encoding), skip, None)
    if fmt == "dirs":
        return read_dirs(path, encoding=encoding, skip=skip)
    if fmt == "pages":
        return islice(read_page_pairs(path, warcs=warcs, encoding=encoding), skip, None)
    raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})", path=str(path))
