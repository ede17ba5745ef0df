#!/usr/bin/env bash
# The main job end to end on the bundled sample (tests/data/sample.jsonl):
# ingest -> align -> pre-annotate -> local Label Studio -> push -> (a scripted
# annotator) -> pull -> agreement/report -> Hugging Face dataset -> load_dataset.
# Bootstraps .venv and Label Studio's own virtualenv on first use.
#   ./scripts/demo.sh            work folder: work/demo (KOEN_DEMO_DIR to change)
source "$(dirname "$0")/_bootstrap.sh"
WORK="${KOEN_DEMO_DIR:-$ROOT/work/demo}"
PROJECT="koen demo"
mkdir -p "$WORK"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. ingest: normalize, move boilerplate to metadata, split sentences"
koen ingest tests/data/sample.jsonl -o "$WORK" --merge  # a re-run keeps the pulled annotations

step "2. align sentences (USE embeddings + length + anchors)"
koen align "$WORK"

step "3. pre-annotate both sides offline (entities, dates, quantities, triggers, KO-EN links)"
koen preannotate "$WORK"

step "4. start a local Label Studio (SQLite under $WORK/.studio; first start about a minute)"
koen studio start "$WORK"

step "5. push bilingual tasks with predictions (run twice: the second push writes nothing)"
koen push "$WORK" --project "$PROJECT"
koen push "$WORK" --project "$PROJECT"

step "6. a scripted annotator posts the hand annotation of the sample through the API"
python scripts/demo_annotate.py "$WORK" --project "$PROJECT"

step "7. pull annotations back (validated offsets, roles, links)"
koen pull "$WORK" --project "$PROJECT"

step "8. corpus report"
koen report "$WORK" -o "$WORK/report.html"

step "9. export the Hugging Face dataset and load every config with datasets.load_dataset"
koen export "$WORK" -o "$WORK/dataset" --license cc-by-sa-4.0
python - "$WORK/dataset" <<'PY'
import sys
from datasets import get_dataset_config_names, load_dataset
path = sys.argv[1]
for name in get_dataset_config_names(path):
    ds = load_dataset(path, name)
    print(f"\n--- load_dataset({path!r}, {name!r})")
    print(ds)
PY

step "done"
echo "dataset: $WORK/dataset (README.md is the dataset card)"
echo "report:  $WORK/report.html"
koen studio status "$WORK" && echo "Open Label Studio at the URL above (login printed in step 4); stop it with: koen studio stop $WORK"
