"""The prose of the dataset card, filled from computed statistics."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .bio import tag_names
from .options import ExportResult
from .splits import declared_splits

DESCRIPTIONS = {
    "documents": "one row per article pair: ids, source, URLs, date, titles, both texts, sentence "
                 "spans, alignment links with scores, entities, events, cross-lingual links, "
                 "article-level judgements, annotation provenance and metadata (JSON string).",
    "sentence_pairs": "one row per alignment link with a `translation` feature `{ko, en}` as in "
                      "opus-100, the link type (`1-1`, `2-1`, ...), its score, the article id and `article_flags` "
                      "(`align_low_quality`, `suspect_translation`: such articles are left out unless the "
                      "export was run with `--include-low-quality`).",
    "ner_ko": "one row per Korean sentence: character `tokens` (spaces are tokens, as in KLUE-NER) "
              "and BIO `ner_tags`.",
    "ner_en": "one row per English sentence: word `tokens` with `token_starts`/`token_ends` "
              "(offsets into `sentence`) and BIO `ner_tags`.",
    "events": "one row per event mention (ACE / OneIE style): language, type, trigger, "
              "role-labelled arguments with entity types, sentence, and the linked event in the "
              "other language. Offsets are code points into the article text of that language.",
}


def shorten(value: Any, limit: int = 160) -> Any:
    """An example row with long strings and lists cut for display (marked with …)."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "…"
    if isinstance(value, list):
        items = [shorten(v, limit) for v in value[:limit // 4]]
        return items + ["…"] if len(value) > limit // 4 else items
    if isinstance(value, dict):
        return {k: shorten(v, limit) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 4)
    return value


def example_json(row: dict[str, Any]) -> str:
    """A real exported row, shortened, one field per line."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in shorten(row).items()]
    return "{\n" + ",\n".join(lines) + "\n}"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _by_lang(counter: Counter) -> list[list]:
    labels = sorted({k[1] for k in counter})
    return [[lab, counter.get(("ko", lab), 0), counter.get(("en", lab), 0)] for lab in labels]


def _structure(result: "ExportResult") -> str:
    parts = []
    for config in result.options.configs:
        base = config.removesuffix("_silver")
        desc = DESCRIPTIONS[base] + (" Silver: model pre-annotations, not reviewed by people."
                                     if config.endswith("_silver") else "")
        ex = result.examples.get(config)
        shown = f"```json\n{example_json(ex)}\n```" if ex else \
            "_No rows in this export, so the config is not declared (nothing annotated yet?)._"
        parts.append(f"### `{config}`\n\n{desc}\n\nAn example instance (long values shortened with …):\n\n{shown}\n")
    names = tag_names(result.options.entity_labels)
    parts.append("`ner_tags` class names, in order: " + ", ".join(f"`{n}`" for n in names) +
                 " (B-/I- pairs per entity type, `O` last, as in klue/klue `ner`).\n")
    return "\n".join(parts)


def _statistics(result: "ExportResult") -> str:
    s, opts = result.stats, result.options
    splits = declared_splits(opts.ratios)
    split_rows = [["articles", *(s.articles.get(x, 0) for x in splits)],
                  ["annotated articles", *(s.annotated.get(x, 0) for x in splits)]]
    split_rows += [[f"`{c}` rows", *(s.rows.get(c, {}).get(x, 0) for x in splits)] for c in opts.configs]
    quality = f"{s.mean_quality:.3f}" if s.mean_quality is not None else "n/a"
    out = [_table(["", *splits], split_rows), "",
           f"Sentences: {s.sentences.get('ko', 0)} Korean, {s.sentences.get('en', 0)} English. "
           f"Cross-lingual links: {s.cross_links}. Low-confidence alignment links: {s.low_links}. "
           f"Mean alignment quality: {quality}.", "",
           "Alignment links by type:", "", _table(["type", "links"], sorted(s.links.items())), "",
           "Entities by type and language:", "", _table(["type", "ko", "en"], _by_lang(s.entities)), "",
           "Events by type and language:", "", _table(["type", "ko", "en"], _by_lang(s.events)), ""]
    if s.issues:
        out += ["Entities that the NER configs do not carry (listed in `reports/ner_issues.jsonl`; "
                "they remain in `documents`):", "", _table(["reason", "entities"], sorted(s.issues.items())), ""]
    return "\n".join(out)


def _making(result: "ExportResult") -> str:
    s, opts = result.stats, result.options
    sources = ", ".join(f"{k} ({v})" for k, v in sorted(s.sources.items())) or "n/a"
    methods = ", ".join(f"{k} ({v})" for k, v in sorted(s.methods.items())) or "n/a"
    annotators = Counter(origin for origin, _ in s.annotators)
    kept = "kept" if opts.include_low_confidence else "excluded"
    omitted = "kept" if opts.include_omissions else "excluded"
    who = "all annotators are kept (rows carry `annotator`)" if opts.all_annotators else \
        f"one annotation per article: {opts.selection_rule}"
    flagged = ", ".join(f"{k} {v}" for k, v in sorted(s.low_quality.items())) or "none"
    return "\n".join([
        f"- Sources (articles): {sources}.",
        f"- Sentence alignment methods (articles): {methods}; low-confidence links are {kept} and "
        f"1-0 / 0-1 links are {omitted} in `sentence_pairs`.",
        f"- Articles whose English side may not translate the Korean side (alignment quality under the "
        f"align stage's floor: `align_low_quality`; numbers, Latin-script names and length disagreeing at "
        f"ingest: `suspect_translation`): {flagged}. Their links are "
        + ("kept in `sentence_pairs`, marked in `article_flags`." if opts.include_low_quality else
           "left out of `sentence_pairs`; the articles stay in `documents` and the annotation configs."),
        f"- Annotation: spans, events and cross-lingual links made in Label Studio by "
        f"{annotators.get('human', 0)} annotator(s) (people); {who}.",
        f"- Entity types in the NER configs: {', '.join(opts.entity_labels) or 'none'}"
        + (f" (renamed: {', '.join(f'{a} → {b}' for a, b in opts.label_map)}; `documents` keeps the "
           "original types)" if opts.label_map else "") + f"; the `events` config has {len(opts.event_types)} "
        f"event types and {len(opts.roles)} roles as ClassLabels.",
        "- Model pre-annotations are " + ("exported as the separate `*_silver` configs."
                                          if opts.include_predictions else "not exported."),
        f"- Splits by article, from a hash of the article id and seed {opts.seed}, ratios "
        f"{', '.join(f'{r:g}' for r in opts.ratios)}: an article is in the same split in every config.",
        "- Offsets are code points into the NFC text stored in `documents`.",
        "- Pre-annotation (suggestions the annotators corrected) came from koen's rules and its learned "
        "tagger; the shipped tagger model was trained on KLUE-NER v1.1 (KLUE benchmark, Park et al. 2021, "
        "CC BY-SA 4.0, see the model's NOTICE), koen's own annotated sample, and English wire-style "
        "documents koen generated from name lists (faker person names, MIT; GeoNames places, CC BY 4.0; "
        "pytickersymbols company names and cleanco legal forms, MIT).",
    ])


def body(result: "ExportResult") -> str:
    """Markdown after the YAML block."""
    n = sum(result.stats.articles.values())
    return "\n".join([
        "# koen Korean-English news corpus", "",
        f"{n} Korean news articles paired with their English translations, sentence-aligned, with "
        "human annotations of named entities, events and cross-lingual entity links.", "",
        "## Languages", "", "Korean (`ko`, source) and English (`en`, translation).", "",
        "```python\nfrom datasets import load_dataset\nner = load_dataset(PATH, \"ner_ko\")\n```", "",
        "## Dataset structure", "", _structure(result), "",
        "## Statistics", "", _statistics(result), "",
        "## How it was made", "", _making(result), "",
        "## Licence", "", f"`{result.options.license}`.", "",
        "## Citation", "", "```bibtex\n@misc{koen_corpus,\n  title = {koen: a Korean-English news corpus "
        "with entity and event annotations},\n  year = {2026},\n  note = {Exported with koen "
        "export}\n}\n```", ""])
