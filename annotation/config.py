"""The Label Studio labeling config generated from a schema: Korean and English side by side.

Each side is a ``<Text>`` pane over the exact stored text (task offsets are offsets
into ``Article.text_ko`` / ``text_en``), with entity and trigger labels.  Relations
carry argument roles (trigger -> argument) and cross-lingual links (Korean <-> English).
A read-only ``<HyperText>`` pane lists the aligned sentence pairs, so the text itself
is never altered for display.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any, Iterable
from xml.sax.saxutils import quoteattr

from .schema import Schema

LANG_NAMES = {"ko": "Korean", "en": "English"}
TEXT = {"ko": "text_ko", "en": "text_en"}
LABELS = {"ko": "ko_labels", "en": "en_labels"}
REQUIRED_DATA = ("koen_id", "text_ko", "text_en", "align_html")
NOTES = "notes"
TRIGGER_COLOR = "#ff006e"
_VAR = re.compile(r'value="\$(\w+)"')


def _attr(name: str, value: str) -> str:
    return f"{name}={quoteattr(value)}"


def _labels(schema: Schema, lang: str) -> str:
    """One ``<Labels>`` block per side: entity types, then event triggers."""
    rows = [f'    <Labels name="{LABELS[lang]}" toName="{lang}" showInline="true">']
    for name, ent in schema.entity_types.items():
        rows.append(f'      <Label {_attr("value", name)} {_attr("background", ent.color or "#cccccc")}'
                    f' {_attr("hint", ent.description)}/>')
    for name, ev in schema.event_types.items():
        rows.append(f'      <Label {_attr("value", name)} background="{TRIGGER_COLOR}"'
                    f' {_attr("hint", "event trigger " + (ev.description or name))}/>')
    rows.append("    </Labels>")
    return "\n".join(rows)


def _pane(schema: Schema, lang: str) -> str:
    """One side: language, headline (display only), a scrolling label box, the text."""
    return "\n".join([
        '  <View style="flex: 1; min-width: 0; white-space: pre-wrap;">',
        f'    <Header value="{LANG_NAMES[lang]}" size="5"/>',
        f'    <Header value="$title_{lang}" size="4"/>',
        # 15 entity types + 33 triggers would push the text below the fold: cap the box.
        '    <View style="max-height: 7.5em; overflow-y: auto; border-bottom: 1px solid #ddd;">',
        _labels(schema, lang),
        "    </View>",
        f'    <Text name="{lang}" value="${TEXT[lang]}" granularity="symbol" showLabels="true"/>',
        "  </View>",
    ])


def _relations(schema: Schema) -> str:
    rows = ['  <Relations>']
    rows += [f'    <Relation {_attr("value", r)}/>' for r in schema.roles]
    rows += [f'    <Relation {_attr("value", l)}/>' for l in schema.link_types]
    rows.append("  </Relations>")
    return "\n".join(rows)


def _choices(schema: Schema) -> str:
    rows = []
    for name, cs in schema.choices.items():
        rows.append(f'  <Header {_attr("value", cs.description or name)} size="6"/>')
        rows.append(f'  <Choices {_attr("name", name)} toName="ko" showInline="true"'
                    f' choice="{"multiple" if cs.multiple else "single-radio"}">')
        rows += [f'    <Choice {_attr("value", v)}/>' for v in cs.values]
        rows.append("  </Choices>")
    return "\n".join(rows)


def label_config(schema: Schema) -> str:
    """The labeling config XML for ``schema``."""
    return "\n".join([
        "<View>",
        '<View style="display: flex; gap: 1em;">',
        _pane(schema, "ko"),
        _pane(schema, "en"),
        "</View>",
        _relations(schema),
        '  <Header value="Aligned sentences" size="6"/>',
        '  <HyperText name="alignment" value="$align_html" inline="true" selectionEnabled="false"/>',
        _choices(schema),
        '  <Header value="Notes" size="6"/>',
        f'  <TextArea name="{NOTES}" toName="ko" editable="true" maxSubmissions="1" rows="3"/>',
        "</View>",
    ]) + "\n"


def config_variables(config: str) -> set[str]:
    """The task data keys a labeling config reads (``value="$key"``)."""
    return set(_VAR.findall(config))


def config_labels(config: str) -> dict[str, set[str]]:
    """Values each control tag of ``config`` offers; relation labels under ``"relation"``."""
    out: dict[str, set[str]] = {"relation": set()}
    for tag in ET.fromstring(config).iter():
        if tag.tag in ("Labels", "Choices"):
            out[tag.get("name")] = {child.get("value") for child in tag if child.tag in ("Label", "Choice")}
        elif tag.tag == "Relation":
            out["relation"].add(tag.get("value"))
    return out


def used_labels(results: Iterable[dict[str, Any]]) -> Counter:
    """Count (control tag, label) pairs used in Label Studio result items."""
    used: Counter = Counter()
    for item in results:
        if item.get("type") == "relation":
            used.update(("relation", label) for label in item.get("labels") or [])
        elif item.get("type") in ("labels", "choices"):
            value = item.get("value", {})
            used.update((item["from_name"], v) for v in value.get("labels", value.get("choices", [])))
    return used


def missing_labels(config: str, used: Counter) -> dict[str, int]:
    """Labels in use that ``config`` no longer offers, as ``"tag:label" -> count``."""
    offered = config_labels(config)
    return {f"{tag}:{label}": n for (tag, label), n in sorted(used.items())
            if label not in offered.get(tag, set())}
