"""The annotation schema file and the labeling config generated from it."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml

from annotation.config import config_labels, config_variables, label_config, missing_labels
from annotation.errors import SchemaError
from annotation.schema import DEFAULT_SCHEMA, load_schema


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _default() -> dict:
    return yaml.safe_load(DEFAULT_SCHEMA.read_text(encoding="utf-8"))


def test_default_schema_covers_klue_and_ace():
    schema = load_schema()
    klue = {e.klue for e in schema.entity_types.values() if e.klue}
    assert klue == {"PS", "LC", "OG", "DT", "TI", "QT"}
    assert {"GPE", "NORP"} <= set(schema.entity_types)
    assert len(schema.event_types) == 33 and "Justice:Arrest-Jail" in schema.event_types
    assert schema.accepted("Conflict:Attack", "Place") == {"GPE", "LC", "FAC"}
    assert "same_as" in schema.link_types


@pytest.mark.parametrize("edit, key", [
    (lambda d: d["entity_types"]["PS"].update(colour="red"), "entity_types.PS.colour"),
    (lambda d: d["event_types"]["Life:Die"]["roles"].append("Killer"), "event_types.Life:Die.roles"),
    (lambda d: d["roles"].update(Time=["DATE"]), "roles.Time"),
    (lambda d: d.update(extra=1), "extra"),
    (lambda d: d["entity_types"].update({"Life:Die": {}}), "event_types.Life:Die"),
    (lambda d: d["choices"]["problems"].pop("values"), "choices.problems.values"),
])
def test_errors_name_the_key(tmp_path, edit, key):
    data = _default()
    edit(data)
    with pytest.raises(SchemaError) as info:
        load_schema(_write(tmp_path, data))
    assert key in str(info.value) and str(tmp_path) in str(info.value)


def test_config_has_two_text_panes_and_every_label():
    schema = load_schema()
    config = label_config(schema)
    root = ET.fromstring(config)
    texts = {t.get("name"): t.get("value") for t in root.iter("Text")}
    assert texts == {"ko": "$text_ko", "en": "$text_en"}
    assert "white-space: pre-wrap" in config
    labels = config_labels(config)
    for lang in ("ko", "en"):  # entities and triggers in two groups, never one scrolling box
        assert labels[f"{lang}_labels"] == set(schema.entity_types)
        assert labels[f"{lang}_triggers"] == set(schema.event_types)
    assert "overflow" not in config
    assert labels["relation"] == set(schema.roles) | {"same_as"}
    assert labels["problems"] == {"not_a_translation", "truncated", "wrong_segmentation"}
    assert config_variables(config) == {"text_ko", "text_en", "align_html", "title_ko", "title_en"}
    assert [t.get("name") for t in root.iter("TextArea")] == ["notes"]


def test_every_label_of_both_panes_has_its_own_hotkey_and_same_as_comes_first():
    from annotation.config import config_hotkeys

    schema = load_schema()
    config = label_config(schema)
    root = ET.fromstring(config)
    keys = config_hotkeys(config)
    assert len(keys) == len(set(keys)) == 2 * len(schema.entity_types) + 2 * 10
    reserved = {"u", "escape", "backspace", "delete", "enter", "alt+r", "alt+h", "alt+l", "alt+m", "ctrl+enter"}
    assert not reserved & set(keys)
    for lang in ("ko", "en"):
        ents = [l.get("hotkey") for l in next(t for t in root.iter("Labels") if t.get("name") == f"{lang}_labels")]
        assert all(ents) and all(k.startswith("shift+") == (lang == "en") for k in ents)
    relations = [r.get("value") for r in root.iter("Relation")]
    assert relations[:4] == ["same_as", "Time", "Place", "Entity"] and relations[-1] != "same_as"


def test_missing_labels_detects_labels_in_use():
    config = label_config(load_schema())
    used = Counter({("ko_labels", "PS"): 3, ("relation", "same_as"): 1, ("ko_labels", "PER"): 2})
    assert missing_labels(config, used) == {"ko_labels:PER": 2}
