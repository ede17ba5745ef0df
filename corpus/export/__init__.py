"""Export to a Hugging Face dataset folder (Parquet + card), brat standoff or CoNLL."""
from .options import FORMATS, ExportOptions, ExportResult
from .run import export_dataset

__all__ = ["FORMATS", "ExportOptions", "ExportResult", "export_dataset"]
