"""The annotation schema: entity types, event types with roles, link types, article choices.

Loaded from one YAML file (``annotation/schema.yaml`` by default) into pydantic models
that reject unknown keys; every error names the offending key.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import SchemaError

DEFAULT_SCHEMA = Path(__file__).with_name("schema.yaml")
_NAME = re.compile(r"^[A-Za-z][\w\-:]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityType(_Strict):
    """An entity label, with its KLUE-NER and ACE-2005 counterparts."""

    description: str = ""
    klue: str | None = None
    ace: str | None = None
    color: str | None = None


class EventType(_Strict):
    """An event label, the roles it takes and optional narrower accepted types per role."""

    description: str = ""
    roles: list[str] = Field(default_factory=list)
    role_types: dict[str, list[str]] = Field(default_factory=dict)


class LinkType(_Strict):
    """A cross-lingual relation between a Korean and an English span."""

    description: str = ""


class ChoiceSet(_Strict):
    """An article-level question with fixed answers."""

    description: str = ""
    multiple: bool = False
    values: list[str]


class Schema(_Strict):
    """A whole annotation schema; cross-references are checked after loading."""

    version: int = 1
    entity_types: dict[str, EntityType]
    roles: dict[str, list[str]] = Field(default_factory=dict)
    event_types: dict[str, EventType] = Field(default_factory=dict)
    link_types: dict[str, LinkType] = Field(default_factory=lambda: {"same_as": LinkType()})
    choices: dict[str, ChoiceSet] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_references(self) -> "Schema":
        _check_names(self)
        for role, types in self.roles.items():
            _check_types(f"roles.{role}", types, self.entity_types)
        for name, ev in self.event_types.items():
            for role in ev.roles:
                if role not in self.roles:
                    raise ValueError(f"event_types.{name}.roles: unknown role {role!r}")
            for role, types in ev.role_types.items():
                if role not in ev.roles:
                    raise ValueError(f"event_types.{name}.role_types.{role}: role not in roles")
                _check_types(f"event_types.{name}.role_types.{role}", types, self.entity_types)
        return self

    def accepted(self, event_type: str, role: str) -> set[str]:
        """Entity types that ``role`` of ``event_type`` accepts."""
        ev = self.event_types[event_type]
        return set(ev.role_types.get(role) or self.roles.get(role, []))

    def is_trigger(self, label: str) -> bool:
        return label in self.event_types


def _check_names(schema: Schema) -> None:
    """Labels must be plain names and may not be used twice across groups."""
    seen: dict[str, str] = {}
    groups = {"entity_types": schema.entity_types, "event_types": schema.event_types,
              "roles": schema.roles, "link_types": schema.link_types, "choices": schema.choices}
    for group, names in groups.items():
        for name in names:
            if not _NAME.match(name):
                raise ValueError(f"{group}.{name}: not a valid label name")
            span_group = group in ("entity_types", "event_types")
            key = ("span:" if span_group else "rel:" if group in ("roles", "link_types") else "ch:") + name
            if key in seen:
                raise ValueError(f"{group}.{name}: already defined in {seen[key]}")
            seen[key] = group


def _check_types(where: str, types: list[str], entity_types: dict[str, EntityType]) -> None:
    if not types:
        raise ValueError(f"{where}: needs at least one entity type")
    for t in types:
        if t not in entity_types:
            raise ValueError(f"{where}: unknown entity type {t!r}")


def _format(exc: ValidationError, path: Path) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return f"{path}: " + "; ".join(parts)


def load_schema(path: Path | None = None) -> Schema:
    """Read and validate a schema YAML file (the default one if ``path`` is None)."""
    path = Path(path or DEFAULT_SCHEMA)
    return _load_cached(str(path.resolve()), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=8)
def _load_cached(path_str: str, _mtime: float) -> Schema:
    path = Path(path_str)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SchemaError(f"{path}: schema file not found") from exc
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: expected a mapping at the top level")
    try:
        return Schema.model_validate(data)
    except ValidationError as exc:
        raise SchemaError(_format(exc, path)) from exc
