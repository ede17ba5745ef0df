"""News boilerplate (captions, bylines, datelines, e-mails, copyright) out of the text.

Rules live in a YAML pattern table (``corpus/data/boilerplate.yaml``) that users
extend with their own files; see that file for the format.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from ..errors import ConfigError

KINDS = {"caption", "byline", "dateline", "email", "copyright", "credit", "page"}
_KEYS = {"name", "kind", "lang", "action", "pattern", "outlet", "flags"}
_REQUIRED = ("name", "kind", "lang", "action", "pattern")


@dataclass(frozen=True)
class Rule:
    """One pattern of the table."""

    name: str
    kind: str
    lang: str
    action: str
    regex: re.Pattern[str]
    outlet: str = ""

    def applies_to(self, lang: str) -> bool:
        return self.lang in (lang, "any")


def _rule(raw: Any, where: str) -> Rule:
    """Validate one table entry; errors name the file, the entry and the key."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a rule must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(_KEYS))})")
    for key in _REQUIRED:
        if not raw.get(key):
            raise ConfigError(f"{where}: missing key {key!r}")
    checks = {"kind": KINDS, "lang": {"ko", "en", "any"}, "action": {"line", "strip"}}
    for key, allowed in checks.items():
        if raw[key] not in allowed:
            raise ConfigError(f"{where}: key {key!r} is {raw[key]!r}, expected one of {sorted(allowed)}")
    flags = re.IGNORECASE if "i" in str(raw.get("flags", "")) else 0
    try:
        regex = re.compile(str(raw["pattern"]), flags)
    except re.error as exc:
        raise ConfigError(f"{where}: key 'pattern' is not a valid regular expression: {exc}") from exc
    return Rule(str(raw["name"]), raw["kind"], raw["lang"], raw["action"], regex, str(raw.get("outlet", "")))


def parse_rules(text: str, source: str) -> list[Rule]:
    """Parse a pattern table given as YAML text (``source`` names it in errors)."""
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or set(doc) - {"rules"}:
        raise ConfigError(f"{source}: expected a mapping with the single key 'rules'")
    rules = doc.get("rules") or []
    if not isinstance(rules, list):
        raise ConfigError(f"{source}: key 'rules' must be a list")
    return [_rule(r, f"{source}: rules[{i}] ({r.get('name', '?') if isinstance(r, dict) else '?'})")
            for i, r in enumerate(rules)]


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    text = resources.files("corpus").joinpath("data/boilerplate.yaml").read_text("utf-8")
    rules = parse_rules(text, "corpus/data/boilerplate.yaml")
    for p in paths:
        try:
            rules += parse_rules(Path(p).read_text("utf-8"), p)
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read pattern table: {exc}") from exc
    return tuple(rules)


def load_rules(extra: Sequence[str | os.PathLike] = ()) -> tuple[Rule, ...]:
    """The shipped rules, then those of ``extra`` files and of ``$KOEN_BOILERPLATE``."""
    paths = [str(p) for p in extra]
    env = os.environ.get("KOEN_BOILERPLATE")
    if env:
        paths += env.split(os.pathsep)
    return _load(tuple(paths))


def _piece(rule: Rule, text: str, match: re.Match[str]) -> dict[str, str]:
    piece = {"kind": rule.kind, "text": text.strip(), "rule": rule.name}
    reporter = match.groupdict().get("reporter")
    if reporter:
        piece["reporter"] = reporter.strip()
    return piece


def _clean_line(line: str, rules: Iterable[Rule], pieces: list[dict[str, str]]) -> str:
    """Return what is left of ``line`` after the strip rules (line rules ran already)."""
    for rule in rules:
        if rule.action != "strip":
            continue
        match = rule.regex.search(line)
        if match and match.group(0).strip():
            pieces.append(_piece(rule, match.group(0), match))
            line = (line[:match.start()] + " " + line[match.end():]).strip()
    return line


def split_boilerplate(text: str, lang: str, rules: Sequence[Rule]) -> tuple[str, list[dict[str, str]]]:
    """Split normalized ``text`` into (clean text, boilerplate pieces) for ``lang``.

    Pieces keep their kind, exact text and the rule that matched, in text order.
    """
    mine = [r for r in rules if r.applies_to(lang)]
    line_rules = [r for r in mine if r.action == "line"]
    kept: list[str] = []
    pieces: list[dict[str, str]] = []
    for line in text.split("\n"):
        hit = next(((r, m) for r in line_rules if (m := r.regex.search(line))), None)
        if hit:
            pieces.append(_piece(hit[0], line, hit[1]))
            continue
        line = _clean_line(line, mine, pieces)
        if line:
            kept.append(line)
    return "\n".join(kept), pieces
