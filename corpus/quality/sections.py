"""The report's sections, each built from the accumulated counts (figures and tables)."""
from __future__ import annotations

from typing import Any

from ..model import LANGS
from . import plots
from .census import Census
from .model_track import ModelTrack
from .page import figure, section, table
from .problems import Problems


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def overview(c: Census) -> str:
    rows = [("articles", c.articles), ("Korean sentences", c.sentences["ko"]),
            ("English sentences", c.sentences["en"]), ("alignment links", c.links),
            ("low-confidence links", c.low_links), ("low-confidence share", _share(c.low_links, c.scored_links)),
            ("articles without alignment", c.unaligned), ("articles with model pre-annotations", c.predicted)]
    return section("overview", "Corpus", table("tbl-overview", "Overview", ("measure", "value"), rows))


def alignment(c: Census, floor: float) -> str:
    kinds = dict(sorted(c.link_kinds.items(), key=lambda kv: -kv[1]))
    share = _share(c.low_links, c.scored_links)
    shown = "–" if share is None else f"{share:.1%}"
    link_fig = figure("fig-link-types", plots.bar_chart(kinds, title="Alignment links by type"),
                      "Links by type (Korean-English sentence counts; 1-0 / 0-1 are omissions).")
    score_fig = figure("fig-link-scores", plots.score_histogram(
        {"confident": c.scores[False], "low confidence": c.scores[True]}, title=f"Link scores ({shown} low confidence)"),
        f"Scores of links with both sides; low-confidence share {shown} of {c.scored_links}.")
    quality_fig = figure("fig-article-quality", plots.score_histogram(
        {"articles": c.quality}, title="Article alignment quality", floor=floor, xlabel="quality"),
        f"Article-level alignment quality; below {floor:g} the article is listed as a problem.")
    kinds_table = table("tbl-link-types", "Links by type", ("type", "links", "share"),
                        [(k, n, _share(n, c.links)) for k, n in kinds.items()])
    return section("alignment", "Sentence alignment", link_fig, kinds_table, score_fig, quality_fig)


def _by_lang(counts: dict[tuple[str, str], int]) -> tuple[list[str], dict[str, list[int]]]:
    labels = sorted({t for _, t in counts}, key=lambda t: (-sum(counts.get((l, t), 0) for l in LANGS), t))
    return labels, {lang: [counts.get((lang, t), 0) for t in labels] for lang in LANGS}


def annotations(c: Census) -> str:
    parts = []
    for key, what, counts in (("entities", "Entities", c.entities), ("events", "Events", c.events)):
        labels, series = _by_lang(counts)
        parts.append(figure(f"fig-{key}", plots.grouped_bars(labels, series, title=f"{what} by label and language"),
                            f"{what} in the selected human annotation of each article."))
        rows = [(t, series["ko"][i], series["en"][i]) for i, t in enumerate(labels)]
        parts.append(table(f"tbl-{key}", f"{what} by label", ("label", "ko", "en"), rows))
    return section("annotations", "Entities and events", *parts,
                   note=f"One human annotation per article (adjudicated or ground truth first); "
                        f"{c.cross_links} cross-lingual links.")


def progress(c: Census) -> str:
    counts = {"no annotator": c.progress["0"], "1 annotator": c.progress["1"], "2+ annotators": c.progress["2+"],
              "adjudicated": c.finals}
    fig = figure("fig-progress", plots.bar_chart(counts, title="Annotation progress", ylabel="articles"),
                 "Articles by number of human annotators; adjudicated = with a final (ground-truth) annotation.")
    return section("progress", "Annotation progress", fig,
                   table("tbl-progress", "Articles by annotators", ("state", "articles"), counts.items()))


def _f1(m: dict[str, Any]) -> float | None:
    return m["f1"]


def agreement(r: dict[str, Any]) -> str:
    spans = [(lang, label, _f1(m["exact"]), _f1(m["overlap"]), m["exact"]["n_a"] + m["exact"]["n_b"])
             for lang in LANGS for label, m in r["spans"]["by_label"][lang].items()]
    spans += [(lang, "all", _f1(r["spans"]["by_lang"][lang]["exact"]), _f1(r["spans"]["by_lang"][lang]["overlap"]),
               r["spans"]["by_lang"][lang]["exact"]["n_a"] + r["spans"]["by_lang"][lang]["exact"]["n_b"]) for lang in LANGS]
    rows = [f"{lang}:{label}" for lang, label, *_ in spans]
    fig = figure("fig-agreement", plots.grouped_bars(rows, {"exact": [s[2] or 0.0 for s in spans],
                                                          "overlap": [s[3] or 0.0 for s in spans]},
                                                     title="Span agreement (F1)", xlabel="F1"),
                 "Pairwise span F1 per language and label, micro-averaged over annotator pairs.")
    chars = [(lang, "Krippendorff's alpha", r["characters"][lang]["alpha"]) for lang in LANGS]
    chars += [(lang, f"Cohen's kappa {p}", k) for lang in LANGS for p, k in r["characters"][lang]["kappa"].items()]
    events = [(m.replace("_", " "), *(_f1(v[l]) for l in LANGS)) for m, v in r["events"].items()]
    events.append(("cross-lingual links", _f1(r["links"]["all"]), None))
    pairs = [(p, *(_f1(m[k]) if k in m else None for k in ("exact", "overlap", "trigger_type", "links")))
             for p, m in r["pairs"].items()]
    people = [(n, p["articles"], p["spans"], p["events"], p["links"], p["seconds"], p["seconds_per_article"])
              for n, p in r["annotators"].items()]
    return section(
        "agreement", "Inter-annotator agreement", fig,
        table("tbl-agreement-spans", "Span F1", ("lang", "label", "exact F1", "overlap F1", "spans (both sides)"), spans),
        table("tbl-agreement-chars", "Chance-corrected, on character labels", ("lang", "measure", "value"), chars),
        table("tbl-agreement-events", "Events and links (exact F1)", ("measure", "ko", "en"), events),
        table("tbl-agreement-pairs", "Per annotator pair (F1)", ("pair", "spans exact", "spans overlap",
                                                                   "triggers", "links"), pairs),
        table("tbl-annotators", "Annotators", ("annotator", "articles", "spans", "events", "links", "seconds",
                                               "s / article"), people),
        note=f"{r['articles_compared']} of {r['articles']} articles have two or more human annotators.")


def problems(p: Problems) -> str:
    kinds = table("tbl-problem-kinds", "Problems by kind", ("kind", "articles"), sorted(p.kinds.items()))
    rows = [(x.id, x.title, x.quality, "; ".join(x.reasons)) for x in p.rows]
    listed = table("tbl-problems", "Problem articles", ("id", "title", "alignment quality", "reasons"), rows)
    cut = f"Showing the first {len(p.rows)} of {p.total}." if p.total > len(p.rows) else f"{p.total} articles."
    return section("problems", "Problem articles", kinds, listed, note=cut)


def model_on_new_annotations(m: ModelTrack) -> str:
    """The pre-annotation model's entity F1 on annotated articles, batch by batch in annotation order."""
    rows = m.batches()
    fig = figure("fig-model-f1", plots.bar_chart({f"{i + 1}: {r[0]}": round(r[3] or 0.0, 3) for i, r in enumerate(rows)},
                                                 title="Model entity F1 on newly annotated articles", ylabel="F1"),
                 "Exact span-and-type F1 of the stored koen-pre prediction against the human annotation, "
                 "articles in the order they were annotated.")
    return section("model", "Pre-annotation model on new annotations", fig,
                   table("tbl-model-f1", "Model F1 by annotation batch", ("from", "model", "articles", "F1"), rows),
                   note=f"{len(m.rows)} annotated articles with a model prediction.")
