"""The annotator's view in a real browser: Debian chromium driven by Playwright against the real server.

Logs in, opens a passage task, marks a Korean and an English name by mouse drag (with the
hotkeys of each pane), links them, marks a trigger with one argument, submits, pulls with
``koen pull`` and checks the exact offsets.  It also counts the relation arrows drawn at
task open on the pre-annotated sample, and checks that no relation label covers a word of
either text or a label of a palette.  ``KOEN_SCREENSHOTS=DIR`` keeps the screenshots
(``docs/`` holds the ones made that way).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from annotation.client import Studio
from annotation.push import push
from annotation.units import MAX_RELATIONS
from browser import CHROMIUM, FLAGS, arrows, click_word, covered, drag, label_relation, login, open_task
from conftest import KOEN, make_article, write_articles
from corpus.align.stage import align_workdir
from corpus.ingest import ingest
from corpus.preannotate.stage import preannotate_workdir
from corpus.workdir import iter_articles

pytestmark = pytest.mark.studio
DATA = Path(__file__).parent / "data"
KO = "북한 외무성은 13일 성명을 발표했다.\n최선희 외무상이 라브로프와 만났다.\n김정은 위원장도 참석했다."
EN = "North Korea's Foreign Ministry issued a statement on the 13th.\nChoe Son-hui met Lavrov.\nKim Jong-un also attended."


@pytest.fixture(scope="module")
def browser_page(studio, tmp_path_factory):
    """A logged-in chromium page (Debian's chromium: Playwright's own download cannot work here)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium missing: scripts/test.sh installs it with apt-get"
    password = Path(studio.state["password_file"]).read_text().strip()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        login(page, studio.url, "admin@koen.local", password)
        yield page
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    out = Path(os.environ.get("KOEN_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _relations_in_predictions(studio: Studio, task_id: int) -> int:
    preds = studio.sdk.predictions.list(task=task_id)
    return max((sum(1 for r in p.result if r["type"] == "relation") for p in preds), default=0)


def test_sample_tasks_open_with_at_most_twelve_arrows(studio, browser_page, shots, tmp_path):
    wd = tmp_path / "wd"
    ingest(inputs=[DATA / "sample.jsonl"], workdir=wd)
    align_workdir(workdir=wd)
    preannotate_workdir(workdir=wd)
    stats = push(workdir=wd, project="browser sample", url=studio.url, token=studio.token)
    assert stats.max_relations_drawn <= MAX_RELATIONS
    client = Studio(studio.url, studio.token)
    pid = client.find_project("browser sample").id
    index = client.task_index(pid)
    counts = {t.task_id: _relations_in_predictions(client, t.task_id) for t in index.values()}
    busiest = sorted(counts, key=lambda t: (-counts[t], t))[:3]
    for n, task_id in enumerate(busiest):
        seconds = open_task(browser_page, studio.url, pid, task_id)
        drawn = arrows(browser_page)
        assert drawn == counts[task_id] <= MAX_RELATIONS, (task_id, drawn, counts[task_id])
        assert seconds < 30
        labels = covered(browser_page)   # every word and every label stays readable at open
        assert labels == {"labels": drawn, "on_text": 0, "on_palette": 0}, (task_id, labels)
        if n == 0:
            browser_page.screenshot(path=str(shots / "label_studio.png"))
    texts = browser_page.locator(".lsf-richtext").all_inner_texts()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in texts[0]) and any(ch.isascii() and ch.isalpha() for ch in texts[1])


def test_annotator_marks_links_and_submits_then_pull_has_exact_offsets(studio, browser_page, shots, tmp_path):
    art = make_article(0, KO, EN)
    wd = write_articles(tmp_path, [art])
    push(workdir=wd, project="browser annotate", url=studio.url, token=studio.token)
    client = Studio(studio.url, studio.token)
    pid = client.find_project("browser annotate").id
    [task] = client.task_index(pid).values()
    page = browser_page
    open_task(page, studio.url, pid, task.task_id)
    assert arrows(page) == 0
    page.keyboard.press("q")          # a region deleted with Backspace leaves no label selected
    drag(page, 0, "김정은")
    page.keyboard.press("u")
    click_word(page, 0, "김정은")
    page.keyboard.press("Backspace")
    page.wait_for_timeout(300)
    assert page.locator(".lsf-label_selected").count() == 0
    drag(page, 0, "김정은")           # a drag with no label chosen makes no region
    assert page.locator(".htx-highlight").count() == 0
    page.keyboard.press("q")          # PS on the Korean pane
    drag(page, 0, "최선희")
    page.keyboard.press("u")
    page.keyboard.press("Shift+q")    # PS on the English pane
    drag(page, 1, "Choe Son-hui")
    page.keyboard.press("u")
    page.keyboard.press("1")          # Contact:Meet, the most frequent trigger
    drag(page, 0, "만났다")
    page.keyboard.press("u")
    click_word(page, 0, "최선희")      # link: region, alt+r, the other region
    page.keyboard.press("Alt+r")
    click_word(page, 1, "Choe Son-hui")
    click_word(page, 0, "만났다")      # argument: trigger, alt+r, entity
    page.keyboard.press("Alt+r")
    click_word(page, 0, "최선희")
    page.get_by_text("Relations", exact=True).first.click()
    label_relation(page, 0, "same_as")
    label_relation(page, 1, "Entity")
    assert arrows(page) == 2
    page.screenshot(path=str(shots / "label_studio_annotated.png"))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    out = subprocess.run([str(KOEN), "pull", str(wd), "-p", "browser annotate", "--url", studio.url,
                          "--token", studio.token], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr + out.stdout
    [ann] = next(iter_articles(wd)).annotations
    spans = {(s.lang, s.label, s.start, s.end) for s in ann.spans}
    ko_at, en_at, trig_at = KO.index("최선희"), EN.index("Choe Son-hui"), KO.index("만났다")
    assert spans == {("ko", "PS", ko_at, ko_at + 3), ("en", "PS", en_at, en_at + 12),
                     ("ko", "Contact:Meet", trig_at, trig_at + 3)}
    by_id = {s.id: s for s in ann.spans}
    [link] = ann.links
    assert (by_id[link.ko].text, by_id[link.en].text, link.type) == ("최선희", "Choe Son-hui", "same_as")
    [event] = ann.events
    assert [(a.role, by_id[a.span].text) for a in event.arguments] == [("Entity", "최선희")]
    assert json.loads(json.dumps(ann.meta))["ls_project"] == "browser annotate"
