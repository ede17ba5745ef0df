"""Report figures as base64 PNG strings (matplotlib's Agg canvas, no pyplot state)."""
from __future__ import annotations

import base64
import io
from collections import Counter
from typing import Any, Sequence

from ..errors import DependencyError

COLORS = {"ko": "#2a9d8f", "en": "#e76f51", "low": "#e63946", "ok": "#457b9d", "confident": "#457b9d", "low confidence": "#e63946", "articles": "#457b9d", "exact": "#264653",
          "overlap": "#e9c46a"}


def _figure(width: float = 5.3, height: float = 3.0) -> Any:
    """A new Agg figure; a clear error when matplotlib is missing."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise DependencyError("koen report needs matplotlib: pip install matplotlib") from exc
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _empty(ax: Any, what: str) -> None:
    ax.text(0.5, 0.5, f"no {what} yet", ha="center", va="center", transform=ax.transAxes, color="#888")
    ax.set_xticks([])
    ax.set_yticks([])


def _integers(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def bar_chart(counts: dict[str, int], *, title: str, ylabel: str = "count") -> str:
    """One bar per key, labelled with its count."""
    fig = _figure()
    ax = fig.subplots()
    if not counts:
        _empty(ax, title.lower())
    else:
        bars = ax.bar(list(counts), list(counts.values()), color=COLORS["ok"])
        ax.bar_label(bars)
        ax.set_ylabel(ylabel)
        _integers(ax.yaxis)
    ax.set_title(title)
    return _png(fig)


def grouped_bars(rows: Sequence[str], series: dict[str, Sequence[float]], *, title: str,
                 xlabel: str = "count") -> str:
    """Horizontal bars per row, one per series (e.g. Korean and English)."""
    fig = _figure(height=max(2.4, 0.32 * len(rows) * max(1, len(series)) ** 0.5 + 1.2))
    ax = fig.subplots()
    if not rows:
        _empty(ax, title.lower())
    else:
        h = 0.8 / len(series)
        for i, (name, values) in enumerate(series.items()):
            ys = [r + i * h for r in range(len(rows))]
            ax.barh(ys, list(values), height=h, label=name, color=COLORS.get(name))
        ax.set_yticks([r + h * (len(series) - 1) / 2 for r in range(len(rows))], list(rows))
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.legend(loc="lower right", fontsize="small", framealpha=0.9)
        if xlabel == "count":
            _integers(ax.xaxis)
        elif xlabel == "F1":
            ax.set_xlim(0, 1.0)
    ax.set_title(title)
    return _png(fig)


def score_histogram(series: dict[str, Counter], *, title: str, step: float = 0.05,
                    floor: float | None = None, xlabel: str = "score") -> str:
    """Stacked histogram of binned scores, one layer per named series (e.g. confident / low)."""
    fig = _figure()
    ax = fig.subplots()
    keys = [k for c in series.values() for k in c]
    if not keys:
        _empty(ax, "scores")
    else:
        lo, hi = min(0.0, *keys), max(1.0, *keys)
        edges = [lo + i * step for i in range(int(round((hi - lo) / step)) + 2)]
        names = [n for n, c in series.items() if c]
        ax.hist([list(series[n]) for n in names], bins=edges, weights=[list(series[n].values()) for n in names],
                stacked=True, color=[COLORS.get(n, "#888888") for n in names], label=names)
        if floor is not None:
            ax.axvline(floor, color="#333", linestyle="--", linewidth=1, label=f"threshold {floor:g}")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("count")
        _integers(ax.yaxis)
        ax.legend()
    ax.set_title(title)
    return _png(fig)
