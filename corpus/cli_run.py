"""The one place where errors become a line on stderr and an exit code (see the README table).

Every ``koen`` command runs through :func:`run_cli`: a typed :class:`KoenError` gives
its own code, a file-system error gives 2, anything else (a bug) gives 1 with a
pointer to ``--debug``, which shows the full trace instead.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Callable, Sequence

from .errors import KoenError

log = logging.getLogger(__name__)
EXIT_CODES = {
    0: "success",
    1: "internal error (a bug): the line names it; --debug shows the trace (also: studio status, not running)",
    2: "bad input, options or configuration (file, line and field named)",
    3: "a missing optional dependency",
    4: "Label Studio unreachable, refusing the token or a request",
    5: "a labeling config, or an ingest, that conflicts with existing annotations",
    6: "pull finished but rejected something (see pull_rejects.jsonl)",
    7: "the work folder is busy: another stage holds its lock",
    130: "interrupted (Ctrl-C)",
}


def debug_requested(argv: Sequence[str]) -> bool:
    """``--debug`` anywhere on the command line, or ``KOEN_DEBUG=1``."""
    return "--debug" in argv or os.environ.get("KOEN_DEBUG", "") not in ("", "0")


def with_debug_first(argv: Sequence[str]) -> list[str]:
    """Move ``--debug`` before the command, where the callback option takes it."""
    rest = [a for a in argv if a != "--debug"]
    return (["--debug"] if len(rest) != len(argv) else []) + rest


def error_line(exc: BaseException) -> tuple[str, int]:
    """The one line a user sees for ``exc``, and the exit code."""
    if isinstance(exc, KoenError):
        return str(exc), exc.exit_code
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return f"{where}{exc.strerror or exc}", 2
    text = " ".join(str(exc).split())[:300]
    return f"internal error {type(exc).__name__}: {text} (run again with --debug for the trace)", 1


def run_cli(app: Callable[..., None], argv: Sequence[str] | None = None,
            echo: Callable[[str], None] | None = None) -> int:
    """Run the typer ``app`` on ``argv``; return the exit code, never raise (unless --debug)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = debug_requested(argv)
    echo = echo or (lambda line: print(line, file=sys.stderr))
    try:
        app(args=with_debug_first(argv), prog_name="koen")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        echo("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place every error is mapped
        if debug:
            raise
        line, code = error_line(exc)
        echo(f"error: {line}")
        return code
    return 0
