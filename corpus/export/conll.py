"""CoNLL files per language and split: ``token<TAB>tag`` lines, a blank line per sentence.

Each article starts with ``-DOCSTART-<TAB>O``.  Korean tokens are characters as in
KLUE-NER, so a space is a token: its line is a space, a tab and ``O``.  Other
whitespace characters (rare inside a sentence) are written as a space.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence, TextIO


def conll_file(config: str, split: str) -> str:
    """Relative path of the CoNLL file for an NER config (``ner_ko``, ``ner_en_silver``) and split."""
    lang = config.split("_")[1]
    suffix = ".silver" if config.endswith("_silver") else ""
    return f"{lang}/{split}{suffix}.conll"


class ConllSink:
    """Write NER rows as they stream; other configs are ignored."""

    def __init__(self, root: Path, names: Sequence[str]) -> None:
        self.root, self.names = Path(root), list(names)
        self._files: dict[str, TextIO] = {}
        self._last_article: dict[str, str] = {}

    def add(self, config: str, split: str, row: dict[str, Any]) -> None:
        """Append one sentence row of an ``ner_*`` config."""
        if not config.startswith("ner_"):
            return
        rel = conll_file(config, split)
        fh = self._files.get(rel)
        if fh is None:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = self._files[rel] = path.open("w", encoding="utf-8", newline="\n")
        doc = f"{row['article_id']}\x1f{row['annotator']}"
        if self._last_article.get(rel) != doc:
            fh.write("-DOCSTART-\tO\n\n")
            self._last_article[rel] = doc
        for tok, tag in zip(row["tokens"], row["ner_tags"]):
            fh.write(f"{' ' if tok.isspace() else tok}\t{self.names[tag]}\n")
        fh.write("\n")

    def close(self) -> list[str]:
        """Close every file; the relative paths written."""
        for fh in self._files.values():
            fh.close()
        return sorted(self._files)


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of a CoNLL file written here (for tests and round trips)."""
    sents, cur = [], []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if not line:
            if cur:
                sents.append(cur)
            cur = []
        elif not line.startswith("-DOCSTART-"):
            tok, tag = line.rsplit("\t", 1)
            cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents
