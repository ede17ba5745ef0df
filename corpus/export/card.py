"""The dataset card (``README.md``): YAML metadata with configs and features, then prose.

Every figure is computed from the export's statistics; nothing is typed in.
"""
from __future__ import annotations

from pathlib import Path

from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCardData

from .card_text import body
from .features import config_features
from .options import ExportResult
from .splits import declared_splits
from .writer import data_file

SIZES = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")]


def size_category(n: int) -> str:
    """The Hub's size bucket for ``n`` examples."""
    return next((name for limit, name in SIZES if n < limit), "10M<n<100M")


def card_data(result: "ExportResult") -> DatasetCardData:
    """Hub metadata, ``configs`` (with ``data_files``) and ``dataset_info`` (features, splits)."""
    opts, stats, root = result.options, result.stats, Path(result.out)
    creators = ["expert-generated"] + (["machine-generated"] if opts.include_predictions else [])
    data = DatasetCardData(
        language=["ko", "en"], license=opts.license, multilinguality=["translation"],
        annotations_creators=creators, language_creators=["found"],
        size_categories=[size_category(sum(stats.articles.values()))], source_datasets=["original"],
        task_categories=["token-classification", "translation"],
        task_ids=["named-entity-recognition"], pretty_name="koen Korean-English news corpus",
        tags=["parallel-corpus", "event-extraction", "korean"])
    present = written_splits(result)
    configs = {c: {"data_files": [{"split": s, "path": data_file(c, s)} for s in splits]}
               for c, splits in present.items()}
    if "documents" in configs:
        configs["documents"]["default"] = True
    MetadataConfigs(configs).to_dataset_card_data(data)
    infos = {}
    for c, splits in present.items():
        split_dict = SplitDict()
        for s in splits:
            split_dict.add(SplitInfo(name=s, num_bytes=stats.bytes.get((c, s), 0),
                                     num_examples=stats.rows.get(c, {}).get(s, 0)))
        size = sum((root / data_file(c, s)).stat().st_size for s in splits)
        infos[c] = DatasetInfo(features=config_features(c, opts.entity_labels, opts.event_types, opts.roles), splits=split_dict,
                               download_size=size, dataset_size=sum(stats.bytes.get((c, s), 0) for s in splits))
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def written_splits(result: "ExportResult") -> dict[str, list[str]]:
    """Config -> splits that have rows, in config and split order; empty ones are left out."""
    order = declared_splits(result.options.ratios)
    out = {}
    for c in result.options.configs:
        splits = [s for s in order if result.stats.rows.get(c, {}).get(s, 0) > 0]
        if splits:
            out[c] = splits
    return out


def write_card(root: Path, result: "ExportResult") -> None:
    """Write ``README.md`` into the dataset folder."""
    result.out = root
    yaml = card_data(result).to_yaml()
    text = f"---\n{yaml}\n---\n\n{body(result)}"
    (Path(root) / "README.md").write_text(text, encoding="utf-8")

