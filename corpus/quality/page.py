"""Small HTML builders for the report: escaped tables, embedded figures, sections."""
from __future__ import annotations

from html import escape
from typing import Any, Iterable, Sequence

CSS = """
body { font-family: system-ui, -apple-system, "Noto Sans KR", sans-serif; margin: 2rem auto; max-width: 1160px;
       color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; margin-top: 2.2rem; }
.row { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #666; font-size: 0.85rem; }
"""


def cell(value: Any) -> str:
    """A table cell: numbers right-aligned, None as a dash, everything escaped."""
    if value is None:
        return '<td class="num">–</td>'
    if isinstance(value, float):
        return f'<td class="num">{value:.3f}</td>'
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    return f"<td>{escape(str(value))}</td>"


def table(tid: str, caption: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A captioned table with an id the tests look up."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return (f'<table id="{escape(tid)}"><caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table>")


def figure(fid: str, png_b64: str, caption: str) -> str:
    """An embedded PNG figure with a caption."""
    return (f'<figure id="{escape(fid)}"><img alt="{escape(caption)}" src="data:image/png;base64,{png_b64}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def section(sid: str, title: str, *parts: str, note: str = "") -> str:
    extra = f'<p class="note">{escape(note)}</p>' if note else ""
    return f'<section id="{escape(sid)}"><h2>{escape(title)}</h2>{extra}<div class="row">{"".join(parts)}</div></section>'


def document(title: str, subtitle: str, sections: Sequence[str]) -> str:
    """The whole self-contained page."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head>\n<body><h1>{escape(title)}</h1><p class=\"note\">{escape(subtitle)}</p>\n"
            + "\n".join(sections) + "\n</body></html>\n")
