"""Entry point of ``koen``: the corpus commands plus the Label Studio ones.

``koen studio start|stop|status``, ``koen push`` and ``koen pull`` are thin wrappers
over :mod:`annotation.studio`, :mod:`annotation.push` and :mod:`annotation.pull`.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from corpus.cli import _progress, app, console, err_console
from corpus.cli_run import run_cli
from rich.text import Text

studio_app = typer.Typer(help="Run a local Label Studio server (own virtualenv, data under WORKDIR/.studio).",
                         no_args_is_help=True)
app.add_typer(studio_app, name="studio")

_WORKDIR = typer.Argument(..., help="Work folder (its .studio/ sub-folder holds the server's data and state).")
_DATA_DIR = typer.Option(None, "--data-dir", help="Server data folder instead of WORKDIR/.studio.")
_URL = typer.Option(None, "--url", help="Label Studio URL (default: KOEN_LS_URL or the local server of WORKDIR).")
_TOKEN = typer.Option(None, "--token", help="API token (default: KOEN_LS_TOKEN or the local server's token file).",
                      show_default=False)
_SCHEMA = typer.Option(None, "--schema", help="Annotation schema YAML (default: the one shipped in annotation/).")


def _studio_dir(workdir: Path, data_dir: Optional[Path]) -> Path:
    return data_dir or workdir / ".studio"


@studio_app.command("start")
def studio_start(workdir: Path = _WORKDIR, data_dir: Optional[Path] = _DATA_DIR,
                 port: Optional[int] = typer.Option(None, "--port", help="Port on 127.0.0.1 (default: a free one).")) -> None:
    """Install (first time) and start Label Studio on 127.0.0.1; print URL and login."""
    from .studio import start

    with err_console.status("starting Label Studio (the first start runs migrations, about a minute)"):
        state = start(data_dir=_studio_dir(workdir, data_dir), port=port)
    console.print(f"Label Studio {state.version} running at [bold]{state.url}[/] (pid {state.pid})")
    console.print(f"login: {state.username} / password: {Path(state.password_file).read_text().strip()}")
    console.print(f"API token stored in {state.token_file} (not shown)")


@studio_app.command("stop")
def studio_stop(workdir: Path = _WORKDIR, data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Stop the local Label Studio of WORKDIR (by its recorded process id)."""
    from .studio import stop

    console.print("stopped" if stop(data_dir=_studio_dir(workdir, data_dir)) else "not running")


@studio_app.command("status")
def studio_status(workdir: Path = _WORKDIR, data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Say whether the local Label Studio of WORKDIR runs, and where; exit 1 if not."""
    from .studio import status

    state = status(data_dir=_studio_dir(workdir, data_dir))
    if state is None:
        console.print("not running")
        raise typer.Exit(1)
    console.print(f"running at {state.url} (pid {state.pid}); token in {state.token_file}")


@app.command("push")
def push_cmd(workdir: Path = typer.Argument(..., help="Work folder (ingested, aligned, pre-annotated articles)."),
             project: str = typer.Option(..., "--project", "-p", help="Project title; created if missing."),
             url: Optional[str] = _URL, token: Optional[str] = _TOKEN, schema: Optional[Path] = _SCHEMA,
             data_dir: Optional[Path] = _DATA_DIR,
             unit: str = typer.Option("passage", "--unit", help="Task unit: passage (a few aligned sentence pairs, "
                                      "the article as context) or article."),
             max_relations: int = typer.Option(12, "--max-relations", min=0,
                                               help="Most predicted relations (arrows) a task opens with."),
             order: str = typer.Option("uncertainty", "--order", help="Data manager order: id, alignment (lowest "
                                       "alignment quality first) or uncertainty (lowest prediction score first)."),
             batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Tasks per import request.")) -> None:
    """Push articles to Label Studio as tasks; pushing again writes only what changed."""
    from .push import count_articles, push

    bar, advance = _progress("push", total=count_articles(workdir))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        advance(done)

    with bar:
        stats = push(workdir=workdir, project=project, url=url, token=token, schema_path=schema,
                     studio_dir=_studio_dir(workdir, data_dir), batch_size=batch_size, progress=step,
                     unit=unit, max_relations=max_relations, order=order)
    console.print(f"{stats.articles} articles, {stats.tasks} {unit} tasks: {stats.created} created, "
                  f"{stats.updated} updated, {stats.unchanged} unchanged, {len(stats.conflicts)} changed but "
                  f"annotated (left alone), {stats.predictions} predictions; at most {stats.max_relations_drawn} "
                  f"predicted relations a task ({stats.relations_left_out} left out by --max-relations)")
    for koen_id in stats.conflicts[:20]:
        err_console.print(f"  changed but annotated: {koen_id}")


@app.command("pull")
def pull_cmd(workdir: Path = typer.Argument(..., help="Work folder whose articles receive the annotations."),
             project: str = typer.Option(..., "--project", "-p", help="Project title to pull from."),
             url: Optional[str] = _URL, token: Optional[str] = _TOKEN, schema: Optional[Path] = _SCHEMA,
             data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Pull annotations into the articles of WORKDIR; rejects go to WORKDIR/pull_rejects.jsonl."""
    from .errors import PULL_REJECTED_EXIT
    from .pull import REJECTS, pull

    with err_console.status("exporting and converting annotations"):
        stats = pull(workdir=workdir, project=project, url=url, token=token, schema_path=schema,
                     studio_dir=_studio_dir(workdir, data_dir))
    console.print(f"{stats.tasks} annotated tasks, {stats.annotations} annotations: {stats.stored} stored "
                  f"({stats.partial} without {stats.elements_rejected} invalid elements), {stats.rejected} rejected, "
                  f"{stats.cancelled} cancelled/skipped; {stats.articles_updated} articles changed")
    if not stats.clean:
        err_console.print(f"{len(stats.to_fix)} tasks to fix (reasons in {workdir / REJECTS}):")
        for koen_id, task_id, url in stats.to_fix[:50]:
            err_console.print(f"  task {task_id} ({koen_id}): {url}", highlight=False, soft_wrap=True)
        raise typer.Exit(PULL_REJECTED_EXIT)


@app.command("export")
def export_cmd(
    workdir: str = typer.Argument(..., help="Work folder with ingested, aligned, pulled articles."),
    output: str = typer.Option(..., "--output", "-o", help="Folder (a path or an fsspec URL) to write the dataset to (replaced on success)."),
    fmt: str = typer.Option("hf", "--format", "-f", help="hf (Parquet + README.md card), brat or conll."),
    split: str = typer.Option("0.8,0.1,0.1", "--split", help="train,validation,test ratios; by article."),
    seed: int = typer.Option(0, "--seed", help="Seed of the article-to-split hash."),
    labels: Optional[str] = typer.Option(None, "--labels", help="Entity types in tag order, e.g. PS,LC,OG (default: the schema's, in its order)."),
    map_labels: Optional[str] = typer.Option(None, "--map-labels", help="Rename types in the NER configs, e.g. GPE=LC,NORP=OG."),
    klue: bool = typer.Option(False, "--klue", help="NER configs with the six KLUE-NER types (schema's klue column: GPE->LC, NORP->OG, MONEY->QT ...)."),
    schema: Optional[Path] = _SCHEMA,
    license: str = typer.Option("cc-by-4.0", "--license", help="Licence id written to the card."),
    include_predictions: bool = typer.Option(False, "--include-predictions", help="Also export model pre-annotations as *_silver configs."),
    all_annotators: bool = typer.Option(False, "--all-annotators", help="Keep every human annotation, not one per article."),
    include_low: bool = typer.Option(False, "--include-low-confidence", help="Keep low-confidence links in sentence_pairs."),
    include_omissions: bool = typer.Option(False, "--include-omissions", help="Keep 1-0 / 0-1 links in sentence_pairs."),
    include_low_quality: bool = typer.Option(False, "--include-low-quality", help="Keep the links of articles flagged align_low_quality or suspect_translation in sentence_pairs (marked in article_flags)."),
    push_to_hub: Optional[str] = typer.Option(None, "--push-to-hub", help="Upload the folder to this Hub dataset repo (owner/name)."),
    private: bool = typer.Option(False, "--private", help="Create the Hub repo as private."),
) -> None:
    """Export to a Hugging Face dataset folder (load_dataset(DIR, config)), brat or CoNLL."""
    from rich.table import Table

    from corpus.export import export_dataset
    from corpus.export.hub import push_to_hub as push

    from .schema import load_schema

    spec = load_schema(schema)
    if klue:
        map_labels = ",".join(f"{k}={t.klue}" for k, t in spec.entity_types.items() if t.klue and t.klue != k)
        labels = labels or ",".join(dict.fromkeys(t.klue for t in spec.entity_types.values() if t.klue))
    labels = labels or (None if map_labels else ",".join(spec.entity_types))

    if push_to_hub and fmt != "hf":
        raise typer.BadParameter("--push-to-hub needs --format hf")
    with err_console.status("exporting"):
        result = export_dataset(out=output, workdir=workdir, fmt=fmt, entity_labels=labels, split=split,
                                seed=seed, license=license, include_predictions=include_predictions,
                                all_annotators=all_annotators, include_low_confidence=include_low,
                                include_omissions=include_omissions, label_map=map_labels,
                                include_low_quality=include_low_quality,
                                event_types=list(spec.event_types), event_roles=list(spec.roles))
    table = Table(title=f"export ({fmt}) → {output}")
    for col in ("config", *(s for s in ("train", "validation", "test") if s in result.stats.articles)):
        table.add_column(col, justify="right")
    splits = [s for s in ("train", "validation", "test") if s in result.stats.articles]
    table.add_row("articles", *(str(result.stats.articles[s]) for s in splits))
    for config, counts in result.stats.rows.items():
        table.add_row(config, *(str(counts.get(s, 0)) for s in splits))
    console.print(table)
    for kind, n in sorted(result.stats.issues.items()):
        console.print(f"entities not in NER rows, {kind}: {n} (see {output}/reports/ner_issues.jsonl)")
    if push_to_hub:
        console.print(f"pushed: {push(folder=output, repo_id=push_to_hub, private=private)}")


def main() -> None:
    """Run the CLI; every error becomes one line and an exit code (:mod:`corpus.cli_run`)."""
    sys.exit(run_cli(app, echo=lambda line: err_console.print(Text(line, style="red"), soft_wrap=True)))


@app.command("adjudicate")
def adjudicate_cmd(workdir: Path = typer.Argument(..., help="Work folder with pulled annotations."),
                   project: str = typer.Option(..., "--project", "-p", help="Label Studio project whose annotations are adjudicated."),
                   review: bool = typer.Option(False, "--review", help="Send merged proposals with conflicts to Label Studio as predictions (model_version 'adjudication')."),
                   all_merges: bool = typer.Option(False, "--all", help="With --review: send every merged proposal, not only those with conflicts."),
                   url: Optional[str] = _URL, token: Optional[str] = _TOKEN, data_dir: Optional[Path] = _DATA_DIR) -> None:
    """One final annotation per article: the ground truth, else a majority merge; conflicts in WORKDIR/adjudication.json."""
    from corpus.quality.adjudicate_workdir import ADJUDICATION_JSON, adjudicate, read_conflicts

    stats = adjudicate(workdir=workdir, project=project)
    by = ", ".join(f"{k} {v}" for k, v in stats.sources.items()) or "none"
    console.print(f"{stats.adjudicated} of {stats.articles} articles adjudicated ({by}); "
                  f"{stats.with_conflicts} with conflicts, {sum(stats.conflicts.values())} conflicts → "
                  f"{workdir / ADJUDICATION_JSON}")
    if review:
        from .review import review as send

        with err_console.status("sending proposals to Label Studio"):
            done = send(workdir=workdir, project=project, conflicts=read_conflicts(workdir), url=url, token=token,
                        studio_dir=_studio_dir(workdir, data_dir), all_merges=all_merges)
        console.print(f"review: {done.proposals} proposals, {done.created} created, {done.replaced} replaced, "
                      f"{done.unchanged} unchanged; {len(done.missing)} articles without a task")
