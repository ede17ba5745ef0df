"""Typed errors of the text pipeline; the CLI maps each to one line and an exit code."""
from __future__ import annotations


class KoenError(Exception):
    """Base of every error the toolkit raises on purpose."""

    exit_code = 1


class InputError(KoenError):
    """Input that cannot be read: names the file, the line or record, and the field."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        where = ":".join(str(x) for x in (path, line) if x is not None)
        parts = [p for p in (where, f"field {field!r}" if field else None) if p]
        super().__init__(f"{', '.join(parts)}: {message}" if parts else message)
        self.path, self.line, self.field = path, line, field


class ConfigError(KoenError):
    """An option, pattern table or config file that is invalid; names the key."""

    exit_code = 2


class WorkdirError(KoenError):
    """A work folder that lacks the output of an earlier stage."""

    exit_code = 2


class DependencyError(KoenError):
    """An optional dependency (a model, a package) that is not available."""

    exit_code = 3


class WorkdirBusyError(WorkdirError):
    """Another stage holds the work folder's lock (two writers would lose each other's work)."""

    exit_code = 7


class AnnotationsAtRiskError(KoenError):
    """A run that would replace human annotations held in the work folder."""

    exit_code = 5
