#!/usr/bin/env bash
# The main job end to end on the bundled sample. Bootstraps .venv on first use.
#   ./scripts/demo.sh            work folder: work/demo
source "$(dirname "$0")/_bootstrap.sh"
WORK="${KOEN_DEMO_DIR:-$ROOT/work/demo}"
mkdir -p "$WORK"

echo "== 1. ingest: clean, move boilerplate to metadata, split sentences"
koen ingest tests/data/sample.jsonl -o "$WORK"
