"""The streaming loop: one article at a time into the sinks of the chosen format."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model import LANGS, Article
from .bio import tag_names
from .brat import BratSink
from .conll import ConllSink
from .features import config_features
from .options import ExportOptions, ExportResult
from .rows import document_row, event_rows, ner_rows, pair_rows
from .select import select_annotations
from .splits import assign_split, declared_splits
from .writer import ParquetSink, data_file

log = logging.getLogger(__name__)
ISSUES = "reports/ner_issues.jsonl"


def _suffix(origin: str) -> str:
    return "_silver" if origin == "model" else ""


def article_rows(art: Article, split: str, anns, opts: "ExportOptions", tag_index: dict[str, int],
                 issues: list) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(config, row)`` pairs of one article for every config."""
    yield "documents", document_row(art, split, anns)
    for row in pair_rows(art, include_low=opts.include_low_confidence, include_omissions=opts.include_omissions,
                         include_low_quality=opts.include_low_quality):
        yield "sentence_pairs", row
    for ann in anns:
        for lang in LANGS:
            rows, found = ner_rows(art, lang, ann, tag_index, opts.entity_labels, dict(opts.label_map))
            issues.extend(found)
            for row in rows:
                yield f"ner_{lang}{_suffix(ann.origin)}", row
        rows, found = event_rows(art, ann, opts.event_types, opts.roles)
        issues.extend(found)
        for row in rows:
            yield f"events{_suffix(ann.origin)}", row


def _sinks(root: Path, opts: "ExportOptions", splits: list[str], batch: int):
    names = tag_names(opts.entity_labels)
    if opts.fmt == "hf":
        feats = {c: config_features(c, opts.entity_labels, opts.event_types, opts.roles) for c in opts.configs}
        return ParquetSink(root, feats, splits, batch)
    if opts.fmt == "conll":
        return ConllSink(root, names)
    return BratSink(root)


def stream_export(root: Path, source: Iterable[Article], opts: "ExportOptions",
                  result: "ExportResult", batch: int) -> None:
    """Write every article's rows as it arrives; issues go to ``reports/ner_issues.jsonl``."""
    splits = declared_splits(opts.ratios)
    names = tag_names(opts.entity_labels)
    tag_index = {n: i for i, n in enumerate(names)}
    sink = _sinks(root, opts, splits, batch)
    stats = result.stats
    (root / "reports").mkdir(parents=True, exist_ok=True)
    with (root / ISSUES).open("w", encoding="utf-8") as report:
        for art in source:
            split = assign_split(art.id, opts.seed, opts.ratios)
            anns = select_annotations(art, include_predictions=opts.include_predictions,
                                      all_annotators=opts.all_annotators)
            stats.add_article(art, split, anns)
            if isinstance(sink, BratSink):
                sink.add_article(art, split, anns)
                continue
            issues: list = []
            for config, row in article_rows(art, split, anns, opts, tag_index, issues):
                result.examples.setdefault(config, row)
                sink.add(config, split, row)
            _report(issues, report, stats)
    _finish(sink, result, splits)


def _report(issues: list, report, stats) -> None:
    for issue in issues:
        stats.issues[issue.kind] += 1
        log.info("entity not in NER rows (%s): %s %s %s [%d,%d) %r %s", issue.kind, issue.article_id,
                 issue.lang, issue.label, issue.start, issue.end, issue.text, issue.detail)
        report.write(json.dumps(issue.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def _finish(sink, result: "ExportResult", splits: list[str]) -> None:
    files = sink.close()
    if isinstance(sink, ParquetSink):
        for (config, split), (count, nbytes) in files.items():
            result.stats.rows.setdefault(config, {})[split] = count
            result.stats.bytes[(config, split)] = nbytes
        result.files = [data_file(c, s) for c, s in files]
        empty = [c for c in result.options.configs if c not in result.stats.rows]
        if empty:
            log.warning("no rows for %s: not declared in the card", ", ".join(empty))
    else:
        result.files = list(files)
    result.files.append(ISSUES)
    if result.stats.issues:
        log.warning("%d entities could not go into the NER configs (%s); listed in %s",
                    sum(result.stats.issues.values()),
                    ", ".join(f"{k}: {v}" for k, v in sorted(result.stats.issues.items())), ISSUES)
