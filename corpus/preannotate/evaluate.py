"""Score model annotations against text-anchored gold: entity P/R/F1, link P/R, trigger recall."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from ..anchors import read_records, resolve
from ..model import Annotation, Article

ENTITY_LABELS = {"PS", "OG", "GPE", "LC", "FAC", "NORP", "DT", "TI", "QT", "MONEY"}


def _key(span) -> tuple:
    return (span.lang, span.start, span.end, span.label)


def score_pair(pred: Annotation, gold: Annotation, counts: Counter) -> None:
    """Add one article's true/false positives to ``counts``."""
    g_ent = {_key(s) for s in gold.spans if s.label in ENTITY_LABELS}
    p_ent = {_key(s) for s in pred.spans if s.label in ENTITY_LABELS}
    for lang, label in {(k[0], k[3]) for k in g_ent | p_ent}:
        g = {k for k in g_ent if k[0] == lang and k[3] == label}
        p = {k for k in p_ent if k[0] == lang and k[3] == label}
        counts[(lang, label, "tp")] += len(g & p)
        counts[(lang, label, "fp")] += len(p - g)
        counts[(lang, label, "fn")] += len(g - p)
    gs, ps = gold.span_by_id(), pred.span_by_id()
    g_links = {(gs[l.ko].start, gs[l.ko].end, gs[l.en].start, gs[l.en].end) for l in gold.links}
    p_links = {(ps[l.ko].start, ps[l.ko].end, ps[l.en].start, ps[l.en].end) for l in pred.links}
    counts["link_tp"] += len(g_links & p_links)
    counts["link_fp"] += len(p_links - g_links)
    counts["link_fn"] += len(g_links - p_links)
    g_trig = {(gs[e.trigger].lang, gs[e.trigger].start, gs[e.trigger].end) for e in gold.events}
    p_trig = {(ps[e.trigger].lang, ps[e.trigger].start, ps[e.trigger].end) for e in pred.events}
    g_args = {(*_where(gs[e.trigger]), a.role, *_where(gs[a.span])) for e in gold.events for a in e.arguments}
    p_args = {(*_where(ps[e.trigger]), a.role, *_where(ps[a.span])) for e in pred.events for a in e.arguments}
    counts["arg_tp"] += len(g_args & p_args)
    counts["arg_fp"] += len(p_args - g_args)
    counts["arg_fn"] += len(g_args - p_args)
    counts["trig_tp"] += len(g_trig & p_trig)
    counts["trig_gold"] += len(g_trig)
    counts["trig_pred"] += len(p_trig)


def _where(span) -> tuple:
    return span.lang, span.start, span.end


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def evaluate(arts: Iterable[Article], preds: Iterable[Annotation], gold_path: Path) -> dict:
    """P/R/F1 per language and type, link P/R, trigger recall over articles in gold order."""
    counts: Counter = Counter()
    for (n, rec), art, pred in zip(read_records(gold_path), arts, preds):
        if rec.get("id") and rec["id"] != art.id:
            raise ValueError(f"{gold_path}:{n}: gold id {rec['id']!r} != article {art.id!r}")
        score_pair(pred, resolve(rec, art, where=f"{gold_path}:{n}"), counts)
    out: dict = {"types": {}}
    for lang in ("ko", "en"):
        tot = Counter()
        for label in sorted(ENTITY_LABELS):
            c = [counts[(lang, label, k)] for k in ("tp", "fp", "fn")]
            if sum(c):
                out["types"][(lang, label)] = (*prf(*c), c[0] + c[2])
                tot.update(dict(zip(("tp", "fp", "fn"), c)))
        out[lang] = prf(tot["tp"], tot["fp"], tot["fn"])
    out["links"] = prf(counts["link_tp"], counts["link_fp"], counts["link_fn"])
    out["arguments"] = prf(counts["arg_tp"], counts["arg_fp"], counts["arg_fn"])
    out["trigger_recall"] = counts["trig_tp"] / counts["trig_gold"] if counts["trig_gold"] else 0.0
    out["trigger_precision"] = counts["trig_tp"] / counts["trig_pred"] if counts["trig_pred"] else 0.0
    return out


def _side(rec: dict, lang: str) -> dict:
    return {"entities": [e for e in rec.get("entities", []) if e["lang"] == lang],
            "events": [e for e in rec.get("events", []) if e["lang"] == lang], "links": []}


def evaluate_projection(arts: list[Article], predictor, gold_path: Path) -> dict:
    """Projection from one gold side (span P/R/F1 on the other), and links proposed between gold spans."""
    from .project import project

    counts: Counter = Counter()
    for (n, rec), art in zip(read_records(gold_path), arts):
        gold = resolve(rec, art, where=f"{gold_path}:{n}")
        for src, dst in (("ko", "en"), ("en", "ko")):
            ann = project(art, resolve(_side(rec, src), art), predictor)
            want = {_key(s) for s in gold.spans if s.lang == dst}
            got = {_key(s) for s in ann.spans if s.lang == dst}
            counts[(dst, "tp")] += len(want & got)
            counts[(dst, "fp")] += len(got - want)
            counts[(dst, "fn")] += len(want - got)
        ann = project(art, resolve({**rec, "links": []}, art), predictor)
        want, got = {(l.ko, l.en) for l in gold.links}, {(l.ko, l.en) for l in ann.links}
        counts["link_tp"] += len(want & got)
        counts["link_fp"] += len(got - want)
        counts["link_fn"] += len(want - got)
    return {"ko->en": prf(counts[("en", "tp")], counts[("en", "fp")], counts[("en", "fn")]),
            "en->ko": prf(counts[("ko", "tp")], counts[("ko", "fp")], counts[("ko", "fn")]),
            "links": prf(counts["link_tp"], counts["link_fp"], counts["link_fn"])}
