"""The HTML report: it parses, and every figure and table is there and built from the data."""
from __future__ import annotations

import base64
import json
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from conftest import KOEN, write_articles
from corpus.model import Alignment, Annotation, Argument, Article, Event, Link, Sentence, Span
from corpus.quality.report import report

FIGURES = ("fig-link-types", "fig-link-scores", "fig-article-quality", "fig-entities", "fig-events",
           "fig-progress", "fig-agreement")
TABLES = ("tbl-overview", "tbl-link-types", "tbl-entities", "tbl-events", "tbl-progress", "tbl-agreement-spans",
          "tbl-agreement-chars", "tbl-agreement-events", "tbl-agreement-pairs", "tbl-annotators", "tbl-problem-kinds", "tbl-problems")


class Page(HTMLParser):
    """Collects tables (rows of cell texts) and figures (image sources) by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.figures: dict[str, str] = {}
        self.external: list[str] = []
        self._table = self._figure = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "figure":
            self._figure = a["id"]
        elif tag == "img":
            self.figures[self._figure] = a["src"]
        if a.get("src", "").startswith("http") or a.get("href", "").startswith("http") or tag in ("script", "link"):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def body(self, tid: str) -> dict[str, list[str]]:
        """Data rows of a table keyed by the first cell."""
        return {row[0]: row[1:] for row in self.tables[tid][1:]}


def _article(aid: str, ko: list[str], en: list[str], links: list[Link], quality: float, **kw) -> Article:
    def join(sents):
        text, spans = "", []
        for s in sents:
            text += " " if text else ""
            spans.append(Sentence(len(text), len(text) + len(s)))
            text += s
        return text, spans
    (tk, sk), (te, se) = join(ko), join(en)
    return Article(id=aid, text_ko=tk, text_en=te, title_ko=ko[0][:10], sentences_ko=sk, sentences_en=se,
                   alignment=Alignment(links, quality, "test"), **kw)


def _span(art: Article, sid: str, lang: str, word: str, label: str) -> Span:
    start = art.text(lang).index(word)
    return Span(sid, lang, start, start + len(word), label, word)


def build() -> list[Article]:
    a1 = _article("hani-001", ["정부는 17일 서울에서 대북 정책을 발표했다.", "통일부 장관이 브리핑을 했다.", "야당은 비판했다."],
                  ["The government announced its North Korea policy in Seoul on the 17th.",
                   "The unification minister gave a briefing.", "The opposition criticized it."],
                  [Link((0,), (0,), 0.92), Link((1,), (1,), 0.81), Link((2,), (2,), 0.77)], 0.83)
    s = lambda p: [_span(a1, f"{p}1", "ko", "서울", "GPE"), _span(a1, f"{p}2", "ko", "17일", "DT"),
                   _span(a1, f"{p}3", "en", "Seoul", "GPE"), _span(a1, f"{p}4", "ko", "발표했다", "Contact:Phone-Write")]
    a_sp, b_sp = s("a"), s("b")[:3] + [_span(a1, "b5", "ko", "통일부", "OG")]
    a1.annotations = [
        Annotation("kim@koen.local", spans=a_sp, lead_time=120.0,
                   events=[Event("ev1", "Contact:Phone-Write", "ko", "a4", [Argument("Time", "a2")])]),
        Annotation("lee@koen.local", spans=b_sp, lead_time=80.0)]
    a2 = _article("hani-002", ["북한이 탄도미사일을 발사했다.", "합참은 이를 규탄했다."],
                  ["Stocks rose on Tuesday.", "The won weakened.", "Exporters gained."],
                  [Link((0,), (0, 1), 0.31, low=True), Link((1,), (), 0.0), Link((), (2,), 0.0)], 0.12,
                  flags=["align_low_quality"])
    a2.annotations = [Annotation("kim@koen.local", spans=[_span(a2, "c1", "ko", "북한", "GPE")],
                                 choices={"problems": ["not_a_translation"]}, lead_time=15.0)]
    a3 = _article("hani-003", ["국회는 예산안을 통과시켰다."], ["The National Assembly passed the budget bill.",
                                                       "The vote was 180 to 90."],
                  [Link((0,), (0, 1), 0.71)], 0.64, flags=["length_ratio_low"])
    a4 = _article("hani-004", ["부산에서 태풍 피해가 이어졌다."], ["Typhoon damage continued in Busan."],
                  [Link((0,), (0,), 0.95)], 0.95)
    gold = [_span(a4, "g1", "ko", "부산", "GPE"), _span(a4, "g2", "en", "Busan", "GPE")]
    a4.annotations = [Annotation("adjudicated", spans=gold, ground_truth=True, meta={"adjudicated": True}),
                      Annotation("lee@koen.local", spans=gold[:1] + [_span(a4, "x", "ko", "태풍", "WEA"),
                                                                    _span(a4, "y", "en", "Typhoon", "WEA")])]
    return [a1, a2, a3, a4]


def _selected(art: Article) -> Annotation | None:
    """By construction: the ground truth, else the annotation with the most spans."""
    humans = [a for a in art.annotations if a.origin == "human"]
    gold = [a for a in humans if a.ground_truth]
    return gold[0] if gold else max(humans, key=lambda a: len(a.spans) + len(a.events), default=None)


def _render(tmp_path: Path, arts: list[Article], rejects: list[dict] | None = None) -> Page:
    wd = write_articles(tmp_path, arts)
    if rejects is not None:
        (wd / "pull_rejects.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rejects))
    report(workdir=wd, out=wd / "report.html")
    page = Page()
    page.feed((wd / "report.html").read_text(encoding="utf-8"))
    return page


def test_page_has_every_figure_and_table_built_from_the_data(tmp_path):
    arts = build()
    rejects = [{"koen_id": "hani-003", "task_id": 7, "annotator": "park@koen.local", "reasons": ["region r1: bad"]}]
    page = _render(tmp_path, arts, rejects)
    assert set(FIGURES) <= set(page.figures) and set(TABLES) <= set(page.tables) and not page.external
    for fid in FIGURES:
        assert base64.b64decode(page.figures[fid].removeprefix("data:image/png;base64,"))[:8] == b"\x89PNG\r\n\x1a\n"

    overview = page.body("tbl-overview")
    links = [l for a in arts for l in a.alignment.links]
    assert overview["articles"] == [str(len(arts))]
    assert overview["Korean sentences"] == [str(sum(len(a.sentences_ko) for a in arts))]
    assert overview["alignment links"] == [str(len(links))]
    both = [l for l in links if l.ko and l.en]
    assert overview["low-confidence share"] == [f"{sum(l.low for l in both) / len(both):.3f}"]
    kinds = Counter(l.kind for l in links)
    assert {k: int(v[0]) for k, v in page.body("tbl-link-types").items()} == dict(kinds)

    ents, evs = Counter(), Counter()
    for art in arts:
        chosen = _selected(art)
        if chosen:
            triggers = {e.trigger for e in chosen.events}
            ents.update((s.label, s.lang) for s in chosen.spans if s.id not in triggers)
            evs.update((e.type, e.lang) for e in chosen.events)
    got = {(label, lang): int(n) for label, row in page.body("tbl-entities").items()
           for lang, n in zip(("ko", "en"), row) if int(n)}
    assert got == dict(ents) and ents[("GPE", "ko")] == 3
    assert page.body("tbl-events") == {"Contact:Phone-Write": ["1", "0"]} and evs[("Contact:Phone-Write", "ko")] == 1

    assert page.body("tbl-progress") == {"no annotator": ["1"], "1 annotator": ["2"], "2+ annotators": ["1"],
                                         "adjudicated": ["1"]}
    people = page.body("tbl-annotators")
    assert people["kim@koen.local"][:3] == ["2", "4", "1"] and people["kim@koen.local"][4] == "135.000"
    spans = {(r[0], r[1]): r[2:] for r in page.tables["tbl-agreement-spans"][1:]}
    assert spans[("ko", "GPE")][:2] == ["1.000", "1.000"] and spans[("ko", "OG")][0] == "0.000"

    # hani-001 only: kim 3 entities (the trigger is an event), lee the same 3 + 통일부 -> 2*3/(3+4).
    assert page.body("tbl-agreement-pairs")["kim@koen.local | lee@koen.local"][:2] == [f"{6 / 7:.3f}"] * 2
    problems = page.body("tbl-problems")
    assert set(problems) == {"hani-002", "hani-003"}
    assert "not_a_translation by kim@koen.local" in problems["hani-002"][2]
    assert "alignment quality 0.12 < 0.5" in problems["hani-002"][2]
    assert "flag length_ratio_low" in problems["hani-003"][2] and "park@koen.local" in problems["hani-003"][2]
    assert page.body("tbl-problem-kinds") == {"flag align_low_quality": ["1"], "flag length_ratio_low": ["1"],
                                              "low alignment quality": ["1"], "not_a_translation": ["1"],
                                              "rejected annotation": ["1"]}


def test_figures_follow_the_data(tmp_path):
    first = _render(tmp_path / "a", build())
    again = _render(tmp_path / "b", build())
    arts = build()
    arts[3].alignment.links.append(Link((), (0,), 0.0))
    changed = _render(tmp_path / "c", arts)
    assert first.figures["fig-link-types"] == again.figures["fig-link-types"]
    assert first.figures["fig-link-types"] != changed.figures["fig-link-types"]
    assert first.figures["fig-entities"] == changed.figures["fig-entities"]


def test_empty_workdir_and_cli(tmp_path):
    page = _render(tmp_path / "empty", [])
    assert set(FIGURES) <= set(page.figures) and page.body("tbl-problems") == {}
    wd = write_articles(tmp_path / "w", build())
    out = subprocess.run([str(KOEN), "report", str(wd), "-o", str(tmp_path / "r.html")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "4 articles, 2 problem articles" in out.stdout and (tmp_path / "r.html").stat().st_size > 10_000
    bad = tmp_path / "bad"
    write_articles(bad, build())
    (bad / "pull_rejects.jsonl").write_text("{not json\n")
    out = subprocess.run([str(KOEN), "report", str(bad), "-o", str(tmp_path / "x.html")], capture_output=True, text=True)
    assert out.returncode == 2 and "pull_rejects.jsonl:1: not a pull reject record" in out.stderr.replace("\n", "")
