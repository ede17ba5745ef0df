"""Agreement figures as rich tables (built here, printed by the CLI)."""
from __future__ import annotations

from typing import Any

from rich.table import Table

from ..model import LANGS


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def span_table(r: dict[str, Any]) -> Table:
    """Exact and overlap F1 per language and label."""
    t = Table(title=f"Span agreement ({r['articles_compared']} of {r['articles']} articles with 2+ annotators)")
    for col in ("lang", "label", "exact F1", "overlap F1", "spans A+B"):
        t.add_column(col, justify="right" if col not in ("lang", "label") else "left")
    spans = r["spans"]
    for lang in LANGS:
        for label, m in spans["by_label"][lang].items():
            t.add_row(lang, label, _f(m["exact"]["f1"]), _f(m["overlap"]["f1"]), str(m["exact"]["n_a"] + m["exact"]["n_b"]))
        m = spans["by_lang"][lang]
        t.add_row(lang, "[b]all[/]", _f(m["exact"]["f1"]), _f(m["overlap"]["f1"]), str(m["exact"]["n_a"] + m["exact"]["n_b"]))
    return t


def chance_table(r: dict[str, Any]) -> Table:
    """Cohen's kappa per annotator pair and Krippendorff's alpha, on character labels."""
    t = Table(title="Character labels: Cohen's kappa per pair, Krippendorff's alpha over all annotators")
    for col in ("lang", "measure", "value"):
        t.add_column(col)
    for lang in LANGS:
        c = r["characters"][lang]
        t.add_row(lang, "alpha (nominal)", _f(c["alpha"]))
        for pair, k in c["kappa"].items():
            t.add_row(lang, f"kappa {pair}", _f(k))
    return t


def event_link_table(r: dict[str, Any]) -> Table:
    """Event and cross-lingual link F1."""
    t = Table(title="Events and cross-lingual links (exact F1)")
    for col in ("measure", *LANGS):
        t.add_column(col)
    for measure, by_lang in r["events"].items():
        t.add_row(measure.replace("_", " "), *(_f(by_lang[l]["f1"]) for l in LANGS))
    t.add_row("links (ko span, en span, type)", _f(r["links"]["all"]["f1"]), "")
    return t


def annotator_table(r: dict[str, Any]) -> Table:
    """Per-annotator counts and time."""
    t = Table(title="Annotators")
    for col in ("annotator", "articles", "spans", "events", "links", "seconds", "s/article"):
        t.add_column(col, justify="left" if col == "annotator" else "right")
    for name, row in r["annotators"].items():
        t.add_row(name, *(str(row[k]) for k in ("articles", "spans", "events", "links", "seconds")),
                  _f(row["seconds_per_article"]) if row["seconds_per_article"] is not None else "–")
    return t


def pair_table(r: dict[str, Any]) -> Table:
    """Span, trigger and link F1 per annotator pair."""
    t = Table(title="Per annotator pair (exact F1)")
    for col in ("pair", "spans", "spans overlap", "triggers", "links"):
        t.add_column(col)
    for pair, m in r["pairs"].items():
        t.add_row(pair, *(_f(m[k]["f1"]) if k in m else "–" for k in ("exact", "overlap", "trigger_type", "links")))
    return t


def agreement_tables(r: dict[str, Any]) -> list[Table]:
    return [span_table(r), chance_table(r), event_link_table(r), pair_table(r), annotator_table(r)]
