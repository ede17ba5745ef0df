"""Export to a Hugging Face dataset folder (Parquet + card), brat standoff or CoNLL."""
from .run import FORMATS, ExportOptions, ExportResult, export_dataset

__all__ = ["FORMATS", "ExportOptions", "ExportResult", "export_dataset"]
