#!/usr/bin/env bash
# Run the test suite. Bootstraps .venv on first use; the tests start their own
# Label Studio server (installed into its own virtualenv on first use).
source "$(dirname "$0")/_bootstrap.sh"
exec python -m pytest "$@"
