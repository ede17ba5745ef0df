"""koen text pipeline: data model, ingest, segmentation and sentence alignment.

Nothing here imports :mod:`annotation`; models load lazily, never at import.
"""
__version__ = "0.1.0"
