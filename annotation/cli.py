"""Entry point of ``koen``: the corpus commands plus the Label Studio ones."""
from __future__ import annotations

import sys

from corpus.cli import app, err_console
from corpus.errors import KoenError


def main() -> None:
    """Run the CLI; map typed errors to one clear line and their exit code."""
    try:
        app()
    except KoenError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
