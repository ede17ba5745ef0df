"""News pages to article text and metadata with trafilatura (``favor_precision``).

trafilatura drops menus, related-article lists, comments and share bars, keeps one
line per paragraph, and reads the title, date, author, canonical URL and site name.
Captions and bylines inside the body are left for the outlet boilerplate rules.
trafilatura is imported on first use, never at import time.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class Page:
    """What one page gives: title, body (one line per paragraph) and metadata."""

    title: str = ""
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first bytes, if any."""
    m = _CHARSET.search(head[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def extract_page(html: str, *, url: str | None = None) -> Page:
    """Extract one page; an empty :class:`Page` when trafilatura finds no body."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, favor_precision=True, with_metadata=True,
                                      include_comments=False, include_tables=False,
                                      include_images=False, deduplicate=False)
    if doc is None or not (doc.text or "").strip():
        return Page(title=(getattr(doc, "title", None) or "").strip() if doc else "")
    title = " ".join((doc.title or "").split())
    lines = [" ".join(line.split()) for line in doc.text.split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the <h1> as the first line
    return Page(title=title, text="\n".join(lines), meta=_metadata(doc))


def _metadata(doc: Any) -> dict[str, Any]:
    """Date, author(s), canonical URL and site name, where the page states them."""
    meta: dict[str, Any] = {}
    for key, attr in (("published", "date"), ("url", "url"), ("site", "sitename")):
        value = getattr(doc, attr, None)
        if value:
            meta[key] = str(value).strip()
    authors = [a.strip() for a in re.split(r";|\|", getattr(doc, "author", None) or "") if a.strip()]
    if authors:
        meta["authors"] = authors
    return meta
