"""Typed errors of the Label Studio bridge; the CLI maps each to one line and an exit code."""
from __future__ import annotations

from corpus.errors import KoenError

PULL_REJECTED_EXIT = 6  # pull finished and stored what was valid, but rejected something


class SchemaError(KoenError):
    """An annotation schema file that is invalid; the message names the key."""

    exit_code = 2


class LabelStudioError(KoenError):
    """The Label Studio server is unreachable, refuses the token or rejects a request."""

    exit_code = 4


class StudioServerError(LabelStudioError):
    """The local Label Studio server could not be installed, started or stopped."""


class ConflictError(LabelStudioError):
    """A project whose labeling config conflicts with annotations it already holds."""

    exit_code = 5


class PullError(KoenError):
    """An export that cannot be converted at all (not a single bad task: those are rejects)."""

    exit_code = 4
