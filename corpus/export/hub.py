"""Upload an exported dataset folder to the Hugging Face Hub (``huggingface_hub.upload_folder``)."""
from __future__ import annotations

import logging
from pathlib import Path

import yaml

from ..errors import ConfigError, DependencyError

log = logging.getLogger(__name__)


def card_metadata(folder: Path) -> dict:
    """The YAML block of the folder's ``README.md``."""
    readme = Path(folder) / "README.md"
    if not readme.exists():
        raise ConfigError(f"{readme} not found: run `koen export` (format hf) first")
    text = readme.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise ConfigError(f"{readme}: no YAML metadata block")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)]) or {}


def upload_plan(folder: Path) -> list[str]:
    """Relative paths the upload sends; checks that every declared data file is there."""
    folder = Path(folder)
    meta = card_metadata(folder)
    declared = [f["path"] for c in meta.get("configs", []) for f in c.get("data_files", [])]
    if not declared:
        raise ConfigError(f"{folder}/README.md declares no configs with data_files")
    missing = [p for p in declared if not (folder / p).is_file() or Path(p).is_absolute()]
    if missing:
        raise ConfigError(f"{folder}: data files declared in README.md are missing: {missing}")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def push_to_hub(*, folder: Path, repo_id: str, token: str | None = None, private: bool = False,
                message: str = "Upload koen export") -> str:
    """Create the dataset repo if needed and upload the folder; returns the commit URL."""
    files = upload_plan(folder)
    try:
        from huggingface_hub import HfApi
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DependencyError("huggingface_hub is required for --push-to-hub") from exc
    api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    log.info("uploading %d files to %s", len(files), repo_id)
    info = api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                             commit_message=message)
    return str(getattr(info, "commit_url", info))
