"""The Label Studio labeling config generated from a schema: Korean and English side by side.

Each side is a ``<Text>`` pane over the task text (the stored text, or the slice of it a
passage task holds), with two label groups: entity types and event triggers, each always
visible (no scrolling box) and with hotkeys that never clash across the two panes.
Relations carry cross-lingual links (``same_as`` first) and argument roles, most frequent
first.  A read-only ``<HyperText>`` pane shows the article as context: its aligned
sentence pairs, the rows of the current passage highlighted.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any, Iterable
from xml.sax.saxutils import quoteattr

from .schema import Schema

LANG_NAMES = {"ko": "Korean 한국어", "en": "English 영어"}
TEXT = {"ko": "text_ko", "en": "text_en"}
LABELS = {"ko": "ko_labels", "en": "en_labels"}      # entity types
TRIGGERS = {"ko": "ko_triggers", "en": "en_triggers"}  # event triggers
SPAN_CONTROLS = {name: lang for table in (LABELS, TRIGGERS) for lang, name in table.items()}
NOTES = "notes"
TRIGGER_COLOR = "#ff006e"
_VAR = re.compile(r'value="\$(\w+)"')
# Single keys for Korean entity types, the same with shift for English; digits for the most
# frequent triggers (shift+digit in English).  Label Studio's own keys (u, h with alt,
# r with alt, ctrl+...) and browser keys (alt+digit switches tabs) are avoided.
ENTITY_KEYS = "qwertyasdfgzxcvbnmijklop"
TRIGGER_KEYS = "1234567890"
# Argument roles by how often the project's hand annotation (sample + dev gold, 539 arguments)
# uses them; roles not listed follow in schema order.
ROLE_FREQUENCY = ("Time", "Place", "Entity", "Person", "Destination", "Agent", "Artifact", "Org", "Attacker",
                  "Money", "Giver", "Defendant", "Adjudicator", "Recipient", "Prosecutor", "Buyer", "Origin",
                  "Victim", "Price")
TRIGGER_FREQUENCY = ("Contact:Meet", "Movement:Transport", "Conflict:Attack", "Transaction:Transfer-Money",
                     "Transaction:Transfer-Ownership", "Personnel:Elect", "Personnel:Start-Position",
                     "Conflict:Demonstrate", "Personnel:End-Position", "Life:Injure")
GUIDE = """<h3>koen: bilingual labeling guide / 이중 언어 레이블링 안내</h3>
<ol>
<li><b>Entities / 개체</b>: pick a type (Korean keys <code>q w e r t ...</code>, English <code>shift</code> + the same key),
then drag over the words. 유형을 고른 뒤(한국어 <code>q w e r t ...</code>, 영어는 <code>shift</code>+같은 키) 단어를 드래그하세요.</li>
<li><b>Event triggers / 사건 트리거</b>: the word that names the event (<code>1</code>-<code>0</code>, English <code>shift</code>+digit).
사건을 나타내는 단어에 트리거 레이블을 붙이세요.</li>
<li><b>Links / 연결</b>: select a Korean region, press <code>alt+r</code>, click the English region with the same meaning; label it <code>same_as</code>.
한국어 영역을 고르고 <code>alt+r</code>을 누른 뒤 같은 뜻의 영어 영역을 클릭하고 <code>same_as</code>를 고르세요.</li>
<li><b>Arguments / 논항</b>: from a trigger, <code>alt+r</code> to an entity of the same sentence, then choose its role.
트리거에서 같은 문장의 개체로 관계를 만들고 역할을 고르세요.</li>
<li>Every relation needs a label: pull reports unlabeled ones. 모든 관계에는 레이블이 필요합니다.</li>
<li>Delete a region with <code>Backspace</code>: the trash button of the side panel leaves its label selected, and the next drag
would silently get it. 영역은 <code>Backspace</code>로 지우세요(휴지통 버튼은 레이블 선택을 남깁니다).</li>
</ol>
<p>A task is one passage: a few aligned sentence pairs. The whole article is below the text, the passage's rows highlighted.
과제는 정렬된 몇 문장씩이며, 기사 전체는 아래 표에 있습니다.</p>"""


def _attr(name: str, value: str) -> str:
    return f"{name}={quoteattr(value)}"


def entity_hotkey(lang: str, n: int) -> str | None:
    """The hotkey of the ``n``-th entity type on side ``lang`` (None past the key list)."""
    if n >= len(ENTITY_KEYS):
        return None
    return ENTITY_KEYS[n] if lang == "ko" else f"shift+{ENTITY_KEYS[n]}"


def trigger_order(schema: Schema) -> list[str]:
    """Event types, the most frequent first (they get the digit hotkeys), then schema order."""
    frequent = [t for t in TRIGGER_FREQUENCY if t in schema.event_types]
    return frequent + [t for t in schema.event_types if t not in frequent]


def relation_order(schema: Schema) -> list[str]:
    """Relation labels: link types first, then roles by frequency, then the other roles."""
    roles = [r for r in ROLE_FREQUENCY if r in schema.roles]
    return list(schema.link_types) + roles + [r for r in schema.roles if r not in roles]


def _label(value: str, color: str, hint: str, hotkey: str | None) -> str:
    key = f' {_attr("hotkey", hotkey)}' if hotkey else ""
    return f'      <Label {_attr("value", value)} {_attr("background", color)} {_attr("hint", hint)}{key}/>'


def _entity_labels(schema: Schema, lang: str) -> str:
    rows = [f'    <Labels name="{LABELS[lang]}" toName="{lang}" showInline="true">']
    for n, (name, ent) in enumerate(schema.entity_types.items()):
        rows.append(_label(name, ent.color or "#cccccc", ent.description, entity_hotkey(lang, n)))
    rows.append("    </Labels>")
    return "\n".join(rows)


def _trigger_labels(schema: Schema, lang: str) -> str:
    rows = [f'    <Labels name="{TRIGGERS[lang]}" toName="{lang}" showInline="true">']
    for n, name in enumerate(trigger_order(schema)):
        key = None if n >= len(TRIGGER_KEYS) else TRIGGER_KEYS[n] if lang == "ko" else f"shift+{TRIGGER_KEYS[n]}"
        desc = schema.event_types[name].description or name
        rows.append(_label(name, TRIGGER_COLOR, "event trigger " + desc, key))
    rows.append("    </Labels>")
    return "\n".join(rows)


# The texts of both sides share one line grid: the same font size and a line height in
# pixels, starting at the same height (headers and entity labels sit in a row above them).
# Label Studio 1.23.2 draws a relation's line 18 px above the higher of its two regions, with
# no stacking, so on a shared grid every arc and its label fall in a gap between two lines
# (or in the top padding), never on words of either side nor on a label palette.
# (Label Studio's own rules set the line height of a text, so STYLE overrides them.)
TEXT_STYLE = "white-space: pre-wrap; padding: 30px 0 8px 0;"


def _column(body: list[str]) -> str:
    return "\n".join(['  <View style="flex: 1; min-width: 0;">', *body, "  </View>"])


def _row(schema: Schema, part) -> str:
    """Korean and English side by side, columns of equal width."""
    return "\n".join(['<View style="display: flex; gap: 1.5em;">', part(schema, "ko"), part(schema, "en"), "</View>"])


def _head(schema: Schema, lang: str) -> str:
    """Language, headline and the entity labels of one side."""
    return _column([
        f'    <Header {_attr("value", LANG_NAMES[lang])} size="6"/>',
        f'    <Header value="$title_{lang}" size="5"/>',
        '    <View className="koen-entities">',
        _entity_labels(schema, lang),
        "    </View>",
    ])


def _text(schema: Schema, lang: str) -> str:
    """The text of one side, on the shared line grid."""
    return _column([
        f'    <View className="koen-text" style="{TEXT_STYLE}">',
        f'    <Text name="{lang}" value="${TEXT[lang]}" granularity="symbol" showLabels="true"/>',
        "    </View>",
    ])


def _triggers(schema: Schema, lang: str) -> str:
    """The event trigger labels of one side, below its (short) passage text."""
    return _column([
        '    <View className="koen-triggers">',
        '    <Header value="Event triggers / 사건" size="6"/>',
        _trigger_labels(schema, lang),
        "    </View>",
    ])


# Relation labels small and half-transparent, so the text near them stays readable.  No child
# combinator: Label Studio escapes ">" inside <Style>.
STYLE = """  <Style>
    .koen-entities .lsf-label, .koen-triggers .lsf-label { margin: 2px 3px; padding: 0 5px; }
    .koen-triggers .lsf-label { font-size: 11px; }
    .koen-text .lsf-richtext, .koen-text .lsf-richtext * { font-size: 17px !important; line-height: 58px !important; }
    .relations-overlay g g text { font-size: 10px !important; }
    .relations-overlay g g { opacity: 0.6; }
    .relations-overlay path { opacity: 0.4; }
  </Style>"""


def _relations(schema: Schema) -> str:
    rows = ['  <Relations>']
    rows += [f'    <Relation {_attr("value", r)}/>' for r in relation_order(schema)]
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
        STYLE,
        _row(schema, _head),
        _row(schema, _text),
        _row(schema, _triggers),
        _relations(schema),
        _choices(schema),
        '  <Header value="Notes" size="6"/>',
        f'  <TextArea name="{NOTES}" toName="ko" editable="true" maxSubmissions="1" rows="2"/>',
        '  <Header value="Article (this passage highlighted) / 기사 전체" size="6"/>',
        '  <HyperText name="alignment" value="$align_html" inline="true" selectionEnabled="false"/>',
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


def config_hotkeys(config: str) -> list[str]:
    """Every hotkey the labels of ``config`` declare (for the clash check)."""
    return [tag.get("hotkey") for tag in ET.fromstring(config).iter("Label") if tag.get("hotkey")]


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
