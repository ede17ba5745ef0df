"""Pages paired by a mapping file: Korean and English pages from files or WARC archives.

The mapping file is tab-separated with a header naming the columns ``ko`` and ``en``
(and optionally ``id``). Each value is a path relative to the mapping file, or a URL
looked up among the ``response`` records of the WARC files given with ``--warc``
(read with warcio; an index of the wanted URLs' offsets is built in one pass).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .decode import DecodeError, decode_bytes
from .records import Record, pair_record

log = logging.getLogger(__name__)
_URL = ("http://", "https://")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text, _ = decode_bytes(path.read_bytes())
    except DecodeError as exc:
        raise InputError(str(exc), path=str(path)) from None
    lines = text.lstrip("\ufeff").splitlines()
    header = [h.strip() for h in (lines[0].split("\t") if lines else [])]
    missing = [c for c in ("ko", "en") if c not in header]
    if missing:
        raise InputError(f"mapping file needs a header with columns ko and en (tab-separated); "
                         f"no column {' or '.join(map(repr, missing))}", path=str(path), line=1)
    for n, line in enumerate(lines[1:], 2):
        if line.strip():
            yield n, dict(zip(header, (v.strip() for v in line.split("\t"))))


class WarcIndex:
    """Offsets of the wanted URLs' response records in a set of WARC files."""

    def __init__(self, warcs: tuple[str, ...], wanted: set[str]) -> None:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        self.offsets: dict[str, tuple[str, int]] = {}
        for warc in warcs:
            try:
                with open(warc, "rb") as fh:
                    records = ArchiveIterator(fh)
                    for rec in records:
                        url = rec.rec_headers.get_header("WARC-Target-URI")
                        if rec.rec_type == "response" and url in wanted and url not in self.offsets:
                            self.offsets[url] = (warc, records.get_record_offset())
            except (OSError, ArchiveLoadFailed) as exc:
                raise InputError(f"cannot read as WARC: {exc}", path=warc) from None

    def get(self, url: str) -> tuple[str, bytes] | None:
        """``(url, payload bytes)`` of the page, or None when no WARC file holds it."""
        from warcio.archiveiterator import ArchiveIterator

        where = self.offsets.get(url)
        if where is None:
            return None
        with open(where[0], "rb") as fh:
            fh.seek(where[1])
            rec = next(iter(ArchiveIterator(fh)))
            return url, rec.content_stream().read()


def read_page_pairs(path: Path, *, warcs: tuple[str, ...] = (), encoding: str | None = None) -> Iterator[Record]:
    """One record per mapping row; a page that cannot be found is a ``missing_side`` reject."""
    wanted = {v for _, row in _rows(path) for k, v in row.items() if k in ("ko", "en") and v.startswith(_URL)}
    if wanted and not warcs:
        raise InputError("the mapping file lists URLs: give the WARC files that hold them with --warc",
                         path=str(path))
    index = WarcIndex(tuple(map(str, warcs)), wanted) if wanted else None
    for n, row in _rows(path):
        sides, missing = {}, []
        for lang in ("ko", "en"):
            side = _locate(row.get(lang, ""), path.parent, index)
            if side is None:
                missing.append(f"{lang} page {row.get(lang) or '(empty)'!r} not found")
            else:
                sides[lang] = side
        if missing:
            yield Record(str(path), n, error="; ".join(missing), reason="missing_side", raw="\t".join(row.values()))
            continue
        yield pair_record(sides, id_=row.get("id") or None, source=path.stem, where=path, line=n, encoding=encoding)


def _locate(value: str, base: Path, index: WarcIndex | None):
    if value.startswith(_URL):
        return index.get(value) if index else None
    if not value:
        return None
    page = base / value
    return page if page.is_file() else None
