"""Align stage: Korean and English sentences of one article linked 1-1, 1-2, 2-1 (and omissions).

``core`` holds the aligner (``align_sentences``), with ``search`` (banded dynamic
programme), ``features`` (lengths, anchors) and ``raw`` (gold units); ``embed``,
``static`` and ``pieces`` hold the sentence embedders; ``stage`` maps work-folder
shards; ``eval`` scores against gold; ``galechurch`` is the length-only baseline.
Importing this package loads no model.
"""
from .core import METHOD, AlignParams, align_sentences
from .stage import align_articles, align_workdir

__all__ = ["METHOD", "AlignParams", "align_articles", "align_sentences", "align_workdir"]
