"""Ingest stage: raw article pairs in, clean segmented articles in shards out.

``stage`` runs it (``ingest``, ``ingest_dataframe``); ``readers``, ``decode``, ``pages``,
``sides`` and ``page_pairs`` read and decode inputs; ``normalize``, ``boilerplate`` and
``suspect`` clean and check one record; ``output`` writes the shards. Importing this
package loads no model.
"""
from .stage import Options, Report, content_hash, ingest, ingest_dataframe, prepare

__all__ = ["Options", "Report", "content_hash", "ingest", "ingest_dataframe", "prepare"]
