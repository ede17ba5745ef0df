"""Driving the real Label Studio UI with Playwright and Debian's chromium (helpers for test_browser.py)."""
from __future__ import annotations

import time

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# The screen rectangle of ``word`` in the idx-th text pane (0 Korean, 1 English), across text nodes.
_FIND = """([idx, word]) => {
  const root = document.querySelectorAll('.lsf-richtext')[idx];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let full = '', node;
  while ((node = walker.nextNode())) { nodes.push([node, full.length]); full += node.textContent; }
  const at = full.indexOf(word);
  if (at < 0) return null;
  const locate = (pos) => { for (const [n, off] of nodes) if (pos >= off && pos <= off + n.textContent.length) return [n, pos - off]; };
  const r = document.createRange();
  const [sn, so] = locate(at); const [en, eo] = locate(at + word.length);
  r.setStart(sn, so); r.setEnd(en, eo);
  const rects = Array.from(r.getClientRects()).filter(b => b.width > 0);
  return [rects[0].left, rects[0].top, rects[rects.length - 1].right, rects[0].bottom, rects.length];
}"""


# Relation label chips drawn over a glyph of either text or over a label of a palette.
_COVERED = """() => {
  const glyphs = [];
  for (const root of document.querySelectorAll('.koen-text .lsf-richtext')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let node;
    while ((node = walker.nextNode())) for (let i = 0; i < node.textContent.length; i++) {
      if (!node.textContent[i].trim()) continue;
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      glyphs.push(...r.getClientRects()); } }
  const chips = Array.from(document.querySelectorAll('.koen-entities .lsf-label, .koen-triggers .lsf-label'))
    .map(e => e.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const out = {labels: 0, on_text: 0, on_palette: 0};
  for (const el of document.querySelectorAll("svg.relations-overlay > g[visibility='visible'] g rect")) {
    const r = el.getBoundingClientRect(); if (r.width < 1) continue; out.labels++;
    if (glyphs.some(g => hit(r, g))) out.on_text++;
    if (chips.some(c => hit(r, c))) out.on_palette++; }
  return out;
}"""


def covered(page) -> dict[str, int]:
    """Relation labels drawn, and how many of them cover text or a label palette."""
    return page.evaluate(_COVERED)


def login(page, url: str, email: str, password: str) -> None:
    page.goto(f"{url}/user/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def open_task(page, url: str, project_id: int, task_id: int) -> float:
    """Open a task in the labeling view; seconds until its text and predictions are drawn."""
    start = time.monotonic()
    page.goto(f"{url}/projects/{project_id}/data?task={task_id}")
    page.wait_for_selector(".lsf-richtext")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    return time.monotonic() - start


def arrows(page) -> int:
    """Relation arrows drawn over the texts."""
    return page.locator("svg.relations-overlay > g[visibility='visible']").count()


def word_box(page, pane: int, word: str) -> tuple[float, float, float, float]:
    box = page.evaluate(_FIND, [pane, word])
    assert box is not None, f"{word!r} not shown in pane {pane}"
    assert box[4] == 1, f"{word!r} wraps over two lines"
    return box[:4]


def drag(page, pane: int, word: str) -> None:
    """Select ``word`` with a mouse drag, as an annotator does."""
    left, top, right, bottom = word_box(page, pane, word)
    y = (top + bottom) / 2
    page.mouse.move(left + 1, y)
    page.mouse.down()
    page.mouse.move((left + right) / 2, y, steps=4)
    page.mouse.move(right - 1, y, steps=4)
    page.mouse.up()
    page.wait_for_timeout(300)


def click_word(page, pane: int, word: str) -> None:
    left, top, right, bottom = word_box(page, pane, word)
    page.mouse.click((left + right) / 2, (top + bottom) / 2)
    page.wait_for_timeout(300)


def label_relation(page, n: int, label: str) -> None:
    """Give the n-th relation of the Relations panel its label (hover, labels, pick)."""
    item = page.locator(".lsf-relations__item").nth(n)
    item.hover()
    item.get_by_label("Show Relation Labels").click()
    item.locator(".lsf-relation-meta button").click()
    page.locator(f'[data-testid="select-option-{label}"]').click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
