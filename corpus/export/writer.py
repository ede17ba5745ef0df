"""Stream rows into one Parquet file per config and split, in row-group batches.

Files are byte-identical for identical input: fixed compression and writer
options, the features stored in the schema metadata, no timestamps.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

WRITER_OPTIONS = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                  "write_statistics": True, "version": "2.6", "data_page_size": 1 << 20}


def data_file(config: str, split: str) -> str:
    """Path of a config's split, relative to the dataset folder."""
    return f"{config}/{split}-00000-of-00001.parquet"


def _schema(features: Features) -> pa.Schema:
    meta = {"huggingface": json.dumps({"info": {"features": features.to_dict()}}, sort_keys=True)}
    return features.arrow_schema.with_metadata(meta)


@dataclass
class _Part:
    writer: pq.ParquetWriter
    schema: pa.Schema
    rows: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    nbytes: int = 0


HEAVY = {"documents": 8}  # rows hold whole articles: flush them this many times more often


class ParquetSink:
    """Buffer rows per (config, split); write a row group every ``batch`` rows.

    ``documents`` rows carry whole articles, so their batch is ``batch // 8``:
    memory is bounded by the batch, never by the corpus.
    """

    def __init__(self, root: Path, features: dict[str, Features], splits: list[str],
                 batch: int = 2000) -> None:
        self.root, self.features, self.splits, self.batch = Path(root), features, splits, batch
        self._parts: dict[tuple[str, str], _Part] = {}

    def _part(self, config: str, split: str) -> _Part:
        key = (config, split)
        if key not in self._parts:
            path = self.root / data_file(config, split)
            path.parent.mkdir(parents=True, exist_ok=True)
            schema = _schema(self.features[config])
            self._parts[key] = _Part(pq.ParquetWriter(path, schema, **WRITER_OPTIONS), schema)
        return self._parts[key]

    def add(self, config: str, split: str, row: dict[str, Any]) -> None:
        """Queue one row; flush the batch when it is full."""
        part = self._part(config, split)
        part.rows.append(row)
        if len(part.rows) * HEAVY.get(config.removesuffix("_silver"), 1) >= self.batch:
            self._flush(part)

    def _flush(self, part: _Part) -> None:
        if part.rows:
            table = pa.Table.from_pylist(part.rows, schema=part.schema)
            part.writer.write_table(table)
            part.count += table.num_rows
            part.nbytes += table.nbytes
            part.rows = []

    def close(self) -> dict[tuple[str, str], tuple[int, int]]:
        """Flush all; (rows, bytes) per written part.

        A split with no rows gets no file (``datasets`` cannot load an empty split).
        """
        out = {}
        for key, part in sorted(self._parts.items()):
            self._flush(part)
            part.writer.close()
            out[key] = (part.count, part.nbytes)
        return out
