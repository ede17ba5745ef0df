"""The bilingual gazetteer: entity type, Korean forms, English forms (and demonyms).

Shipped files are ``corpus/data/gazetteer_*.tsv``; users add their own files of
the same format (``TYPE<TAB>ko|ko2<TAB>en|en2[<TAB>demonym|...]``, ``#`` comments).
Each line is one entry; a Korean and an English span that hit the same entry
name the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data"
TYPES = {"PS", "OG", "GPE", "LC", "FAC", "NORP", "VEH", "WEA", "TITLE"}


@dataclass(frozen=True)
class Entry:
    """One gazetteer line: an id (file:line), a type and its forms in both languages."""

    id: str
    type: str
    ko: tuple[str, ...]
    en: tuple[str, ...]
    demonyms: tuple[str, ...] = ()


_THE = re.compile(r"^the\s+", flags=re.I)
_POSS = re.compile(r"[’']s\b")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
KEY_CACHE = 1 << 16  # forms whose keys are remembered (lookups repeat the same words; memory stays bounded)


@lru_cache(maxsize=KEY_CACHE)
def en_key(text: str) -> str:
    """Case- and punctuation-insensitive key of an English form (``U.S.`` → ``us``)."""
    text = _THE.sub("", text.strip())
    text = _POSS.sub("s", text)
    return _NON_ALNUM.sub("", text.lower())


@lru_cache(maxsize=KEY_CACHE)
def ko_key(text: str) -> str:
    """Key of a Korean form (spacing normalized; 유엔 인권이사회 is two names, 유엔인권이사회 one)."""
    return _SPACES.sub(" ", text.strip())


@dataclass(eq=False)
class Gazetteer:
    """Lookup tables over the entries of one or more files."""

    entries: list[Entry] = field(default_factory=list)
    by_ko: dict[str, Entry] = field(default_factory=dict)
    by_en: dict[str, Entry] = field(default_factory=dict)
    ids_en: dict[str, set[str]] = field(default_factory=dict)
    ids_ko: dict[str, set[str]] = field(default_factory=dict)
    by_demonym: dict[str, Entry] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        """Add an entry; a later file overrides an earlier one form by form."""
        self.entries.append(entry)
        for form in entry.ko:
            self.by_ko[ko_key(form)] = entry
            self.ids_ko.setdefault(ko_key(form), set()).add(entry.id)
        for form in entry.en:
            self.by_en[en_key(form)] = entry
            self.ids_en.setdefault(en_key(form), set()).add(entry.id)
        for form in entry.demonyms:
            self.by_demonym.setdefault(en_key(form), entry)
            self.ids_en.setdefault(en_key(form), set()).add(entry.id)

    def ko(self, text: str) -> Entry | None:
        return self.by_ko.get(ko_key(text))

    def en(self, text: str) -> Entry | None:
        return self.by_en.get(en_key(text))

    def demonym(self, text: str) -> Entry | None:
        return self.by_demonym.get(en_key(text))

    def same(self, ko: str, en: str) -> bool | None:
        """True if a Korean and an English form share an entry, False if both are known
        but differ, None if either is unknown."""
        a, b = self.ids_ko.get(ko_key(ko)), self.ids_en.get(en_key(en))
        if not a or not b:
            return None
        return bool(a & b)


def parse_line(line: str, where: str) -> Entry | None:
    """One TSV line to an :class:`Entry` (None for blanks and comments)."""
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 3:
        raise InputError(f"{where}: expected TYPE<TAB>Korean forms<TAB>English forms, got {len(cols)} column(s)")
    if cols[0] not in TYPES:
        raise InputError(f"{where}: unknown type {cols[0]!r} (one of {sorted(TYPES)})")
    forms = [tuple(f.strip() for f in c.split("|") if f.strip()) for c in cols[1:4]]
    if not forms[0] and not forms[1]:
        raise InputError(f"{where}: no Korean or English form")
    return Entry(where, cols[0], forms[0], forms[1], forms[2] if len(forms) > 2 else ())


def read_file(path: Path) -> Iterable[Entry]:
    """Entries of one gazetteer file; errors name the file and line."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: gazetteer file not found")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            entry = parse_line(line, f"{path}:{n}" if path.parent != DATA else f"{path.name}:{n}")
            if entry:
                yield entry


def shipped_files() -> list[Path]:
    return sorted(DATA.glob("gazetteer_*.tsv"))


@lru_cache(maxsize=8)
def load(extra: tuple[str, ...] = ()) -> Gazetteer:
    """The shipped gazetteer plus ``extra`` files (later files win), cached per file list."""
    gaz = Gazetteer()
    for path in [*shipped_files(), *map(Path, extra)]:
        for entry in read_file(path):
            gaz.add(entry)
    return gaz
