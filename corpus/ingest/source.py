"""The input records of one ingest run, in order, and where a resumed run starts reading.

:class:`Source` reads the inputs one after the other (an fsspec URL from a temporary local
copy, its records named by the URL) and remembers at which record each input began, so a
checkpoint can say "input *i*, its first *k* records consumed" (:meth:`Source.position`).
A resumed run starts there: earlier inputs are not opened at all, and the first *k* records
of input *i* are passed over without being parsed (JSONL: lines are decoded and counted,
never JSON-parsed; paired folders: the page files are not read; CSV/TSV: pandas still
parses the rows it passes over).
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import replace
from typing import Any, Iterator, Sequence

from .. import fs
from .readers import read_dataframe, read_path
from .records import Record

log = logging.getLogger(__name__)


class Source:
    """Iterable of the records of ``inputs`` (paths, URLs or DataFrames), from ``start`` on.

    ``start`` is a checkpoint's position: ``{"records": n, "input": i, "skip": k}`` (``n``
    records consumed in all, ``k`` of them from input ``i``); None reads everything.
    """

    def __init__(self, inputs: Sequence[Any], *, fmt: str | None, encoding: str | None,
                 warcs: tuple[str, ...] = (), start: dict[str, int] | None = None) -> None:
        self.inputs, self.fmt, self.encoding, self.warcs = list(inputs), fmt, encoding, warcs
        self.start = start or {"records": 0, "input": 0, "skip": 0}
        self._begins: list[int] = []   # record number (in the whole run) at which an input begins
        self._index: list[int] = []    # ... and that input's index

    def __iter__(self) -> Iterator[Record]:
        first, skip = self.start["input"], self.start["skip"]
        n = self.start["records"] - skip
        for i, item in enumerate(self.inputs):
            if i < first:
                continue
            k = skip if i == first else 0
            self._begins.append(n)
            self._index.append(i)
            n += k
            got = 0
            for rec in self._read(item, k):
                got += 1
                n += 1
                yield rec
            if got == 0 and k == 0:
                log.warning("%s: no records (empty input)", item)

    def _read(self, item: Any, skip: int) -> Iterator[Record]:
        if hasattr(item, "to_dict") and hasattr(item, "columns"):
            yield from read_dataframe(item)
            return
        with fs.local_copy(item) as local:  # an fsspec URL is read from a temporary copy
            for rec in read_path(local, self.fmt, encoding=self.encoding, warcs=self.warcs, skip=skip):
                yield _named(rec, str(local), str(item)) if fs.is_url(item) else rec

    def position(self, consumed: int) -> dict[str, int]:
        """Where a run that consumed its first ``consumed`` records stands (a resume ``start``)."""
        j = bisect_right(self._begins, consumed) - 1
        if j < 0:
            return dict(self.start)
        return {"records": consumed, "input": self._index[j], "skip": consumed - self._begins[j]}


def _named(rec: Record, local: str, url: str) -> Record:
    """A record read from a temporary copy, named by the URL it was copied from."""
    return replace(rec, file=rec.file.replace(local, url, 1))
