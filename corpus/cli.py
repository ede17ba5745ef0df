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
    inputs: list[Path] = typer.Argument(..., help="JSONL, CSV/TSV files or folders with ko/ and en/ sub-folders."),
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
